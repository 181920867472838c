import { StreamError, type StreamErrorCode } from '../errors.js';
import { redactCredentials, redactString } from '../redact/redact.js';
import type { StreamEvent, StreamEventType } from '../types.js';

/** A bad line in a recording: a `parse` StreamError that says which line (1-based). */
export class ReplayParseError extends StreamError {
  readonly line: number;
  constructor(line: number, message: string, cause?: unknown) {
    // Parser messages quote the input: redact so a bad line never leaks a credential through the error.
    super('parse', redactString(`NDJSON line ${line}: ${message}`), cause === undefined ? {} : { cause });
    this.line = line;
  }
}

/** Every StreamEvent type, in the order a run emits them: what a recording may contain. */
export const STREAM_EVENT_TYPES: readonly StreamEventType[] = [
  'start',
  'text',
  'reasoning',
  'tool-call',
  'tool-call-end',
  'json',
  'metadata',
  'usage',
  'progress',
  'pipeline',
  'retry',
  'error',
  'done',
];
const EVENT_TYPES: ReadonlySet<StreamEventType> = new Set(STREAM_EVENT_TYPES);

const ERROR_CODES: ReadonlySet<StreamErrorCode> = new Set<StreamErrorCode>([
  'network',
  'http',
  'timeout-connect',
  'timeout-idle',
  'timeout-total',
  'parse',
  'provider',
  'protocol',
  'max-buffer',
  'validation',
  'aborted',
]);

/** One event as a JSON-safe, credential-free plain object (errors as `{ name, code, message, status, ... }`). */
export function serializeEvent(event: StreamEvent): Record<string, unknown> {
  return redactCredentials(event) as unknown as Record<string, unknown>;
}

/**
 * One JSON line per event, each ending in `\n`. Errors keep `code`, `message` and `status`;
 * credentials are redacted (so text that contains something key-shaped is redacted too).
 */
export function exportEventsNDJSON(events: Iterable<StreamEvent>): string {
  const lines: string[] = [];
  for (const event of events) lines.push(JSON.stringify(serializeEvent(event)));
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function reviveError(value: unknown, line: number): StreamError {
  if (typeof value !== 'object' || value === null) throw new ReplayParseError(line, 'error must be an object');
  const e = value as Record<string, unknown>;
  const code = typeof e.code === 'string' && ERROR_CODES.has(e.code as StreamErrorCode) ? (e.code as StreamErrorCode) : undefined;
  if (code === undefined) throw new ReplayParseError(line, `unknown error code ${JSON.stringify(e.code)}`);
  const init: ConstructorParameters<typeof StreamError>[2] = {};
  if (typeof e.status === 'number') init.status = e.status;
  if (typeof e.retryable === 'boolean') init.retryable = e.retryable;
  if (typeof e.providerCode === 'string') init.providerCode = e.providerCode;
  if (typeof e.retryAfterMs === 'number') init.retryAfterMs = e.retryAfterMs;
  if (typeof e.bodyExcerpt === 'string') init.bodyExcerpt = e.bodyExcerpt;
  return new StreamError(code, typeof e.message === 'string' ? e.message : '', init);
}

/** Checks one parsed line and turns it back into a StreamEvent (errors become StreamError instances). */
export function reviveEvent(value: unknown, line: number): StreamEvent {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ReplayParseError(line, 'expected a JSON object');
  const v = value as Record<string, unknown>;
  if (typeof v.type !== 'string' || !EVENT_TYPES.has(v.type as StreamEventType)) {
    throw new ReplayParseError(line, `unknown event type ${JSON.stringify(v.type)}`);
  }
  if (typeof v.seq !== 'number' || !Number.isFinite(v.seq)) throw new ReplayParseError(line, '`seq` must be a number');
  if (typeof v.t !== 'number' || !Number.isFinite(v.t)) throw new ReplayParseError(line, '`t` must be a number');
  if (typeof v.streamId !== 'string') throw new ReplayParseError(line, '`streamId` must be a string');
  const requireString = (field: string) => {
    if (typeof v[field] !== 'string') throw new ReplayParseError(line, `\`${field}\` must be a string in a ${String(v.type)} event`);
  };
  const requireObject = (field: string) => {
    if (typeof v[field] !== 'object' || v[field] === null) throw new ReplayParseError(line, `\`${field}\` must be an object in a ${String(v.type)} event`);
  };
  switch (v.type) {
    case 'text':
    case 'reasoning':
      requireString('delta');
      break;
    case 'tool-call':
      requireString('argsDelta');
      break;
    case 'start':
      requireObject('request');
      break;
    case 'usage':
      requireObject('usage');
      break;
    case 'done':
      requireObject('result');
      break;
    case 'pipeline':
      requireString('kind');
      break;
    case 'progress':
      if (typeof v.value !== 'number') throw new ReplayParseError(line, '`value` must be a number in a progress event');
      break;
    case 'retry':
    case 'error':
      return { ...v, error: reviveError(v.error, line) } as unknown as StreamEvent;
  }
  return v as unknown as StreamEvent;
}

/**
 * Parses a recording made by `exportEventsNDJSON`. Blank lines (including a trailing newline and
 * CRLF endings) are skipped; the first bad line throws a `ReplayParseError` (code `parse`) naming it.
 */
export function parseEventsNDJSON(text: string): StreamEvent[] {
  const events: StreamEvent[] = [];
  let lineNumber = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    lineNumber++;
    let line = text.slice(start, end);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    start = end + 1;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (cause) {
      // No `cause`: the SyntaxError quotes the line, which may hold a credential.
      throw new ReplayParseError(lineNumber, `invalid JSON (${cause instanceof Error ? cause.message : String(cause)})`);
    }
    events.push(reviveEvent(value, lineNumber));
  }
  return events;
}
