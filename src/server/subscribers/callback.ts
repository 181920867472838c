import type { OverflowPolicy, StoredEvent, Subscriber, SubscriptionEndReason } from '../context/types.js';

export interface CallbackSubscriberOptions {
  maxQueue?: number;
  overflow?: OverflowPolicy;
  onEnd?(reason: SubscriptionEndReason, error?: unknown): void;
}

/**
 * Calls `fn` per event. An async `fn` gets events one at a time (later ones queue, bounded); a
 * throwing or rejecting `fn` ends only this subscription.
 */
export function callbackSubscriber(
  fn: (event: StoredEvent) => void | Promise<void>,
  options: CallbackSubscriberOptions = {},
): Subscriber {
  return {
    kind: 'callback',
    ...(options.maxQueue !== undefined ? { maxQueue: options.maxQueue } : {}),
    ...(options.overflow !== undefined ? { overflow: options.overflow } : {}),
    deliver: fn,
    end(reason, error) {
      options.onEnd?.(reason, error);
    },
  };
}
