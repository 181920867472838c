// The SSE subscriber's write path on the wire: events framed once as HTTP chunks and written
// straight to the socket must be byte-for-byte valid HTTP/1.1, bursts emitted in one tick must
// arrive whole and in order, and every case where a direct write would be wrong (a wrapped
// `res.write`, an HTTP/1.0 client) must go through `res.write()`.
import { connect } from 'node:net';
import { OutgoingMessage, type ServerResponse } from 'node:http';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createStreamingContext } from '../../src/server/context/streaming-context.js';
import type { StreamingContext } from '../../src/server/context/types.js';
import { sseSubscriber } from '../../src/server/subscribers/sse.js';
import { delay, listen, seededRandom, waitFor, type TestServer } from './helpers.js';

let server: TestServer | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await server?.close();
  server = undefined;
});

/** Sends a raw GET and collects every byte until the server closes the connection. */
function rawRequest(port: number, version: '1.0' | '1.1', path = '/stream'): { done: Promise<Buffer> } {
  const socket = connect(port, '127.0.0.1');
  const parts: Buffer[] = [];
  socket.on('connect', () => socket.write(`GET ${path} HTTP/${version}\r\nHost: 127.0.0.1\r\n\r\n`));
  const done = new Promise<Buffer>((resolve, reject) => {
    socket.on('data', (data: Buffer) => {
      parts.push(data);
      // SSE responses say `Connection: keep-alive`, so a chunked one is over at its last chunk.
      if (endsWithLastChunk(parts)) {
        socket.destroy();
        resolve(Buffer.concat(parts));
      }
    });
    socket.on('end', () => resolve(Buffer.concat(parts)));
    socket.on('error', reject);
  });
  return { done };
}

function endsWithLastChunk(parts: Buffer[]): boolean {
  const tail = Buffer.concat(parts.slice(-2));
  return tail.length >= 7 && tail.toString('latin1', tail.length - 7) === '\r\n0\r\n\r\n';
}

/** Independent strict de-chunker: every chunk size line must match its data, and the body must end with the last chunk. */
function dechunk(body: Buffer): { data: Buffer; chunks: number } {
  const out: Buffer[] = [];
  let at = 0;
  let chunks = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', at);
    if (lineEnd < 0) throw new Error(`chunk size line missing at byte ${at}`);
    const sizeText = body.toString('latin1', at, lineEnd);
    if (!/^[0-9a-f]+$/i.test(sizeText)) throw new Error(`bad chunk size ${JSON.stringify(sizeText)}`);
    const size = Number.parseInt(sizeText, 16);
    const start = lineEnd + 2;
    if (size === 0) {
      expect(body.toString('latin1', start)).toBe('\r\n');
      return { data: Buffer.concat(out), chunks };
    }
    expect(body.toString('latin1', start + size, start + size + 2)).toBe('\r\n');
    out.push(body.subarray(start, start + size));
    chunks += 1;
    at = start + size + 2;
  }
}

function splitResponse(raw: Buffer): { head: string; body: Buffer } {
  const end = raw.indexOf('\r\n\r\n');
  return { head: raw.toString('latin1', 0, end), body: raw.subarray(end + 4) };
}

function parseEvents(text: string): EventSourceMessage[] {
  const events: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (event) => events.push(event) });
  // Fed at seeded random boundaries, 1-byte splits included, so nothing depends on how it was cut.
  const random = seededRandom(7);
  for (let i = 0; i < text.length; ) {
    const n = random() < 0.2 ? 1 : 1 + Math.floor(random() * 64);
    parser.feed(text.slice(i, i + n));
    i += n;
  }
  return events;
}

async function serveContext(context: StreamingContext, wrap?: (res: ServerResponse) => void): Promise<TestServer> {
  server = await listen((req, res) => {
    if (req.url === '/prewritten' || req.url === '/prewritten-unflushed') {
      // The application sent the head itself (and maybe flushed it): events must still follow it.
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'X-App': 'yes' });
      if (req.url === '/prewritten') res.flushHeaders();
    }
    wrap?.(res);
    context.subscribe(sseSubscriber(res, { heartbeatMs: false, retryMs: 1500 }));
  });
  return server;
}

/** Emits `total` events: bursts of up to 7 in one tick (multi-byte text included), some single. */
async function emitSchedule(context: StreamingContext, total: number): Promise<void> {
  const random = seededRandom(42);
  let seq = 0;
  while (seq < total) {
    const burst = Math.min(total - seq, 1 + Math.floor(random() * 7));
    for (let i = 0; i < burst; i += 1) {
      seq += 1;
      context.emit({ event_type: 'step_progress', execution_id: context.executionId, data: { seq, token: `tök€n ${seq}\n😀` } });
    }
    await delay(random() < 0.5 ? 0 : 2);
  }
  context.close();
}

describe('sseSubscriber on the wire', () => {
  it('writes valid HTTP/1.1 chunks (one per event), bursts in one tick included, then the last chunk', async () => {
    const TOTAL = 300;
    const context = createStreamingContext({ executionId: 'wire', bufferSize: TOTAL });
    const srv = await serveContext(context);
    // The response's own write() (inherited, so the subscriber still sees it unwrapped) is only
    // used for the retry field: events take the direct path.
    const resWrite = vi.spyOn(OutgoingMessage.prototype, 'write');
    const clients = ['/stream', '/stream', '/prewritten', '/prewritten-unflushed'].map((path) => rawRequest(srv.port, '1.1', path));
    await waitFor(() => context.stats().subscribers === 4, 10_000, 'clients');
    await emitSchedule(context, TOTAL);
    expect(resWrite.mock.calls.length).toBeLessThan(10);
    for (const raw of await Promise.all(clients.map((c) => c.done))) {
      const { head, body } = splitResponse(raw);
      expect(head).toMatch(/^HTTP\/1\.1 200/);
      expect(head.toLowerCase()).toContain('transfer-encoding: chunked');
      expect(head.toLowerCase()).toContain('content-type: text/event-stream');
      const { data, chunks } = dechunk(body);
      expect(chunks).toBe(TOTAL + 1); // the retry field, then one chunk per event
      const events = parseEvents(data.toString('utf8'));
      expect(events.map((e) => e.id)).toEqual(Array.from({ length: TOTAL }, (_, i) => `wire:${i + 1}`));
      expect(JSON.parse(events[9]?.data ?? 'null')).toMatchObject({ data: { seq: 10, token: 'tök€n 10\n😀' } });
    }
  }, 60_000);

  it('goes through res.write() when something wrapped it (e.g. compression middleware)', async () => {
    const TOTAL = 50;
    const context = createStreamingContext({ executionId: 'wrapped', bufferSize: TOTAL });
    let wrappedWrites = 0;
    const srv = await serveContext(context, (res) => {
      const write = res.write.bind(res) as (chunk: unknown) => boolean;
      // A transforming wrapper: upper-cases the `data:` field names; a direct socket write would skip it.
      res.write = ((chunk: unknown) => {
        wrappedWrites += 1;
        const text = Buffer.isBuffer(chunk) || chunk instanceof Uint8Array ? Buffer.from(chunk).toString('utf8') : String(chunk);
        return write(text.replaceAll('"token"', '"TOKEN"'));
      }) as ServerResponse['write'];
    });
    const client = rawRequest(srv.port, '1.1');
    await waitFor(() => context.stats().subscribers === 1, 10_000, 'client');
    await emitSchedule(context, TOTAL);
    const { body } = splitResponse(await client.done);
    const events = parseEvents(dechunk(body).data.toString('utf8'));
    expect(events).toHaveLength(TOTAL);
    expect(wrappedWrites).toBeGreaterThanOrEqual(TOTAL);
    for (const event of events) expect(event.data).toContain('"TOKEN"');
  }, 60_000);

  it('answers an HTTP/1.0 client without chunk framing (through res.write), ending by close', async () => {
    const TOTAL = 40;
    const context = createStreamingContext({ executionId: 'old', bufferSize: TOTAL });
    const srv = await serveContext(context);
    const client = rawRequest(srv.port, '1.0');
    await waitFor(() => context.stats().subscribers === 1, 10_000, 'client');
    await emitSchedule(context, TOTAL);
    const { head, body } = splitResponse(await client.done);
    expect(head.toLowerCase()).not.toContain('transfer-encoding');
    const events = parseEvents(body.toString('utf8'));
    expect(events.map((e) => e.id)).toEqual(Array.from({ length: TOTAL }, (_, i) => `old:${i + 1}`));
  }, 60_000);

  it('resumes subscribers at different positions with exact replay over the direct path', async () => {
    const context = createStreamingContext({ executionId: 'resume', bufferSize: 100 });
    for (let seq = 1; seq <= 30; seq += 1) context.emit({ event_type: 'step_progress', execution_id: 'resume', data: { seq } });
    server = await listen((req, res) => {
      const lastEventId = new URL(req.url ?? '/', 'http://x').searchParams.get('after');
      context.subscribe(sseSubscriber(res, { heartbeatMs: false }), { lastEventId });
    });
    const port = server.port;
    const starts = [0, 5, 17, 29, 30];
    const clients = starts.map((after) => {
      const socket = connect(port, '127.0.0.1');
      const parts: Buffer[] = [];
      socket.on('connect', () => socket.write(`GET /?after=${after === 0 ? '' : `resume:${after}`} HTTP/1.1\r\nHost: x\r\n\r\n`));
      return new Promise<Buffer>((resolve) =>
        socket.on('data', (data: Buffer) => {
          parts.push(data);
          if (endsWithLastChunk(parts)) {
            socket.destroy();
            resolve(Buffer.concat(parts));
          }
        }),
      );
    });
    await waitFor(() => context.stats().subscribers === starts.length, 10_000, 'clients');
    for (let seq = 31; seq <= 40; seq += 1) {
      context.emit({ event_type: 'step_progress', execution_id: 'resume', data: { seq } });
      context.emit({ event_type: 'step_progress', execution_id: 'resume', data: { seq: (seq += 1) } });
      await delay(1);
    }
    context.close();
    const bodies = await Promise.all(clients);
    bodies.forEach((raw, i) => {
      const events = parseEvents(dechunk(splitResponse(raw).body).data.toString('utf8'));
      const from = (starts[i] as number) + 1;
      expect(events.map((e) => e.id)).toEqual(Array.from({ length: 40 - from + 1 }, (_, k) => `resume:${from + k}`));
    });
  }, 60_000);
});
