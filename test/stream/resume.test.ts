import { afterEach, describe, expect, it } from 'vitest';
import { createStream } from '../../src/core/stream/create-stream.js';
import { collect } from '../helpers/stream-utils.js';
import { byteLength, cutAfter, seededRandom, sseEvent, sseHeaders, startTestServer, write, type TestServer } from '../helpers/http-server.js';

let srv: TestServer | undefined;
afterEach(async () => {
  await srv?.close();
  srv = undefined;
});

// Tokens with multi-byte characters so random cuts land inside UTF-8 sequences too.
const TOKENS = Array.from({ length: 40 }, (_, i) => ['héllo ', 'wörld ', '日本語 ', '😀 ', 'plain '][i % 5]! + i + ' ');
const FULL = TOKENS.join('');
const eventAt = (i: number) => sseEvent({ id: String(i), data: TOKENS[i]! });
const wire = (from: number) => TOKENS.slice(from).map((_, k) => eventAt(from + k)).join('') + sseEvent({ data: '[DONE]' });

/** A server that cuts the first connection at `cut` bytes and, on resume, replays from `replayBack` events before the id. */
async function resumableServer(cut: number, replayBack = 0) {
  return startTestServer(async (req, res) => {
    sseHeaders(res);
    if (req.lastEventId === undefined) return cutAfter(res, sseEvent({ retry: 1 }) + wire(0), cut);
    const from = Math.max(0, Number(req.lastEventId) + 1 - replayBack);
    res.end(wire(from));
  });
}

describe('resume by Last-Event-ID', () => {
  it('recovers the exact text after cuts at random byte offsets (mid-line, mid-character)', async () => {
    const random = seededRandom(20260421);
    const total = byteLength(sseEvent({ retry: 1 }) + wire(0));
    for (let round = 0; round < 12; round++) {
      const cut = 20 + Math.floor(random() * (total - 40));
      const server = await resumableServer(cut);
      try {
        const { result, error, events } = await collect(createStream({ url: server.url, provider: 'raw' }, { retry: { baseDelayMs: 1 } }));
        expect(error, `cut at ${cut}`).toBeUndefined();
        expect(result?.text, `cut at ${cut}`).toBe(FULL);
        expect(server.requests.length).toBe(2);
        const resumedFrom = Number(server.requests[1]!.lastEventId);
        expect(resumedFrom).toBeGreaterThanOrEqual(0);
        expect(events.filter((e) => e.type === 'retry')).toHaveLength(1);
        expect(result?.lastEventId).toBe(String(TOKENS.length - 1));
      } finally {
        await server.close();
      }
    }
  });

  it('does not deliver replayed events twice when the server resends from before the id', async () => {
    const cut = Math.floor(byteLength(wire(0)) / 2);
    srv = await resumableServer(cut, 3);
    const { result, events } = await collect(createStream({ url: srv.url, provider: 'raw' }, { retry: { baseDelayMs: 1 } }));
    expect(result?.text).toBe(FULL);
    const texts = events.filter((e) => e.type === 'text');
    expect(texts).toHaveLength(TOKENS.length);
    // Every event carries the id in effect for the store's resume-after-reload.
    expect(texts.map((e) => e.lastEventId)).toEqual(TOKENS.map((_, i) => String(i)));
  });

  it("waits the server's retry: delay before reconnecting", async () => {
    srv = await startTestServer(async (req, res) => {
      sseHeaders(res);
      if (req.lastEventId === undefined) {
        await write(res, sseEvent({ retry: 120 }) + eventAt(0));
        return cutAfter(res, eventAt(1), 3);
      }
      res.end(wire(1));
    });
    const { result, events } = await collect(createStream({ url: srv.url }, { retry: { baseDelayMs: 10_000, maxDelayMs: 10_000 } }));
    const retry = events.find((e) => e.type === 'retry');
    expect(retry?.type === 'retry' && retry.delayMs).toBe(120);
    expect(result?.text).toBe(FULL);
  });

  it('a clean end of body before the terminal event resumes when the server sent ids', async () => {
    srv = await startTestServer(async (req, res) => {
      sseHeaders(res);
      if (req.lastEventId === undefined) return res.end(sseEvent({ retry: 1 }) + TOKENS.slice(0, 10).map((_, i) => eventAt(i)).join(''));
      res.end(wire(Number(req.lastEventId) + 1));
    });
    const { result } = await collect(createStream({ url: srv.url }));
    expect(result?.text).toBe(FULL);
    expect(srv.requests[1]?.lastEventId).toBe('9');
  });

  it('POST resumes too: same body, with Last-Event-ID', async () => {
    srv = await resumableServer(200);
    const { result } = await collect(createStream({ url: srv.url, method: 'POST', body: { prompt: 'p' } }, { retry: { baseDelayMs: 1 } }));
    expect(result?.text).toBe(FULL);
    expect(srv.requests.map((r) => r.method)).toEqual(['POST', 'POST']);
    expect(srv.requests[1]!.body).toBe('{"prompt":"p"}');
    expect(srv.requests[1]!.lastEventId).toBeDefined();
  });

  it("resume: 'off' turns the cut into a network error that keeps the partial text", async () => {
    srv = await resumableServer(300);
    const { error } = await collect(createStream({ url: srv.url }, { resume: 'off', retry: { baseDelayMs: 1 } }));
    expect(error?.code).toBe('network');
    expect(error?.partial?.text.length).toBeGreaterThan(0);
    expect(FULL.startsWith(error!.partial!.text)).toBe(true);
    expect(srv.requests).toHaveLength(1);
  });

  it('options.lastEventId is sent on the first request', async () => {
    srv = await startTestServer((req, res) => {
      sseHeaders(res);
      res.end(wire(Number(req.lastEventId ?? -1) + 1));
    });
    const { result } = await collect(createStream({ url: srv.url }, { lastEventId: '29' }));
    expect(srv.requests[0]!.lastEventId).toBe('29');
    expect(result?.text).toBe(TOKENS.slice(30).join(''));
  });

  it('gives up after consecutive reconnects without progress', async () => {
    srv = await startTestServer(async (req, res) => {
      sseHeaders(res);
      if (req.lastEventId === undefined) return res.end(sseEvent({ retry: 1 }) + eventAt(0));
      res.end(); // reconnects always end at once, no new event
    });
    const { error } = await collect(createStream({ url: srv.url }, { retry: { maxAttempts: 3, baseDelayMs: 1 } }));
    expect(error?.code).toBe('network');
    expect(error?.message).toMatch(/ended before its terminal event/);
    expect(error?.partial?.text).toBe(TOKENS[0]);
    expect(srv.requests).toHaveLength(4);
  });
});

describe('clean end of body', () => {
  it('without ids and with a terminal convention (pipeline) is an error keeping the partial result', async () => {
    srv = await startTestServer((_req, res) => {
      sseHeaders(res);
      const ev = (event_type: string, data: object) =>
        sseEvent({ event: event_type, data: JSON.stringify({ event_type, execution_id: 'e1', timestamp: '2026-01-01T00:00:00Z', data, metadata: {} }) });
      res.end(ev('pipeline_start', {}) + ev('step_progress', { token: 'tok' }));
    });
    const { error, types } = await collect(createStream({ url: srv.url, provider: 'pipeline' }, { retry: false }));
    expect(error?.code).toBe('network');
    expect(error?.message).toMatch(/ended before its terminal event/);
    expect(error?.partial?.text).toBe('tok');
    expect(types.filter((t) => t === 'error')).toHaveLength(1);
    expect(types).not.toContain('done');
  });

  it('raw SSE without ids and without [DONE] ending cleanly is a success (no terminal convention)', async () => {
    srv = await startTestServer((_req, res) => {
      sseHeaders(res);
      res.end(sseEvent({ data: 'a' }) + sseEvent({ data: 'b' }));
    });
    const { result } = await collect(createStream({ url: srv.url, provider: 'raw' }));
    expect(result?.text).toBe('ab');
  });
});
