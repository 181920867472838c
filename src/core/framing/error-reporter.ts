import type { StreamError } from '../errors.js';

/**
 * How the framing parsers surface errors: to `onError` when given; otherwise the first error is
 * kept and thrown once the current chunk has been fully processed, so that the events before and
 * after the bad part of that chunk are still delivered (nothing already received is lost).
 */
export interface ErrorReporter {
  report(error: StreamError): void;
  /** Throws the kept error, if any (called at the end of feed() / end()). */
  throwPending(): void;
  /** Forgets a kept error (parser reset). */
  clear(): void;
}

export function createErrorReporter(onError: ((error: StreamError) => void) | undefined): ErrorReporter {
  let pending: StreamError | undefined;
  return {
    report(error) {
      if (onError !== undefined) onError(error);
      else pending ??= error;
    },
    throwPending() {
      if (pending === undefined) return;
      const error = pending;
      pending = undefined;
      throw error;
    },
    clear() {
      pending = undefined;
    },
  };
}
