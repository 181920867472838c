import { describe, expect, it } from 'vitest';
import { createTextParser } from '../../src/core/framing/text-parser.js';
import { SEEDS, fixedChunks, randomChunks, utf8 } from './helpers.js';

function parseAll(chunks: Iterable<string | Uint8Array>) {
  const pieces: string[] = [];
  const parser = createTextParser({ onText: (t) => pieces.push(t) });
  for (const chunk of chunks) parser.feed(chunk);
  parser.end();
  return pieces;
}

const text = 'Plain text with ümlauts, 中文字符, emoji 🎉👩‍👩‍👧 and 𝄞 music.\nSecond line.';

describe('createTextParser', () => {
  it('reassembles UTF-8 split at every byte exactly, never emitting an empty string', () => {
    const bytes = utf8(text);
    const oneByOne = parseAll(fixedChunks(bytes, 1));
    expect(oneByOne.join('')).toBe(text);
    expect(oneByOne.every((p) => p.length > 0)).toBe(true);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const pieces = parseAll([bytes.subarray(0, cut), bytes.subarray(cut)]);
      expect(pieces.join(''), `cut ${cut}`).toBe(text);
      expect(pieces.every((p) => p.length > 0)).toBe(true);
    }
    for (const seed of SEEDS) expect(parseAll(randomChunks(bytes, seed, 6)).join('')).toBe(text);
  });

  it('passes strings through', () => {
    expect(parseAll(['a', '', 'b'])).toEqual(['a', 'b']);
  });

  it('drops a leading BOM only', () => {
    expect(parseAll(['\uFEFFa\uFEFF']).join('')).toBe('a\uFEFF');
    expect(parseAll([utf8('\uFEFFa')]).join('')).toBe('a');
    expect(parseAll(['\uFEFF', 'a']).join('')).toBe('a');
  });

  it('flushes an incomplete trailing sequence as U+FFFD at end()', () => {
    const bytes = utf8('ok🎉');
    expect(parseAll([bytes.subarray(0, bytes.length - 1)]).join('')).toBe('ok\uFFFD');
  });
});
