import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoMiddleware, type ConnectMiddleware } from '../../src/server/demo/middleware.js';
import { demoText } from '../../src/server/demo/routes/text.js';
import { sampleAnswer, SAMPLE_KINDS, type SampleKind } from '../../src/server/demo/samples.js';
import { parseEventId } from '../../src/server/wire.js';
import { listen, readSSE, type TestServer } from './helpers.js';

let server: TestServer;
let middleware: ConnectMiddleware;
let fallthrough = 0;

beforeAll(async () => {
  middleware = createDemoMiddleware();
  server = await listen((req, res) =>
    middleware(req, res, () => {
      fallthrough += 1;
      res.writeHead(418);
      res.end('next');
    }),
  );
});
afterAll(async () => {
  middleware.close();
  await server.close();
});

const FAST = 'tps=5000&ttft=0';

async function chat(provider: string, kind: SampleKind, extra = '') {
  return fetch(`${server.url}/api/demo/chat?provider=${provider}&${FAST}${extra}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ prompt: 'Tell me about streaming', kind }),
  });
}

const json = (data: string) => JSON.parse(data) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('demo middleware basics', () => {
  it('GET /health answers 200 ok; other paths go to next()', async () => {
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.text()).toBe('ok');
    const before = fallthrough;
    const other = await fetch(`${server.url}/not-demo`);
    expect(other.status).toBe(418);
    expect(fallthrough).toBe(before + 1);
  });

  it('answers CORS preflight and sets CORS headers', async () => {
    const preflight = await fetch(`${server.url}/api/demo/chat`, { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('Last-Event-ID');
  });

  it('400 with a JSON message for bad knobs, providers, kinds and bodies; 404/405 for unknown routes and methods', async () => {
    for (const query of ['provider=nope', 'tps=fast', 'tps=0', 'chunk=-1', 'status=200', 'dropAfter=x', 'surprise=1']) {
      const response = await fetch(`${server.url}/api/demo/chat?${query}`, { method: 'POST', body: '{}' });
      expect(response.status, query).toBe(400);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('invalid_parameter');
    }
    const badKind = await fetch(`${server.url}/api/demo/chat`, { method: 'POST', body: '{"kind":"poem"}' });
    expect(badKind.status).toBe(400);
    const badJSON = await fetch(`${server.url}/api/demo/chat`, { method: 'POST', body: '{nope' });
    expect(badJSON.status).toBe(400);
    expect((await fetch(`${server.url}/api/demo/unknown`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/demo/text`, { method: 'POST' })).status).toBe(405);
    // Without OPENAI_API_KEY the proxy route does not exist.
    const proxy = await fetch(`${server.url}/api/demo/openai-proxy`, { method: 'POST', body: '{}' });
    if (!process.env['OPENAI_API_KEY']) expect(proxy.status).toBe(404);
  });

  it('status=503 answers that status with Retry-After and a provider-shaped error body', async () => {
    const response = await chat('anthropic', 'prose', '&status=503');
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });
    const openai = await chat('openai', 'prose', '&status=429');
    expect(openai.status).toBe(429);
    expect(await openai.json()).toMatchObject({ error: { type: 'rate_limit_exceeded' } });
  });

  it(
    'stays linear on a path with a long run of slashes',
    async () => {
      // Trimming trailing slashes once rescanned the run from each of its slashes (quadratic): about
      // 20 s at this size. Node's default 16 KiB header limit keeps it to ~0.2 s a request; a host
      // server with a raised maxHeaderSize lets this through. The timeout is the check.
      const n = 170_000;
      const big = createServer({ maxHeaderSize: 1 << 20 }, (req, res) => middleware(req, res, () => res.end()));
      await new Promise<void>((resolve) => big.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = big.address() as AddressInfo;
        const response = await fetch(`http://127.0.0.1:${port}/api/demo/${'/'.repeat(n)}x//`);
        expect(response.status).toBe(404);
        const body = (await response.json()) as { error: { code: string; message: string } };
        expect(body.error.code).toBe('not_found');
        expect(body.error.message).toContain(`/api/demo/${'/'.repeat(n)}x;`);
      } finally {
        big.closeAllConnections();
        await new Promise<void>((resolve) => big.close(() => resolve()));
      }
    },
    5_000,
  );
});

describe('demo chat wire formats', () => {
  it.each(SAMPLE_KINDS)('openai (%s): chat.completion.chunk objects, finish chunk, trailing usage chunk, [DONE]', async (kind) => {
    const response = await chat('openai', kind);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const { events } = await readSSE(response);
    expect(events.at(-1)?.data).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((e) => json(e.data));
    for (const c of chunks) {
      expect(c['object']).toBe('chat.completion.chunk');
      expect(c['id']).toMatch(/^chatcmpl-/);
      expect(Array.isArray(c['choices'])).toBe(true);
    }
    const usage = chunks.at(-1) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(usage['choices']).toEqual([]);
    expect(usage['usage']['total_tokens']).toBe(usage['usage']['prompt_tokens'] + usage['usage']['completion_tokens']);
    const body = chunks.slice(0, -1);
    for (const c of body) expect(c['choices'][0]).toHaveProperty('delta');
    expect(body.at(-1)?.['choices'][0]['finish_reason']).toBe(kind === 'tool' ? 'tool_calls' : 'stop');
    const answer = sampleAnswer(kind, 'Tell me about streaming');
    const text = body.map((c) => c['choices'][0]['delta']['content'] ?? '').join('');
    expect(text).toBe(answer.text);
    if (answer.toolCall) {
      const args = body.flatMap((c) => c['choices'][0]['delta']['tool_calls'] ?? []).map((t: any) => t.function.arguments).join(''); // eslint-disable-line @typescript-eslint/no-explicit-any
      expect(JSON.parse(args)).toEqual(answer.toolCall.args);
    }
  });

  it('openai-responses: event name = type, sequence_number counts from 0, created ... completed', async () => {
    for (const kind of SAMPLE_KINDS) {
      const { events } = await readSSE(await chat('openai-responses', kind));
      const payloads = events.map((e) => json(e.data));
      events.forEach((e, i) => expect(e.event).toBe(payloads[i]?.['type']));
      expect(payloads.map((p) => p['sequence_number'])).toEqual(payloads.map((_, i) => i));
      expect(payloads[0]?.['type']).toBe('response.created');
      expect(payloads[1]?.['type']).toBe('response.in_progress');
      expect(payloads.at(-1)?.['type']).toBe('response.completed');
      expect(payloads.at(-1)?.['response']['usage']['total_tokens']).toBeGreaterThan(0);
      const answer = sampleAnswer(kind, 'Tell me about streaming');
      const text = payloads.filter((p) => p['type'] === 'response.output_text.delta').map((p) => p['delta']).join('');
      expect(text).toBe(answer.text);
      const reasoning = payloads.filter((p) => p['type'] === 'response.reasoning_summary_text.delta').map((p) => p['delta']).join('');
      expect(reasoning).toBe(answer.reasoning);
      const added = payloads.filter((p) => p['type'] === 'response.output_item.added').length;
      const done = payloads.filter((p) => p['type'] === 'response.output_item.done').length;
      expect(added).toBe(done);
    }
  });

  it('anthropic: message_start, ping after the first block start, balanced blocks, message_delta, message_stop', async () => {
    for (const kind of SAMPLE_KINDS) {
      const { events } = await readSSE(await chat('anthropic', kind));
      const payloads = events.map((e) => json(e.data));
      events.forEach((e, i) => expect(e.event).toBe(payloads[i]?.['type']));
      const types = payloads.map((p) => p['type']);
      expect(types[0]).toBe('message_start');
      expect(types[1]).toBe('content_block_start');
      expect(types[2]).toBe('ping');
      expect(types.slice(-2)).toEqual(['message_delta', 'message_stop']);
      const open = new Set<number>();
      for (const p of payloads) {
        if (p['type'] === 'content_block_start') open.add(p['index']);
        if (p['type'] === 'content_block_delta') expect(open.has(p['index'])).toBe(true);
        if (p['type'] === 'content_block_stop') open.delete(p['index']);
      }
      expect(open.size).toBe(0);
      const answer = sampleAnswer(kind, 'Tell me about streaming');
      const deltas = payloads.filter((p) => p['type'] === 'content_block_delta').map((p) => p['delta']);
      expect(deltas.filter((d) => d.type === 'text_delta').map((d) => d.text).join('')).toBe(answer.text);
      expect(deltas.filter((d) => d.type === 'thinking_delta').map((d) => d.thinking).join('')).toBe(answer.reasoning);
      expect(payloads.at(-2)?.['delta']['stop_reason']).toBe(kind === 'tool' ? 'tool_use' : 'end_turn');
    }
  });

  it('xai: reasoning_content then content, finish chunk, usage with reasoning tokens, [DONE]', async () => {
    const { events } = await readSSE(await chat('xai', 'prose'));
    expect(events.at(-1)?.data).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((e) => json(e.data));
    expect(chunks[0]?.['choices'][0]['delta']['role']).toBe('assistant');
    const answer = sampleAnswer('prose', 'Tell me about streaming');
    const deltas = chunks.flatMap((c) => c['choices']).map((c) => c.delta);
    expect(deltas.map((d) => d.reasoning_content ?? '').join('')).toBe(answer.reasoning);
    expect(deltas.map((d) => d.content ?? '').join('')).toBe(answer.text);
    expect(chunks.at(-1)?.['usage']['completion_tokens_details']['reasoning_tokens']).toBeGreaterThan(0);
  });

  it('gemini: CRLF-framed data lines, thought parts first, finishReason on the last chunk', async () => {
    const response = await chat('gemini', 'markdown');
    const raw = await response.text();
    expect(raw.startsWith('data: {')).toBe(true);
    expect(raw.endsWith('\r\n\r\n')).toBe(true);
    // Every line break is CRLF (JSON escapes the text's own newlines).
    expect(raw.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const payloads = raw.split('\r\n\r\n').filter(Boolean).map((block) => json(block.slice('data: '.length)));
    const parts = payloads.flatMap((p) => p['candidates'][0]['content']['parts']);
    const answer = sampleAnswer('markdown', 'Tell me about streaming');
    expect(parts.filter((p) => !p.thought).map((p) => p.text ?? '').join('')).toBe(answer.text);
    expect(parts.filter((p) => p.thought).map((p) => p.text).join('')).toBe(answer.reasoning);
    expect(payloads.at(-1)?.['candidates'][0]['finishReason']).toBe('STOP');
    expect(payloads.slice(0, -1).every((p) => p['candidates'][0]['finishReason'] === undefined)).toBe(true);
  });

  it('chunk sets characters per content event; dropAfter cuts the connection after N events; stallMs stalls', async () => {
    const { events } = await readSSE(await chat('openai', 'prose', '&chunk=3'));
    const pieces = events.slice(1, -3).map((e) => json(e.data)['choices'][0]['delta']['content'] as string);
    expect(pieces.every((p) => Array.from(p).length <= 3)).toBe(true);
    expect(pieces.slice(0, -1).every((p) => Array.from(p).length === 3)).toBe(true);

    const dropped = await readSSE(await chat('anthropic', 'prose', '&dropAfter=4'));
    expect(dropped.events).toHaveLength(4);
    expect(dropped.events.at(-1)?.event).not.toBe('message_stop');

    const started = Date.now();
    const stalled = await readSSE(await chat('openai', 'prose', '&stallMs=300'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(stalled.events.at(-1)?.data).toBe('[DONE]');
  });
});

describe('demo text and pipeline routes', () => {
  it('/api/demo/text streams ids 1..n and resumes after Last-Event-ID', async () => {
    const full = await readSSE(await fetch(`${server.url}/api/demo/text?${FAST}&kind=markdown`));
    const tokens = full.events.filter((e) => e.event === undefined);
    expect(tokens.map((e) => e.id)).toEqual(tokens.map((_, i) => String(i + 1)));
    expect(tokens.map((e) => e.data).join('')).toBe(demoText('markdown'));
    expect(full.events.at(-1)).toMatchObject({ event: 'done', data: '[DONE]' });
    expect(full.retry).toBe(1000);

    const resumed = await readSSE(await fetch(`${server.url}/api/demo/text?${FAST}&kind=markdown`, { headers: { 'Last-Event-ID': '10' } }));
    const rest = resumed.events.filter((e) => e.event === undefined);
    expect(rest[0]?.id).toBe('11');
    expect(tokens.slice(0, 10).map((e) => e.data).join('') + rest.map((e) => e.data).join('')).toBe(demoText('markdown'));

    const bad = await fetch(`${server.url}/api/demo/text`, { headers: { 'Last-Event-ID': 'abc' } });
    expect(bad.status).toBe(400);
  });

  it('/api/demo/pipeline streams a new execution; after a drop, Last-Event-ID continues the same execution', async () => {
    const first = await readSSE(await fetch(`${server.url}/api/demo/pipeline?steps=3&stepMs=0&${FAST}&dropAfter=6`));
    expect(first.events).toHaveLength(6);
    expect(first.events[0]?.event).toBe('pipeline_start');
    const lastId = first.events.at(-1)?.id as string;
    const { executionId, seq } = parseEventId(lastId) as { executionId: string; seq: number };

    const second = await readSSE(await fetch(`${server.url}/api/demo/pipeline?${FAST}`, { headers: { 'Last-Event-ID': lastId } }));
    const all = [...first.events, ...second.events];
    const seqs = all.map((e) => parseEventId(e.id as string));
    expect(seqs.every((s) => s?.executionId === executionId)).toBe(true);
    expect(seqs.map((s) => s?.seq)).toEqual(all.map((_, i) => i + 1));
    expect(second.events[0]?.id).toBe(`${executionId}:${seq + 1}`);
    expect(all.at(-1)?.event).toBe('pipeline_complete');
    const wire = all.map((e) => json(e.data));
    for (const [i, w] of wire.entries()) {
      expect(w['event_type']).toBe(all[i]?.event);
      expect(w['execution_id']).toBe(executionId);
      expect(w['timestamp']).toMatch(/Z$/);
    }
    const tokens = wire.filter((w) => typeof w['data']['token'] === 'string');
    expect(new Set(tokens.map((w) => w['step_id']))).toEqual(new Set(['step_2']));
    expect(tokens.map((w) => w['data']['token']).join('')).toBe(sampleAnswer('prose', 'pipeline').text);
    expect(wire.filter((w) => w['event_type'] === 'step_complete')).toHaveLength(3);

    const unknown = await fetch(`${server.url}/api/demo/pipeline`, { headers: { 'Last-Event-ID': 'demo_gone:3' } });
    expect(unknown.status).toBe(404);
    expect((await fetch(`${server.url}/api/demo/pipeline?steps=99`)).status).toBe(400);
  });
});

const engineReady = existsSync('/tmp/coord/engine-ready') && existsSync(new URL('../../src/core/stream/create-stream.ts', import.meta.url));

describe.runIf(engineReady)('demo streams decode with createStream', () => {
  it('every provider and kind decodes to the sample answer', async () => {
    const { createStream } = await import('../../src/core/stream/create-stream.js');
    for (const provider of ['openai', 'openai-responses', 'anthropic', 'xai', 'gemini'] as const) {
      for (const kind of SAMPLE_KINDS) {
        const run = createStream(
          { url: `${server.url}/api/demo/chat?provider=${provider}&${FAST}`, method: 'POST', body: { prompt: 'p', kind }, provider },
          { retry: false },
        );
        const result = await run.result;
        const answer = sampleAnswer(kind, 'p');
        expect(result.text, `${provider}/${kind}`).toBe(answer.text);
        if (provider !== 'openai') expect(result.reasoning ?? '', `${provider}/${kind} reasoning`).toBe(answer.reasoning);
        expect(result.usage.estimated).toBe(false);
        if (answer.toolCall) {
          expect(result.toolCalls.map((t) => [t.name, t.args])).toEqual([[answer.toolCall.name, answer.toolCall.args]]);
        } else {
          expect(result.toolCalls).toEqual([]);
        }
      }
    }
  });

  it('the text and pipeline routes decode (raw and pipeline decoders)', async () => {
    const { createStream } = await import('../../src/core/stream/create-stream.js');
    const text = await createStream({ url: `${server.url}/api/demo/text?${FAST}&kind=json`, provider: 'raw' }, { retry: false }).result;
    expect(text.text).toBe(demoText('json'));
    expect(JSON.parse(text.text)).toEqual(JSON.parse(sampleAnswer('json').text));
    const pipeline = await createStream({ url: `${server.url}/api/demo/pipeline?steps=3&stepMs=0&${FAST}`, provider: 'pipeline' }, { retry: false }).result;
    expect(pipeline.text).toBe(sampleAnswer('prose', 'pipeline').text);
  });
});
