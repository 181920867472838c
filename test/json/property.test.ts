/**
 * Property tests (fast-check): random JSON documents, random whitespace, random splits.
 * Checked on every snapshot: it extends the previous one (nothing disappears, atoms never change,
 * strings only grow, closed containers keep their identity), it is a partial form of the final value
 * (atoms are atomic: a number/boolean/null shown is final; a string shown is a prefix of its final
 * text), and the final value equals JSON.parse.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPartialJSONParser } from '../../src/core/json/partial-json-parser.js';
import { isCompleteNode } from '../../src/core/json/complete-nodes.js';
import { feedAndCheck, splitAt } from './partial-rules.js';

const SEED = 20260421;

/** A JSON text (random value, random indentation) plus random cut points. */
const documentAndCuts = fc
  .tuple(
    fc.jsonValue({ maxDepth: 5, stringUnit: 'binary' }),
    fc.constantFrom<undefined | number | string>(undefined, 0, 1, 2, '\t', ' \r\n '),
    fc.array(fc.nat(), { maxLength: 40 }),
  )
  .map(([value, indent, cuts]) => {
    const text = JSON.stringify(value, null, indent as never);
    return { text, chunks: splitAt(text, cuts.map((c) => (text.length === 0 ? 0 : c % (text.length + 1)))) };
  });

describe('partial JSON properties', () => {
  it('random JSON, random splits: snapshots follow the rules, the final value equals JSON.parse', () => {
    fc.assert(
      fc.property(documentAndCuts, ({ text, chunks }) => {
        const { final } = feedAndCheck(chunks);
        expect(final).toEqual(JSON.parse(text));
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('1-character chunks (cutting every surrogate pair and escape)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3, stringUnit: 'binary' }), (value) => {
        const text = JSON.stringify(value);
        const { final } = feedAndCheck([...text].flatMap((ch) => ch.split('')));
        expect(final).toEqual(JSON.parse(text));
      }),
      { seed: SEED + 1, numRuns: 200 },
    );
  });

  it('strings only grow and never show half a surrogate pair', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.array(fc.nat(), { maxLength: 20 }), (s, cuts) => {
        const text = JSON.stringify([s]);
        const parser = createPartialJSONParser();
        let prev = '';
        for (const chunk of splitAt(text, cuts.map((c) => c % (text.length + 1)))) {
          parser.write(chunk);
          const shown = (parser.value as string[] | undefined)?.[0] ?? '';
          expect(shown.startsWith(prev)).toBe(true);
          expect(s.startsWith(shown)).toBe(true);
          const last = shown.charCodeAt(shown.length - 1);
          // A trailing high surrogate is shown only when the final text has it unpaired at that place.
          if (last >= 0xd800 && last <= 0xdbff) {
            const next = s.charCodeAt(shown.length);
            expect(next >= 0xdc00 && next <= 0xdfff).toBe(false);
          }
          prev = shown;
        }
        expect(parser.end()).toEqual([s]);
      }),
      { seed: SEED + 2, numRuns: 300 },
    );
  });

  it('atoms are atomic: a number, boolean or null appears only with its final value', () => {
    const atom = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.boolean(), fc.constant(null));
    fc.assert(
      fc.property(fc.array(atom, { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 30 }), (atoms, cuts) => {
        const text = JSON.stringify(atoms);
        const expected = JSON.parse(text) as unknown[];
        const parser = createPartialJSONParser();
        for (const chunk of splitAt(text, cuts.map((c) => c % (text.length + 1)))) {
          parser.write(chunk);
          const shown = (parser.value as unknown[] | undefined) ?? [];
          shown.forEach((value, k) => expect(Object.is(value, expected[k])).toBe(true));
        }
        expect(parser.end()).toEqual(expected);
      }),
      { seed: SEED + 3, numRuns: 300 },
    );
  });

  it('structural sharing: a closed subtree is the same object in every later snapshot', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue({ maxDepth: 3 }), { minLength: 2, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 30 }), (items, cuts) => {
        const text = JSON.stringify({ items });
        const parser = createPartialJSONParser();
        const seen = new Map<number, unknown>(); // index -> first snapshot of a closed container item
        for (const chunk of splitAt(text, cuts.map((c) => c % (text.length + 1)))) {
          parser.write(chunk);
          const snapshot = parser.value as { items?: unknown[] } | undefined;
          snapshot?.items?.forEach((item, k) => {
            if (typeof item === 'object' && item !== null && isCompleteNode(item)) {
              if (seen.has(k)) expect(seen.get(k)).toBe(item);
              else seen.set(k, item);
            }
          });
        }
        const final = parser.end() as { items: unknown[] };
        for (const [k, item] of seen) expect(final.items[k]).toBe(item);
        expect(final).toEqual(JSON.parse(text));
      }),
      { seed: SEED + 4, numRuns: 200 },
    );
  });

  it('snapshots are immutable: a snapshot handed out never changes, whatever is written later', () => {
    // Open containers are copied on write from a private per-object template: a bug there would
    // show up as an earlier snapshot changing under the reader's feet. Objects get many keys of
    // varied shapes (and the odd duplicate or `__proto__` key) so copies take every code path.
    const key = fc.constantFrom('a', 'b', 'title', 'items', 'x y', '__proto__', 'é', '0');
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.boolean(), fc.constant(null), tie('array'), tie('object')),
      array: fc.array(tie('node'), { maxLength: 5 }),
      object: fc.array(fc.tuple(key, tie('node')), { maxLength: 6 }),
    })).node;
    const toText = (v: unknown): string => {
      if (!Array.isArray(v)) return JSON.stringify(v);
      // Arrays of [key, value] pairs from `object` become objects (duplicates kept in the text).
      const isObject = v.length > 0 && v.every((m) => Array.isArray(m) && m.length === 2 && typeof m[0] === 'string');
      if (isObject) return `{${v.map(([k, m]) => `${JSON.stringify(k)}:${toText(m)}`).join(',')}}`;
      return `[${v.map(toText).join(',')}]`;
    };
    fc.assert(
      fc.property(value, fc.array(fc.nat(), { maxLength: 60 }), (v, cuts) => {
        const text = toText(v);
        const parser = createPartialJSONParser();
        const handedOut: Array<[unknown, string]> = [];
        for (const chunk of splitAt(text, cuts.map((c) => c % (text.length + 1)))) {
          parser.write(chunk);
          const snapshot = parser.value;
          handedOut.push([snapshot, JSON.stringify(snapshot)]);
        }
        const final = parser.end();
        expect(JSON.stringify(final)).toBe(JSON.stringify(JSON.parse(text)));
        for (const [snapshot, textThen] of handedOut) expect(JSON.stringify(snapshot)).toBe(textThen);
      }),
      { seed: SEED + 5, numRuns: 300 },
    );
  });

  it('reading .value twice without a write returns the same object; an unchanged write keeps it', () => {
    const parser = createPartialJSONParser();
    parser.write('{"a": [1, {"b": "x');
    const first = parser.value;
    expect(parser.value).toBe(first);
    parser.write('   '); // inside the string: the string grows
    const second = parser.value;
    expect(second).not.toBe(first);
    parser.write('"}');
    const third = parser.value as { a: unknown[] };
    parser.write('   '); // whitespace between tokens changes nothing visible
    expect(parser.value).toBe(third);
    expect(isCompleteNode(third.a[1])).toBe(true);
    expect(isCompleteNode(third.a)).toBe(false);
  });
});
