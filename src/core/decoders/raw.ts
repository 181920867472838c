import type { Decoder, DecoderInstance, Emit, FramedMessage } from '../types.js';

/**
 * The `raw` decoder: every framed message becomes a `text` event.
 * - SSE: the `data` is the delta. `data: [DONE]` or an `event: done` / `event: end` is the terminal
 *   event. A stream without a terminal convention that ends cleanly is a success, unless the server
 *   sent ids: a server that numbers its events can be resumed, so its clean end before a terminal
 *   event is treated as a disconnect.
 * - NDJSON: a string value is the delta; an object's string `text`, `delta` or `content` field is;
 *   any other value is sent as its JSON text.
 * - text: each chunk is the delta.
 */
export const rawDecoder: Decoder = {
  name: 'raw',
  create(): DecoderInstance {
    let terminated = false;
    let sawId = false;
    return {
      get terminated() {
        return terminated;
      },
      push(message: FramedMessage, emit: Emit) {
        if (terminated) return;
        const delta = deltaOf(message);
        if (message.kind === 'sse') {
          if (message.id !== '') sawId = true;
          if (message.data === '[DONE]' || message.event === 'done' || message.event === 'end') {
            terminated = true;
            return;
          }
        }
        if (delta !== '') emit({ type: 'text', delta, index: 0 });
      },
      end() {
        if (!sawId) terminated = true;
      },
    };
  },
};

function deltaOf(message: FramedMessage): string {
  switch (message.kind) {
    case 'sse':
      return message.data;
    case 'text':
      return message.text;
    case 'ndjson': {
      const v = message.value;
      if (typeof v === 'string') return v;
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
        const o = v as Record<string, unknown>;
        for (const key of ['text', 'delta', 'content'] as const) {
          if (typeof o[key] === 'string') return o[key];
        }
      }
      return JSON.stringify(v) ?? '';
    }
  }
}
