/**
 * A real Node http server for transport tests: 127.0.0.1, random port (listen(0)), scriptable per test.
 *
 * ```ts
 * import { startTestServer, sseHeaders, sseEvent, writeChunks, cutAfter, replyStatus } from '../helpers/http-server.js';
 *
 * const srv = await startTestServer(async (req, res) => {
 *   // req.body is the whole request body (already read), req.lastEventId the Last-Event-ID header
 *   sseHeaders(res);                                   // 200 text/event-stream, no-cache
 *   await writeChunks(res, [sseEvent({ data: 'a', id: '1' }), sseEvent({ data: '[DONE]' })], { delayMs: 5 });
 *   res.end();
 * });
 * // srv.url            -> 'http://127.0.0.1:PORT' (no trailing slash)
 * // srv.requests       -> RecordedRequest[] { method, url, path, headers, body, lastEventId, index,
 * //                        closed, whenClosed }  (whenClosed: the response ended or its connection closed)
 * // srv.connections    -> { opened, closed, open } counters, updated live
 * // srv.waitForConnectionsClosed() resolves once every socket the server saw is closed (note: Node's
 * //                        fetch may keep an extra idle keep-alive socket for ~4 s; prefer whenClosed)
 * // await srv.close()  -> destroys open sockets, closes the listener
 * ```
 *
 * Fault helpers (all take the ServerResponse):
 * - `cutAfter(res, bytes, offset)`      write the first `offset` bytes of `bytes` then destroy the socket
 *                                       (mid-line / mid UTF-8 character when the offset says so)
 * - `stall(res)`                         never write again (the client's idle timeout must fire)
 * - `replyStatus(res, status, { retryAfter, body, contentType })`  e.g. 503 + Retry-After, 400, 401
 * - `writeChunks(res, chunks, { delayMs })` write each chunk with a pause between (heartbeats too)
 * - `write(res, chunk)`                  one chunk, resolves once handed to the socket
 * - `sseEvent({ event, data, id, retry })`, `sseComment(text)` build wire text; `ndjsonHeaders(res, type?)`
 * - `randomByteChunks(text, seededRandom(seed), maxSize)` chops UTF-8 bytes reproducibly (cuts characters)
 * - `srv.waitForRequests(n)` resolves when n requests arrived; `sleep(ms)`; `byteLength(text)`
 *
 * See test/helpers/stream-utils.ts for `collect(run)` (events + result/error) and `trackCoreTimers()`.
 *
 * Handler errors are answered with 500 and recorded in `srv.handlerErrors` so a test can assert none.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  /** 0-based order of arrival. */
  index: number;
  method: string;
  /** Path plus query, as sent. */
  url: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  lastEventId: string | undefined;
  /** True once the response finished or its connection closed. */
  closed: boolean;
  /** Resolves when the response finished or its connection closed (e.g. the client aborted). */
  whenClosed: Promise<void>;
}

export type TestRequest = IncomingMessage & { recorded: RecordedRequest; body: string; lastEventId: string | undefined };
export type TestHandler = (req: TestRequest, res: ServerResponse) => unknown;

export interface ConnectionStats {
  opened: number;
  closed: number;
  readonly open: number;
}

export interface TestServer {
  url: string;
  port: number;
  requests: RecordedRequest[];
  connections: ConnectionStats;
  handlerErrors: unknown[];
  /** Resolves once every connection the server accepted so far has closed (rejects after timeoutMs). */
  waitForConnectionsClosed(timeoutMs?: number): Promise<void>;
  /** Resolves when the n-th request (1-based count) has arrived. */
  waitForRequests(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startTestServer(handler: TestHandler): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const handlerErrors: unknown[] = [];
  const sockets = new Set<Socket>();
  const stats = { opened: 0, closed: 0, get open() { return this.opened - this.closed; } };
  const waiters = new Set<() => void>();
  const notify = () => { for (const w of [...waiters]) w(); };

  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const body = Buffer.concat(parts).toString('utf8');
      const url = req.url ?? '/';
      const parsed = new URL(url, 'http://127.0.0.1');
      const lastEventIdHeader = req.headers['last-event-id'];
      let markClosed!: () => void;
      const whenClosed = new Promise<void>((resolve) => (markClosed = resolve));
      const recorded: RecordedRequest = {
        index: requests.length,
        method: req.method ?? 'GET',
        url,
        path: parsed.pathname,
        query: parsed.searchParams,
        headers: req.headers,
        body,
        lastEventId: Array.isArray(lastEventIdHeader) ? lastEventIdHeader[0] : lastEventIdHeader,
        closed: false,
        whenClosed,
      };
      res.on('close', () => {
        recorded.closed = true;
        markClosed();
        notify();
      });
      requests.push(recorded);
      notify();
      const testReq = Object.assign(req, { recorded, body, lastEventId: recorded.lastEventId });
      Promise.resolve()
        .then(() => handler(testReq, res))
        .catch((err: unknown) => {
          handlerErrors.push(err);
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
          if (!res.writableEnded && !res.destroyed) res.end(String(err));
        });
    });
  });
  server.keepAliveTimeout = 1000;
  server.on('connection', (socket: Socket) => {
    stats.opened++;
    sockets.add(socket);
    socket.on('close', () => {
      stats.closed++;
      sockets.delete(socket);
      notify();
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  const waitUntil = (done: () => boolean, timeoutMs: number, what: string) =>
    new Promise<void>((resolve, reject) => {
      if (done()) return resolve();
      const check = () => {
        if (!done()) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`test server: timed out waiting for ${what}`));
      }, timeoutMs);
      waiters.add(check);
    });

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    connections: stats,
    handlerErrors,
    waitForConnectionsClosed: (timeoutMs = 5000) => waitUntil(() => stats.open === 0, timeoutMs, 'connections to close'),
    waitForRequests: (count, timeoutMs = 5000) => waitUntil(() => requests.length >= count, timeoutMs, `${count} requests`),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

// ----------------------------------------------------------------------------------------------
// Wire builders
// ----------------------------------------------------------------------------------------------

export interface SSEEventInit {
  event?: string;
  data?: string;
  id?: string;
  retry?: number;
}

/** One SSE event, LF framed, multi-line data split into several `data:` lines. */
export function sseEvent(init: SSEEventInit): string {
  const lines: string[] = [];
  if (init.event !== undefined) lines.push(`event: ${init.event}`);
  if (init.id !== undefined) lines.push(`id: ${init.id}`);
  if (init.retry !== undefined) lines.push(`retry: ${init.retry}`);
  if (init.data !== undefined) for (const line of init.data.split('\n')) lines.push(`data: ${line}`);
  return lines.join('\n') + '\n\n';
}

export function sseComment(text = ''): string {
  return `:${text}\n\n`;
}

/** Writes the SSE response head (200, text/event-stream) and flushes it so the client sees headers now. */
export function sseHeaders(res: ServerResponse, extra: Record<string, string> = {}): void {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', ...extra });
  res.flushHeaders();
}

export function ndjsonHeaders(res: ServerResponse, contentType = 'application/x-ndjson'): void {
  res.writeHead(200, { 'content-type': contentType });
  res.flushHeaders();
}

// ----------------------------------------------------------------------------------------------
// Writers and faults
// ----------------------------------------------------------------------------------------------

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Writes a chunk and resolves once it was handed to the socket. Never rejects (a gone client is fine). */
export function write(res: ServerResponse, chunk: string | Uint8Array): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed || res.writableEnded) return resolve();
    res.write(chunk, () => resolve());
  });
}

/** Writes chunks in order with `delayMs` between them; stops quietly when the client went away. */
export async function writeChunks(
  res: ServerResponse,
  chunks: ReadonlyArray<string | Uint8Array>,
  opts: { delayMs?: number } = {},
): Promise<void> {
  for (let i = 0; i < chunks.length; i++) {
    if (res.destroyed) return;
    await write(res, chunks[i]!);
    if (opts.delayMs && i < chunks.length - 1) await sleep(opts.delayMs);
  }
}

/**
 * Sends the first `offset` bytes of `payload` (UTF-8) and then destroys the socket: the client sees the
 * connection break at exactly that byte (possibly mid-line or mid-character).
 */
export async function cutAfter(res: ServerResponse, payload: string | Uint8Array, offset: number): Promise<void> {
  const bytes = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : Buffer.from(payload);
  if (offset > 0) await write(res, bytes.subarray(0, offset));
  // Give the bytes a moment to leave the socket before the reset, so the client really receives them.
  await sleep(10);
  res.socket?.destroy();
}

/** Stops writing forever (until the client or the server closes). Resolves when the response closes. */
export function stall(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve();
    res.on('close', () => resolve());
  });
}

export interface ReplyStatusInit {
  /** Seconds (number) or an HTTP date / raw header value (string). */
  retryAfter?: number | string;
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

/** A complete non-streaming reply, e.g. 503 with Retry-After, 400, 401, or 200 text/html. */
export function replyStatus(res: ServerResponse, status: number, init: ReplyStatusInit = {}): void {
  const headers: Record<string, string> = { 'content-type': init.contentType ?? 'application/json', ...init.headers };
  if (init.retryAfter !== undefined) headers['retry-after'] = String(init.retryAfter);
  res.writeHead(status, headers);
  res.end(init.body ?? JSON.stringify({ error: { message: `status ${status}` } }));
}

// ----------------------------------------------------------------------------------------------
// Reproducible chopping
// ----------------------------------------------------------------------------------------------

export { seededRandom } from './seeded-random.js';

/** Splits the UTF-8 bytes of `text` into pieces of random size in [1, maxSize] (cuts characters too). */
export function randomByteChunks(text: string, random: () => number, maxSize = 16): Uint8Array[] {
  const bytes = Buffer.from(text, 'utf8');
  const out: Uint8Array[] = [];
  let i = 0;
  while (i < bytes.length) {
    const n = 1 + Math.floor(random() * maxSize);
    out.push(new Uint8Array(bytes.subarray(i, i + n)));
    i += n;
  }
  return out;
}

export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
