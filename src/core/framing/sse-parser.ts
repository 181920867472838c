import { StreamError } from '../errors.js';
import { createErrorReporter } from './error-reporter.js';
import { createUtf8StreamDecoder } from './utf8-stream.js';

/**
 * Incremental Server-Sent Events parser following the WHATWG "event stream interpretation":
 * https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 *
 * Pure and I/O free: feed() accepts any split of the stream (strings or UTF-8 bytes), callbacks
 * fire synchronously. Work is linear in the input: each character is scanned once, pending
 * fragments of an unfinished line are kept in an array and joined once when the line completes.
 * Byte chunks without a line end are held undecoded (nothing could be dispatched from them yet)
 * and decoded together with the chunk that ends the line: one decode per line, not per read.
 */

/** One dispatched event, as `EventSource` would deliver it. */
export interface ParsedSSEEvent {
  /** The `event:` field, 'message' when the event had none (or an empty one). */
  event: string;
  /** `data:` lines joined with '\n'. */
  data: string;
  /** The persistent last event id at dispatch time ('' when the server never sent one). */
  id: string;
}

export interface SSEParserOptions {
  onEvent(message: ParsedSSEEvent): void;
  /** A valid `retry:` field (ASCII digits only), in milliseconds. */
  onRetry?(ms: number): void;
  /** A comment line (`:` prefix) without the colon and one optional leading space; servers use them as heartbeats. */
  onComment?(text: string): void;
  /** A `max-buffer` StreamError. Without this callback feed() throws it (after consuming the whole chunk). */
  onError?(error: StreamError): void;
  /** Characters one event may buffer (unfinished line + accumulated data). Default 8 MiB. */
  maxBufferSize?: number;
  /** Dispatch an unterminated last event at end(). Default false, as EventSource discards it. */
  flushOnEnd?: boolean;
}

export interface SSEParser {
  feed(chunk: string | Uint8Array): void;
  /** The stream ended: flushes the UTF-8 decoder, optionally dispatches the last event, resets partial state. */
  end(): void;
  /** Drops partial state (pending line, event fields, decoder bytes; re-arms the BOM) but keeps lastEventId. */
  reset(): void;
  /** The last event id as EventSource tracks it: updated on every dispatch, kept across reset(). */
  readonly lastEventId: string;
}

export const DEFAULT_SSE_MAX_BUFFER_SIZE = 8 * 1024 * 1024;

const LF = 10;
const CR = 13;
const SPACE = 32;
const COLON = 58;
const BOM = 0xfeff;
/**
 * Bytes without any line end are held undecoded up to this size: nothing can be dispatched until a
 * line end arrives, so small network chunks are decoded in one call per line instead of one per chunk.
 */
const MAX_DEFERRED_BYTES = 64 * 1024;
/** Chunks below this size are copied into the decoder's buffer; larger ones are decoded in place. */
const SMALL_CHUNK_BYTES = 2048;

export function createSSEParser(options: SSEParserOptions): SSEParser {
  const { onEvent, onRetry, onComment, onError } = options;
  const maxBufferSize = options.maxBufferSize ?? DEFAULT_SSE_MAX_BUFFER_SIZE;
  if (!(maxBufferSize > 0)) throw new RangeError(`maxBufferSize must be a positive number, got ${String(maxBufferSize)}`);
  const flushOnEnd = options.flushOnEnd === true;
  const decoder = createUtf8StreamDecoder();
  const maxDeferredBytes = Math.min(MAX_DEFERRED_BYTES, maxBufferSize);

  // --- line assembly ---
  /** Fragments of the current unfinished line, joined once when its line end arrives. */
  const pending: string[] = [];
  let pendingLength = 0;
  /** The previous chunk ended in CR: an LF at the start of the next chunk belongs to that line end. */
  let afterCR = false;
  /** Only the very first character of a stream may be a BOM to strip. */
  let atStreamStart = true;

  // --- the event being built ---
  /** First data line; later ones go to `moreData` so the common single-line event allocates no array. */
  let data = '';
  let moreData: string[] | undefined;
  let dataLines = 0;
  let dataLength = 0;
  let eventType = '';
  let idBuffer = '';
  let lastEventId = '';

  // --- overflow recovery ---
  /** After a max-buffer error: drop every line until the blank line that ends the oversized event. */
  let discarding = false;
  /** While discarding: no character of the current line seen yet (a line end now means a blank line). */
  let discardLineEmpty = true;
  /** Errors go to onError, or are thrown once the current chunk is done. */
  const errors = createErrorReporter(onError);

  function feedBytes(bytes: Uint8Array): void {
    if (bytes.length < SMALL_CHUNK_BYTES && decoder.heldBytes + bytes.length <= maxDeferredBytes) {
      // Network-sized chunk: copied behind the held start of its line, scanned there a word at a
      // time, and decoded together with that start once a line end arrives.
      const text = decoder.decodeLines(bytes);
      if (text !== '') feedText(text);
      return;
    }
    // The last line end (LF or CR, always a single ASCII byte, so never inside a character)
    // splits what can be parsed now from the start of a line that is still arriving.
    let last = bytes.length - 1;
    for (; last >= 0; last--) {
      const byte = bytes[last] as number;
      if (byte < 14 && (byte === LF || byte === CR)) break;
    }
    if (last >= 0) decoder.decodeThrough(bytes, last + 1, feedText);
    else if (decoder.heldBytes + bytes.length <= maxDeferredBytes) decoder.defer(bytes);
    // A long line: hand its characters to the string level, which enforces maxBufferSize.
    else feedText(decoder.decode(bytes));
  }

  function feedText(text: string): void {
    const length = text.length;
    if (length === 0) return;
    let pos = 0;
    if (atStreamStart) {
      atStreamStart = false;
      if (text.charCodeAt(0) === BOM) pos = 1;
    }
    if (afterCR) {
      afterCR = false;
      if (text.charCodeAt(pos) === LF) pos++;
    }
    let lf = text.indexOf('\n', pos);
    let cr = text.indexOf('\r', pos);
    if (lf === -1 && cr === -1) {
      if (pos < length) keepPending(text, pos);
      return;
    }
    if (cr === -1) {
      // LF-only stream (the common case): one indexOf per line.
      do {
        if (text.charCodeAt(lf + 1) === LF && dataLines === 0 && pendingLength === 0 && !discarding && dispatchDataLine(text, pos, lf)) {
          pos = lf + 2;
        } else {
          completeLine(text, pos, lf);
          pos = lf + 1;
        }
        lf = text.indexOf('\n', pos);
      } while (lf !== -1);
    } else {
      for (;;) {
        let end: number;
        if (cr === -1) {
          if (lf === -1) break;
          end = lf;
        } else end = lf !== -1 && lf < cr ? lf : cr;
        completeLine(text, pos, end);
        if (end === cr) {
          if (end + 1 === length) {
            afterCR = true;
            pos = length;
            break;
          }
          if (text.charCodeAt(end + 1) === LF) {
            pos = end + 2;
            lf = text.indexOf('\n', pos);
          } else pos = end + 1;
          cr = text.indexOf('\r', pos);
        } else {
          pos = end + 1;
          lf = text.indexOf('\n', pos);
        }
      }
    }
    if (pos < length) keepPending(text, pos);
  }

  /**
   * Fast path for the overwhelmingly common event, `data: ...` followed directly by the blank line,
   * with nothing accumulated before it: dispatches it with no intermediate state. Returns false
   * (having done nothing) when the line is not a data field.
   */
  function dispatchDataLine(text: string, start: number, end: number): boolean {
    if (
      text.charCodeAt(start) !== 100 /* d */ ||
      text.charCodeAt(start + 1) !== 97 ||
      text.charCodeAt(start + 2) !== 116 ||
      text.charCodeAt(start + 3) !== 97 ||
      text.charCodeAt(start + 4) !== COLON
    ) {
      return false;
    }
    const valueStart = text.charCodeAt(start + 5) === SPACE ? start + 6 : start + 5;
    const value = valueStart >= end ? '' : text.slice(valueStart, end);
    if (value.length > maxBufferSize) {
      overflow(true);
      discarding = false; // the blank line that follows ends the discarded event
      return true;
    }
    lastEventId = idBuffer;
    const type = eventType === '' ? 'message' : eventType;
    eventType = '';
    onEvent({ event: type, data: value, id: lastEventId });
    return true;
  }

  function keepPending(text: string, start: number): void {
    if (discarding) {
      discardLineEmpty = false;
      return;
    }
    const fragment = start === 0 ? text : text.slice(start);
    pending.push(fragment);
    pendingLength += fragment.length;
    if (pendingLength + dataLength > maxBufferSize) overflow(false);
  }

  function completeLine(text: string, start: number, end: number): void {
    if (discarding) {
      if (discardLineEmpty && start === end) discarding = false;
      discardLineEmpty = true;
      return;
    }
    if (pendingLength === 0) {
      processLine(text, start, end);
      return;
    }
    if (start < end) pending.push(text.slice(start, end));
    const line = pending.length === 1 ? (pending[0] as string) : pending.join('');
    pending.length = 0;
    pendingLength = 0;
    processLine(line, 0, line.length);
  }

  /**
   * One complete line, `text[start, end)`. `text[end]` is a line terminator or past the end, so
   * peeking one character beyond a field name never matches a letter, colon or space.
   */
  function processLine(text: string, start: number, end: number): void {
    if (start === end) {
      dispatch();
      return;
    }
    const first = text.charCodeAt(start);
    if (first === 100 /* d */) {
      if (text.charCodeAt(start + 1) === 97 && text.charCodeAt(start + 2) === 116 && text.charCodeAt(start + 3) === 97) {
        const after = start + 4;
        if (after === end) {
          appendData('');
          return;
        }
        if (text.charCodeAt(after) === COLON) {
          const valueStart = text.charCodeAt(after + 1) === SPACE ? after + 2 : after + 1;
          appendData(valueStart >= end ? '' : text.slice(valueStart, end));
          return;
        }
      }
      return; // some other field starting with 'd': unknown, ignored
    }
    if (first === COLON) {
      if (onComment !== undefined) onComment(text.slice(text.charCodeAt(start + 1) === SPACE ? start + 2 : start + 1, end));
      return;
    }
    let colon = text.indexOf(':', start);
    if (colon === -1 || colon > end) colon = end;
    const valueStart = colon === end ? end : text.charCodeAt(colon + 1) === SPACE ? colon + 2 : colon + 1;
    const nameLength = colon - start;
    if (nameLength === 5) {
      if (
        first === 101 /* e */ &&
        text.charCodeAt(start + 1) === 118 &&
        text.charCodeAt(start + 2) === 101 &&
        text.charCodeAt(start + 3) === 110 &&
        text.charCodeAt(start + 4) === 116
      ) {
        eventType = valueStart >= end ? '' : text.slice(valueStart, end);
      } else if (
        first === 114 /* r */ &&
        text.charCodeAt(start + 1) === 101 &&
        text.charCodeAt(start + 2) === 116 &&
        text.charCodeAt(start + 3) === 114 &&
        text.charCodeAt(start + 4) === 121
      ) {
        retry(text, valueStart, end);
      }
    } else if (nameLength === 2 && first === 105 /* i */ && text.charCodeAt(start + 1) === 100) {
      const value = valueStart >= end ? '' : text.slice(valueStart, end);
      // An id containing NULL is ignored entirely (WHATWG), so a bad id never clobbers a good one.
      if (value.indexOf('\u0000') === -1) idBuffer = value;
    }
    // Any other field name is ignored, as the spec requires.
  }

  function retry(text: string, start: number, end: number): void {
    if (start >= end) return;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) return; // only ASCII digits make a valid retry
    }
    if (onRetry !== undefined) onRetry(Number(text.slice(start, end)));
  }

  function appendData(value: string): void {
    if (dataLines === 0) {
      data = value;
      dataLength = value.length;
    } else {
      (moreData ??= []).push(value);
      dataLength += 1 + value.length;
    }
    dataLines++;
    if (dataLength + pendingLength > maxBufferSize) overflow(true);
  }

  function dispatch(): void {
    // WHATWG: the last event id is committed at every dispatch, even when no event fires.
    lastEventId = idBuffer;
    if (dataLines === 0) {
      eventType = '';
      return;
    }
    let payload = data;
    if (dataLines > 1 && moreData !== undefined) {
      payload = `${data}\n${moreData.join('\n')}`;
      moreData.length = 0;
    }
    const type = eventType === '' ? 'message' : eventType;
    data = '';
    dataLines = 0;
    dataLength = 0;
    eventType = '';
    onEvent({ event: type, data: payload, id: lastEventId });
  }

  function clearEvent(): void {
    data = '';
    if (moreData !== undefined) moreData.length = 0;
    dataLines = 0;
    dataLength = 0;
    eventType = '';
    // An id field of an event that never dispatched must not leak into the next one.
    idBuffer = lastEventId;
  }

  /** The current event outgrew maxBufferSize: report once, drop it, resync at the next blank line. */
  function overflow(atLineStart: boolean): void {
    pending.length = 0;
    pendingLength = 0;
    clearEvent();
    discarding = true;
    discardLineEmpty = atLineStart;
    errors.report(
      new StreamError(
        'max-buffer',
        `SSE event exceeded maxBufferSize (${maxBufferSize} characters); it was discarded and parsing resumes after the next blank line`,
        { retryable: false },
      ),
    );
  }

  function resetPartial(): void {
    pending.length = 0;
    pendingLength = 0;
    afterCR = false;
    atStreamStart = true;
    discarding = false;
    discardLineEmpty = true;
    clearEvent();
    decoder.reset();
  }

  return {
    feed(chunk: string | Uint8Array): void {
      if (typeof chunk === 'string') feedText(decoder.decode(chunk));
      else feedBytes(chunk);
      errors.throwPending();
    },
    end(): void {
      feedText(decoder.flush());
      if (flushOnEnd && !discarding) {
        if (pendingLength > 0) {
          const line = pending.join('');
          pending.length = 0;
          pendingLength = 0;
          processLine(line, 0, line.length);
        }
        if (!discarding) dispatch();
      }
      resetPartial();
      errors.throwPending();
    },
    reset(): void {
      resetPartial();
      errors.clear();
    },
    get lastEventId(): string {
      return lastEventId;
    },
  };
}
