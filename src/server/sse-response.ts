import { NDJSON_HEADERS } from './ndjson.js';
import { closeIterator, encodeNDJSONItem, encodeSSEItem, lastEventFor, openSource, type StreamSource } from './source.js';
import { heartbeatInterval, encodeSSE, encodeSSEComment, encodeSSERetry, SSE_HEADERS, type SSEMessage } from './sse.js';

export interface StreamResponseInit {
  status?: number;
  /** Extra headers (e.g. CORS); the SSE headers are set unless overridden here. */
  headers?: HeadersInit;
  /** Usually `request.signal`: aborting it stops the source. */
  signal?: AbortSignal;
  /** Heartbeat comment interval; `false` disables. Default 15 s. SSE only. */
  heartbeatMs?: number | false;
  /** Sends `retry:` first so clients reconnect after this many ms. SSE only. */
  retryMs?: number;
  /**
   * Turns a source failure into a last event (e.g. `{ event: 'error', data: '{"code":"internal"}' }`);
   * without it the stream just ends, and the client resumes by id. Never put credentials in it.
   */
  onError?(error: unknown): SSEMessage | undefined;
}

function mergeHeaders(base: Readonly<Record<string, string>>, extra: HeadersInit | undefined): Headers {
  const headers = new Headers(base);
  if (extra) new Headers(extra).forEach((value, key) => headers.set(key, value));
  return headers;
}

function streamBody(
  source: StreamSource,
  init: StreamResponseInit,
  encodeItem: (item: Parameters<typeof encodeSSEItem>[0]) => string,
  sse: boolean,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const abort = new AbortController();
  let iterator: AsyncIterator<Parameters<typeof encodeSSEItem>[0]> | undefined;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let finished = false;
  let controllerRef: ReadableStreamDefaultController<Uint8Array> | undefined;

  const stop = (reason?: unknown) => {
    if (finished) return;
    finished = true;
    if (heartbeat !== undefined) clearInterval(heartbeat);
    init.signal?.removeEventListener('abort', onRequestAbort);
    if (!abort.signal.aborted) abort.abort(reason);
    if (iterator) closeIterator(iterator);
  };
  const fail = (controller: ReadableStreamDefaultController<Uint8Array>, error: unknown) => {
    stop(error);
    const last = lastEventFor(init.onError, error);
    if (last) controller.enqueue(encoder.encode(sse ? encodeSSE(last) : encodeItem(last)));
    controller.close();
  };
  function onRequestAbort() {
    stop(init.signal?.reason);
    try {
      controllerRef?.close();
    } catch {
      // already closed or errored
    }
  }

  return new ReadableStream<Uint8Array>({
    start(controller) {
      controllerRef = controller;
      if (init.signal?.aborted) {
        finished = true;
        controller.close();
        return;
      }
      init.signal?.addEventListener('abort', onRequestAbort, { once: true });
      try {
        iterator = openSource(source, abort.signal);
      } catch (error) {
        // A source that cannot even open ends the body like one that fails later.
        fail(controller, error);
        return;
      }
      if (sse && init.retryMs !== undefined) controller.enqueue(encoder.encode(encodeSSERetry(init.retryMs)));
      const heartbeatMs = heartbeatInterval(init.heartbeatMs);
      if (sse && heartbeatMs !== undefined) {
        const comment = encoder.encode(encodeSSEComment('heartbeat'));
        heartbeat = setInterval(() => {
          // Only when the consumer keeps up: a heartbeat must never grow a backed-up queue.
          if (!finished && (controller.desiredSize ?? 0) > 0) controller.enqueue(comment);
        }, heartbeatMs);
        (heartbeat as { unref?: () => void }).unref?.();
      }
    },
    async pull(controller) {
      if (finished || !iterator) return;
      try {
        const result = await iterator.next();
        if (finished) return;
        if (result.done) {
          stop();
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(encodeItem(result.value)));
      } catch (error) {
        if (finished) return;
        fail(controller, error);
      }
    },
    cancel(reason) {
      stop(reason);
    },
  });
}

/**
 * A Web `Response` streaming `source` as Server-Sent Events (route handlers: Next.js, Hono, Bun,
 * Deno, workers). Pass `request.signal` so a client disconnect stops the source; the stream's own
 * cancel does the same.
 */
export function sseResponse(source: StreamSource, init: StreamResponseInit = {}): Response {
  return new Response(streamBody(source, init, encodeSSEItem, true), {
    status: init.status ?? 200,
    headers: mergeHeaders(SSE_HEADERS, init.headers),
  });
}

/** The same as `sseResponse`, as newline-delimited JSON. */
export function ndjsonResponse(source: StreamSource, init: StreamResponseInit = {}): Response {
  return new Response(streamBody(source, init, encodeNDJSONItem, false), {
    status: init.status ?? 200,
    headers: mergeHeaders(NDJSON_HEADERS, init.headers),
  });
}
