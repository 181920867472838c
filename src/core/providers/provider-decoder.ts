import type { Decoder, DecoderInstance, Emit, FramedMessage, ReportedUsage } from '../types.js';
import { createToolCallTracker, type ToolCallTracker } from './tool-calls.js';

/**
 * The DecoderInstance scaffolding that every provider decoder shares, so that each decoder file
 * holds only what its wire format needs. Why: the state a stream exposes (`terminated`, `usage`),
 * its tool-call tracker and the end-of-body rule are the same for every provider, and each decoder
 * used to write them out again.
 *
 * End of body: the tool calls whose streamed arguments already parse are closed; a cut stream
 * keeps truncated calls open, so their text stays on the partial result.
 *
 * Hot path: the decoder's own `push` is handed out as is (no wrapper or closure per event), and
 * the per-stream state is one plain object of fixed shape.
 */

/** What one stream of a provider decoder records; the instance exposes it read-only. */
export interface ProviderRun {
  /** Set once the provider's terminal event was seen. */
  terminated: boolean;
  /** Usage reported so far; each decoder decides how successive reports combine. */
  usage: ReportedUsage | undefined;
  readonly tools: ToolCallTracker;
}

/** What a decoder supplies for one stream: its message handler, and optionally its own end-of-body work. */
export interface ProviderHandlers {
  push(message: FramedMessage, emit: Emit): void;
  /** Runs at the end of the body, before the complete tool calls are closed (may emit or throw). */
  beforeEnd?(emit: Emit): void;
}

/** An SSE provider decoder: `start` is called once per stream with that stream's fresh state. */
export function defineProviderDecoder(
  name: string,
  detect: (message: FramedMessage) => boolean,
  start: (run: ProviderRun) => ProviderHandlers,
): Decoder {
  return {
    name,
    protocol: 'sse',
    detect,
    create(): DecoderInstance {
      const run: ProviderRun = { terminated: false, usage: undefined, tools: createToolCallTracker() };
      const { push, beforeEnd } = start(run);
      return {
        push,
        end(emit: Emit): void {
          beforeEnd?.(emit);
          run.tools.closeComplete(emit);
        },
        get terminated() {
          return run.terminated;
        },
        get usage() {
          return run.usage;
        },
      };
    },
  };
}
