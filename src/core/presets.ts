import type { StreamOptions } from './types.js';

/**
 * Ready-made option sets. Plain `Partial<StreamOptions>` objects: spread them and override what
 * you need, e.g. `createStream(request, { ...LOW_LATENCY, onDelta })`. Frozen so that a shared
 * preset cannot be changed by accident for every other user of it.
 */

/**
 * Structured output: parse the streamed text as partial JSON and publish a snapshot per update.
 * - `json: true`: incremental partial-JSON parsing of the text (pass `{ schema }` yourself to
 *   validate the final value).
 * - `batch: 'frame'`: a JSON snapshot per animation frame at most; a form re-rendering per token
 *   would waste work on values the user cannot see change.
 * - `idleTimeoutMs: 60_000`: models may think for a long time before the first JSON token
 *   (reasoning models in particular), so silence is tolerated longer than for chat.
 * - `retry` with 3 attempts: a structured answer is all-or-nothing, retrying a failed connect is
 *   cheap compared to a broken form (mid-stream failures are never re-sent, see createStream).
 */
export const JSON_MODE: Readonly<Partial<StreamOptions>> = Object.freeze({
  json: true,
  batch: 'frame',
  idleTimeoutMs: 60_000,
  retry: Object.freeze({ maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 8_000, jitter: true }),
});

/**
 * Many concurrent or very fast streams (dashboards, batch jobs, server-side fan-out): fewer,
 * bigger updates.
 * - `batch: 100`: coalesce deltas over 100 ms windows instead of per frame: each update costs a
 *   store notification and a render, and at thousands of tokens per second per-frame batching
 *   still does more work than anyone can read.
 * - `maxBufferSize: 32 MiB`: large tool-call arguments or documents in one event must not trip
 *   the default 8 MiB bound.
 * - `retry` with 5 attempts and a longer cap: throughput jobs prefer to wait out rate limits
 *   (429 with Retry-After is honoured) rather than fail.
 * - `idleTimeoutMs: 120_000`: loaded providers stall between chunks under high concurrency.
 */
export const HIGH_THROUGHPUT: Readonly<Partial<StreamOptions>> = Object.freeze({
  batch: 100,
  maxBufferSize: 32 * 1024 * 1024,
  idleTimeoutMs: 120_000,
  retry: Object.freeze({ maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 30_000, jitter: true }),
});

/**
 * Interactive chat where the first token should appear as soon as possible.
 * - `batch: 'microtask'`: deliver each delta right after the current task instead of waiting for
 *   the next frame (up to 16 ms saved on the first token; later tokens still coalesce per task).
 * - `connectTimeoutMs: 10_000`: a connection that takes longer is better retried (or handed to a
 *   fallback provider) than waited for.
 * - `idleTimeoutMs: 30_000`: a stalled stream surfaces quickly so the UI can offer a retry.
 * - `retry` with 2 attempts and short delays: one quick retry of a failed connect, never a long
 *   backoff in front of a waiting user.
 * - `resume: 'auto'`: reconnect with Last-Event-ID where the server supports it, so a network
 *   blip does not restart the answer.
 */
export const LOW_LATENCY: Readonly<Partial<StreamOptions>> = Object.freeze({
  batch: 'microtask',
  connectTimeoutMs: 10_000,
  idleTimeoutMs: 30_000,
  retry: Object.freeze({ maxAttempts: 2, baseDelayMs: 200, maxDelayMs: 1_000, jitter: true }),
  resume: 'auto',
});
