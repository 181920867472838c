import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { NDJSON_HEADERS } from './ndjson.js';
import { closeIterator, encodeNDJSONItem, encodeSSEItem, lastEventFor, openSource, type StreamItem, type StreamSource } from './source.js';
import { heartbeatInterval, encodeSSE, encodeSSEComment, encodeSSERetry, sseHeadersFor, type SSEMessage } from './sse.js';

export interface WriteStreamOptions {
  status?: number;
  headers?: OutgoingHttpHeaders;
  /** Aborting it stops the source and ends the response. */
  signal?: AbortSignal;
  /** Heartbeat comment interval; `false` disables. Default 15 s. SSE only. */
  heartbeatMs?: number | false;
  retryMs?: number;
  /** Turns a source failure into a last event; without it the response just ends. */
  onError?(error: unknown): SSEMessage | undefined;
}

export interface WriteStreamResult {
  /** 'complete': the source ended; 'disconnected': the client went away; 'aborted': `signal`; 'error': the source threw. */
  reason: 'complete' | 'disconnected' | 'aborted' | 'error';
  /** Items written. */
  items: number;
  error?: unknown;
}

/** Resolves on 'drain', or when the response closes or `signal` aborts (then nothing more is written). */
export function waitForDrain(res: ServerResponse, signal?: AbortSignal): Promise<void> {
  if (res.destroyed || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
    signal?.addEventListener('abort', done, { once: true });
  });
}

async function writeStream(
  res: ServerResponse,
  source: StreamSource,
  options: WriteStreamOptions,
  encodeItem: (item: StreamItem) => string,
  sse: boolean,
): Promise<WriteStreamResult> {
  const abort = new AbortController();
  let reason: WriteStreamResult['reason'] | undefined;
  const stop = (why: WriteStreamResult['reason']) => {
    reason ??= why;
    if (!abort.signal.aborted) abort.abort(new Error(`stream ${why}`));
  };
  // 'close' before the response finished = the client (or a proxy) went away.
  const onClose = () => {
    if (!res.writableFinished) stop('disconnected');
  };
  const onAbort = () => stop('aborted');
  res.on('close', onClose);
  // A client that left before we started (say, during an async auth check) already fired 'close':
  // without this check an endless source would be drained into the dead socket forever.
  if (res.destroyed || (res as { closed?: boolean }).closed === true) stop('disconnected');
  if (options.signal?.aborted) stop('aborted');
  options.signal?.addEventListener('abort', onAbort, { once: true });

  if (!res.headersSent) {
    res.writeHead(options.status ?? 200, { ...(sse ? sseHeadersFor(res) : NDJSON_HEADERS), ...options.headers });
    res.flushHeaders();
  }

  let heartbeat: ReturnType<typeof setInterval> | undefined;
  const heartbeatMs = heartbeatInterval(options.heartbeatMs);
  if (sse && heartbeatMs !== undefined) {
    const comment = encodeSSEComment('heartbeat');
    heartbeat = setInterval(() => {
      // Skipped while backed up: a heartbeat only matters on an idle connection.
      if (!res.destroyed && !res.writableNeedDrain) res.write(comment);
    }, heartbeatMs);
    heartbeat.unref();
  }

  let items = 0;
  let failure: unknown;
  // Opened inside the try below: a source that throws while opening (a factory, a closed context)
  // must end the response like any other source failure, not leave it open forever.
  let iterator: AsyncIterator<StreamItem> | undefined;
  // Resolves when aborted so a source that ignores its signal cannot keep us waiting.
  const aborted = new Promise<IteratorResult<StreamItem>>((resolve) => {
    const settle = () => resolve({ value: undefined, done: true });
    if (abort.signal.aborted) settle();
    else abort.signal.addEventListener('abort', settle, { once: true });
  });

  try {
    if (!abort.signal.aborted) iterator = openSource(source, abort.signal);
    if (iterator && sse && options.retryMs !== undefined) res.write(encodeSSERetry(options.retryMs));
    while (iterator && !abort.signal.aborted) {
      const result = await Promise.race([iterator.next(), aborted]);
      if (result.done || abort.signal.aborted) break;
      items += 1;
      if (!res.write(encodeItem(result.value))) await waitForDrain(res, abort.signal);
    }
    reason ??= 'complete';
  } catch (error) {
    failure = error;
    reason ??= 'error';
    const last = lastEventFor(options.onError, error);
    if (last && !res.destroyed) res.write(sse ? encodeSSE(last) : encodeItem(last));
  } finally {
    if (heartbeat !== undefined) clearInterval(heartbeat);
    res.off('close', onClose);
    options.signal?.removeEventListener('abort', onAbort);
    if (!abort.signal.aborted) abort.abort(new Error('stream finished'));
    if (iterator) closeIterator(iterator);
    if (!res.destroyed && !res.writableEnded) res.end();
  }
  return failure === undefined ? { reason, items } : { reason, items, error: failure };
}

/**
 * Streams `source` to a Node `ServerResponse` as Server-Sent Events. Honours backpressure (a
 * `write()` returning false waits for 'drain'); a client disconnect aborts the source (its
 * AbortSignal and the iterator's `return()`). Resolves when the stream is over; never rejects.
 */
export function writeSSE(res: ServerResponse, source: StreamSource, options: WriteStreamOptions = {}): Promise<WriteStreamResult> {
  return writeStream(res, source, options, encodeSSEItem, true);
}

/** The same as `writeSSE`, as newline-delimited JSON. */
export function writeNDJSON(res: ServerResponse, source: StreamSource, options: WriteStreamOptions = {}): Promise<WriteStreamResult> {
  return writeStream(res, source, options, encodeNDJSONItem, false);
}
