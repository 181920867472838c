import type { StreamResult } from './types.js';

/** Every failure streamkit reports has one of these codes. UI switches on `code`, never on message text. */
export type StreamErrorCode =
  | 'network'
  | 'http'
  | 'timeout-connect'
  | 'timeout-idle'
  | 'timeout-total'
  | 'parse'
  | 'provider'
  | 'protocol'
  | 'max-buffer'
  | 'validation'
  | 'aborted';

export interface StreamErrorInit {
  status?: number;
  retryable?: boolean;
  partial?: StreamResult;
  cause?: unknown;
  /** Provider error code (e.g. `overloaded_error`, `insufficient_quota`) when `code` is 'provider'. */
  providerCode?: string;
  /** A short excerpt of the response body for 'http' and 'protocol' errors. */
  bodyExcerpt?: string;
  /** Milliseconds the server asked us to wait (Retry-After), when it said so. */
  retryAfterMs?: number;
  /** Schema issues for 'validation' errors. */
  issues?: readonly unknown[];
}

/** Codes that are worth another attempt by default; the HTTP layer refines this per status. */
const RETRYABLE_BY_DEFAULT: ReadonlySet<StreamErrorCode> = new Set(['network', 'timeout-connect', 'timeout-idle']);

export class StreamError extends Error {
  override readonly name = 'StreamError';
  readonly code: StreamErrorCode;
  readonly status: number | undefined;
  readonly retryable: boolean;
  partial: StreamResult | undefined;
  readonly providerCode: string | undefined;
  readonly bodyExcerpt: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly issues: readonly unknown[] | undefined;

  constructor(code: StreamErrorCode, message: string, init: StreamErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = code;
    this.status = init.status;
    this.retryable = init.retryable ?? RETRYABLE_BY_DEFAULT.has(code);
    this.partial = init.partial;
    this.providerCode = init.providerCode;
    this.bodyExcerpt = init.bodyExcerpt;
    this.retryAfterMs = init.retryAfterMs;
    this.issues = init.issues;
  }

  /** A plain object safe to log or serialise (no cause chain, no partial result). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      status: this.status,
      retryable: this.retryable,
      providerCode: this.providerCode,
    };
  }
}

export function isStreamError(value: unknown): value is StreamError {
  return value instanceof StreamError;
}

/** Wraps anything thrown into a StreamError, keeping StreamErrors as they are. */
export function toStreamError(value: unknown, fallback: StreamErrorCode = 'network'): StreamError {
  if (value instanceof StreamError) return value;
  const message = value instanceof Error ? value.message : String(value);
  return new StreamError(fallback, message, { cause: value });
}
