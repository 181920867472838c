import type { OverflowPolicy, StoredEvent, Subscriber, SubscriptionEndReason } from './types.js';

export interface DeliveryHooks {
  delivered(event: StoredEvent): void;
  dropped(count: number): void;
  ended(subscription: SubscriptionQueue, reason: SubscriptionEndReason, error?: unknown): void;
}

function isPromiseLike(value: unknown): value is PromiseLike<void> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/**
 * The per-subscriber queue. Delivery is synchronous while the subscriber keeps up (no promise, no
 * allocation per event); once `deliver` returns a promise the queue holds later events until it
 * settles, up to `limit`, then applies the overflow policy. The producer never waits on it.
 */
export class SubscriptionQueue {
  private readonly items: StoredEvent[] = [];
  private head = 0;
  private busy = false;
  private ending = false;
  private finished = false;
  private limit: number;

  constructor(
    readonly id: number,
    readonly subscriber: Subscriber,
    private readonly maxQueue: number,
    private readonly overflow: OverflowPolicy,
    private readonly hooks: DeliveryHooks,
  ) {
    this.limit = maxQueue;
  }

  get pending(): number {
    return this.items.length - this.head;
  }

  get isFinished(): boolean {
    return this.finished;
  }

  /** Replayed events go in unconditionally (they are bounded by the ring); the live bound sits on top. */
  replay(events: readonly StoredEvent[]): void {
    this.limit = this.maxQueue + events.length;
    for (const event of events) this.items.push(event);
    this.drain();
  }

  push(event: StoredEvent): void {
    if (this.finished || this.ending) return;
    if (!this.busy && this.pending === 0) {
      this.run(event);
      return;
    }
    if (this.pending >= this.limit) {
      if (this.overflow === 'disconnect') {
        this.finish('overflow');
        return;
      }
      this.head += 1; // drop the oldest undelivered event
      this.compact();
      this.hooks.dropped(1);
      this.safely(() => this.subscriber.onDrop?.(1));
    }
    this.items.push(event);
  }

  /** No more events will come: deliver what is queued, then end. */
  close(): void {
    if (this.finished) return;
    this.ending = true;
    if (!this.busy) this.drain();
  }

  /** End now, dropping anything queued. */
  finish(reason: SubscriptionEndReason, error?: unknown): void {
    if (this.finished) return;
    this.finished = true;
    this.items.length = 0;
    this.head = 0;
    this.hooks.ended(this, reason, error);
    this.safely(() => this.subscriber.end?.(reason, error));
  }

  private run(event: StoredEvent): void {
    let result: void | Promise<void>;
    try {
      result = this.subscriber.deliver(event);
    } catch (error) {
      this.finish('error', error);
      return;
    }
    if (isPromiseLike(result)) {
      this.busy = true;
      result.then(
        () => {
          this.busy = false;
          if (this.finished) return;
          this.hooks.delivered(event);
          this.drain();
        },
        (error: unknown) => {
          this.busy = false;
          this.finish('error', error);
        },
      );
      return;
    }
    this.hooks.delivered(event);
  }

  private drain(): void {
    while (!this.busy && !this.finished && this.pending > 0) {
      const event = this.items[this.head] as StoredEvent;
      this.head += 1;
      this.run(event);
    }
    this.compact();
    if (!this.busy && !this.finished && this.ending && this.pending === 0) this.finish('closed');
  }

  /** Reclaims delivered/dropped slots so the backing array stays within about twice the bound. */
  private compact(): void {
    if (this.pending === 0) {
      if (this.head > 0) {
        this.items.length = 0;
        this.head = 0;
      }
    } else if (this.head >= 64 && this.head * 2 > this.items.length) {
      this.items.splice(0, this.head);
      this.head = 0;
    }
  }

  private safely(fn: () => void): void {
    try {
      fn();
    } catch {
      // A subscriber's own hook failing must not affect the producer or other subscribers.
    }
  }
}
