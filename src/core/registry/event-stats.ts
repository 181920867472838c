import type { StreamStatus } from '../store-types.js';
import type { RequestSummary, StreamEvent, StreamEventType, StreamResult, Usage } from '../types.js';

/** A plain, display-safe view of an error (never the cause chain or the partial result). */
export interface ErrorSummary {
  code: string;
  message: string;
  status?: number;
}

/** What the monitor shows about one stream, derived from its events alone (live, before `done`). */
export interface StreamStats {
  status: StreamStatus;
  streamId: string | undefined;
  request: RequestSummary | undefined;
  /** `t` of the latest event. */
  lastT: number;
  ttftMs: number | undefined;
  /** Text, reasoning and tool-call deltas seen (one delta is about one token for LLM streams). */
  deltas: number;
  textChars: number;
  reasoningChars: number;
  tokensPerSec: number | undefined;
  interTokenMs: { p50: number; p95: number; max: number } | undefined;
  retries: number;
  usage: Usage | undefined;
  result: StreamResult | undefined;
  error: ErrorSummary | undefined;
  model: string | undefined;
  finishReason: string | undefined;
  /** Deltas per `bucketMs` window, oldest first, at most `maxBuckets` windows (for the sparkline). */
  series: number[];
  bucketMs: number;
  counts: Partial<Record<StreamEventType, number>>;
  events: number;
}

export interface StatsAccumulator {
  add(event: StreamEvent): void;
  /**
   * The run settled without a terminal event saying so (a live run's abort emits no event; a run
   * can fail before its error event was seen): sets the final status unless events already did.
   */
  settle(error: { code?: unknown; message?: unknown; status?: unknown } | undefined): void;
  reset(): void;
  /** A new frozen snapshot when something changed since the last call, else the same object. */
  snapshot(): StreamStats;
}

export interface StatsOptions {
  bucketMs?: number;
  maxBuckets?: number;
  /** Inter-token gaps kept for the percentiles (a sliding window keeps memory bounded). */
  maxGaps?: number;
}

const CONTENT_TYPES: ReadonlySet<StreamEventType> = new Set(['text', 'reasoning', 'tool-call']);

/** Percentile by nearest rank on a sorted copy. */
function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[rank] ?? 0;
}

export function createStatsAccumulator(options: StatsOptions = {}): StatsAccumulator {
  const bucketMs = options.bucketMs ?? 250;
  const maxBuckets = options.maxBuckets ?? 120;
  const maxGaps = options.maxGaps ?? 10_000;

  let status: StreamStatus = 'idle';
  let streamId: string | undefined;
  let request: RequestSummary | undefined;
  let startT: number | undefined;
  let lastT = 0;
  let firstDeltaT: number | undefined;
  let lastDeltaT: number | undefined;
  let deltas = 0;
  let textChars = 0;
  let reasoningChars = 0;
  let retries = 0;
  let usage: Usage | undefined;
  let result: StreamResult | undefined;
  let error: ErrorSummary | undefined;
  let model: string | undefined;
  let finishReason: string | undefined;
  let counts: Partial<Record<StreamEventType, number>> = {};
  let events = 0;
  // Gaps live in a fixed ring; percentiles are computed on demand from a sorted copy.
  let gaps = new Float64Array(Math.min(maxGaps, 1024));
  let gapCount = 0;
  // Sparkline buckets: `series[i]` counts deltas in window `seriesBase + i`.
  let series: number[] = [];
  let seriesBase = 0;
  let dirty = true;
  let cached: StreamStats | undefined;

  const pushGap = (gap: number) => {
    if (gapCount < maxGaps && gapCount >= gaps.length) {
      const grown = new Float64Array(Math.min(maxGaps, gaps.length * 2));
      grown.set(gaps);
      gaps = grown;
    }
    gaps[gapCount % maxGaps] = gap;
    gapCount++;
  };

  const pushBucket = (t: number) => {
    const bucket = Math.floor(t / bucketMs);
    if (series.length === 0) seriesBase = bucket;
    let index = bucket - seriesBase;
    if (index < 0) return; // out-of-order timestamp: ignore for the sparkline only
    while (index >= series.length) series.push(0);
    if (series.length > maxBuckets * 2) {
      // Trim in chunks so the shift cost stays amortised O(1) per event.
      const drop = series.length - maxBuckets;
      series = series.slice(drop);
      seriesBase += drop;
      index -= drop;
    }
    series[index] = (series[index] ?? 0) + 1;
  };

  return {
    add(event) {
      dirty = true;
      events++;
      counts[event.type] = (counts[event.type] ?? 0) + 1;
      streamId ??= event.streamId;
      lastT = Math.max(lastT, event.t);
      if (CONTENT_TYPES.has(event.type)) {
        if (firstDeltaT === undefined) firstDeltaT = event.t;
        else if (lastDeltaT !== undefined) pushGap(Math.max(0, event.t - lastDeltaT));
        lastDeltaT = event.t;
        deltas++;
        pushBucket(event.t);
      }
      switch (event.type) {
        case 'start':
          startT ??= event.t;
          request = event.request;
          if (status === 'idle') status = 'connecting';
          break;
        case 'text':
          textChars += event.delta.length;
          status = 'streaming';
          break;
        case 'reasoning':
          reasoningChars += event.delta.length;
          status = 'streaming';
          break;
        case 'retry':
          retries++;
          status = 'reconnecting';
          break;
        case 'usage':
          usage = event.usage;
          break;
        case 'metadata':
          if (typeof event.model === 'string') model = event.model;
          if (typeof event.finishReason === 'string') finishReason = event.finishReason;
          if (status === 'connecting' || status === 'idle') status = 'streaming';
          break;
        case 'error': {
          const e = event.error as { code?: unknown; message?: unknown; status?: unknown } | undefined;
          const code = typeof e?.code === 'string' ? e.code : 'network';
          error = { code, message: typeof e?.message === 'string' ? e.message : String(e) };
          if (typeof e?.status === 'number') error.status = e.status;
          status = code === 'aborted' ? 'aborted' : 'error';
          break;
        }
        case 'done':
          result = event.result;
          if (event.finishReason !== undefined) finishReason = event.finishReason;
          model ??= result?.model;
          usage ??= result?.usage;
          status = 'done';
          break;
        default:
          if (status === 'connecting' || status === 'idle' || status === 'reconnecting') status = 'streaming';
      }
    },
    settle(failure) {
      if (status === 'done' || status === 'error' || status === 'aborted') return;
      dirty = true;
      if (failure === undefined) {
        status = 'done';
        return;
      }
      const code = typeof failure.code === 'string' ? failure.code : 'network';
      status = code === 'aborted' ? 'aborted' : 'error';
      if (code !== 'aborted') {
        error = { code, message: typeof failure.message === 'string' ? failure.message : '' };
        if (typeof failure.status === 'number') error.status = failure.status;
      }
    },
    reset() {
      status = 'idle';
      streamId = request = startT = firstDeltaT = lastDeltaT = usage = result = error = model = finishReason = undefined;
      lastT = deltas = textChars = reasoningChars = retries = events = gapCount = seriesBase = 0;
      counts = {};
      series = [];
      gaps = new Float64Array(Math.min(maxGaps, 1024));
      dirty = true;
    },
    snapshot() {
      if (!dirty && cached) return cached;
      dirty = false;
      const held = Math.min(gapCount, maxGaps);
      let interTokenMs: StreamStats['interTokenMs'];
      if (held > 0) {
        const sorted = gaps.slice(0, held).sort();
        interTokenMs = { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), max: sorted[held - 1] ?? 0 };
      }
      const span = firstDeltaT !== undefined && lastDeltaT !== undefined ? lastDeltaT - firstDeltaT : 0;
      cached = Object.freeze({
        status,
        streamId,
        request,
        lastT,
        ttftMs: firstDeltaT !== undefined ? firstDeltaT - (startT ?? 0) : undefined,
        deltas,
        textChars,
        reasoningChars,
        tokensPerSec: span > 0 ? ((deltas - 1) * 1000) / span : undefined,
        interTokenMs,
        retries,
        usage,
        result,
        error,
        model,
        finishReason,
        series: series.slice(-maxBuckets),
        bucketMs,
        counts: { ...counts },
        events,
      });
      return cached;
    },
  };
}
