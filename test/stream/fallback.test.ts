import { afterEach, describe, expect, it } from 'vitest';
import { createStream } from '../../src/core/stream/create-stream.js';
import { collect } from '../helpers/stream-utils.js';
import { cutAfter, replyStatus, sseEvent, sseHeaders, startTestServer, write, type TestServer } from '../helpers/http-server.js';

let servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});
async function server(handler: Parameters<typeof startTestServer>[0]) {
  const s = await startTestServer(handler);
  servers.push(s);
  return s;
}
const ok = (text: string) => (_req: unknown, res: import('node:http').ServerResponse) => {
  sseHeaders(res);
  res.end(sseEvent({ data: text }) + sseEvent({ data: '[DONE]' }));
};
const fast = { retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } } as const;

describe('provider fallback', () => {
  it('moves to the next request after the first fails before its first token (after its own retries)', async () => {
    const a = await server((_req, res) => replyStatus(res, 503));
    const b = await server(ok('from B'));
    const { result, events } = await collect(createStream([{ url: a.url }, { url: b.url }], fast));
    expect(result?.text).toBe('from B');
    expect(a.requests).toHaveLength(2); // its own retries first
    expect(b.requests).toHaveLength(1);
    const starts = events.filter((e) => e.type === 'start');
    expect(starts.map((e) => e.type === 'start' && e.request.fallbackIndex)).toEqual([0, 1]);
    expect(starts[1]?.type === 'start' && starts[1].request.url).toBe(`${b.url}/`);
  });

  it('falls back on a provider error too (pipeline_error before any token)', async () => {
    const a = await server((_req, res) => {
      sseHeaders(res);
      res.end(
        sseEvent({
          event: 'pipeline_error',
          data: JSON.stringify({ event_type: 'pipeline_error', execution_id: 'x', timestamp: '2026-01-01T00:00:00Z', data: { error: 'overloaded' }, metadata: {} }),
        }),
      );
    });
    const b = await server(ok('B'));
    const { result } = await collect(createStream([{ url: a.url, provider: 'pipeline' }, { url: b.url, provider: 'raw' }], fast));
    expect(result?.text).toBe('B');
  });

  it('does not fall back on a non-retryable error (400)', async () => {
    const a = await server((_req, res) => replyStatus(res, 400));
    const b = await server(ok('B'));
    const { error } = await collect(createStream([{ url: a.url }, { url: b.url }], fast));
    expect(error?.status).toBe(400);
    expect(b.requests).toHaveLength(0);
  });

  it('never switches after a token was delivered', async () => {
    const a = await server(async (_req, res) => {
      sseHeaders(res);
      await write(res, sseEvent({ data: 'tok' }));
      await cutAfter(res, sseEvent({ data: 'more' }), 4);
    });
    const b = await server(ok('B'));
    const { error } = await collect(createStream([{ url: a.url }, { url: b.url }], fast));
    expect(error?.code).toBe('network');
    expect(error?.partial?.text).toBe('tok');
    expect(b.requests).toHaveLength(0);
  });

  it('reports the last error when every request fails', async () => {
    const a = await server((_req, res) => replyStatus(res, 503));
    const b = await server((_req, res) => replyStatus(res, 502));
    const { error, types } = await collect(createStream([{ url: a.url }, { url: b.url }], fast));
    expect(error?.status).toBe(502);
    expect(types.filter((t) => t === 'error')).toHaveLength(1);
  });
});
