import { describe, expect, it } from 'vitest';
import { createUtf8StreamDecoder } from '../../src/core/framing/utf8-stream.js';
import { SEEDS, randomChunks, seededRandom, utf8 } from './helpers.js';

/** Random bytes biased towards UTF-8 lead/continuation bytes, so invalid and cut sequences abound. */
function randomBytes(seed: number, length: number): Uint8Array {
  const random = seededRandom(seed);
  const pool = [0x41, 0x0a, 0x80, 0x8f, 0xbf, 0xc2, 0xc3, 0xdf, 0xe0, 0xe2, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff, 0xa0, 0x9f];
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = random() < 0.3 ? Math.floor(random() * 128) : (pool[Math.floor(random() * pool.length)] as number);
  return bytes;
}

const oneShot = (bytes: Uint8Array) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);

describe('createUtf8StreamDecoder', () => {
  it('decodes any chunking exactly like one decode of the whole input, invalid bytes included', () => {
    for (const seed of SEEDS) {
      const bytes = randomBytes(seed, 3000);
      for (const maxSize of [1, 3, 7, 5000]) {
        const decoder = createUtf8StreamDecoder();
        const parts = randomChunks(bytes, seed + maxSize, maxSize).map((c) => decoder.decode(c));
        parts.push(decoder.flush());
        expect(parts.join(''), `seed ${seed}, chunks <= ${maxSize}`).toBe(oneShot(bytes));
      }
    }
  });

  it('decodeThrough + defer give the same text for small and large chunks', () => {
    const text = 'ab東京🎉\n'.repeat(2000);
    const bytes = utf8(text);
    for (const seed of SEEDS) {
      for (const maxSize of [16, 4096]) {
        const decoder = createUtf8StreamDecoder();
        const out: string[] = [];
        for (const chunk of randomChunks(bytes, seed, maxSize)) {
          const lastLF = chunk.lastIndexOf(10);
          if (lastLF === -1) decoder.defer(chunk);
          else decoder.decodeThrough(chunk, lastLF + 1, (t) => out.push(t));
        }
        out.push(decoder.flush());
        expect(out.join(''), `seed ${seed}, chunks <= ${maxSize}`).toBe(text);
      }
    }
  });

  it('mixing decode, defer and decodeThrough on random (often invalid) bytes equals one decode', () => {
    for (const seed of SEEDS) {
      const bytes = randomBytes(seed * 3, 9000);
      const choose = seededRandom(seed);
      for (const maxSize of [2, 100, 2100, 5000]) {
        const decoder = createUtf8StreamDecoder();
        const out: string[] = [];
        for (const chunk of randomChunks(bytes, seed + maxSize, maxSize)) {
          const lastLF = chunk.lastIndexOf(10);
          const mode = Math.floor(choose() * 3);
          if (mode === 0) out.push(decoder.decode(chunk));
          else if (lastLF !== -1) decoder.decodeThrough(chunk, lastLF + 1, (t) => out.push(t));
          else if (mode === 1) decoder.defer(chunk);
          else out.push(decoder.decode(chunk));
        }
        out.push(decoder.flush());
        expect(out.join(''), `seed ${seed}, chunks <= ${maxSize}`).toBe(oneShot(bytes));
      }
    }
  });

  it('passes strings through and flushes held bytes as U+FFFD before a string', () => {
    const decoder = createUtf8StreamDecoder();
    expect(decoder.decode('plain')).toBe('plain');
    expect(decoder.decode(utf8('é').subarray(0, 1))).toBe('');
    expect(decoder.heldBytes).toBe(1);
    expect(decoder.decode('x')).toBe('\uFFFDx');
    expect(decoder.heldBytes).toBe(0);
  });

  it('keeps a byte-order mark (parsers apply their own rule)', () => {
    expect(createUtf8StreamDecoder().decode(utf8('\uFEFFa'))).toBe('\uFEFFa');
  });

  it('reset() forgets held bytes', () => {
    const decoder = createUtf8StreamDecoder();
    decoder.decode(utf8('🎉').subarray(0, 3));
    decoder.reset();
    expect(decoder.heldBytes).toBe(0);
    expect(decoder.flush()).toBe('');
  });
});
