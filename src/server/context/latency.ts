import type { LatencySummary } from './types.js';
import { createRing } from './ring.js';

/** Keeps the most recent samples (bounded) and summarises them on demand. */
export function createLatencySampler(capacity = 4096) {
  const ring = createRing<number>(capacity);
  let count = 0;
  let max = 0;
  return {
    record(ms: number): void {
      ring.push(ms);
      count += 1;
      if (ms > max) max = ms;
    },
    summary(): LatencySummary {
      const sorted = ring.toArray().sort((a, b) => a - b);
      return { count, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max };
    },
  };
}

/** Nearest-rank percentile of an ascending array (0 when empty). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[rank] ?? 0;
}
