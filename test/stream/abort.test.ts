import { afterEach, describe, expect, it } from 'vitest';
import { createStream } from '../../src/core/stream/create-stream.js';
import type { StreamEvent } from '../../src/core/types.js';
import { collect, tick, trackCoreTimers } from '../helpers/stream-utils.js';
import { replyStatus, sseEvent, sseHeaders, stall, startTestServer, write, type TestServer } from '../helpers/http-server.js';

let srv: TestServer | undefined;
let timers: ReturnType<typeof trackCoreTimers> | undefined;
afterEach(async () => {
  timers?.restore();
  timers = undefined;
  await srv?.close();
  srv = undefined;
});

describe('abort', () => {
  it('mid-stream: result rejects with code aborted, no error event, nothing after, no timer left, server sees the close', async () => {
    timers = trackCoreTimers();
    let wroteFirst!: () => void;
    const firstWritten = new Promise<void>((r) => (wroteFirst = r));
    srv = await startTestServer(async (_req, res) => {
      sseHeaders(res);
      await write(res, sseEvent({ data: 'partial' }));
      wroteFirst();
      await stall(res);
    });
    const run = createStream(
      { url: srv.url, provider: 'raw' },
      { idleTimeoutMs: 60_000, connectTimeoutMs: 60_000, totalTimeoutMs: 60_000, retry: { baseDelayMs: 1 } },
    );
    const events: StreamEvent[] = [];
    run.subscribe((e) => events.push(e));
    const iterated: string[] = [];
    const iterating = (async () => {
      for await (const e of run) iterated.push(e.type);
    })();
    await firstWritten;
    while (!events.some((e) => e.type === 'text')) await tick(5);
    expect(timers.pending().length).toBeGreaterThan(0); // idle + total timers are armed while streaming
    run.abort('user clicked stop');
    const err = await run.result.catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'aborted' });
    expect((err as { partial?: { text: string } }).partial?.text).toBe('partial');
    await iterating; // iterators end
    expect(iterated).toEqual(['start', 'text']);
    const countAtAbort = events.length;
    await tick(50);
    expect(events.length).toBe(countAtAbort);
    expect(events.map((e) => e.type)).not.toContain('error');
    expect(events.map((e) => e.type)).not.toContain('done');
    expect(timers.pending()).toEqual([]);
    await srv.requests[0]!.whenClosed;
    expect(srv.requests[0]!.closed).toBe(true);
  });

  it('during a retry backoff wait: no timer left behind and no further request', async () => {
    timers = trackCoreTimers();
    srv = await startTestServer((_req, res) => replyStatus(res, 503, { retryAfter: 30 }));
    const run = createStream({ url: srv.url });
    const { events } = { events: [] as StreamEvent[] };
    run.subscribe((e) => events.push(e));
    while (!events.some((e) => e.type === 'retry')) await tick(5);
    run.abort();
    await expect(run.result).rejects.toMatchObject({ code: 'aborted' });
    expect(timers.pending()).toEqual([]);
    await tick(30);
    expect(srv.requests).toHaveLength(1);
  });

  it('an AbortSignal in options aborts the run the same way', async () => {
    srv = await startTestServer(async (_req, res) => {
      sseHeaders(res);
      await stall(res);
    });
    const controller = new AbortController();
    const run = createStream({ url: srv.url }, { signal: controller.signal });
    await srv.waitForRequests(1);
    controller.abort();
    await expect(run.result).rejects.toMatchObject({ code: 'aborted' });
    await srv.requests[0]!.whenClosed;
  });

  it('an already aborted signal never sends a request', async () => {
    srv = await startTestServer((_req, res) => res.end());
    const controller = new AbortController();
    controller.abort();
    const { error, events } = await collect(createStream({ url: srv.url }, { signal: controller.signal }));
    expect(error?.code).toBe('aborted');
    expect(events).toEqual([]);
    await tick(20);
    expect(srv.requests).toHaveLength(0);
  });

  it('a finished run leaves no timer behind either', async () => {
    timers = trackCoreTimers();
    srv = await startTestServer((_req, res) => {
      sseHeaders(res);
      res.end(sseEvent({ data: 'x' }) + sseEvent({ data: '[DONE]' }));
    });
    const { result } = await collect(createStream({ url: srv.url }, { idleTimeoutMs: 60_000, totalTimeoutMs: 60_000, connectTimeoutMs: 60_000 }));
    expect(result?.text).toBe('x');
    expect(timers.pending()).toEqual([]);
  });

  it('abort after done is a no-op', async () => {
    srv = await startTestServer((_req, res) => {
      sseHeaders(res);
      res.end(sseEvent({ data: 'x' }) + sseEvent({ data: '[DONE]' }));
    });
    const run = createStream({ url: srv.url });
    const result = await run.result;
    run.abort();
    await expect(run.result).resolves.toBe(result);
  });
});

describe('abort from inside a listener', () => {
  it('stops at once, even in the middle of a chunk, and leaves no timer (json batching, idle, total)', async () => {
    timers = trackCoreTimers();
    srv = await startTestServer(async (_req, res) => {
      sseHeaders(res);
      // One write: every event arrives in the same chunk; then the stream stays open.
      await write(res, ['{"a":[1,', '2,', '3]}'].map((d) => sseEvent({ data: d })).join(''));
      await stall(res);
    });
    const run = createStream(
      { url: srv.url, provider: 'raw' },
      { json: true, batch: 60_000, idleTimeoutMs: 60_000, totalTimeoutMs: 60_000 },
    );
    const seen: string[] = [];
    run.subscribe((e) => {
      seen.push(e.type);
      if (e.type === 'text') run.abort();
    });
    await expect(run.result).rejects.toMatchObject({ code: 'aborted' });
    await tick(20);
    expect(seen).toEqual(['start', 'text']);
    expect(timers.pending()).toEqual([]);
  });

  it('abort before the run started sets no timer at all', async () => {
    timers = trackCoreTimers();
    srv = await startTestServer((_req, res) => res.end());
    const run = createStream({ url: srv.url }, { totalTimeoutMs: 60_000 });
    run.abort();
    await expect(run.result).rejects.toMatchObject({ code: 'aborted' });
    expect(timers.pending()).toEqual([]);
    expect(srv.requests).toHaveLength(0);
  });
});
