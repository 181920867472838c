import type { Decoder, DecoderInstance, Emit, FramedMessage } from '../types.js';
import { looksLikePipeline, pipelineDecoder } from './pipeline.js';
import { rawDecoder } from './raw.js';

/**
 * `provider: 'auto'` (the default): the first framed message decides. A pipeline wire event picks the
 * pipeline decoder; otherwise the first candidate whose `detect()` accepts the message; otherwise raw.
 * The chosen decoder then sees every message including that first one.
 */
export function createAutoDecoder(candidates: () => readonly Decoder[]): Decoder {
  return {
    name: 'auto',
    create(): DecoderInstance & { readonly chosen: string | undefined } {
      let inner: DecoderInstance | undefined;
      let chosen: Decoder | undefined;
      const choose = (message: FramedMessage): DecoderInstance => {
        chosen = looksLikePipeline(message) ? pipelineDecoder : (candidates().find((d) => safeDetect(d, message)) ?? rawDecoder);
        return chosen.create();
      };
      return {
        /** Name of the decoder picked from the first message (undefined until then). */
        get chosen() {
          return chosen?.name;
        },
        get terminated() {
          return inner?.terminated ?? false;
        },
        get usage() {
          return inner?.usage;
        },
        push(message: FramedMessage, emit: Emit) {
          inner ??= choose(message);
          inner.push(message, emit);
        },
        end(emit: Emit) {
          // A body with no message at all: nothing to decode, and nothing says a terminal event was due.
          inner ??= rawDecoder.create();
          inner.end?.(emit);
        },
      };
    },
  };
}

function safeDetect(decoder: Decoder, message: FramedMessage): boolean {
  try {
    return decoder.detect?.(message) === true;
  } catch {
    return false;
  }
}

/** The decoder an auto instance picked, or the decoder's own name for any other decoder. */
export function decoderNameOf(spec: Decoder, instance: DecoderInstance | undefined): string {
  const chosen = (instance as { chosen?: unknown } | undefined)?.chosen;
  return spec.name === 'auto' && typeof chosen === 'string' ? chosen : spec.name;
}
