/**
 * Differential test against partial-json (the oracle).
 *
 * Where the semantics agree, the snapshots must be equal: at every prefix that ends on a structural
 * character (`[ { , : ] }`) outside a string, no atom, key or string is in progress, so both parsers
 * see the same complete members. Everywhere else we differ on purpose (asserted below):
 * - partial-json shows partial numbers and atoms (`[1, 12` -> [1, 12], `[tr` -> [true]); we show a
 *   number/true/false/null only once complete, because `12` may become `123`;
 * - both hide partial keys; both show partial strings (we also hold back a trailing half surrogate
 *   pair, which partial-json shows as a lone surrogate).
 */
import fc from 'fast-check';
import { Allow, parse as oracle } from 'partial-json';
import { describe, expect, it } from 'vitest';
import { parsePartialJSON } from '../../src/core/json/partial-json-parser.js';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Prefix ends (exclusive) that follow a structural character outside any string. */
function structuralCuts(text: string): number[] {
  const cuts: number[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if ('[{,:]}'.includes(c as string)) cuts.push(i + 1);
  }
  return cuts;
}

function compareAtStructuralPrefixes(text: string): void {
  for (const cut of structuralCuts(text)) {
    const prefix = text.slice(0, cut);
    expect(parsePartialJSON(prefix), prefix).toEqual(oracle(prefix, Allow.ALL));
  }
}

describe('differential vs partial-json', () => {
  it('agrees on random JSON at every structural prefix', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        if (typeof value !== 'object' || value === null) return; // scalars have no structural prefix
        compareAtStructuralPrefixes(JSON.stringify(value));
      }),
      { seed: 4242, numRuns: 300 },
    );
  });

  it('agrees on the JSONTestSuite y_ containers at every structural prefix', () => {
    const dir = path.resolve(process.cwd(), '../shared/conformance/JSONTestSuite/test_parsing');
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let compared = 0;
    for (const name of readdirSync(dir).filter((f) => f.startsWith('y_'))) {
      const text = decoder.decode(readFileSync(path.join(dir, name)));
      if (!/^\s*[[{]/.test(text)) continue;
      compareAtStructuralPrefixes(text);
      compared++;
    }
    expect(compared).toBeGreaterThan(60);
  });

  it('agrees on partial strings and hidden partial keys', () => {
    for (const prefix of ['{"a": "hel', '["x", "y', '{"ab', '{"a":', '{"a": 1, "b', '"abc', '["ab\\u00']) {
      expect(parsePartialJSON(prefix), prefix).toEqual(oracle(prefix, Allow.ALL));
    }
  });

  it('differs on purpose: no partial numbers or atoms, no half surrogate pairs', () => {
    const cases: Array<[string, unknown, unknown]> = [
      ['[1, 12', [1], [1, 12]],
      ['[tr', [], [true]],
      ['{"a": nu', {}, { a: null }],
      ['[1e', [], [1]],
      ['["x\\ud83d', ['x'], ['x\ud83d']],
    ];
    for (const [prefix, ours, theirs] of cases) {
      expect(parsePartialJSON(prefix), prefix).toEqual(ours);
      expect(oracle(prefix, Allow.ALL), prefix).toEqual(theirs);
    }
  });
});
