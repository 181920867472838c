/**
 * Regressions collected from other streaming JSON parsers' bug trackers, plus the options
 * (maxDepth, maxStringLength, lenient) and the security rule for `__proto__`.
 */
import { describe, expect, it } from 'vitest';
import { StreamError } from '../../src/core/errors.js';
import { createPartialJSONParser, parsePartialJSON } from '../../src/core/json/partial-json-parser.js';
import { chunksOf, feedAndCheck, randomChunks } from './partial-rules.js';

function rejects(chunks: string[], options: Parameters<typeof createPartialJSONParser>[0] = {}): StreamError {
  const parser = createPartialJSONParser(options);
  try {
    for (const chunk of chunks) parser.write(chunk);
    parser.end();
  } catch (error) {
    expect(error).toBeInstanceOf(StreamError);
    return error as StreamError;
  }
  throw new Error(`accepted ${JSON.stringify(chunks.join(''))}`);
}

describe('cut escapes and surrogate pairs are held back', () => {
  it.each([
    ['inside \\u', ['["ab\\u', '00e9"]'], 'ab', 'abé'],
    ['inside \\uD8', ['["x\\uD8', '3D\\uDE00"]'], 'x', 'x😀'],
    ['between two surrogate halves', ['["x\\uD83D', '\\uDE00y"]'], 'x', 'x😀y'],
    ['after a lone backslash', ['["a\\', 'nb"]'], 'a', 'a\nb'],
    ['between raw surrogate halves', ['["x\uD83D', '\uDE00"]'], 'x', 'x😀'],
  ])('%s', (_label, chunks, partial, final) => {
    const parser = createPartialJSONParser();
    parser.write(chunks[0] as string);
    expect(parser.value).toEqual([partial]);
    parser.write(chunks[1] as string);
    expect(parser.end()).toEqual([final]);
  });

  it('a lone high surrogate is shown once a non-surrogate follows (JSON.parse keeps it too)', () => {
    const parser = createPartialJSONParser();
    parser.write('"a\\uD800');
    expect(parser.value).toBe('a');
    parser.write('b');
    expect(parser.value).toBe('a\uD800b');
    parser.write('"');
    expect(parser.end()).toBe(JSON.parse('"a\\uD800b"'));
  });
});

describe('numbers and literals appear only when complete', () => {
  it.each([['-'], ['0.'], ['1e-'], ['1E+'], ['-0'], ['12']])('%s at the end of a chunk shows nothing yet', (prefix) => {
    const parser = createPartialJSONParser();
    parser.write(`[${prefix}`);
    expect(parser.value).toEqual([]);
  });

  it('completes numbers at their delimiter and top-level numbers at end()', () => {
    const parser = createPartialJSONParser();
    parser.write('[1');
    parser.write('2');
    expect(parser.value).toEqual([]);
    parser.write(',');
    expect(parser.value).toEqual([12]);
    expect(parsePartialJSON('123')).toBeUndefined();
    const top = createPartialJSONParser();
    top.write('-1.5e');
    top.write('3');
    expect(top.end()).toBe(-1500);
  });

  it.each([['-'], ['0.'], ['1e-'], ['-'], ['1.e5'], ['01'], ['-01'], ['+1'], ['1e'], ['0x1']])('truncated or invalid number %s is rejected', (text) => {
    expect(rejects([text]).code).toBe('parse');
    expect(rejects(chunksOf(text, 1)).code).toBe('parse');
  });

  it('literals are atomic across chunks and checked letter by letter', () => {
    const parser = createPartialJSONParser();
    parser.write('[tr');
    expect(parser.value).toEqual([]);
    parser.write('ue, nu');
    expect(parser.value).toEqual([true]);
    parser.write('ll]');
    expect(parser.end()).toEqual([true, null]);
    expect(rejects(['[tru', 'x]']).message).toMatch(/offset 4/);
  });
});

describe('whitespace, tabs, top-level scalars', () => {
  it('a whitespace-only first chunk is fine', () => {
    const parser = createPartialJSONParser();
    parser.write('   \n\t ');
    expect(parser.value).toBeUndefined();
    parser.write('{"a":1}');
    expect(parser.end()).toEqual({ a: 1 });
  });

  it('tabs between tokens are whitespace; a raw tab inside a string is rejected (strict)', () => {
    expect(feedAndCheck(chunksOf('{\t"a"\t:\t[\t1\t]\t}', 1)).final).toEqual({ a: [1] });
    const error = rejects(['["a\tb"]']);
    expect(error.code).toBe('parse');
    expect(error.message).toMatch(/control character.*offset 3/);
  });

  it('top-level scalars: strings grow, others appear at end()', () => {
    const s = createPartialJSONParser();
    s.write('"ab');
    expect(s.value).toBe('ab');
    s.write('c"');
    expect(s.end()).toBe('abc');
    for (const [text, value] of [['123', 123], ['true', true], ['null', null], [' -0 ', -0]] as const) {
      expect(feedAndCheck(chunksOf(text, 1)).final).toBe(value);
    }
  });

  it('empty input and whitespace-only input are truncated', () => {
    expect(rejects([]).message).toMatch(/end of JSON input at offset 0/);
    expect(rejects(['  ']).message).toMatch(/end of JSON input at offset 2/);
  });
});

describe('invalid JSON is rejected as soon as the offending character arrives', () => {
  it.each([
    ['.5', 0],
    ['[abc', 1],
    ['["a\\x"]', 4],
    ['["\\u12G4"]', 6],
    ['{"a" 1}', 5],
    ['{"a":1 "b":2}', 7],
    ['[1,]', 3],
    ['{"a":1,}', 7],
    ['[1}', 2],
    ['{"a":1]', 6],
    ['{1:2}', 1],
    ["['a']", 1],
    ['[1] [2]', 4],
  ])('%s fails at offset %d, during write()', (text, offset) => {
    const parser = createPartialJSONParser();
    let thrown: unknown;
    for (const chunk of chunksOf(text, 1)) {
      try {
        parser.write(chunk);
      } catch (error) {
        thrown = error;
        break;
      }
    }
    expect(thrown).toBeInstanceOf(StreamError);
    expect((thrown as StreamError).code).toBe('parse');
    expect((thrown as StreamError).message).toContain(`at offset ${offset}`);
    // The same offset when the whole text arrives at once (containers closing within one chunk are
    // built by the fast path; on invalid text it falls back to the exact character-by-character check).
    const whole = createPartialJSONParser();
    expect(() => {
      whole.write(text);
      whole.end();
    }).toThrow(`at offset ${offset}`);
  });

  it('stays failed: later writes and end() rethrow the same error', () => {
    const parser = createPartialJSONParser();
    parser.write('[1');
    expect(() => parser.write('x')).toThrow(StreamError);
    let first: unknown;
    try {
      parser.write(']');
    } catch (error) {
      first = error;
    }
    expect(() => parser.end()).toThrow(first as Error);
  });

  it('end() rejects truncated input', () => {
    for (const text of ['{', '[1,', '{"a"', '{"a":', '"abc', '[true', '{"a":[]']) {
      const error = rejects([text]);
      expect(error.code).toBe('parse');
      expect(error.message).toMatch(/Unexpected end of JSON input/);
    }
  });
});

describe('containers that close within one chunk (fast path)', () => {
  it('are complete, frozen, JSON.parse-equal, and keep their identity afterwards', () => {
    const parser = createPartialJSONParser();
    parser.write('{"done": {"a": [1, {"b": "\\u00e9\\"x"}], "__proto__": {"p": 1}}, "open": [');
    const first = parser.value as { done: Record<string, unknown>; open: unknown[] };
    expect(first.done).toEqual(JSON.parse('{"a": [1, {"b": "\\u00e9\\"x"}], "__proto__": {"p": 1}}'));
    expect(Object.isFrozen(first.done)).toBe(true);
    expect(parser.isComplete(first.done)).toBe(true);
    expect(parser.isComplete((first.done['a'] as unknown[])[1])).toBe(true);
    expect(Object.getPrototypeOf(first.done)).toBe(Object.prototype);
    expect(parser.isComplete(first.open)).toBe(false);
    parser.write('1, 2]}');
    const final = parser.end() as typeof first;
    expect(final.done).toBe(first.done);
    expect(final.open).toEqual([1, 2]);
  });

  it('still report completions through onComplete', () => {
    const paths: string[] = [];
    const parser = createPartialJSONParser({ onComplete: (path) => paths.push(path.join('/')) });
    parser.write('[{"a": [true]}]');
    parser.end();
    expect(paths).toEqual(['0/a/0', '0/a', '0', '']);
  });

  it('fall back to the exact check for lenient syntax in one chunk', () => {
    const parser = createPartialJSONParser({ lenient: true });
    parser.write('{"a": [1, 2,], "b": "x\ny",}');
    expect(parser.end()).toEqual({ a: [1, 2], b: 'x\ny' });
  });
});

describe('deep nesting uses an explicit stack', () => {
  it('100,000 nested arrays parse without overflowing the call stack', () => {
    const depth = 100_000;
    const text = '['.repeat(depth) + ']'.repeat(depth);
    const parser = createPartialJSONParser();
    for (const chunk of chunksOf(text, 4096)) parser.write(chunk);
    let node = parser.end();
    let levels = 0;
    while (Array.isArray(node) && node.length > 0) {
      node = node[0];
      levels++;
    }
    expect(levels).toBe(depth - 1);
  });

  it('100,000 opening arrays are rejected at end()', () => {
    expect(rejects(['['.repeat(100_000)]).message).toMatch(/end of JSON input/);
  });

  it('maxDepth rejects deeper nesting with a max-buffer error', () => {
    expect(feedAndCheck(['[[[1]]]'], { maxDepth: 3 }).final).toEqual([[[1]]]);
    const error = rejects(['[[[[1]]]]'], { maxDepth: 3 });
    expect(error.code).toBe('max-buffer');
    expect(error.message).toMatch(/maxDepth \(3\).*offset 3/);
  });
});

describe('maxStringLength', () => {
  it('bounds strings and keys, across chunks and in one chunk', () => {
    expect(feedAndCheck(['["abcd"]'], { maxStringLength: 4 }).final).toEqual(['abcd']);
    for (const chunks of [['["abcde"]'], chunksOf('["abcde"]', 2), ['{"abcdef":1}'], ['["ab\\u0041\\n', 'cd"]']]) {
      const error = rejects(chunks, { maxStringLength: 4 });
      expect(error.code).toBe('max-buffer');
    }
  });
});

describe('__proto__ keys are plain data', () => {
  it('never change a prototype, in any chunking', () => {
    const text = '{"__proto__": {"polluted": true}, "a": {"__proto__": [1]}, "__proto__": {"x": 1}}';
    for (const chunks of [[text], chunksOf(text, 1), randomChunks(text, 11)]) {
      const { final } = feedAndCheck(chunks, { replaceable: (p) => p === '/__proto__' });
      const value = final as Record<string, unknown>;
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
      expect(Object.getPrototypeOf(value['a'])).toBe(Object.prototype);
      expect(Object.keys(value)).toEqual(['__proto__', 'a']);
      expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toEqual({ x: 1 });
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      expect(final).toEqual(JSON.parse(text));
    }
  });
});

describe('duplicate keys', () => {
  it('last wins like JSON.parse; the new value is held back until complete', () => {
    const parser = createPartialJSONParser();
    parser.write('{"a": "first", "b": 1, "a": "sec');
    expect(parser.value).toEqual({ a: 'first', b: 1 });
    parser.write('ond", "a": [1, ');
    expect(parser.value).toEqual({ a: 'second', b: 1 });
    parser.write('2]}');
    expect(parser.end()).toEqual(JSON.parse('{"a": "first", "b": 1, "a": "second", "a": [1, 2]}'));
  });
});

describe('lenient mode', () => {
  it('accepts a markdown code fence around the value', () => {
    const text = '```json\n{"a": [1, 2]}\n```\n';
    for (const chunks of [[text], chunksOf(text, 1), chunksOf(text, 3)]) {
      expect(feedAndCheck(chunks, { lenient: true }).final).toEqual({ a: [1, 2] });
    }
    expect(feedAndCheck(['```\n[1]\n```'], { lenient: true }).final).toEqual([1]);
    expect(feedAndCheck(['```json\n[1]\n'], { lenient: true }).final).toEqual([1]); // closing fence never came
    expect(rejects(['```json\n[1]\n``` trailing'], { lenient: true }).code).toBe('parse');
    expect(rejects(['```json\n[1]\n```'], {}).code).toBe('parse'); // strict mode: not JSON
  });

  it('accepts trailing commas', () => {
    const text = '{"a": [1, 2, ], "b": {"c": 1,}, }';
    expect(feedAndCheck(chunksOf(text, 1), { lenient: true }).final).toEqual({ a: [1, 2], b: { c: 1 } });
    expect(rejects(['[1,,]'], { lenient: true }).code).toBe('parse');
    expect(rejects(['[,]'], { lenient: true }).code).toBe('parse');
  });

  it('accepts raw newlines, carriage returns and tabs inside strings', () => {
    const text = '{"poem": "line one\nline\ttwo\r\nend \\"quoted\\""}';
    for (const chunks of [[text], chunksOf(text, 1), chunksOf(text, 5)]) {
      expect(feedAndCheck(chunks, { lenient: true }).final).toEqual({ poem: 'line one\nline\ttwo\r\nend "quoted"' });
    }
    expect(rejects(['"a\u0001b"'], { lenient: true }).code).toBe('parse');
  });
});

describe('openPath and completion callbacks', () => {
  it('openPath names the value being written', () => {
    const parser = createPartialJSONParser();
    parser.write('{"a": [1, {"b": "x');
    expect(parser.openPath).toEqual(['a', 1, 'b']);
    parser.write('"}, 2');
    expect(parser.openPath).toEqual(['a', 2]);
    parser.write(']');
    expect(parser.openPath).toEqual([]);
    parser.write('}');
    expect(parser.done).toBe(true);
  });

  it('onComplete reports every finished value with its path, innermost first', () => {
    const seen: Array<[string, unknown]> = [];
    const parser = createPartialJSONParser({ onComplete: (path, value) => seen.push([path.join('.'), value]) });
    for (const chunk of chunksOf('{"a": [1, "x"], "b": {"c": null}}', 2)) parser.write(chunk);
    parser.end();
    expect(seen.map(([p]) => p)).toEqual(['a.0', 'a.1', 'a', 'b.c', 'b', '']);
    expect(seen[2]?.[1]).toEqual([1, 'x']);
  });

  it('onCompleteDepth limits the reported paths', () => {
    const paths: string[] = [];
    const parser = createPartialJSONParser({ onComplete: (path) => paths.push(path.join('.')), onCompleteDepth: 1 });
    parser.write('{"a": [1, 2], "b": {"c": 3}}');
    parser.end();
    expect(paths).toEqual(['a', 'b', '']);
  });
});

describe('multiple top-level values', () => {
  it('are accepted with `multiple` and reported through onComplete', () => {
    const roots: unknown[] = [];
    const parser = createPartialJSONParser({ multiple: true, onComplete: (path, value) => path.length === 0 && roots.push(value) });
    for (const chunk of chunksOf('{"a":1}{"a":1}\n[2] 3 "x"', 3)) parser.write(chunk);
    parser.end();
    expect(roots).toEqual([{ a: 1 }, { a: 1 }, [2], 3, 'x']);
  });
});
