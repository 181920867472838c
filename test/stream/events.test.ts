import { afterEach, describe, expect, it, vi } from 'vitest';
import { createStream } from '../../src/core/stream/create-stream.js';
import { createEventProcessor } from '../../src/core/processor/event-processor.js';
import type { Decoder, StreamEvent, StreamEventPayload } from '../../src/core/types.js';
import { collect, tick } from '../helpers/stream-utils.js';
import { byteLength, replyStatus, sleep, sseEvent, sseHeaders, startTestServer, write, type TestServer } from '../helpers/http-server.js';

let srv: TestServer | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await srv?.close();
  srv = undefined;
});

const WORDS = ['The ', 'quick ', 'brown ', 'fox ', 'jumps'];
const BODY = WORDS.map((w) => sseEvent({ data: w })).join('') + sseEvent({ data: '[DONE]' });

async function wordServer(delayMs = 3) {
  return startTestServer(async (_req, res) => {
    sseHeaders(res);
    for (const w of WORDS) {
      await write(res, sseEvent({ data: w }));
      await sleep(delayMs);
    }
    res.end(sseEvent({ data: '[DONE]' }));
  });
}

/** A decoder that turns JSON SSE payloads into the given events verbatim (to test result building). */
const scripted: Decoder = {
  name: 'scripted',
  create() {
    let terminated = false;
    return {
      get terminated() {
        return terminated;
      },
      usage: { inputTokens: 11, outputTokens: 22 },
      push(message, emit) {
        if (message.kind !== 'sse') return;
        if (message.data === '[DONE]') {
          terminated = true;
          return;
        }
        emit(JSON.parse(message.data) as StreamEventPayload);
      },
    };
  },
};

describe('events and envelope', () => {
  it('seq is monotonic from 0, t never decreases, every event has the run id', async () => {
    srv = await wordServer();
    const run = createStream({ url: srv.url, provider: 'raw' });
    const { events } = await collect(run);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
    for (let i = 1; i < events.length; i++) expect(events[i]!.t).toBeGreaterThanOrEqual(events[i - 1]!.t);
    expect(events.every((e) => e.streamId === run.id)).toBe(true);
    expect(createStream({ url: srv.url }, { streamId: 'mine' }).id).toBe('mine');
  });

  it('start comes first, then deltas, exactly one usage right before done', async () => {
    srv = await wordServer();
    const { types } = await collect(createStream({ url: srv.url, provider: 'raw' }));
    expect(types).toEqual(['start', 'text', 'text', 'text', 'text', 'text', 'usage', 'done']);
  });

  it('the start event never contains credentials (query keys, user info, headers)', async () => {
    srv = await startTestServer((req, res) => {
      if (req.recorded.index === 0) return replyStatus(res, 503);
      sseHeaders(res);
      res.end(BODY);
    });
    const url = new URL(srv.url);
    url.username = 'user';
    url.password = 'hunter2pass';
    url.pathname = '/v1/chat';
    url.search = '?api_key=SECRET1&key=SECRET2&access_token=SECRET3&model=gpt&X-Amz-Signature=SECRET4';
    const { events, result } = await collect(
      createStream(
        { url: url.toString().replace('user:hunter2pass@', ''), headers: { Authorization: 'Bearer SECRET5', 'x-api-key': 'SECRET6' } },
        { retry: { baseDelayMs: 1 } },
      ),
    );
    // User info in the URL is sent as Basic auth (fetch refuses such URLs) and never shown.
    const { events: events2, result: result2 } = await collect(createStream({ url, provider: "raw" }, { retry: { baseDelayMs: 1 } }));
    expect(result2?.text).toBe("The quick brown fox jumps");
    expect(srv.requests.at(-1)!.headers.authorization).toBe(`Basic ${Buffer.from("user:hunter2pass").toString("base64")}`);
    const dump = JSON.stringify([...events, ...events2]);
    expect(result?.text).toBe('The quick brown fox jumps');
    for (const secret of ['SECRET1', 'SECRET2', 'SECRET3', 'SECRET4', 'SECRET5', 'SECRET6', 'hunter2pass']) expect(dump).not.toContain(secret);
    const start = events.find((e) => e.type === 'start');
    expect(start?.type === 'start' && start.request.url).toContain('model=gpt');
    expect(start?.type === 'start' && start.request.method).toBe('GET');
    // The server did get the credentials: they were redacted from events only.
    expect(srv.requests[0]!.headers.authorization).toBe('Bearer SECRET5');
  });
});

describe('callbacks and listeners', () => {
  it('onStart, onDelta, onUsage, onComplete, onEvent fire with the right payloads', async () => {
    srv = await wordServer();
    const calls: string[] = [];
    const deltas: string[] = [];
    const seen: StreamEvent[] = [];
    const run = createStream(
      { url: srv.url, provider: 'raw' },
      {
        onStart: (e) => calls.push(`start:${e.request.method}`),
        onDelta: (d, e) => {
          deltas.push(d);
          expect(e.type).toBe('text');
        },
        onUsage: (u) => calls.push(`usage:${u.estimated}`),
        onComplete: (r) => calls.push(`complete:${r.text.length}`),
        onError: () => calls.push('error'),
        onEvent: (e) => seen.push(e),
      },
    );
    const { events } = await collect(run);
    expect(deltas).toEqual(WORDS);
    expect(calls).toEqual(['start:GET', 'usage:true', `complete:${WORDS.join('').length}`]);
    expect(seen).toEqual(events);
  });

  it('onError fires once, the error event comes before the result rejects, and no done/usage follows', async () => {
    srv = await startTestServer((_req, res) => replyStatus(res, 401));
    const errors: unknown[] = [];
    const order: string[] = [];
    const run = createStream({ url: srv.url }, { onError: (e) => errors.push(e) });
    run.subscribe((e) => order.push(e.type));
    await run.result.catch(() => order.push('rejected'));
    expect(errors).toHaveLength(1);
    expect(order).toEqual(['start', 'error', 'rejected']);
  });

  it('a listener that throws is reported and does not break the run or other listeners', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    srv = await wordServer();
    const run = createStream({ url: srv.url, provider: 'raw' }, { onDelta: () => { throw new Error('callback bug'); } });
    run.subscribe(() => {
      throw new Error('listener bug');
    });
    const other: string[] = [];
    run.subscribe((e) => other.push(e.type));
    const result = await run.result;
    expect(result.text).toBe(WORDS.join(''));
    expect(other.at(-1)).toBe('done');
    expect(consoleError).toHaveBeenCalled();
    expect(String(consoleError.mock.calls[0]?.[1])).toMatch(/bug/);
  });

  it('unsubscribe stops delivery', async () => {
    srv = await wordServer(20);
    const run = createStream({ url: srv.url, provider: 'raw' });
    const got: string[] = [];
    const off = run.subscribe((e) => {
      got.push(e.type);
      if (e.type === 'text') off();
    });
    await run.result;
    expect(got).toEqual(['start', 'text']);
  });

  it('every iterator gets all events from the start, even one created after the run finished', async () => {
    srv = await wordServer();
    const run = createStream({ url: srv.url, provider: 'raw' });
    const read = async () => {
      const types: string[] = [];
      for await (const e of run) types.push(e.type);
      return types;
    };
    const [a, b] = await Promise.all([read(), read()]);
    await run.result;
    const late = await read();
    expect(a).toEqual(['start', 'text', 'text', 'text', 'text', 'text', 'usage', 'done']);
    expect(b).toEqual(a);
    expect(late).toEqual(a);
  });

  it('an iterator that breaks early does not disturb the run', async () => {
    srv = await wordServer();
    const run = createStream({ url: srv.url, provider: 'raw' });
    for await (const e of run) if (e.type === 'text') break;
    expect((await run.result).text).toBe(WORDS.join(''));
  });
});

describe('result and metrics', () => {
  it('builds text (choice 0 only), reasoning, tool calls, finish reason, model and reported usage', async () => {
    const payloads: StreamEventPayload[] = [
      { type: 'metadata', model: 'm-1', responseId: 'r-9' },
      { type: 'reasoning', delta: 'think', index: 0 },
      { type: 'text', delta: 'A', index: 0 },
      { type: 'text', delta: 'X', index: 0, choice: 1 },
      { type: 'text', delta: 'B', index: 0, choice: 0 },
      { type: 'tool-call', id: 'c1', name: 'lookup', argsDelta: '{"q":', index: 0 },
      { type: 'tool-call', id: '', name: '', argsDelta: '"x"}', index: 0 },
      { type: 'tool-call-end', id: 'c1', name: 'lookup', args: { q: 'x' }, index: 0 },
      { type: 'tool-call', id: 'c2', name: 'open', argsDelta: '{"u":1}', index: 1 },
      { type: 'metadata', finishReason: 'tool_calls' },
    ];
    srv = await startTestServer((_req, res) => {
      sseHeaders(res);
      res.end(payloads.map((p) => sseEvent({ data: JSON.stringify(p) })).join('') + sseEvent({ data: '[DONE]' }));
    });
    const { result, events } = await collect(createStream({ url: srv.url, provider: scripted }));
    expect(result).toMatchObject({
      text: 'AB',
      reasoning: 'think',
      finishReason: 'tool_calls',
      model: 'm-1',
      responseId: 'r-9',
      toolCalls: [
        { id: 'c1', name: 'lookup', args: { q: 'x' }, argsText: '{"q":"x"}', index: 0 },
        { id: 'c2', name: 'open', args: { u: 1 }, argsText: '{"u":1}', index: 1 },
      ],
      usage: { inputTokens: 11, outputTokens: 22, totalTokens: 33, estimated: false },
    });
    const done = events.at(-1);
    expect(done?.type === 'done' && done.finishReason).toBe('tool_calls');
    expect(events.filter((e) => e.type === 'usage')).toHaveLength(1);
  });

  it('metrics are consistent with what was streamed (real server)', async () => {
    srv = await wordServer(15);
    const { result, events } = await collect(createStream({ url: srv.url, provider: 'raw' }));
    const m = result!.metrics;
    expect(m.ttftMs).toBeGreaterThan(0);
    expect(m.ttftMs!).toBeLessThanOrEqual(m.durationMs);
    expect(m.bytes).toBe(byteLength(BODY));
    expect(m.chunks).toBeGreaterThanOrEqual(1);
    expect(m.events).toBe(events.length);
    expect(m.retries).toBe(0);
    expect(m.interTokenMs.p50).toBeLessThanOrEqual(m.interTokenMs.p95);
    expect(m.interTokenMs.p95).toBeLessThanOrEqual(m.interTokenMs.max);
    expect(m.outputTokensPerSec).toBeGreaterThan(0);
    expect(result!.usage.estimated).toBe(true);
    expect(result!.usage.outputTokens).toBeGreaterThan(0);
  });

  it('chunks and inter-token gaps follow the source exactly (lower bounds only: load makes gaps longer)', async () => {
    async function* paced() {
      for (const w of WORDS) {
        yield sseEvent({ data: w });
        await sleep(30);
      }
      yield sseEvent({ data: '[DONE]' });
    }
    const { result } = await collect(createStream({ source: paced(), provider: 'raw' }));
    const m = result!.metrics;
    expect(m.chunks).toBe(WORDS.length + 1);
    expect(m.bytes).toBe(byteLength(BODY));
    // Timers may fire a millisecond early; 30 ms sleeps give gaps of at least ~29 ms.
    expect(m.interTokenMs.p50).toBeGreaterThanOrEqual(25);
    expect(m.interTokenMs.max).toBeGreaterThanOrEqual(m.interTokenMs.p95);
    expect(m.durationMs).toBeGreaterThanOrEqual(m.ttftMs! + 4 * 25);
  });

  it('a processor filters what consumers see while the result keeps everything', async () => {
    srv = await wordServer();
    const processor = createEventProcessor().filter((e) => e.type !== 'text');
    const { types, result } = await collect(createStream({ url: srv.url, provider: 'raw' }, { processor }));
    expect(types).toEqual(['start', 'usage', 'done']);
    expect(result?.text).toBe(WORDS.join(''));
  });

  it('a processor without connect() is used through process()', async () => {
    srv = await wordServer();
    const processor = {
      async *process(source: AsyncIterable<StreamEvent>) {
        for await (const e of source) if (e.type !== 'text') yield e;
      },
    };
    const { types } = await collect(createStream({ url: srv.url, provider: 'raw' }, { processor }));
    await tick(0);
    expect(types).toEqual(['start', 'usage', 'done']);
  });
});

describe('errors never carry credentials', () => {
  it('a runtime fetch error quoting the URL is redacted', async () => {
    const failingFetch = (async (input: RequestInfo | URL) => {
      throw new TypeError(`fetch failed for ${String(input)}`);
    }) as typeof fetch;
    const { error, events } = await collect(
      createStream({ url: 'https://api.example.com/v1?api_key=SECRET7&x=1', fetch: failingFetch }, { retry: { maxAttempts: 2, baseDelayMs: 1 } }),
    );
    expect(error?.code).toBe('network');
    expect(error?.message).toContain('api.example.com');
    expect(error?.message).not.toContain('SECRET7');
    expect(JSON.stringify(events)).not.toContain('SECRET7');
  });
});
