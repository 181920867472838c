import { afterEach, describe, expect, it } from 'vitest';
import { createStream } from '../../src/core/stream/create-stream.js';
import { collect } from '../helpers/stream-utils.js';
import { sleep, sseComment, sseEvent, sseHeaders, stall, startTestServer, write, type TestServer } from '../helpers/http-server.js';

let srv: TestServer | undefined;
afterEach(async () => {
  await srv?.close();
  srv = undefined;
});

describe('timeouts', () => {
  it('connectTimeoutMs: no response headers in time -> timeout-connect, retried, then given up', async () => {
    srv = await startTestServer((_req, res) => stall(res));
    const { error, events } = await collect(
      // 500 ms, not less: on a loaded machine a request may need a while to even reach the server, and
      // this test counts the requests the server saw.
      createStream({ url: srv.url }, { connectTimeoutMs: 500, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } }),
    );
    expect(error?.code).toBe('timeout-connect');
    expect(error?.retryable).toBe(true);
    expect(srv.requests).toHaveLength(2);
    expect(events.filter((e) => e.type === 'retry')).toHaveLength(1);
  });

  it('idleTimeoutMs: a stream that stops sending -> timeout-idle with the partial text', async () => {
    srv = await startTestServer(async (_req, res) => {
      sseHeaders(res);
      await write(res, sseEvent({ data: 'first' }));
      await stall(res);
    });
    const { error } = await collect(createStream({ url: srv.url, provider: 'raw' }, { idleTimeoutMs: 150, retry: false }));
    expect(error?.code).toBe('timeout-idle');
    expect(error?.partial?.text).toBe('first');
  });

  it('heartbeat comments count as activity for the idle timeout', async () => {
    srv = await startTestServer(async (_req, res) => {
      sseHeaders(res);
      await write(res, sseEvent({ data: 'a' }));
      // 30 x 50 ms of comments only: longer than the 1 s idle timeout in total. (The idle timeout is 20x
      // the heartbeat gap so that a busy machine freezing the process for a while cannot flake this.)
      for (let i = 0; i < 30; i++) {
        await sleep(50);
        await write(res, sseComment('keep-alive'));
      }
      res.end(sseEvent({ data: 'b' }) + sseEvent({ data: '[DONE]' }));
    });
    const { result, error } = await collect(createStream({ url: srv.url, provider: 'raw' }, { idleTimeoutMs: 1000, retry: false }));
    expect(error).toBeUndefined();
    expect(result?.text).toBe('ab');
  });

  it('totalTimeoutMs: a stream that keeps sending but never ends -> timeout-total, not retried', async () => {
    srv = await startTestServer(async (_req, res) => {
      sseHeaders(res);
      for (let i = 0; i < 1000 && !res.destroyed; i++) {
        await write(res, sseEvent({ data: String(i % 10) }));
        await sleep(10);
      }
      res.end();
    });
    const { error, types } = await collect(createStream({ url: srv.url, provider: 'raw' }, { totalTimeoutMs: 250, idleTimeoutMs: 5000 }));
    expect(error?.code).toBe('timeout-total');
    expect(error?.retryable).toBe(false);
    expect(error?.partial?.text.length).toBeGreaterThan(0);
    expect(srv.requests).toHaveLength(1);
    expect(types).not.toContain('retry');
  });

  it('each timeout keeps its own code when several are set', async () => {
    srv = await startTestServer(async (_req, res) => {
      sseHeaders(res);
      await stall(res);
    });
    const { error } = await collect(
      createStream({ url: srv.url }, { connectTimeoutMs: 5000, idleTimeoutMs: 100, totalTimeoutMs: 10_000, retry: false }),
    );
    expect(error?.code).toBe('timeout-idle');
  });
});
