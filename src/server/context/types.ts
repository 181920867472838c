import type { ContextEvent, PipelineWireEvent } from '../wire.js';

/** One event as the context stores and delivers it. Encodings are computed once and shared by all subscribers. */
export interface StoredEvent {
  /** `<executionId>:<seq>`. */
  readonly id: string;
  /** Per-execution sequence number, starting at 1. */
  readonly seq: number;
  /** SSE event name (the payload's `event_type`). */
  readonly event: string;
  readonly payload: ContextEvent;
  /** `performance.now()` at emit time; delivery latency is measured against it. */
  readonly emittedAt: number;
  /** The complete SSE block (`event:`, `id:`, `data:` + blank line). */
  sse(): string;
  /** The same block as UTF-8 bytes, encoded once for all subscribers (a write per socket then copies no string). */
  sseBytes(): Uint8Array;
  /** The payload as JSON text. */
  json(): string;
}

/** What happens when a subscriber's queue is full: lose its oldest events, or cut it off (it can resume by id). */
export type OverflowPolicy = 'drop-oldest' | 'disconnect';

export type SubscriptionEndReason = 'closed' | 'unsubscribed' | 'overflow' | 'error';

/** Sent when a resume id is older than the replay ring: events between it and `oldestSeq` are gone. */
export interface ReplayGap {
  executionId: string;
  /** The seq the client asked to resume after. */
  requestedSeq: number;
  /** The oldest seq still held; replay starts there. */
  oldestSeq: number;
  /** How many events were lost. */
  missed: number;
}

export interface SubscriptionHandle {
  readonly id: number;
  readonly executionId: string;
  unsubscribe(): void;
  /** The context's delivery statistics (shared by all subscribers). */
  stats(): ContextStats;
}

/**
 * A destination for a context's events. `deliver` may return a promise: the subscription waits for
 * it (while queueing later events up to its bound) before delivering the next event, so an async
 * subscriber sees events one at a time and in order. Throwing or rejecting ends the subscription.
 */
export interface Subscriber {
  readonly kind: string;
  deliver(event: StoredEvent): void | Promise<void>;
  /** The subscription is over (after every queued event was delivered when the reason is 'closed'). */
  end?(reason: SubscriptionEndReason, error?: unknown): void;
  /** Called before replay when the resume id is older than the ring. */
  onGap?(gap: ReplayGap): void;
  /** Called when the drop-oldest policy discarded events. */
  onDrop?(count: number): void;
  /** Called once with the handle when the subscription starts. */
  attach?(handle: SubscriptionHandle): void;
  /** Per-subscriber defaults (SubscribeOptions win). */
  readonly maxQueue?: number;
  readonly overflow?: OverflowPolicy;
}

export interface SubscribeOptions {
  /** Resume after this event (`<executionId>:<seq>`); events up to it are not delivered again. */
  lastEventId?: string | null | undefined;
  /** Without a resume id: 'all' replays what the ring holds (default), 'none' starts with live events. */
  replay?: 'all' | 'none';
  /** Bound on undelivered live events for this subscriber. Default: the context's `maxQueue`. */
  maxQueue?: number;
  overflow?: OverflowPolicy;
}

export type ResumeStatus =
  /** No resume id: replayed the ring (or nothing with replay 'none'). */
  | 'fresh'
  /** Resumed exactly after the given id. */
  | 'resumed'
  /** The id was older than the ring: a `ReplayGap` was signalled and replay started at the oldest event. */
  | 'gap'
  /** The id was not one of this execution's ids (malformed, other execution, or ahead of it): treated as fresh. */
  | 'unknown-id';

export interface Subscription extends SubscriptionHandle {
  readonly status: ResumeStatus;
  readonly replayed: number;
  readonly gap?: ReplayGap;
}

export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export interface ContextStats {
  executionId: string;
  emitted: number;
  lastSeq: number;
  subscribers: number;
  delivered: number;
  dropped: number;
  /** Subscriptions ended by the overflow policy. */
  disconnected: number;
  /** Subscriptions ended because the subscriber threw or rejected. */
  failed: number;
  /** Emit -> deliver() settled, in ms, over the most recent deliveries (bounded sample). */
  deliveryLatencyMs: LatencySummary;
  closed: boolean;
}

export interface StreamingContextOptions {
  executionId: string;
  /** Replay ring capacity (events). Default 1024; 0 disables replay. */
  bufferSize?: number;
  /** Default per-subscriber queue bound. Default 1024. */
  maxQueue?: number;
  /** Default slow-consumer policy. Default 'disconnect' (a disconnected client resumes by id). */
  overflow?: OverflowPolicy;
  /** Called when a subscriber throws/rejects (never with credentials: only the error). */
  onSubscriberError?(error: unknown, subscriber: Subscriber): void;
}

export interface StreamingContext {
  readonly executionId: string;
  readonly closed: boolean;
  /** Seq of the last emitted event (0 before the first). */
  readonly lastSeq: number;
  /** Stores the event in the ring and hands it to every subscriber; undefined after close(). */
  emit(event: ContextEvent | PipelineWireEvent): StoredEvent | undefined;
  subscribe(subscriber: Subscriber, options?: SubscribeOptions): Subscription;
  unsubscribe(subscriberOrHandle: Subscriber | SubscriptionHandle): void;
  /** No more events: every subscriber gets its queued events, then `end('closed')`. Idempotent. */
  close(): void;
  stats(): ContextStats;
  /** Events still in the ring after `afterSeq` (for inspection and tests). */
  replay(afterSeq?: number): StoredEvent[];
  /** Resolves once closed. */
  readonly done: Promise<void>;
}
