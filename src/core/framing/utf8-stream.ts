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
  /**
   * Holds a small chunk and, when it contains a line end (LF or CR, ASCII so never inside a
   * character), returns all held text through the last one, holding back what follows. Returns ''
   * (holding everything) when the chunk has no line end. Scanning the copy lets the search read
   * whole words; small chunks are copied anyway to be decoded together with the rest of their line.
   */
  decodeLines(bytes: Uint8Array): string;
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
/**
 * First size of the held buffer. Roomy enough that, while a few hundred bytes of an unfinished line
 * wait in it, small chunks are appended for many lines before it needs compacting.
 */
const INITIAL_CAPACITY = 4096;
const EMPTY = new Uint8Array(0);
const EMPTY_WORDS = new Int32Array(0);

export function createUtf8StreamDecoder(): Utf8StreamDecoder {
  // Created on first use: string-only streams never pay for a decoder.
  let oneShot: TextDecoder | undefined;
  let bulk: TextDecoder | undefined;
  /**
   * Held bytes are `held[heldStart, heldEnd)`. Decoding a prefix only moves heldStart (no copy);
   * the buffer is compacted or grown when an append does not fit. Its capacity is always a multiple
   * of 4 so that `heldWords` (the same memory as 32-bit words) covers every byte.
   */
  let held: Uint8Array = EMPTY;
  let heldWords: Int32Array = EMPTY_WORDS;
  let heldStart = 0;
  let heldEnd = 0;

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
    if (heldEnd + bytes.length > held.length) makeRoom(bytes.length);
    held.set(bytes, heldEnd);
    heldEnd += bytes.length;
  }

  /**
   * Room for `extra` more bytes at heldEnd. Compacts in place only while the result leaves at least
   * half the buffer free, otherwise doubles it: either way the bytes moved are paid for by at least
   * as many appended ones, so holding stays linear however long a line grows.
   */
  function makeRoom(extra: number): void {
    const size = heldEnd - heldStart;
    const needed = size + extra;
    if (needed <= held.length >> 1) held.copyWithin(0, heldStart, heldEnd);
    else {
      const capacity = (Math.max(needed * 2, INITIAL_CAPACITY) + 3) & ~3;
      const grown = new Uint8Array(capacity);
      grown.set(held.subarray(heldStart, heldEnd));
      held = grown;
      heldWords = new Int32Array(grown.buffer, 0, capacity >> 2);
    }
    heldStart = 0;
    heldEnd = size;
  }

  /** Drops `held[heldStart, through)` after it was decoded. */
  function consume(through: number): void {
    if (through < heldEnd) heldStart = through;
    else release();
  }

  function release(): void {
    heldStart = 0;
    heldEnd = 0;
    if (held.length > KEEP_CAPACITY) {
      held = EMPTY;
      heldWords = EMPTY_WORDS;
    }
  }

  /**
   * Index of the last LF or CR in `held[from, to)`, or -1. Reads 4 bytes at a time: a word without
   * any byte below 14 (the usual case in text) cannot hold one, and is skipped with a few integer
   * operations instead of four byte comparisons. The test `(x - 0x0e0e0e0e) & ~x & 0x80808080` is
   * non-zero exactly when some byte of x is below 0x0e (independent of byte order).
   */
  function lastLineEnd(from: number, to: number): number {
    const bytes = held;
    const words = heldWords;
    const firstWord = from >> 2;
    for (let word = (to - 1) >> 2; word >= firstWord; word--) {
      const x = words[word] as number;
      if (((x - 0x0e0e0e0e) & ~x & 0x80808080) === 0) continue;
      const wordStart = word << 2;
      const stop = wordStart > from ? wordStart : from;
      for (let i = wordStart + 3 < to ? wordStart + 3 : to - 1; i >= stop; i--) {
        const byte = bytes[i] as number;
        if (byte === 10 || byte === 13) return i;
      }
    }
    return -1;
  }

  function decodeLines(bytes: Uint8Array): string {
    if (bytes.length === 0) return '';
    hold(bytes);
    const last = lastLineEnd(heldEnd - bytes.length, heldEnd);
    if (last === -1) return '';
    // The line end is ASCII, so the run ends on a character boundary.
    const text = decodeWhole(held.subarray(heldStart, last + 1));
    consume(last + 1);
    return text;
  }

  function decodeBytes(bytes: Uint8Array): string {
    if (heldEnd === heldStart) {
      const complete = completeLength(bytes, 0, bytes.length);
      if (complete < bytes.length) hold(bytes.subarray(complete));
      if (complete === 0) return '';
      return decodeWhole(complete === bytes.length ? bytes : bytes.subarray(0, complete));
    }
    hold(bytes);
    const complete = completeLength(held, heldStart, heldEnd);
    if (complete === heldStart) return '';
    const text = decodeWhole(held.subarray(heldStart, complete));
    consume(complete);
    return text;
  }

  function decodeThrough(bytes: Uint8Array, end: number, emit: (text: string) => void): void {
    if (heldEnd === heldStart) {
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
      const head = decoder.decode(held.subarray(heldStart, heldEnd), STREAM_MODE);
      release();
      if (head !== '') emit(head);
      emit(decoder.decode(end === bytes.length ? bytes : bytes.subarray(0, end), STREAM_MODE));
      if (end < bytes.length) hold(bytes.subarray(end));
      return;
    }
    // Small chunk: append it and decode everything deferred so far in one call.
    hold(bytes);
    const through = heldEnd - bytes.length + end;
    const text = decodeWhole(held.subarray(heldStart, through));
    consume(through);
    emit(text);
  }

  function flush(): string {
    if (heldEnd === heldStart) return '';
    // Always the one-shot decoder: an incomplete final character must become U+FFFD, not be held.
    const text = (oneShot ??= new TextDecoder('utf-8', { ignoreBOM: true })).decode(held.subarray(heldStart, heldEnd));
    release();
    return text;
  }

  return {
    decode(chunk: string | Uint8Array): string {
      if (typeof chunk !== 'string') return chunk.length === 0 ? '' : decodeBytes(chunk);
      if (heldEnd === heldStart) return chunk;
      return flush() + chunk;
    },
    defer(bytes: Uint8Array): void {
      if (bytes.length > 0) hold(bytes);
    },
    decodeLines,
    decodeThrough,
    get heldBytes(): number {
      return heldEnd - heldStart;
    },
    flush,
    reset: release,
  };
}

/**
 * End of the prefix of `bytes[start, end)` that ends on a character boundary: everything except a
 * trailing lead byte whose continuation bytes have not arrived yet. Only the last 3 bytes can
 * belong to such a sequence (UTF-8 characters are at most 4 bytes).
 */
function completeLength(bytes: Uint8Array, start: number, end: number): number {
  const stop = end - 3 > start ? end - 3 : start;
  for (let i = end - 1; i >= stop; i--) {
    const byte = bytes[i] as number;
    if (byte < 0x80) return end; // ASCII ends any sequence
    if (byte >= 0xc0) {
      const size = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return i + size > end ? i : end;
    }
    // a continuation byte: its lead byte is further back
  }
  return end;
}
