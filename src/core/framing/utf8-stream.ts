/**
 * Streaming UTF-8 decoding shared by the SSE, NDJSON and text parsers.
 *
 * Transports hand us bytes cut at arbitrary offsets, so a multi-byte character can straddle two
 * chunks. Instead of relying on TextDecoder's `{ stream: true }` state we keep the (at most 3)
 * bytes of an incomplete trailing character ourselves and decode only whole characters. That lets
 * small decodes use the one-shot path (in Node much cheaper per call than stream mode, which a
 * decoder can never leave once used), and lets a parser `defer()` bytes that cannot complete
 * anything yet and decode many small chunks in ONE call.
 * Holding bytes back and decoding them later together with what follows produces exactly the
 * text a streaming decoder would, U+FFFD replacements included.
 *
 * String chunks pass through untouched. Mixing strings and bytes in one stream is allowed but
 * lossy at the seam: when a string arrives while bytes are still held, they are decoded first
 * (an incomplete character becomes U+FFFD), exactly as if the byte stream had ended there.
 * A byte-order mark is never removed here: each parser applies its own BOM rule, identically for
 * string and byte input.
 */
export interface Utf8StreamDecoder {
  /** Text for this chunk: a string as is; for bytes, every complete character held or given. */
  decode(chunk: string | Uint8Array): string;
  /** Holds bytes without decoding them yet (they will precede whatever is decoded next). */
  defer(bytes: Uint8Array): void;
  /**
   * Emits held bytes plus `bytes[0, end)` as text (in one piece, or two for a large chunk so that
   * it is never copied), holding `bytes[end..]` back. `bytes[end - 1]` must end a character (e.g.
   * an ASCII delimiter such as LF). Small chunks deferred before are decoded in a single call.
   */
  decodeThrough(bytes: Uint8Array, end: number, emit: (text: string) => void): void;
  /** Bytes currently held (deferred, or an incomplete trailing character). */
  readonly heldBytes: number;
  /** Ends the byte stream: held bytes are decoded, an incomplete sequence becomes U+FFFD. */
  flush(): string;
  /** Forgets held bytes without producing output. */
  reset(): void;
}

/**
 * Decodes at least this long go through a second decoder that always runs in `stream` mode. Every
 * input we give it ends on a character boundary, so its output is identical; it only picks the
 * engine's bulk converter, which in Node is faster than the one-shot path for large inputs (the
 * one-shot path wins for small ones). Elsewhere both decoders behave the same.
 */
const BULK_DECODE_BYTES = 2048;
const STREAM_MODE = { stream: true } as const;

/** A held buffer larger than this is released after use instead of being kept for reuse. */
const KEEP_CAPACITY = 64 * 1024;
const EMPTY = new Uint8Array(0);

export function createUtf8StreamDecoder(): Utf8StreamDecoder {
  // Created on first use: string-only streams never pay for a decoder.
  let oneShot: TextDecoder | undefined;
  let bulk: TextDecoder | undefined;
  let held: Uint8Array = EMPTY;
  let heldLength = 0;

  /** Decodes bytes that end on a character boundary (or end the stream). */
  function decodeWhole(bytes: Uint8Array): string {
    if (bytes.length < BULK_DECODE_BYTES) return (oneShot ??= new TextDecoder('utf-8', { ignoreBOM: true })).decode(bytes);
    const decoder = (bulk ??= new TextDecoder('utf-8', { ignoreBOM: true }));
    const text = decoder.decode(bytes, STREAM_MODE);
    // Bytes cut just before a held lead byte may end in an unfinished sequence that the stream-mode
    // decoder would wait on. What follows is a lead byte, so that sequence is invalid: flush it
    // (U+FFFD, exactly what a streaming decoder emits on seeing the next lead) to end clean.
    return (bytes[bytes.length - 1] as number) < 0x80 ? text : text + decoder.decode();
  }

  function hold(bytes: Uint8Array): void {
    const needed = heldLength + bytes.length;
    if (needed > held.length) {
      const grown = new Uint8Array(Math.max(needed, held.length * 2, 256));
      grown.set(held.subarray(0, heldLength));
      held = grown;
    }
    held.set(bytes, heldLength);
    heldLength = needed;
  }

  function release(): void {
    heldLength = 0;
    if (held.length > KEEP_CAPACITY) held = EMPTY;
  }

  function decodeBytes(bytes: Uint8Array): string {
    if (heldLength === 0) {
      const complete = completeLength(bytes, bytes.length);
      if (complete < bytes.length) hold(bytes.subarray(complete));
      if (complete === 0) return '';
      return decodeWhole(complete === bytes.length ? bytes : bytes.subarray(0, complete));
    }
    hold(bytes);
    const complete = completeLength(held, heldLength);
    if (complete === 0) return '';
    const text = decodeWhole(held.subarray(0, complete));
    if (complete === heldLength) release();
    else {
      held.copyWithin(0, complete, heldLength);
      heldLength -= complete;
    }
    return text;
  }

  function decodeThrough(bytes: Uint8Array, end: number, emit: (text: string) => void): void {
    if (heldLength === 0) {
      if (end === bytes.length) emit(decodeWhole(bytes));
      else {
        emit(decodeWhole(bytes.subarray(0, end)));
        hold(bytes.subarray(end));
      }
      return;
    }
    if (bytes.length >= BULK_DECODE_BYTES) {
      // Large chunk: do not copy it behind the held bytes. The stream-mode decoder carries a
      // character cut between the two calls, and ends clean because bytes[end - 1] ends one.
      const decoder = (bulk ??= new TextDecoder('utf-8', { ignoreBOM: true }));
      const head = decoder.decode(held.subarray(0, heldLength), STREAM_MODE);
      release();
      if (head !== '') emit(head);
      emit(decoder.decode(end === bytes.length ? bytes : bytes.subarray(0, end), STREAM_MODE));
      if (end < bytes.length) hold(bytes.subarray(end));
      return;
    }
    // Small chunk: append it and decode everything deferred so far in one call.
    hold(bytes);
    const through = heldLength - bytes.length + end;
    const text = decodeWhole(held.subarray(0, through));
    if (through === heldLength) release();
    else {
      held.copyWithin(0, through, heldLength);
      heldLength -= through;
    }
    emit(text);
  }

  function flush(): string {
    if (heldLength === 0) return '';
    // Always the one-shot decoder: an incomplete final character must become U+FFFD, not be held.
    const text = (oneShot ??= new TextDecoder('utf-8', { ignoreBOM: true })).decode(held.subarray(0, heldLength));
    release();
    return text;
  }

  return {
    decode(chunk: string | Uint8Array): string {
      if (typeof chunk !== 'string') return chunk.length === 0 ? '' : decodeBytes(chunk);
      if (heldLength === 0) return chunk;
      return flush() + chunk;
    },
    defer(bytes: Uint8Array): void {
      if (bytes.length > 0) hold(bytes);
    },
    decodeThrough,
    get heldBytes(): number {
      return heldLength;
    },
    flush,
    reset: release,
  };
}

/**
 * Length of the prefix of `bytes[0, length)` that ends on a character boundary: everything except
 * a trailing lead byte whose continuation bytes have not arrived yet. Only the last 3 bytes can
 * belong to such a sequence (UTF-8 characters are at most 4 bytes).
 */
function completeLength(bytes: Uint8Array, length: number): number {
  const stop = length > 3 ? length - 3 : 0;
  for (let i = length - 1; i >= stop; i--) {
    const byte = bytes[i] as number;
    if (byte < 0x80) return length; // ASCII ends any sequence
    if (byte >= 0xc0) {
      const size = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return i + size > length ? i : length;
    }
    // a continuation byte: its lead byte is further back
  }
  return length;
}
