import type {
  StoredEvent,
  StreamingContext,
  SubscribeOptions,
  Subscriber,
  Subscription,
  SubscriptionEndReason,
} from '../context/types.js';

export interface ContextIterator extends AsyncIterableIterator<StoredEvent> {
  readonly subscription: Subscription;
  /** Why the subscription ended (undefined while it runs). */
  readonly endReason: SubscriptionEndReason | undefined;
}

/**
 * Subscribes to a context and exposes the events as a pull-based async iterator: an event counts as
 * delivered when the consumer takes it, so a slow consumer builds up the subscription's bounded
 * queue (and meets its overflow policy) instead of holding up the producer.
 */
export function subscribeIterator(
  context: StreamingContext,
  options: SubscribeOptions & { signal?: AbortSignal } = {},
): ContextIterator {
  let waiting: ((result: IteratorResult<StoredEvent>) => void) | undefined;
  let offered: { event: StoredEvent; taken: () => void } | undefined;
  let endReason: SubscriptionEndReason | undefined;

  const subscriber: Subscriber = {
    kind: 'iterator',
    deliver(event) {
      if (waiting) {
        const resolve = waiting;
        waiting = undefined;
        resolve({ value: event, done: false });
        return;
      }
      return new Promise<void>((taken) => {
        offered = { event, taken };
      });
    },
    end(reason) {
      endReason = reason;
      if (offered) {
        // The queue is gone; let the pending delivery settle so nothing stays referenced.
        offered.taken();
        offered = undefined;
      }
      if (waiting) {
        const resolve = waiting;
        waiting = undefined;
        resolve({ value: undefined, done: true });
      }
    },
  };

  const { signal, ...subscribeOptions } = options;
  const subscription = context.subscribe(subscriber, subscribeOptions);
  const onAbort = () => subscription.unsubscribe();
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) subscription.unsubscribe();

  const iterator: ContextIterator = {
    subscription,
    get endReason() {
      return endReason;
    },
    next() {
      if (offered) {
        const { event, taken } = offered;
        offered = undefined;
        taken();
        return Promise.resolve({ value: event, done: false });
      }
      if (endReason !== undefined) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => {
        waiting = resolve;
      });
    },
    return() {
      signal?.removeEventListener('abort', onAbort);
      subscription.unsubscribe();
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
