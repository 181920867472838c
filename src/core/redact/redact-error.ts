import { redactText } from './redact.js';

/**
 * A transport error safe to put on events: the message with URLs and credentials redacted. Runtime
 * errors (undici, browsers) quote the request URL, keys included; the original's `cause` (socket
 * errors) is kept so the symptom stays diagnosable. StreamErrors are built by streamkit from redacted
 * parts and pass through unchanged.
 */
export function redactError(error: unknown): unknown {
  if (!(error instanceof Error) || error.name === 'StreamError') return error;
  const message = redactText(error.message);
  if (message === error.message) return error;
  const safe = new Error(message, error.cause === undefined ? undefined : { cause: error.cause });
  safe.name = error.name;
  return safe;
}
