import { StreamError } from '../errors.js';
import type { StreamRequest } from '../types.js';
import { isSecretHeader, isSecretParam, REDACTED, redactText, redactUrl } from '../redact/redact.js';
import { isRetryableStatus, parseRetryAfter } from './retry-policy.js';

/** Anything that yields body chunks; `cancel` releases the underlying connection/iterator. */
export interface ChunkReader {
  read(): Promise<IteratorResult<string | Uint8Array>>;
  cancel(): void;
}

/** Bytes of an error body kept on the error: enough to show a provider's message, never a whole page. */
export const BODY_EXCERPT_BYTES = 2048;

const DEFAULT_ACCEPT = 'text/event-stream, application/x-ndjson;q=0.9, text/plain;q=0.8, */*;q=0.5';

function isBodyInit(body: unknown): body is BodyInit {
  if (typeof body === 'string') return true;
  if (typeof body !== 'object' || body === null) return false;
  const g = globalThis as Record<string, unknown>;
  const isInstance = (name: string) => typeof g[name] === 'function' && body instanceof (g[name] as new () => unknown);
  return (
    ArrayBuffer.isView(body) ||
    body instanceof ArrayBuffer ||
    isInstance('Blob') ||
    isInstance('FormData') ||
    isInstance('URLSearchParams') ||
    isInstance('ReadableStream')
  );
}

export interface FetchAttemptInit {
  signal: AbortSignal;
  lastEventId?: string | undefined;
  /** Leave out the default `cache: 'no-store'` (the runtime rejected the field). */
  omitCache?: boolean;
}

/** The URL, method and RequestInit for one attempt. Object bodies become JSON. */
export function buildFetchInit(request: StreamRequest, init: FetchAttemptInit): { url: string; init: RequestInit } {
  if (request.url === undefined) throw new StreamError('protocol', 'A stream request needs `url` or `source`', { retryable: false });
  const headers = new Headers(request.headers);
  if (!headers.has('accept')) headers.set('accept', DEFAULT_ACCEPT);
  // fetch refuses URLs with user info; send them the way the URL meant: as Basic auth.
  let url = String(request.url);
  const parsed = parseUrl(url);
  if (parsed === undefined && documentBase() === undefined) {
    // Without a document there is nothing to resolve a relative URL against: asking again cannot help.
    throw new StreamError('protocol', `Invalid URL: ${redactUrl(url)}`, { retryable: false });
  }
  if (parsed && (parsed.username || parsed.password)) {
    if (!headers.has('authorization')) {
      const pair = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
      headers.set('authorization', `Basic ${btoa(String.fromCharCode(...new TextEncoder().encode(pair)))}`);
    }
    parsed.username = '';
    parsed.password = '';
    url = parsed.toString();
  }
  if (init.lastEventId) headers.set('last-event-id', init.lastEventId);
  const body = request.body;
  const method = (request.method ?? (body === undefined || body === null ? 'GET' : 'POST')).toUpperCase();
  // The user's options first; what streamkit must control (method, headers, body, signal) after.
  const requestInit: RequestInit = { ...request.init, method, headers, signal: init.signal };
  // A stream is never served from the HTTP cache unless the caller chose a cache mode.
  if (!init.omitCache && !(request.init !== undefined && 'cache' in request.init)) requestInit.cache = 'no-store';
  if (body !== undefined && body !== null) {
    if (isBodyInit(body)) {
      requestInit.body = body;
      // Node's fetch needs duplex for a streamed request body; browsers ignore the unknown field.
      if (typeof ReadableStream === 'function' && body instanceof ReadableStream) (requestInit as { duplex?: string }).duplex = 'half';
    } else {
      requestInit.body = JSON.stringify(body);
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    }
  }
  return { url, init: requestInit };
}

/**
 * True for the error some runtimes throw for a `cache` field they do not implement (Cloudflare Workers
 * before their 2024-11 compatibility date: "The 'cache' field on 'RequestInitializerDict' is not
 * implemented."). Such a request never reached the network, so it is safe to send again without it.
 */
export function isUnsupportedCacheError(error: unknown): boolean {
  return error instanceof TypeError && /\bcache\b/i.test(error.message) && /not (?:implemented|supported)|unsupported|invalid/i.test(error.message);
}

function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined; // relative: the runtime's fetch resolves it against the document
  }
}

function documentBase(): string | undefined {
  const href = (globalThis as { location?: { href?: unknown } }).location?.href;
  return typeof href === 'string' ? href : undefined;
}

export function methodOf(request: StreamRequest): string {
  if (request.source !== undefined && request.url === undefined) return 'SOURCE';
  return (request.method ?? (request.body === undefined || request.body === null ? 'GET' : 'POST')).toUpperCase();
}

/** Reads at most `maxBytes` of a body as text and releases the rest. Never throws. */
export async function readBodyExcerpt(response: Response, maxBytes = BODY_EXCERPT_BYTES): Promise<string> {
  const body = response.body;
  if (!body) return '';
  const reader = body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < maxBytes) {
      const { done, value } = await reader.read();
      if (done) break;
      const room = maxBytes - size;
      const part = value.byteLength > room ? value.subarray(0, room) : value;
      parts.push(part);
      size += part.byteLength;
    }
  } catch {
    // A body that breaks while we read the excerpt still gives what we have.
  } finally {
    reader.cancel().catch(() => {});
  }
  const decoder = new TextDecoder();
  let text = '';
  for (const p of parts) text += decoder.decode(p, { stream: true });
  return text + decoder.decode();
}

/** Secrets shorter than this are not searched for (replacing '1' everywhere would garble the text). */
const MIN_SECRET_LENGTH = 4;

/**
 * The credential values this request sends: secret header values (and the token after `Bearer ` /
 * `Basic `, cookie values), secret query parameters and URL user info. Error bodies sometimes quote
 * them back ("invalid key abc123", a proxy echoing headers) and no pattern can recognise an opaque
 * key, so the excerpt is scrubbed of the exact values that were sent.
 */
function credentialsOf(request: StreamRequest): string[] {
  const found = new Set<string>();
  const add = (value: string | null | undefined) => {
    const v = value?.trim();
    if (v && v.length >= MIN_SECRET_LENGTH) found.add(v);
  };
  try {
    new Headers(request.headers).forEach((value, name) => {
      if (!isSecretHeader(name)) return;
      add(value);
      const space = value.indexOf(' ');
      if (space !== -1) add(value.slice(space + 1));
      if (/cookie/i.test(name)) for (const pair of value.split(';')) add(pair.slice(pair.indexOf('=') + 1));
    });
  } catch {
    // Headers the runtime refuses are not sent either.
  }
  if (request.url !== undefined) {
    try {
      const url = new URL(String(request.url), 'http://base.invalid/');
      add(decodeURIComponent(url.username));
      add(decodeURIComponent(url.password));
      url.searchParams.forEach((value, name) => {
        if (isSecretParam(name)) {
          add(value);
          add(encodeURIComponent(value));
        }
      });
    } catch {
      // An unparsable URL was never fetched.
    }
  }
  // Longest first, so a value containing another one is replaced whole.
  return [...found].sort((a, b) => b.length - a.length);
}

/** A response body excerpt safe to keep on an error: the request's credentials and credential shapes removed. */
export function scrubExcerpt(text: string, request: StreamRequest): string {
  let out = text;
  for (const secret of credentialsOf(request)) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return redactText(out);
}

/** The `http` StreamError for a non-2xx response: status, retryability, Retry-After and a body excerpt. */
export async function httpErrorFrom(response: Response, readExcerpt: (r: Response) => Promise<string> = readBodyExcerpt): Promise<StreamError> {
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
  const bodyExcerpt = await readExcerpt(response);
  const init: ConstructorParameters<typeof StreamError>[2] = {
    status: response.status,
    retryable: isRetryableStatus(response.status),
    bodyExcerpt,
  };
  if (retryAfterMs !== undefined) init.retryAfterMs = retryAfterMs;
  const label = response.statusText ? ` ${response.statusText}` : '';
  return new StreamError('http', `HTTP ${response.status}${label}`, init);
}

export function readerFromResponse(response: Response): ChunkReader {
  const body = response.body;
  if (!body) return { read: () => Promise.resolve({ done: true, value: undefined }), cancel() {} };
  return readerFromReadableStream(body);
}

function readerFromReadableStream(stream: ReadableStream<Uint8Array | string>): ChunkReader {
  const reader = stream.getReader();
  let cancelled = false;
  return {
    read: () => reader.read() as Promise<IteratorResult<string | Uint8Array>>,
    cancel() {
      if (cancelled) return;
      cancelled = true;
      reader.cancel().catch(() => {});
    },
  };
}

/** A reader over a user-supplied source: a ReadableStream or any AsyncIterable of text or bytes. */
export function readerFromSource(source: NonNullable<StreamRequest['source']>): ChunkReader {
  if (typeof (source as ReadableStream).getReader === 'function') return readerFromReadableStream(source as ReadableStream<Uint8Array | string>);
  const iterator = (source as AsyncIterable<string | Uint8Array>)[Symbol.asyncIterator]();
  let cancelled = false;
  return {
    read: () => iterator.next(),
    cancel() {
      if (cancelled) return;
      cancelled = true;
      // return() on a generator that is awaiting inside next() queues behind it: the caller races reads
      // against its abort signal, so this only has to release resources eventually.
      Promise.resolve()
        .then(() => iterator.return?.())
        .catch(() => {});
    },
  };
}

/** One read, rejected with `signal.reason` as soon as the signal aborts (the reader may not notice). */
export function readWithSignal(reader: ChunkReader, signal: AbortSignal): Promise<IteratorResult<string | Uint8Array>> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    reader.read().then(
      (r) => {
        signal.removeEventListener('abort', onAbort);
        resolve(r);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
