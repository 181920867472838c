import { StreamError } from '../errors.js';
import type { Decoder, DecoderInstance, FramedMessage, ReportedUsage, StreamEventPayload } from '../types.js';
import { reviveEvent } from './ndjson.js';

/** Events the engine produces itself around any decoder: a recording's copies are not re-emitted. */
const ENGINE_OWNED = new Set(['start', 'done', 'retry', 'usage']);

function messageValue(message: FramedMessage): unknown {
  if (message.kind === 'ndjson') return message.value;
  const text = message.kind === 'sse' ? message.data : message.text;
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new StreamError('parse', 'replay: a frame is not a recorded event (invalid JSON)', { retryable: false });
  }
}

/**
 * Decodes recorded StreamEvents (as written by `exportEventsNDJSON`, one per NDJSON line or SSE
 * `data:`) back into event payloads for `createStream`. Recorded `usage` becomes the reported usage,
 * a recorded `error` fails the run with the same code (not retryable: a recording cannot be re-read),
 * and a recorded `done` terminates it.
 */
export const replayDecoder: Decoder = {
  name: 'replay',
  protocol: 'ndjson',
  create(): DecoderInstance {
    let terminated = false;
    let usage: ReportedUsage | undefined;
    let count = 0;
    return {
      get terminated() {
        return terminated;
      },
      get usage() {
        return usage;
      },
      push(message, emit) {
        const value = messageValue(message);
        if (value === undefined) return;
        const event = reviveEvent(value, ++count);
        if (event.type === 'usage' || (event.type === 'done' && usage === undefined)) {
          const u = event.type === 'usage' ? event.usage : event.result.usage;
          if (u) {
            usage = { inputTokens: u.inputTokens, outputTokens: u.outputTokens, totalTokens: u.totalTokens };
            if (u.reasoningTokens !== undefined) usage.reasoningTokens = u.reasoningTokens;
            if (u.cachedInputTokens !== undefined) usage.cachedInputTokens = u.cachedInputTokens;
            if (u.cacheWriteInputTokens !== undefined) usage.cacheWriteInputTokens = u.cacheWriteInputTokens;
          }
        }
        if (event.type === 'done') terminated = true;
        if (event.type === 'error') {
          terminated = true;
          const e = event.error;
          const init: ConstructorParameters<typeof StreamError>[2] = { retryable: false };
          if (e.status !== undefined) init.status = e.status;
          if (e.providerCode !== undefined) init.providerCode = e.providerCode;
          throw new StreamError(e.code, e.message, init);
        }
        if (ENGINE_OWNED.has(event.type)) return;
        const { seq: _seq, t: _t, streamId: _streamId, ...payload } = event;
        emit(payload as StreamEventPayload);
      },
    };
  },
};
