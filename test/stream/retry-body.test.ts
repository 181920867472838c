import { afterEach, describe, expect, it } from 'vitest';
import { createStream } from '../../src/core/stream/create-stream.js';
import { backoffDelay, normalizeRetry } from '../../src/core/stream/retry-policy.js';
import { StreamError } from '../../src/core/errors.js';
import { collect } from '../helpers/stream-utils.js';
import { cutAfter, replyStatus, sseEvent, sseHeaders, startTestServer, write, type TestServer } from '../helpers/http-server.js';

let srv: TestServer | undefined;
afterEach(async () => {
  await srv?.close();
  srv = undefined;
});

const fast = { retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 } } as const;

describe('retry rules for request bodies', () => {
  it('a POST is retried on 503 before any body byte, and sends the same JSON body each time', async () => {
    srv = await startTestServer((req, res) => {
      if (req.recorded.index === 0) return replyStatus(res, 503);
      sseHeaders(res);
      res.end(sseEvent({ data: 'ok' }) + sseEvent({ data: '[DONE]' }));
    });
    const body = { prompt: 'hi', n: 1 };
    const { result } = await collect(createStream({ url: srv.url, method: 'POST', body }, fast));
    expect(result?.text).toBe('ok');
    expect(srv.requests.map((r) => r.method)).toEqual(['POST', 'POST']);
    expect(srv.requests.map((r) => JSON.parse(r.body) as unknown)).toEqual([body, body]);
    expect(srv.requests[0]!.headers['content-type']).toBe('application/json');
  });

  it('a POST is NOT re-sent after body bytes were consumed (no events yet, no ids)', async () => {
    srv = await startTestServer(async (_req, res) => {
      sseHeaders(res);
      // A comment only: bytes consumed, nothing decoded, then the connection breaks.
      await cutAfter(res, ': warming up\n\n', 14);
    });
    const { error, types } = await collect(createStream({ url: srv.url, method: 'POST', body: { prompt: 'x' } }, fast));
    expect(error?.code).toBe('network');
    expect(srv.requests).toHaveLength(1);
    expect(types).not.toContain('retry');
  });

  it('a GET with nothing decoded yet may be retried after body bytes', async () => {
    srv = await startTestServer(async (req, res) => {
      sseHeaders(res);
      if (req.recorded.index === 0) return cutAfter(res, ': warming up\n\n', 14);
      res.end(sseEvent({ data: 'fine' }) + sseEvent({ data: '[DONE]' }));
    });
    const { result } = await collect(createStream({ url: srv.url }, fast));
    expect(result?.text).toBe('fine');
    expect(srv.requests).toHaveLength(2);
  });

  it('never restarts from scratch after a token was delivered (no ids): error with partial', async () => {
    srv = await startTestServer(async (_req, res) => {
      sseHeaders(res);
      await write(res, sseEvent({ data: 'part' }));
      await cutAfter(res, sseEvent({ data: 'more' }), 5);
    });
    const { error } = await collect(createStream({ url: srv.url }, fast));
    expect(error?.code).toBe('network');
    expect(error?.partial?.text).toBe('part');
    expect(srv.requests).toHaveLength(1);
  });

  it('a network error before headers (connection refused) is retried', async () => {
    // Reserve a port, then close it so the connection is refused.
    const tmp = await startTestServer((_req, res) => res.end());
    const url = tmp.url;
    await tmp.close();
    const { error, events } = await collect(createStream({ url }, fast));
    expect(error?.code).toBe('network');
    expect(events.filter((e) => e.type === 'retry')).toHaveLength(2);
  });
});

describe('invalid requests', () => {
  it('a relative URL outside a document is a protocol error, not retried', async () => {
    let calls = 0;
    const fetchSpy = (async () => {
      calls++;
      return new Response('');
    }) as typeof fetch;
    const { error, types } = await collect(createStream({ url: '/api/chat?key=SECRET8', fetch: fetchSpy }, fast));
    expect(error?.code).toBe('protocol');
    expect(error?.message).not.toContain('SECRET8');
    expect(calls).toBe(0);
    expect(types).not.toContain('retry');
  });

  it('a request with neither url nor source is a protocol error', async () => {
    const { error } = await collect(createStream({}, fast));
    expect(error?.code).toBe('protocol');
  });
});

describe('backoff', () => {
  it('grows exponentially, is capped, and jitter stays inside [0, cap]', () => {
    const policy = normalizeRetry({ baseDelayMs: 100, maxDelayMs: 1000, jitter: false });
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(policy, n))).toEqual([100, 200, 400, 800, 1000, 1000]);
    const jittered = normalizeRetry({ baseDelayMs: 100, maxDelayMs: 1000, jitter: true });
    expect(backoffDelay(jittered, 3, undefined, () => 0)).toBe(0);
    expect(backoffDelay(jittered, 3, undefined, () => 0.999)).toBeLessThanOrEqual(400);
    const half = normalizeRetry({ baseDelayMs: 100, maxDelayMs: 1000, jitter: 0.5 });
    expect(backoffDelay(half, 1, undefined, () => 0)).toBe(50);
  });

  it('Retry-After wins over the cap', () => {
    const policy = normalizeRetry({ baseDelayMs: 100, maxDelayMs: 1000 });
    const err = new StreamError('http', '429', { status: 429, retryable: true, retryAfterMs: 5000 });
    expect(backoffDelay(policy, 1, err)).toBe(5000);
  });
});
