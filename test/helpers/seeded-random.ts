/**
 * Mulberry32: a small seeded PRNG, so random chunkings, payloads and recordings reproduce exactly
 * (a failing seed can be replayed). Shared by every test, bench and story that needs randomness.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
