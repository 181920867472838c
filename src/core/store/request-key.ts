import type { StreamRequest } from '../types.js';

/**
 * A stable identity for a request: url + method + body. Headers are deliberately left out (they carry
 * credentials and are often rebuilt inline on every render); pass an explicit key when they matter.
 */
export function requestKey(request: StreamRequest | readonly StreamRequest[] | null | undefined): string {
  if (request === null || request === undefined) return '';
  if (Array.isArray(request)) return (request as readonly StreamRequest[]).map((r) => requestKey(r)).join('|');
  const single = request as StreamRequest;
  const url = single.url === undefined ? (single.source !== undefined ? 'source' : '') : String(single.url);
  const method = (single.method ?? (single.body !== undefined && single.body !== null ? 'POST' : 'GET')).toUpperCase();
  return `${method} ${url} ${bodyKey(single.body)}`;
}

function bodyKey(body: StreamRequest['body']): string {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (typeof URLSearchParams !== 'undefined' && body instanceof URLSearchParams) return body.toString();
  if (isPlainObjectOrArray(body)) {
    try {
      return stableStringify(body);
    } catch {
      return '[unserialisable body]';
    }
  }
  // Blobs, streams, FormData: no cheap identity; treat every such body as the same request.
  return `[${Object.prototype.toString.call(body)}]`;
}

function isPlainObjectOrArray(value: object): boolean {
  if (Array.isArray(value)) return true;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** JSON with sorted keys, so `{a,b}` and `{b,a}` are the same request. */
function stableStringify(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v as Record<string, unknown>).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}
