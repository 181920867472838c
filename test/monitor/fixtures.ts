import { seededRandom as prng } from '../helpers/seeded-random.js';
import { StreamError } from '../../src/core/errors.js';
import type { StreamEvent, StreamEventPayload, StreamResult } from '../../src/core/types.js';

export { prng };

const WORDS = ['stream', 'token', 'kit', 'héllo', '世界', 'emoji 🎉', 'json', 'pipeline', ' ', '\n'];

export interface RecordingOptions {
  seed?: number;
  tokens?: number;
  streamId?: string;
  /** Mean gap between tokens in ms. */
  gapMs?: number;
  withTool?: boolean;
  withJson?: boolean;
  failWith?: StreamError;
}

/** A realistic recorded run: start, metadata, deltas, tool call, JSON snapshots, usage, done. */
export function makeRecording(options: RecordingOptions = {}): StreamEvent[] {
  const random = prng(options.seed ?? 1);
  const streamId = options.streamId ?? 'rec-1';
  const events: StreamEvent[] = [];
  let t = 0;
  const push = (payload: StreamEventPayload) => {
    events.push({ ...payload, seq: events.length, t: Math.round(t * 10) / 10, streamId } as StreamEvent);
  };
  push({ type: 'start', request: { url: 'https://api.example.com/v1/chat?stream=1', method: 'POST', provider: 'openai' } });
  t += 20 + random() * 30;
  push({ type: 'metadata', model: 'gpt-test', responseId: 'resp_1' });
  const text: string[] = [];
  for (let i = 0; i < (options.tokens ?? 40); i++) {
    t += (options.gapMs ?? 5) * (0.5 + random());
    const delta = WORDS[Math.floor(random() * WORDS.length)] as string;
    text.push(delta);
    push({ type: 'text', delta, index: 0 });
  }
  const toolCalls: StreamResult['toolCalls'] = [];
  if (options.withTool) {
    t += 3;
    push({ type: 'tool-call', id: 'call_1', name: 'get_weather', argsDelta: '{"city":', index: 0 });
    t += 3;
    push({ type: 'tool-call', id: 'call_1', name: 'get_weather', argsDelta: '"Paris"}', index: 0 });
    push({ type: 'tool-call-end', id: 'call_1', name: 'get_weather', args: { city: 'Paris' }, index: 0 });
    toolCalls.push({ id: 'call_1', name: 'get_weather', args: { city: 'Paris' }, argsText: '{"city":"Paris"}', index: 0 });
  }
  let json: unknown;
  if (options.withJson) {
    t += 2;
    push({ type: 'json', value: { title: 'Hel' }, complete: false, openPath: ['title'] });
    t += 2;
    json = { title: 'Hello', tags: ['a', 'b'], n: 3 };
    push({ type: 'json', value: json, complete: true, openPath: [] });
  }
  if (options.failWith) {
    t += 1;
    push({ type: 'error', error: options.failWith });
    return events;
  }
  const usage = { inputTokens: 12, outputTokens: text.length, totalTokens: 12 + text.length, estimated: false, costUsd: 0.00042 };
  t += 1;
  push({ type: 'usage', usage });
  const result: StreamResult = {
    text: text.join(''),
    toolCalls,
    usage,
    finishReason: 'stop',
    metrics: { ttftMs: 25, durationMs: t, chunks: 10, events: events.length + 1, interTokenMs: { p50: 5, p95: 9, max: 12 }, retries: 0, bytes: 1234 },
  };
  if (json !== undefined) result.json = json;
  t += 1;
  push({ type: 'done', finishReason: 'stop', result });
  return events;
}

export { StreamError };
