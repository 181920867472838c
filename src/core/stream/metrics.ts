import type { StreamMetrics } from '../types.js';

/** Inter-token gaps kept for percentiles: a uniform reservoir sample, so memory stays fixed for any length. */
export const INTER_TOKEN_RESERVOIR = 2048;

export interface MetricsRecorder {
  chunk(bytes: number): void;
  delivered(): void;
  retry(): void;
  /** A text/reasoning/tool-call delta at `t` ms since start. */
  delta(t: number): void;
  readonly ttftMs: number | undefined;
  /** Events delivered so far. */
  readonly events: number;
  snapshot(durationMs: number, outputTokens: number | undefined): StreamMetrics;
}

export function createMetricsRecorder(random: () => number = Math.random): MetricsRecorder {
  let chunks = 0;
  let bytes = 0;
  let events = 0;
  let retries = 0;
  let ttftMs: number | undefined;
  let lastDeltaAt: number | undefined;
  let gapsSeen = 0;
  let maxGap = 0;
  const reservoir: number[] = [];

  const addGap = (gap: number) => {
    gapsSeen++;
    if (gap > maxGap) maxGap = gap;
    if (reservoir.length < INTER_TOKEN_RESERVOIR) {
      reservoir.push(gap);
      return;
    }
    // Algorithm R: keep each of the n gaps with probability k/n.
    const slot = Math.floor(random() * gapsSeen);
    if (slot < INTER_TOKEN_RESERVOIR) reservoir[slot] = gap;
  };

  return {
    chunk(n) {
      chunks++;
      bytes += n;
    },
    delivered() {
      events++;
    },
    retry() {
      retries++;
    },
    delta(t) {
      if (ttftMs === undefined) ttftMs = t;
      if (lastDeltaAt !== undefined) addGap(Math.max(0, t - lastDeltaAt));
      lastDeltaAt = t;
    },
    get ttftMs() {
      return ttftMs;
    },
    get events() {
      return events;
    },
    snapshot(durationMs, outputTokens) {
      const sorted = reservoir.slice().sort((a, b) => a - b);
      const metrics: StreamMetrics = {
        durationMs: round(durationMs),
        chunks,
        events,
        interTokenMs: { p50: round(percentile(sorted, 0.5)), p95: round(percentile(sorted, 0.95)), max: round(maxGap) },
        retries,
        bytes,
      };
      if (ttftMs !== undefined) {
        metrics.ttftMs = round(ttftMs);
        const generatingMs = durationMs - ttftMs;
        if (outputTokens !== undefined && outputTokens > 0 && generatingMs > 0) {
          metrics.outputTokensPerSec = round((outputTokens * 1000) / generatingMs);
        }
      }
      return metrics;
    },
  };
}

/** Nearest-rank percentile of an ascending array (0 when empty). */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
