import type { Protocol } from '../types.js';

const NDJSON_TYPES = new Set([
  'application/x-ndjson',
  'application/ndjson',
  'application/jsonl',
  'application/x-jsonl',
  'application/jsonlines',
  'application/x-jsonlines',
  'application/json-seq',
]);

/** Media type without parameters, lower-cased ('' when absent). */
export function mediaType(contentType: string | null | undefined): string {
  if (!contentType) return '';
  return contentType.split(';', 1)[0]!.trim().toLowerCase();
}

/** The framing a content type announces, or undefined when it does not say. */
export function protocolFromContentType(contentType: string | null | undefined): Protocol | undefined {
  const type = mediaType(contentType);
  if (type === 'text/event-stream') return 'sse';
  if (NDJSON_TYPES.has(type)) return 'ndjson';
  if (type === 'text/plain') return 'text';
  return undefined;
}

/**
 * Content types that cannot be a stream of any protocol we read: an HTML error page from a proxy or a
 * login redirect, XML, media. Anything else (application/json, octet-stream, none) is given the benefit
 * of the doubt because many servers label streams loosely.
 */
export function isClearlyNotAStream(contentType: string | null | undefined): boolean {
  const type = mediaType(contentType);
  if (type === '') return false;
  if (type === 'text/html' || type === 'application/xhtml+xml' || type === 'text/xml' || type === 'application/xml') return true;
  return type.startsWith('image/') || type.startsWith('audio/') || type.startsWith('video/') || type.startsWith('font/');
}
