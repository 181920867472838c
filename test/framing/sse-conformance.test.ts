import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSSEParser, type ParsedSSEEvent } from '../../src/core/framing/sse-parser.js';
import { SEEDS, randomChunks, utf8 } from './helpers.js';

interface WptCase {
  name: string;
  input: string;
  expected: ParsedSSEEvent[];
  retry?: number;
  chunks?: string[];
}

const cases = JSON.parse(
  readFileSync(path.resolve(process.cwd(), '../shared/conformance/sse-wpt-cases.json'), 'utf8'),
) as WptCase[];

interface Outcome {
  events: ParsedSSEEvent[];
  retry: number | undefined;
  lastEventId: string;
}

function run(chunks: Iterable<string | Uint8Array>): Outcome {
  const events: ParsedSSEEvent[] = [];
  let retry: number | undefined;
  const parser = createSSEParser({
    onEvent: (message) => events.push(message),
    onRetry: (ms) => {
      retry = ms;
    },
  });
  for (const chunk of chunks) parser.feed(chunk);
  const lastEventId = parser.lastEventId;
  parser.end();
  return { events, retry, lastEventId };
}

function expectedOf(testCase: WptCase): Outcome {
  const last = testCase.expected[testCase.expected.length - 1];
  return { events: testCase.expected, retry: testCase.retry, lastEventId: last?.id ?? '' };
}

function* characters(text: string): Generator<string> {
  // One UTF-16 code unit at a time: a surrogate pair may be cut, the parser must not care.
  for (let i = 0; i < text.length; i++) yield text.charAt(i);
}

function* bytesOneByOne(bytes: Uint8Array): Generator<Uint8Array> {
  for (let i = 0; i < bytes.length; i++) yield bytes.subarray(i, i + 1);
}

describe('WPT event-stream conformance cases', () => {
  it('has all 36 cases', () => {
    expect(cases).toHaveLength(36);
  });

  describe.each(cases.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
    const expected = expectedOf(testCase);

    it('fed whole', () => {
      expect(run([testCase.input])).toEqual(expected);
    });

    if (testCase.chunks !== undefined) {
      const chunks = testCase.chunks;
      it('fed in the given chunks', () => {
        expect(chunks.join('')).toBe(testCase.input);
        expect(run(chunks)).toEqual(expected);
      });
    }

    it('fed one character at a time', () => {
      expect(run(characters(testCase.input))).toEqual(expected);
    });

    it('split in two at every point', () => {
      const { input } = testCase;
      for (let cut = 0; cut <= input.length; cut++) {
        const outcome = run([input.slice(0, cut), input.slice(cut)]);
        expect(outcome, `cut at ${cut}`).toEqual(expected);
      }
    });

    it('as UTF-8 bytes one byte at a time', () => {
      expect(run(bytesOneByOne(utf8(testCase.input)))).toEqual(expected);
    });

    it('as UTF-8 bytes split in two at every byte', () => {
      const bytes = utf8(testCase.input);
      for (let cut = 0; cut <= bytes.length; cut++) {
        const outcome = run([bytes.subarray(0, cut), bytes.subarray(cut)]);
        expect(outcome, `byte cut at ${cut}`).toEqual(expected);
      }
    });

    it('seeded random chunkings (strings and bytes)', () => {
      for (const seed of SEEDS) {
        expect(run(randomChunks(testCase.input, seed, 7)), `string seed ${seed}`).toEqual(expected);
        expect(run(randomChunks(utf8(testCase.input), seed, 7)), `byte seed ${seed}`).toEqual(expected);
      }
    });
  });
});
