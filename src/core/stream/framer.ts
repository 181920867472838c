import { type StreamError, toStreamError } from '../errors.js';
import { createNDJSONParser } from '../framing/ndjson-parser.js';
import { createSSEParser } from '../framing/sse-parser.js';
import { createTextParser } from '../framing/text-parser.js';
import type { FramedMessage, Protocol } from '../types.js';

export interface FramerCallbacks {
  onMessage(message: FramedMessage): void;
  /** The server's `retry:` field (SSE only). */
  onRetry?(ms: number): void;
}

/**
 * One interface over the three framings, for the stream loop. Errors from the parser or from
 * `onMessage` (a decoder throwing) are captured instead of unwinding through the parser: the parser
 * may be mid-scan, so the loop checks `error` after every feed and stops there.
 */
export interface Framer {
  readonly protocol: Protocol;
  feed(chunk: string | Uint8Array): void;
  /** Body ended cleanly: flush what the framing allows (a final unterminated NDJSON line / text). */
  end(): void;
  /** Connection broke: drop partial state but keep SSE's lastEventId (for resume). */
  reset(): void;
  readonly lastEventId: string;
  /** The first error raised while framing or handling messages; once set, further messages are ignored. */
  readonly error: StreamError | undefined;
}

export function createFramer(protocol: Protocol, callbacks: FramerCallbacks, options: { maxBufferSize?: number | undefined } = {}): Framer {
  let error: StreamError | undefined;
  const fail = (e: unknown) => {
    if (error === undefined) error = toStreamError(e, 'parse');
  };
  const deliver = (message: FramedMessage) => {
    if (error !== undefined) return;
    try {
      callbacks.onMessage(message);
    } catch (e) {
      fail(e);
    }
  };
  const guard = (fn: () => void) => {
    if (error !== undefined) return;
    try {
      fn();
    } catch (e) {
      fail(e);
    }
  };

  if (protocol === 'sse') {
    const sseOptions: Parameters<typeof createSSEParser>[0] = {
      onEvent: ({ event, data, id }) => deliver({ kind: 'sse', event, data, id }),
      onError: fail,
    };
    if (callbacks.onRetry) sseOptions.onRetry = callbacks.onRetry;
    if (options.maxBufferSize !== undefined) sseOptions.maxBufferSize = options.maxBufferSize;
    const parser = createSSEParser(sseOptions);
    return {
      protocol,
      feed: (chunk) => guard(() => parser.feed(chunk)),
      end: () => guard(() => parser.end()),
      reset: () => parser.reset(),
      get lastEventId() {
        return parser.lastEventId;
      },
      get error() {
        return error;
      },
    };
  }

  const makeParser = () =>
    protocol === 'ndjson'
      ? createNDJSONParser({
          onValue: (value: unknown) => deliver({ kind: 'ndjson', value }),
          onError: fail,
          ...(options.maxBufferSize !== undefined ? { maxLineLength: options.maxBufferSize } : {}),
        })
      : createTextParser({ onText: (text: string) => deliver({ kind: 'text', text }) });
  // NDJSON and text have no resumable state worth keeping (no ids, so no resume): reset() only has to
  // make sure half a line from a broken body is never glued to the next body.
  let current = makeParser();
  // application/json-seq (RFC 7464) starts each record with RS (0x1E). A raw RS can never be part of
  // JSON text (control characters inside strings must be escaped), so mapping it to a line break turns
  // JSON text sequences into NDJSON without any ambiguity.
  const normalize = protocol === 'ndjson' ? recordSeparatorsToNewlines : (chunk: string | Uint8Array) => chunk;
  return {
    protocol,
    feed: (chunk) => guard(() => current.feed(normalize(chunk))),
    end: () => guard(() => current.end()),
    reset: () => {
      current = makeParser();
    },
    lastEventId: '',
    get error() {
      return error;
    },
  };
}

const RS = 0x1e;

function recordSeparatorsToNewlines(chunk: string | Uint8Array): string | Uint8Array {
  if (typeof chunk === 'string') return chunk.includes('\u001e') ? chunk.replaceAll('\u001e', '\n') : chunk;
  if (chunk.indexOf(RS) === -1) return chunk;
  const copy = chunk.slice();
  for (let i = copy.indexOf(RS); i !== -1; i = copy.indexOf(RS, i + 1)) copy[i] = 0x0a;
  return copy;
}
