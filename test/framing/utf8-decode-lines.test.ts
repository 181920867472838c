import { describe, expect, it } from 'vitest';
import { createUtf8StreamDecoder } from '../../src/core/framing/utf8-stream.js';
import { SEEDS, randomChunks, seededRandom, utf8 } from './helpers.js';

const oneShot = (bytes: Uint8Array) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);

/** Index of the last LF or CR in `bytes`, by a plain byte loop (the reference for the word scan). */
function lastLineEndNaive(bytes: Uint8Array): number {
  for (let i = bytes.length - 1; i >= 0; i--) if (bytes[i] === 10 || bytes[i] === 13) return i;
  return -1;
}

/** Random bytes: every value possible, line ends, control bytes and UTF-8 lead/continuation bytes frequent. */
function randomBytes(seed: number, length: number): Uint8Array {
  const random = seededRandom(seed);
  const pool = [0x0a, 0x0d, 0x09, 0x00, 0x0b, 0x0c, 0x0e, 0x8a, 0x8d, 0xc3, 0xa9, 0xe6, 0x9d, 0xb1, 0xf0, 0x9f];
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    const r = random();
    bytes[i] = r < 0.02 ? (pool[Math.floor(random() * pool.length)] as number) : r < 0.6 ? 0x20 + Math.floor(random() * 95) : Math.floor(random() * 256);
  }
  return bytes;
}

describe('Utf8StreamDecoder.decodeLines', () => {
  it('returns held text through the last line end of each chunk, and the whole equals one decode', () => {
    for (const seed of SEEDS) {
      const bytes = randomBytes(seed, 20000);
      for (const maxSize of [1, 5, 64, 300, 2047]) {
        const decoder = createUtf8StreamDecoder();
        const out: string[] = [];
        let consumed = 0;
        let pos = 0;
        for (const chunk of randomChunks(bytes, seed + maxSize, maxSize)) {
          const text = decoder.decodeLines(chunk);
          const last = lastLineEndNaive(chunk);
          if (last === -1) expect(text, `seed ${seed}, chunks <= ${maxSize}, at ${pos}`).toBe('');
          else {
            // Exactly the bytes from the previous cut through this chunk's last line end.
            const through = pos + last + 1;
            expect(text, `seed ${seed}, chunks <= ${maxSize}, at ${pos}`).toBe(oneShot(bytes.subarray(consumed, through)));
            consumed = through;
          }
          pos += chunk.length;
          expect(decoder.heldBytes).toBe(pos - consumed);
          out.push(text);
        }
        out.push(decoder.flush());
        expect(out.join(''), `seed ${seed}, chunks <= ${maxSize}`).toBe(oneShot(bytes));
      }
    }
  });

  it('finds a line end of any value next to any byte at every alignment (word-at-a-time scan)', () => {
    // Held prefixes of 0..7 bytes shift the chunk across the 4-byte words of the buffer.
    for (let heldPrefix = 0; heldPrefix < 8; heldPrefix++) {
      for (let length = 1; length <= 9; length++) {
        for (let at = 0; at < length; at++) {
          for (let value = 0; value < 256; value++) {
            const decoder = createUtf8StreamDecoder();
            if (heldPrefix > 0) expect(decoder.decodeLines(new Uint8Array(heldPrefix).fill(0x61))).toBe('');
            const chunk = new Uint8Array(length).fill(0x62);
            chunk[at] = value;
            const text = decoder.decodeLines(chunk);
            if (value === 10 || value === 13) {
              expect(text.length, `prefix ${heldPrefix}, length ${length}, at ${at}`).toBe(heldPrefix + at + 1);
              expect(decoder.heldBytes).toBe(length - at - 1);
            } else {
              expect(text, `value ${value}, prefix ${heldPrefix}, length ${length}, at ${at}`).toBe('');
              expect(decoder.heldBytes).toBe(heldPrefix + length);
            }
          }
        }
      }
    }
  });

  it('keeps held bytes across buffer compaction and growth (long lines, many short ones)', () => {
    const lines = ['short\n', `${'é'.repeat(3000)}\r\n`, 'x'.repeat(9000), '\n', '東京🎉\r', 'tail'];
    const text = lines.join('').repeat(20);
    const bytes = utf8(text);
    for (const seed of SEEDS) {
      const decoder = createUtf8StreamDecoder();
      const out = randomChunks(bytes, seed, 700).map((chunk) => decoder.decodeLines(chunk));
      out.push(decoder.flush());
      expect(out.join(''), `seed ${seed}`).toBe(text);
    }
  });
});
