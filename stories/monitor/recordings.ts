import { seededRandom as prng } from '../../test/helpers/seeded-random.js';
import { StreamError } from '../../src/core/errors.js';
import type { StreamEvent, StreamEventPayload, StreamResult, Usage } from '../../src/core/types.js';


const WORDS = [' stream', ' token', ' kit', ' héllo', ' 世界', ' 🎉', ' partial', ' json', ' pipeline', '\n'];

function recorder(streamId: string) {
  const events: StreamEvent[] = [];
  let t = 0;
  return {
    events,
    advance(ms: number) {
      t += ms;
    },
    push(payload: StreamEventPayload) {
      events.push({ ...payload, seq: events.length, t: Math.round(t * 10) / 10, streamId } as StreamEvent);
    },
  };
}

export interface ChatRecordingOptions {
  tokens?: number;
  seed?: number;
  gapMs?: number;
  /** Every n-th delta contains the word "needle" (for filter tests); 0 = never. */
  needleEvery?: number;
  /** Every n-th event is a tool-call delta (for type-filter tests); 0 = never. */
  toolEvery?: number;
  usageEstimated?: boolean;
}

/** A complete chat run: start, metadata, deltas (optionally tool calls), JSON, usage, done. */
export function makeChatRecording(options: ChatRecordingOptions = {}): StreamEvent[] {
  const random = prng(options.seed ?? 1);
  const r = recorder('chat-rec');
  r.push({ type: 'start', request: { url: '/api/demo/chat?provider=openai', method: 'POST', provider: 'openai' } });
  r.advance(120);
  r.push({ type: 'metadata', model: 'gpt-4o-mini', responseId: 'chatcmpl-1' });
  const text: string[] = [];
  const toolCalls: StreamResult['toolCalls'] = [];
  const count = options.tokens ?? 60;
  for (let i = 1; i <= count; i++) {
    r.advance((options.gapMs ?? 12) * (0.5 + random()));
    if (options.toolEvery && i % options.toolEvery === 0) {
      const id = `call_${i}`;
      r.push({ type: 'tool-call', id, name: 'lookup', argsDelta: `{"q":${i}}`, index: toolCalls.length });
      r.push({ type: 'tool-call-end', id, name: 'lookup', args: { q: i }, index: toolCalls.length });
      toolCalls.push({ id, name: 'lookup', args: { q: i }, argsText: `{"q":${i}}`, index: toolCalls.length });
      continue;
    }
    const delta = options.needleEvery && i % options.needleEvery === 0 ? ' needle' : (WORDS[Math.floor(random() * WORDS.length)] as string);
    text.push(delta);
    r.push({ type: 'text', delta, index: 0 });
  }
  r.advance(5);
  const json = { title: 'Streaming', tags: ['a', 'b'], score: 0.93 };
  r.push({ type: 'json', value: { title: 'Stream' }, complete: false, openPath: ['title'] });
  r.push({ type: 'json', value: json, complete: true, openPath: [] });
  const usage: Usage = {
    inputTokens: 42,
    outputTokens: text.length,
    totalTokens: 42 + text.length,
    estimated: options.usageEstimated ?? false,
    costUsd: 0.000321,
  };
  r.advance(3);
  r.push({ type: 'usage', usage });
  const result: StreamResult = {
    text: text.join(''),
    json,
    toolCalls,
    usage,
    finishReason: 'stop',
    model: 'gpt-4o-mini',
    metrics: { ttftMs: 130, durationMs: r.events.at(-1)?.t ?? 0, chunks: count, events: r.events.length + 1, interTokenMs: { p50: 12, p95: 17, max: 30 }, retries: 0, bytes: count * 40 },
  };
  r.push({ type: 'done', finishReason: 'stop', result });
  return r.events;
}

/** A recording whose events carry credentials in every place they could leak from. */
export const SECRET = 'sk-secret-0123456789abcdef';
export const API_KEY = 'AKV-query-key-777';
export function makeSecretRecording(): StreamEvent[] {
  const r = recorder('secret-rec');
  r.push({ type: 'start', request: { url: `https://api.example.com/v1/chat?api_key=${API_KEY}&stream=true`, method: 'POST', provider: 'openai' } });
  r.advance(50);
  r.push({ type: 'metadata', model: 'gpt-4o', headers: { Authorization: `Bearer ${SECRET}`, 'x-request-id': 'req_1' }, authorization: `Bearer ${SECRET}` });
  r.advance(10);
  r.push({ type: 'text', delta: `The header was Authorization: Bearer ${SECRET} and the url ?api_key=${API_KEY}`, index: 0 });
  r.advance(10);
  r.push({
    type: 'retry',
    attempt: 1,
    delayMs: 200,
    error: new StreamError('http', `503 from https://api.example.com/v1/chat?api_key=${API_KEY}`, {
      status: 503,
      retryable: true,
      bodyExcerpt: `{"error":"busy","api_key":"${API_KEY}","auth":"Bearer ${SECRET}"}`,
    }),
  });
  r.advance(200);
  r.push({ type: 'error', error: new StreamError('http', `401 Unauthorized for key ${SECRET}`, { status: 401, retryable: false }) });
  return r.events;
}

/** A pipeline run: three steps (one failing) with progress, as recorded `pipeline` events. */
export function makePipelineRecording(): StreamEvent[] {
  const r = recorder('pipe-rec');
  const base = Date.parse('2026-01-01T00:00:00.000Z');
  let now = base;
  const pipe = (kind: 'pipeline_start' | 'step_start' | 'step_progress' | 'step_complete' | 'step_error' | 'pipeline_complete' | 'pipeline_error', stepId: string | undefined, data: Record<string, unknown>, dt: number) => {
    now += dt;
    r.advance(dt);
    const payload: StreamEventPayload = { type: 'pipeline', kind, executionId: 'exec-1', timestamp: new Date(now).toISOString(), data, metadata: {} };
    if (stepId !== undefined) (payload as { stepId?: string }).stepId = stepId;
    r.push(payload);
  };
  r.push({ type: 'start', request: { url: '/api/demo/pipeline?steps=3', method: 'GET', provider: 'pipeline' } });
  pipe('pipeline_start', undefined, {}, 10);
  pipe('step_start', 'fetch', { name: 'Fetch sources' }, 10);
  pipe('step_progress', 'fetch', { progress: 0.5, message: 'half' }, 200);
  pipe('step_complete', 'fetch', { duration_ms: 420 }, 220);
  pipe('step_start', 'summarize', { name: 'Summarize' }, 10);
  pipe('step_progress', 'summarize', { progress: 0.3, token: 'Hello' }, 300);
  pipe('step_complete', 'summarize', { duration_ms: 900 }, 600);
  pipe('step_start', 'publish', { name: 'Publish' }, 10);
  pipe('step_error', 'publish', { error: 'quota exceeded' }, 150);
  pipe('pipeline_error', undefined, { error: 'step publish failed' }, 5);
  r.push({ type: 'error', error: new StreamError('provider', 'Pipeline failed: step publish failed', { retryable: false }) });
  return r.events;
}

/** `count` events, mostly text deltas, with a tool call every `toolEvery` and "needle" every `needleEvery`. */
export function makeBigRecording(count: number): StreamEvent[] {
  return makeChatRecording({ tokens: count, gapMs: 2, needleEvery: 777, toolEvery: 1000, seed: 3 }).slice(0, count);
}
