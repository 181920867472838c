import { afterEach, describe, expect, it } from 'vitest';
import { createStream } from '../../src/core/stream/create-stream.js';
import { onStreamFrames } from '../../src/core/stream/frame-tap.js';
import type { StreamFrame } from '../../src/core/types.js';
import { collect } from '../helpers/stream-utils.js';
import {
  cutAfter,
  ndjsonHeaders,
  randomByteChunks,
  seededRandom,
  sseEvent,
  sseHeaders,
  startTestServer,
  write,
  type TestServer,
} from '../helpers/http-server.js';

let srv: TestServer | undefined;
afterEach(async () => {
  await srv?.close();
  srv = undefined;
});

// What the server sends, field for field: named events, ids, multi-line data, multi-byte characters.
const SENT = [
  { event: 'message', id: '1', data: 'héllo' },
  { event: 'delta', id: '2', data: '{"text":"wörld 日本語 😀"}' },
  { event: 'message', id: '3', data: 'line one\nline two' },
  { event: 'message', id: '4', data: '' },
  { event: 'message', id: '5', data: '[DONE]' },
];
const WIRE = SENT.map((e) => sseEvent(e.event === 'message' ? { id: e.id, data: e.data } : e)).join('');

const sseShape = (f: StreamFrame) => (f.kind === 'sse' ? { event: f.event, id: f.id, data: f.data } : f);

describe('transport frames (devtools)', () => {
  it('onFrame and subscribeFrames get every SSE frame in order, event/id/data exactly as sent, at any chunking', async () => {
    const random = seededRandom(8_2026);
    srv = await startTestServer(async (_req, res) => {
      sseHeaders(res);
      // 1-byte to 7-byte chunks: cuts inside field names, line ends and UTF-8 characters.
      for (const chunk of randomByteChunks(WIRE, random, 7)) await write(res, chunk);
      res.end();
    });
    for (let round = 0; round < 3; round++) {
      const fromOption: StreamFrame[] = [];
      const fromSubscription: StreamFrame[] = [];
      const run = createStream({ url: srv.url, provider: 'raw' }, { onFrame: (f) => fromOption.push(f) });
      run.subscribeFrames((f) => fromSubscription.push(f));
      const { result, error } = await collect(run);
      expect(error).toBeUndefined();
      expect(result?.text).toBe('héllo{"text":"wörld 日本語 😀"}line one\nline two');
      expect(fromOption.map(sseShape)).toEqual(SENT);
      expect(fromSubscription).toEqual(fromOption);
      expect(fromOption.map((f) => f.seq)).toEqual([0, 1, 2, 3, 4]);
      for (const f of fromOption) {
        expect(f.streamId).toBe(run.id);
        expect(f.attempt).toBe(1);
        expect(f.fallbackIndex).toBe(0);
      }
      // Frame times never go backwards (they share their chunk's time with its events).
      expect(fromOption.map((f) => f.t)).toEqual([...fromOption.map((f) => f.t)].sort((a, b) => a - b));
    }
  });

  it('a resumed stream reports the attempt and the replayed frames the decoder skipped', async () => {
    srv = await startTestServer(async (req, res) => {
      sseHeaders(res);
      if (req.lastEventId === undefined) return cutAfter(res, sseEvent({ retry: 1 }) + sseEvent({ id: '1', data: 'a' }) + sseEvent({ id: '2', data: 'b' }), 1000);
      // Replays id 2 (already delivered), then continues.
      res.end(sseEvent({ id: '2', data: 'b' }) + sseEvent({ id: '3', data: 'c' }) + sseEvent({ data: '[DONE]' }));
    });
    const frames: StreamFrame[] = [];
    const { result } = await collect(createStream({ url: srv.url, provider: 'raw' }, { retry: { baseDelayMs: 1 }, onFrame: (f) => frames.push(f) }));
    expect(result?.text).toBe('abc');
    expect(frames.map((f) => [f.attempt, f.kind === 'sse' ? f.data : ''])).toEqual([
      [1, 'a'],
      [1, 'b'],
      [2, 'b'],
      [2, 'c'],
      [2, '[DONE]'],
    ]);
  });

  it('NDJSON values and page-wide listeners; credential-shaped text in frames is redacted', async () => {
    srv = await startTestServer(async (_req, res) => {
      ndjsonHeaders(res);
      res.end('{"delta":"Hi"}\n{"delta":" there","debug":"Bearer abcdef123456"}\n"plain"\n');
    });
    const page: StreamFrame[] = [];
    const stop = onStreamFrames((f) => page.push(f));
    try {
      const run = createStream({ url: srv.url, provider: 'raw' });
      const { result } = await collect(run);
      expect(result?.text).toBe('Hi thereplain');
      const mine = page.filter((f) => f.streamId === run.id);
      expect(mine.map((f) => (f.kind === 'ndjson' ? f.value : f))).toEqual([
        { delta: 'Hi' },
        { delta: ' there', debug: 'Bearer [REDACTED]' },
        'plain',
      ]);
    } finally {
      stop();
    }
  });

  it('nothing is framed for devtools when nobody listens, and unsubscribing stops delivery', async () => {
    srv = await startTestServer(async (_req, res) => {
      sseHeaders(res);
      res.end(WIRE);
    });
    // No listener: the run works as before, and frames are not kept for later subscribers.
    const quiet = createStream({ url: srv.url, provider: 'raw' });
    const late: StreamFrame[] = [];
    await collect(quiet);
    quiet.subscribeFrames((f) => late.push(f));
    expect(late).toEqual([]);

    const run = createStream({ url: srv.url, provider: 'raw' });
    const seen: StreamFrame[] = [];
    const off = run.subscribeFrames((f) => {
      seen.push(f);
      if (seen.length === 2) off();
    });
    await collect(run);
    expect(seen.map(sseShape)).toEqual(SENT.slice(0, 2));
  });
});
