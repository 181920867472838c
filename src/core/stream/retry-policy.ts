import type { StreamError } from '../errors.js';
import type { RetryOptions } from '../types.js';

export interface RetryPolicy {
  /** Total attempts including the first (1 when retries are off). */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** 0..1: share of the computed delay that is randomised. */
  jitter: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 30_000, jitter: 1 };

export function normalizeRetry(option: RetryOptions | false | undefined): RetryPolicy {
  if (option === false) return { ...DEFAULT_RETRY, maxAttempts: 1 };
  const o = option ?? {};
  const jitter = o.jitter === undefined || o.jitter === true ? 1 : o.jitter === false ? 0 : clamp(o.jitter, 0, 1);
  return {
    maxAttempts: Math.max(1, Math.floor(o.maxAttempts ?? DEFAULT_RETRY.maxAttempts)),
    baseDelayMs: Math.max(0, o.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs),
    maxDelayMs: Math.max(0, o.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs),
    jitter,
  };
}

function clamp(n: number, lo: number, hi: number): number {
  return Number.isFinite(n) ? Math.min(hi, Math.max(lo, n)) : lo;
}

/** HTTP statuses worth another attempt: request timeout, rate limit, server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * Delay before retry number `retry` (1 for the first retry): exponential from `baseDelayMs`, capped at
 * `maxDelayMs`, with the jittered share drawn uniformly ("full jitter" at jitter 1, which spreads a
 * thundering herd best). A server's Retry-After wins over the computed value, even above the cap: the
 * server knows when it will take us back.
 */
export function backoffDelay(policy: RetryPolicy, retry: number, error?: StreamError, random: () => number = Math.random): number {
  if (error?.retryAfterMs !== undefined) return Math.max(0, error.retryAfterMs);
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  const fixed = exp * (1 - policy.jitter);
  return Math.round(fixed + exp * policy.jitter * random());
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent/invalid. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}
