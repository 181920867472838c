/**
 * Server-Sent Events encoding (WHATWG HTML "Server-sent events" wire format).
 *
 * Every encoder returns one complete event block ending in a blank line, so callers can write the
 * result with a single `write()` and a client never sees half an event between two writes.
 */

/** One SSE event as the server writes it. */
export interface SSEMessage {
  /** Sets the client's Last-Event-ID. Must not contain CR, LF or NUL. */
  id?: string;
  /** Event name; omitted means the client dispatches `message`. Must not contain CR or LF. */
  event?: string;
  /** Payload; a multi-line string is sent as several `data:` lines and rejoined by the client. */
  data: string;
  /** Reconnection delay the client should use, in milliseconds. */
  retry?: number;
}

/** Response headers for an SSE stream (proxies must neither buffer nor transform it). */
export const SSE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  'X-Accel-Buffering': 'no',
  Connection: 'keep-alive',
});

/**
 * The SSE headers for a Node response. HTTP/2 forbids connection-specific headers (Node's http2
 * compatibility layer throws on `Connection`), so it is left out there.
 */
export function sseHeadersFor(res: object): Record<string, string> {
  const headers: Record<string, string> = Object.assign({}, SSE_HEADERS);
  if ('stream' in res) delete headers['Connection'];
  return headers;
}

/** Default interval between heartbeat comments: short enough for typical proxy idle timeouts (30-60 s). */
export const DEFAULT_HEARTBEAT_MS = 15_000;

/**
 * The heartbeat interval to use, or undefined for none: `false`, 0, negative, or longer than a timer
 * can hold (Infinity included). Timers clamp an overflowing delay to 1 ms, so `heartbeatMs: Infinity`
 * would otherwise write a heartbeat every millisecond.
 */
export function heartbeatInterval(option: number | false | undefined): number | undefined {
  const ms = option ?? DEFAULT_HEARTBEAT_MS;
  return ms !== false && ms > 0 && ms <= 2_147_483_647 ? ms : undefined;
}

const LINE_BREAK = /\r\n|\r|\n/;

function assertSingleLine(field: string, value: string): void {
  // A CR/LF inside id/event would let a value inject extra fields (or whole events) into the stream.
  if (/[\r\n]/.test(value) || (field === 'id' && value.includes('\0'))) {
    throw new TypeError(`SSE ${field} must be a single line without CR, LF${field === 'id' ? ' or NUL' : ''}`);
  }
}

/** Encodes one event. Lines of `data` are split on CRLF, CR or LF so no line break can escape its field. */
export function encodeSSE(message: SSEMessage): string {
  const parts: string[] = [];
  if (message.event !== undefined && message.event !== '') {
    assertSingleLine('event', message.event);
    parts.push('event: ', message.event, '\n');
  }
  if (message.id !== undefined) {
    assertSingleLine('id', message.id);
    parts.push('id: ', message.id, '\n');
  }
  if (message.retry !== undefined) {
    if (!Number.isInteger(message.retry) || message.retry < 0) throw new TypeError('SSE retry must be a non-negative integer');
    parts.push('retry: ', String(message.retry), '\n');
  }
  const { data } = message;
  // JSON payloads (the common case) hold no raw line breaks: skip the regex split.
  if (data.indexOf('\n') < 0 && data.indexOf('\r') < 0) parts.push('data: ', data, '\n');
  else for (const line of data.split(LINE_BREAK)) parts.push('data: ', line, '\n');
  parts.push('\n');
  return parts.join('');
}

/** A comment block (`: text`), ignored by clients; used for heartbeats and padding. */
export function encodeSSEComment(text = ''): string {
  const lines = text.split(LINE_BREAK).map((line) => (line === '' ? ':' : `: ${line}`));
  return `${lines.join('\n')}\n\n`;
}

/** Only the `retry:` field, e.g. sent once at the start of a stream. */
export function encodeSSERetry(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0) throw new TypeError('SSE retry must be a non-negative integer');
  return `retry: ${ms}\n\n`;
}
