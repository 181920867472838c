import { describe, expect, it } from 'vitest';
import { StreamError } from '../../src/core/errors.js';
import { createNDJSONParser, type NDJSONParserOptions } from '../../src/core/framing/ndjson-parser.js';
import { SEEDS, fixedChunks, randomChunks, utf8 } from './helpers.js';

function parseAll(chunks: Iterable<string | Uint8Array>, extra: Pick<NDJSONParserOptions, 'maxLineLength'> = {}) {
  const values: unknown[] = [];
  const errors: StreamError[] = [];
  const parser = createNDJSONParser({ ...extra, onValue: (v) => values.push(v), onError: (e) => errors.push(e) });
  for (const chunk of chunks) parser.feed(chunk);
  parser.end();
  return { values, errors };
}

const records = [
  { type: 'text', delta: 'héllo 世界 🎉' },
  { n: 1, list: [1, 2, { deep: null }] },
  'a string',
  42,
  true,
  null,
  { nested: { emoji: '👩‍👩‍👧', escaped: 'line\nbreak "quoted"' } },
];
const input = `${records.map((r) => JSON.stringify(r)).join('\n')}\n`;

describe('createNDJSONParser', () => {
  it('parses every value at random chunk boundaries, as strings and as bytes', () => {
    expect(parseAll([input]).values).toEqual(records);
    for (const seed of SEEDS) {
      expect(parseAll(randomChunks(input, seed, 9)).values, `string seed ${seed}`).toEqual(records);
      expect(parseAll(randomChunks(utf8(input), seed, 9)).values, `byte seed ${seed}`).toEqual(records);
    }
  });

  it('decodes UTF-8 split at every byte', () => {
    const bytes = utf8(input);
    expect(parseAll(fixedChunks(bytes, 1)).values).toEqual(records);
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(parseAll([bytes.subarray(0, cut), bytes.subarray(cut)]).values, `cut ${cut}`).toEqual(records);
    }
  });

  it('accepts CRLF line ends, skips blank lines and a leading BOM', () => {
    const crlf = `\uFEFF{"a":1}\r\n\r\n   \r\n{"b":2}\r\n\n`;
    for (const seed of SEEDS) {
      const result = parseAll(randomChunks(crlf, seed, 4));
      expect(result.values).toEqual([{ a: 1 }, { b: 2 }]);
      expect(result.errors).toEqual([]);
    }
  });

  it('parses a last line without a newline at end()', () => {
    expect(parseAll(['{"a":1}\n{"b":', '2}']).values).toEqual([{ a: 1 }, { b: 2 }]);
    expect(parseAll(['{"a":1}\r']).values).toEqual([{ a: 1 }]);
  });

  it('reports a bad line as a typed parse error with its line number and continues', () => {
    const text = '{"a":1}\n{"b": oops}\n\n{"c":3}\n';
    for (const seed of SEEDS) {
      const { values, errors } = parseAll(randomChunks(text, seed, 5));
      expect(values).toEqual([{ a: 1 }, { c: 3 }]);
      expect(errors).toHaveLength(1);
      const error = errors[0] as StreamError;
      expect(error).toBeInstanceOf(StreamError);
      expect(error.code).toBe('parse');
      expect(error.message).toContain('line 2');
      expect(error.message).toContain('{"b": oops}');
      expect(error.cause).toBeInstanceOf(SyntaxError);
    }
  });

  it('throws without onError, after delivering every good line of the chunk', () => {
    const values: unknown[] = [];
    const parser = createNDJSONParser({ onValue: (v) => values.push(v) });
    expect(() => parser.feed('1\nnope\n3\n')).toThrow(StreamError);
    expect(values).toEqual([1, 3]);
    parser.feed('4\n');
    expect(values).toEqual([1, 3, 4]);
  });

  it('skips an over-long line with a max-buffer error and keeps going', () => {
    const long = JSON.stringify({ big: 'x'.repeat(500) });
    const text = `{"a":1}\n${long}\n{"b":2}\n${long}`;
    for (const chunks of [[text], fixedChunks(text, 7), randomChunks(text, 5, 64)]) {
      const { values, errors } = parseAll(chunks, { maxLineLength: 100 });
      expect(values).toEqual([{ a: 1 }, { b: 2 }]);
      expect(errors.map((e) => e.code)).toEqual(['max-buffer', 'max-buffer']);
      expect(errors[0]?.message).toContain('line 2');
    }
  });

  it('does not count the CR of a CRLF towards maxLineLength', () => {
    const line = JSON.stringify('x'.repeat(98)); // exactly 100 characters
    const { values, errors } = parseAll([`${line}\r\n${line}\r\n`], { maxLineLength: 100 });
    expect(errors).toEqual([]);
    expect(values).toHaveLength(2);
  });

  it('keeps memory bounded on a never-ending line', () => {
    const values: unknown[] = [];
    const errors: StreamError[] = [];
    const parser = createNDJSONParser({ onValue: (v) => values.push(v), onError: (e) => errors.push(e), maxLineLength: 1024 });
    const chunk = 'x'.repeat(4096);
    for (let i = 0; i < 1000; i++) parser.feed(chunk);
    parser.feed('\n{"ok":true}\n');
    expect(errors).toHaveLength(1);
    expect(values).toEqual([{ ok: true }]);
  });
});
