import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { OverflowPolicy, Subscriber, SubscriptionHandle } from '../context/types.js';
import { DEFAULT_HEARTBEAT_MS, encodeSSE, encodeSSEComment, encodeSSERetry, sseHeadersFor } from '../sse.js';
import { waitForDrain } from '../write-sse.js';

export interface SSESubscriberOptions {
  /** Heartbeat comment interval; `false` disables. Default 15 s. */
  heartbeatMs?: number | false;
  /** Sent as `retry:` once when the stream starts. */
  retryMs?: number;
  /** Extra headers when this subscriber writes the head (e.g. CORS). */
  headers?: OutgoingHttpHeaders;
  maxQueue?: number;
  overflow?: OverflowPolicy;
  /** Called when the subscription ended (any reason). */
  onEnd?(reason: string): void;
}

/**
 * Streams a context to a Node `ServerResponse`: each event's shared SSE encoding is written once;
 * when `write()` returns false the subscription waits for 'drain' (later events queue, bounded).
 * A client disconnect unsubscribes; the context closing ends the response; a queue overflow ends
 * it too, so the client reconnects with Last-Event-ID and replays from the ring.
 */
export function sseSubscriber(res: ServerResponse, options: SSESubscriberOptions = {}): Subscriber {
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let handle: SubscriptionHandle | undefined;
  const onClose = () => handle?.unsubscribe();

  const stopTimers = () => {
    if (heartbeat !== undefined) clearInterval(heartbeat);
    heartbeat = undefined;
    res.off('close', onClose);
  };

  return {
    kind: 'sse',
    ...(options.maxQueue !== undefined ? { maxQueue: options.maxQueue } : {}),
    ...(options.overflow !== undefined ? { overflow: options.overflow } : {}),
    attach(subscription) {
      handle = subscription;
      if (res.destroyed) {
        subscription.unsubscribe();
        return;
      }
      res.on('close', onClose);
      if (!res.headersSent) {
        res.writeHead(200, { ...sseHeadersFor(res), ...options.headers });
        res.flushHeaders();
      }
      if (options.retryMs !== undefined) res.write(encodeSSERetry(options.retryMs));
      const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
      if (heartbeatMs !== false && heartbeatMs > 0) {
        const comment = encodeSSEComment('heartbeat');
        heartbeat = setInterval(() => {
          if (!res.destroyed && !res.writableNeedDrain) res.write(comment);
        }, heartbeatMs);
        heartbeat.unref();
      }
    },
    onGap(gap) {
      res.write(
        encodeSSE({
          event: 'stream_gap',
          data: JSON.stringify({
            execution_id: gap.executionId,
            requested_seq: gap.requestedSeq,
            oldest_seq: gap.oldestSeq,
            missed: gap.missed,
          }),
        }),
      );
    },
    deliver(event) {
      if (res.destroyed || res.writableEnded) throw new Error('response closed');
      if (!res.write(event.sseBytes())) return waitForDrain(res);
      return undefined;
    },
    end(reason) {
      stopTimers();
      if (reason === 'error') res.destroy();
      else if (!res.destroyed && !res.writableEnded) res.end();
      options.onEnd?.(reason);
    },
  };
}
