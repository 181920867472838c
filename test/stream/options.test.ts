import { afterEach, describe, expect, it } from 'vitest';
import { createStream } from '../../src/core/stream/create-stream.js';
import { createEventProcessor } from '../../src/core/processor/event-processor.js';
import { collect } from '../helpers/stream-utils.js';
import { cutAfter, ndjsonHeaders, sseEvent, sseHeaders, startTestServer, write, type TestServer } from '../helpers/http-server.js';

let srv: TestServer | undefined;
afterEach(async () => {
  await srv?.close();
  srv = undefined;
});

describe('options', () => {
  it('maxBufferSize: an SSE event larger than the limit fails with max-buffer instead of growing', async () => {
    srv = await startTestServer((_req, res) => {
      sseHeaders(res);
      res.end(sseEvent({ data: 'ok' }) + sseEvent({ data: 'x'.repeat(50_000) }) + sseEvent({ data: '[DONE]' }));
    });
    const { error } = await collect(createStream({ url: srv.url, provider: 'raw' }, { maxBufferSize: 1000 }));
    expect(error?.code).toBe('max-buffer');
    expect(error?.partial?.text).toBe('ok');
  });

  it('a bad NDJSON line is a parse error', async () => {
    srv = await startTestServer((_req, res) => {
      ndjsonHeaders(res);
      res.end('{"text":"a"}\n{broken\n');
    });
    const { error } = await collect(createStream({ url: srv.url, provider: 'raw' }));
    expect(error?.code).toBe('parse');
    expect(error?.partial?.text).toBe('a');
  });

  it('estimateTokens replaces the heuristic when the provider reports no usage; the prompt counts as input', async () => {
    srv = await startTestServer((_req, res) => {
      sseHeaders(res);
      res.end(sseEvent({ data: 'one two three' }) + sseEvent({ data: '[DONE]' }));
    });
    const seen: string[] = [];
    const estimateTokens = async (text: string) => {
      seen.push(text);
      return text.split(' ').length;
    };
    const { result, events } = await collect(
      createStream({ url: srv.url, method: 'POST', body: { prompt: 'a b' }, provider: 'raw' }, { estimateTokens }),
    );
    expect(result?.usage).toMatchObject({ outputTokens: 3, inputTokens: 2, totalTokens: 5, estimated: true });
    expect(seen).toEqual(['one two three', 'a b']);
    const usage = events.filter((e) => e.type === 'usage');
    expect(usage).toHaveLength(1);
    expect(usage[0]?.type === 'usage' && usage[0].usage.outputTokens).toBe(3);
  });

  it('a batching processor delivers everything (flushed) before the result resolves', async () => {
    srv = await startTestServer(async (_req, res) => {
      sseHeaders(res);
      for (let i = 0; i < 7; i++) await write(res, sseEvent({ data: String(i) }));
      res.end(sseEvent({ data: '[DONE]' }));
    });
    const processor = createEventProcessor().batch({ maxEvents: 3, maxMs: 10_000 });
    const run = createStream({ url: srv.url, provider: 'raw' }, { processor });
    const types: string[] = [];
    let delivered = '';
    run.subscribe((e) => {
      types.push(e.type);
      if (e.type === 'text') delivered += e.delta;
    });
    const result = await run.result;
    expect(result.text).toBe('0123456');
    // The batch merges deltas; with a 10 s timer only the end-of-run flush can have delivered the tail.
    expect(delivered).toBe('0123456');
    expect(types.filter((t) => t === 'text').length).toBeLessThan(7);
    expect(types.at(-1)).toBe('done');
  });

  it('retry events count resumes in metrics.retries', async () => {
    srv = await startTestServer(async (req, res) => {
      sseHeaders(res);
      const all = [0, 1, 2, 3].map((i) => sseEvent({ id: String(i), data: `t${i}` })).join('') + sseEvent({ data: '[DONE]' });
      if (req.lastEventId === undefined) return cutAfter(res, sseEvent({ retry: 1 }) + all, 40);
      const from = Number(req.lastEventId) + 1;
      res.end([0, 1, 2, 3].slice(from).map((i) => sseEvent({ id: String(i), data: `t${i}` })).join('') + sseEvent({ data: '[DONE]' }));
    });
    const { result } = await collect(createStream({ url: srv.url, provider: 'raw' }));
    expect(result?.text).toBe('t0t1t2t3');
    expect(result?.metrics.retries).toBe(1);
  });

  it('JSON over an NDJSON server with a numeric batch interval', async () => {
    const doc = { a: [1, 2, 3], b: 'text' };
    const text = JSON.stringify(doc);
    srv = await startTestServer(async (_req, res) => {
      ndjsonHeaders(res);
      for (const ch of text.match(/[\s\S]{1,4}/g)!) await write(res, JSON.stringify({ delta: ch }) + '\n');
      res.end();
    });
    const { result, events } = await collect(createStream({ url: srv.url, provider: 'raw' }, { json: true, batch: 5 }));
    expect(result?.json).toEqual(doc);
    const last = events.filter((e) => e.type === 'json').at(-1);
    expect(last?.type === 'json' && last.complete).toBe(true);
  });
});
