/** Newline-delimited JSON (one JSON value per `\n`-terminated line). */

export const NDJSON_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Type': 'application/x-ndjson; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  'X-Accel-Buffering': 'no',
});

/**
 * Encodes one value as one line. JSON.stringify never emits a raw line break (they are escaped
 * inside strings), so each value stays on exactly one line.
 */
export function encodeNDJSON(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError('NDJSON value must be JSON-serialisable');
  return `${json}\n`;
}
