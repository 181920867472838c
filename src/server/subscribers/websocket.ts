import type { WebSocket } from 'ws';
import type { OverflowPolicy, StoredEvent, Subscriber, SubscriptionHandle } from '../context/types.js';

export interface WebSocketSubscriberOptions {
  /** Above this many buffered bytes a send waits for its callback before the next one. Default 1 MiB. */
  highWaterMark?: number;
  maxQueue?: number;
  overflow?: OverflowPolicy;
  /** Close the socket when the context closes. Default true. */
  closeOnEnd?: boolean;
  onEnd?(reason: string): void;
}

/** The JSON text message a WebSocket subscriber sends per event. */
export function websocketMessage(event: StoredEvent): string {
  return `{"id":${JSON.stringify(event.id)},"event":${JSON.stringify(event.event)},"data":${event.json()}}`;
}

const OPEN = 1;

/**
 * Streams a context over a `ws` WebSocket: one JSON text message `{ id, event, data }` per event
 * (`data` is the wire event). Waits for the send callback once the socket buffers more than
 * `highWaterMark`, so a slow client fills its own bounded queue rather than memory.
 */
export function websocketSubscriber(ws: WebSocket, options: WebSocketSubscriberOptions = {}): Subscriber {
  const highWaterMark = options.highWaterMark ?? 1 << 20;
  let handle: SubscriptionHandle | undefined;
  const onClose = () => handle?.unsubscribe();
  return {
    kind: 'websocket',
    ...(options.maxQueue !== undefined ? { maxQueue: options.maxQueue } : {}),
    ...(options.overflow !== undefined ? { overflow: options.overflow } : {}),
    attach(subscription) {
      handle = subscription;
      if (ws.readyState !== OPEN) {
        subscription.unsubscribe();
        return;
      }
      ws.on('close', onClose);
    },
    onGap(gap) {
      if (ws.readyState !== OPEN) return;
      ws.send(
        JSON.stringify({
          event: 'stream_gap',
          data: { execution_id: gap.executionId, requested_seq: gap.requestedSeq, oldest_seq: gap.oldestSeq, missed: gap.missed },
        }),
      );
    },
    deliver(event) {
      if (ws.readyState !== OPEN) throw new Error('websocket not open');
      const message = websocketMessage(event);
      if (ws.bufferedAmount < highWaterMark) {
        ws.send(message);
        return undefined;
      }
      return new Promise<void>((resolve, reject) => {
        ws.send(message, (error) => (error ? reject(error) : resolve()));
      });
    },
    end(reason) {
      ws.off('close', onClose);
      if (ws.readyState === OPEN) {
        if (reason === 'overflow') ws.close(1013, 'slow consumer'); // "try again later": resume by id
        else if (reason === 'error') ws.terminate();
        else if (reason === 'closed' && options.closeOnEnd !== false) ws.close(1000, 'stream complete');
      }
      options.onEnd?.(reason);
    },
  };
}
