import { seededRandom } from '../helpers/seeded-random.js';
/**
 * Test helpers: the partial value rules as a checker, chunkers and a seeded PRNG.
 *
 * `extendsSnapshot(prev, next)` returns null when `next` is a legal successor of `prev` under the
 * partial value rules, or a description of the first violation:
 * - nothing shown disappears; atoms (numbers, booleans, null) never change;
 * - strings only grow (the earlier text is a prefix of the later);
 * - containers only gain members (and their members extend recursively);
 * - with `identity`, a container that `isComplete` reports closed is the very same object later.
 */
import { isCompleteNode } from '../../src/core/json/complete-nodes.js';

export interface ExtendsOptions {
  /** Require closed containers to keep their identity (same parser's successive snapshots). */
  identity?: boolean;
  /** Paths (joined with '/') where a duplicate key may legally replace the value. */
  replaceable?: (path: string) => boolean;
}

export function extendsSnapshot(prev: unknown, next: unknown, options: ExtendsOptions = {}): string | null {
  const work: Array<[unknown, unknown, string]> = [[prev, next, '']];
  while (work.length > 0) {
    const [a, b, path] = work.pop()!;
    if (a === undefined) continue;
    if (options.replaceable?.(path)) continue;
    if (options.identity === true && typeof a === 'object' && a !== null && isCompleteNode(a) && a !== b) {
      return `closed container at ${path || '/'} lost its identity`;
    }
    if (typeof a === 'string') {
      if (typeof b !== 'string' || !b.startsWith(a)) return `string at ${path || '/'} did not grow: ${JSON.stringify(a)} -> ${JSON.stringify(b)}`;
      continue;
    }
    if (typeof a !== 'object' || a === null) {
      if (!Object.is(a, b)) return `atom at ${path || '/'} changed: ${String(a)} -> ${String(b)}`;
      continue;
    }
    if (Array.isArray(a)) {
      if (!Array.isArray(b)) return `array at ${path || '/'} became ${typeof b}`;
      if (b.length < a.length) return `array at ${path || '/'} shrank ${a.length} -> ${b.length}`;
      for (let k = 0; k < a.length; k++) work.push([a[k], b[k], `${path}/${k}`]);
      continue;
    }
    if (typeof b !== 'object' || b === null || Array.isArray(b)) return `object at ${path || '/'} changed type`;
    for (const key of Object.keys(a)) {
      if (!Object.prototype.hasOwnProperty.call(b, key)) return `key ${JSON.stringify(key)} at ${path || '/'} disappeared`;
      work.push([(a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}/${key}`]);
    }
  }
  return null;
}

export { seededRandom };

/** Fixed-size chunks (by UTF-16 code unit, so surrogate pairs get cut too). */
export function chunksOf(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** Random chunk sizes 1..maxSize from a seeded PRNG. */
export function randomChunks(text: string, seed: number, maxSize = 9): string[] {
  const random = seededRandom(seed);
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const size = 1 + Math.floor(random() * maxSize);
    out.push(text.slice(i, i + size));
    i += size;
  }
  return out;
}

/** Splits `text` at the given cut points (any numbers; clamped and sorted). */
export function splitAt(text: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((c) => Math.max(0, Math.min(text.length, c))))].sort((x, y) => x - y);
  const out: string[] = [];
  let last = 0;
  for (const p of points) {
    out.push(text.slice(last, p));
    last = p;
  }
  out.push(text.slice(last));
  return out;
}

import { createPartialJSONParser, type PartialJSONParserOptions } from '../../src/core/json/partial-json-parser.js';

/**
 * Feeds `chunks`, reading `.value` after each one, and checks the rules between successive
 * snapshots (with identity) and between every snapshot and the final value (atoms atomic, strings
 * prefixes of their final text). Throws an Error naming the chunk on the first violation.
 */
export function feedAndCheck(
  chunks: string[],
  options: PartialJSONParserOptions & { replaceable?: (path: string) => boolean } = {},
): { final: unknown; snapshots: unknown[] } {
  const { replaceable, ...parserOptions } = options;
  const parser = createPartialJSONParser(parserOptions);
  const snapshots: unknown[] = [];
  let prev: unknown = undefined;
  chunks.forEach((chunk, n) => {
    parser.write(chunk);
    const value = parser.value;
    if (parser.value !== value) throw new Error(`reading .value twice gave two objects after chunk ${n}`);
    const problem = extendsSnapshot(prev, value, { identity: true, ...(replaceable ? { replaceable } : {}) });
    if (problem !== null) throw new Error(`after chunk ${n} (${JSON.stringify(chunk)}): ${problem}`);
    snapshots.push(value);
    prev = value;
  });
  const final = parser.end();
  const lastProblem = extendsSnapshot(prev, final, { identity: true, ...(replaceable ? { replaceable } : {}) });
  if (lastProblem !== null) throw new Error(`at end(): ${lastProblem}`);
  snapshots.forEach((snapshot, n) => {
    const problem = extendsSnapshot(snapshot, final, replaceable ? { replaceable } : {});
    if (problem !== null) throw new Error(`snapshot ${n} is not a partial form of the final value: ${problem}`);
  });
  return { final, snapshots };
}
