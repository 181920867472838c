import { seededRandom } from '../helpers/seeded-random.js';
/** Shared test helpers for the framing parsers: a seeded PRNG and chunking utilities. */

export { seededRandom };

/** Cuts a string or byte array into pieces of 1..maxSize (random, seeded). */
export function randomChunks<T extends string | Uint8Array>(input: T, seed: number, maxSize = 16): T[] {
  const random = seededRandom(seed);
  const chunks: T[] = [];
  let pos = 0;
  while (pos < input.length) {
    const size = 1 + Math.floor(random() * maxSize);
    chunks.push(input.slice(pos, pos + size) as T);
    pos += size;
  }
  return chunks;
}

/** Pieces of exactly `size` (the last may be shorter). */
export function fixedChunks<T extends string | Uint8Array>(input: T, size: number): T[] {
  const chunks: T[] = [];
  for (let pos = 0; pos < input.length; pos += size) chunks.push(input.slice(pos, pos + size) as T);
  return chunks;
}

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

export const SEEDS = [1, 7, 42, 1337, 20260101, 987654321];
