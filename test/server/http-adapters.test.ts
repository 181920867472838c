import { EventEmitter } from 'node:events';
import { request as httpRequest, type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createStreamingContext } from '../../src/server/context/streaming-context.js';
import { sseResponse, ndjsonResponse } from '../../src/server/sse-response.js';
import { writeSSE, writeNDJSON, type WriteStreamResult } from '../../src/server/write-sse.js';
import { delay, listen, readSSE, waitFor, type TestServer } from './helpers.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('writeSSE (Node http)', () => {
  it('streams SSE messages, wire events, strings and context events with the SSE headers', async () => {
    const context = createStreamingContext({ executionId: 'w1', bufferSize: 10 });
    context.emit({ event_type: 'step_start', execution_id: 'w1', data: {} });
    context.close();
    server = await listen((_req, res) => {
      void writeSSE(res, async function* () {
        yield { id: '1', event: 'note', data: 'line1\nline2' };
        yield 'plain';
        yield { event_type: 'step_output', execution_id: 'w1', data: { output: 1 } };
      }, { retryMs: 2000 });
    });
    const response = await fetch(server.url);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    const { events, retry } = await readSSE(response);
    expect(retry).toBe(2000);
    expect(events.map((e) => [e.event, e.id, e.data])).toEqual([
      ['note', '1', 'line1\nline2'],
      [undefined, undefined, 'plain'],
      ['step_output', undefined, JSON.stringify({ event_type: 'step_output', execution_id: 'w1', data: { output: 1 } })],
    ]);

    await server.close();
    server = await listen((_req, res) => void writeSSE(res, { context }));
    const replay = await readSSE(await fetch(server.url));
    expect(replay.events.map((e) => [e.event, e.id])).toEqual([['step_start', 'w1:1']]);
  });

  it('sends heartbeat comments on an idle stream', async () => {
    server = await listen((_req, res) => {
      void writeSSE(res, async function* () {
        await delay(120);
        yield 'done';
      }, { heartbeatMs: 20 });
    });
    const { comments, events } = await readSSE(await fetch(server.url));
    expect(comments.filter((c) => c.trim() === 'heartbeat').length).toBeGreaterThanOrEqual(1);
    expect(events.map((e) => e.data)).toEqual(['done']);
  });

  it('a client disconnect aborts the source (signal and iterator return)', async () => {
    let signalAborted = false;
    let finallyRan = false;
    let produced = 0;
    let result: WriteStreamResult | undefined;
    server = await listen((_req, res) => {
      void writeSSE(res, (signal) =>
        (async function* () {
          signal.addEventListener('abort', () => (signalAborted = true));
          try {
            for (;;) {
              produced += 1;
              yield `tick ${produced}`;
              await delay(5);
            }
          } finally {
            finallyRan = true;
          }
        })(),
      ).then((r) => (result = r));
    });
    const controller = new AbortController();
    const response = await fetch(server.url, { signal: controller.signal });
    await readSSE(response, (_e, all) => all.length >= 3);
    controller.abort();
    await waitFor(() => finallyRan && result !== undefined, 10_000, 'source cleanup');
    expect(signalAborted).toBe(true);
    expect(result?.reason).toBe('disconnected');
    const after = produced;
    await delay(50);
    expect(produced).toBe(after);
  });

  it('honours backpressure: a write() returning false waits for drain', async () => {
    // A fake response: write() reports a full buffer until 'drain' is emitted.
    const writes: string[] = [];
    const fake = Object.assign(new EventEmitter(), {
      headersSent: false,
      destroyed: false,
      writableEnded: false,
      writableFinished: false,
      writableNeedDrain: false,
      writeHead() {
        fake.headersSent = true;
        return fake;
      },
      flushHeaders() {},
      write(chunk: string) {
        writes.push(chunk);
        return false;
      },
      end() {
        fake.writableEnded = true;
        fake.writableFinished = true;
      },
    });
    let pulled = 0;
    const done = writeSSE(fake as unknown as ServerResponse, (function* () {
      for (let i = 0; i < 3; i += 1) {
        pulled += 1;
        yield `m${i}`;
      }
    })(), { heartbeatMs: false });
    await delay(20);
    expect(pulled).toBe(1);
    expect(writes).toHaveLength(1);
    fake.emit('drain');
    await delay(20);
    expect(pulled).toBe(2);
    fake.emit('drain');
    await delay(5);
    fake.emit('drain');
    const result = await done;
    expect(result).toMatchObject({ reason: 'complete', items: 3 });
    expect(fake.writableEnded).toBe(true);
  });

  it('over a real socket, a client that stops reading stops the producer (bounded buffering)', async () => {
    let produced = 0;
    const big = 'x'.repeat(64 * 1024);
    server = await listen((_req, res) => {
      void writeSSE(res, async function* () {
        for (;;) {
          produced += 1;
          yield big;
          await Promise.resolve();
        }
      }, { heartbeatMs: false });
    });
    const url = new URL(server.url);
    const req = httpRequest({ host: url.hostname, port: url.port, path: '/' });
    const response = await new Promise<import('node:http').IncomingMessage>((resolve) => {
      req.on('response', resolve);
      req.end();
    });
    response.pause();
    await waitFor(() => produced > 1, 10_000, 'some production');
    // Wait until production has not grown for 200 ms: the socket buffers filled and writeSSE waits for drain.
    let last = -1;
    let since = Date.now();
    await waitFor(() => {
      if (produced !== last) {
        last = produced;
        since = Date.now();
      }
      return Date.now() - since > 200;
    }, 20_000, 'production to stall');
    const stalledAt = produced;
    expect(stalledAt).toBeLessThan(2000); // 128 MB would mean no backpressure at all
    await delay(100);
    expect(produced).toBe(stalledAt);
    response.destroy();
  });

  it('writeNDJSON writes one JSON line per item', async () => {
    server = await listen((_req, res) => void writeNDJSON(res, [{ event_type: 'step_start', execution_id: 'n1' }, 'text']));
    const response = await fetch(server.url);
    expect(response.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = (await response.text()).trimEnd().split('\n').map((l) => JSON.parse(l) as unknown);
    expect(lines).toEqual([{ event_type: 'step_start', execution_id: 'n1' }, 'text']);
  });
});

describe('sseResponse (Web Response)', () => {
  it('returns a streaming Response with SSE headers and extra headers', async () => {
    const response = sseResponse(
      (async function* () {
        yield { id: 'a:1', event: 'step_start', data: '{}' };
        yield { data: 'x' };
      })(),
      { headers: { 'Access-Control-Allow-Origin': '*' }, retryMs: 500 },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const text = await response.text();
    expect(text).toBe('retry: 500\n\nevent: step_start\nid: a:1\ndata: {}\n\ndata: x\n\n');
  });

  it('cancelling the body stops the source', async () => {
    let finallyRan = false;
    let signalAborted = false;
    const response = sseResponse((signal) =>
      (async function* () {
        signal.addEventListener('abort', () => (signalAborted = true));
        try {
          for (let i = 0; ; i += 1) {
            yield String(i);
            await delay(2);
          }
        } finally {
          finallyRan = true;
        }
      })(),
    );
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    await reader.read();
    await reader.cancel();
    await waitFor(() => finallyRan, 5000, 'generator finally');
    expect(signalAborted).toBe(true);
  });

  it('the request signal aborting stops a context subscription and closes the body', async () => {
    const context = createStreamingContext({ executionId: 'r1', bufferSize: 10 });
    const request = new AbortController();
    const response = sseResponse({ context }, { signal: request.signal });
    context.emit({ event_type: 'step_start', execution_id: 'r1' });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('id: r1:1');
    await waitFor(() => context.stats().subscribers === 1, 2000, 'subscriber');
    request.abort();
    await waitFor(() => context.stats().subscribers === 0, 5000, 'unsubscribe');
    const rest = await reader.read();
    expect(rest.done).toBe(true);
  });

  it('works as a real route handler over http (Web Response piped to Node)', async () => {
    const context = createStreamingContext({ executionId: 'r2', bufferSize: 10 });
    server = await listen((_req, res) => {
      const response = sseResponse({ context, lastEventId: 'r2:1' });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      Readable.fromWeb(response.body as import('node:stream/web').ReadableStream).pipe(res);
    });
    for (let i = 0; i < 3; i += 1) context.emit({ event_type: 'step_progress', execution_id: 'r2', data: { i } });
    setTimeout(() => context.close(), 50);
    const { events } = await readSSE(await fetch(server.url));
    expect(events.map((e) => e.id)).toEqual(['r2:2', 'r2:3']);
  });

  it('ndjsonResponse streams NDJSON', async () => {
    const response = ndjsonResponse([{ event_type: 'a' }, { data: '{"x":1}', id: '7' }]);
    expect(response.headers.get('content-type')).toContain('application/x-ndjson');
    expect(await response.text()).toBe('{"event_type":"a"}\n{"id":"7","data":{"x":1}}\n');
  });
});
