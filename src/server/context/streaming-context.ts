import { encodeSSE } from '../sse.js';
import { formatEventId, isValidExecutionId, parseEventId, type ContextEvent } from '../wire.js';
import { createLatencySampler } from './latency.js';
import { createRing } from './ring.js';
import { SubscriptionQueue } from './subscription.js';
import type {
  ContextStats,
  ReplayGap,
  ResumeStatus,
  StoredEvent,
  StreamingContext,
  StreamingContextOptions,
  Subscriber,
  SubscribeOptions,
  Subscription,
  SubscriptionHandle,
} from './types.js';

const DEFAULT_BUFFER_SIZE = 1024;
const utf8 = new TextEncoder();
const DEFAULT_MAX_QUEUE = 1024;

function storedEvent(executionId: string, seq: number, payload: ContextEvent): StoredEvent {
  const id = formatEventId(executionId, seq);
  let json: string | undefined;
  let sse: string | undefined;
  let bytes: Uint8Array | undefined;
  return {
    id,
    seq,
    event: payload.event_type,
    payload,
    emittedAt: performance.now(),
    json() {
      json ??= JSON.stringify(payload);
      return json;
    },
    sse() {
      sse ??= encodeSSE({ id, event: payload.event_type, data: this.json() });
      return sse;
    },
    sseBytes() {
      bytes ??= utf8.encode(this.sse());
      return bytes;
    },
  };
}

/**
 * One streaming context per execution: numbers events `<executionId>:<seq>`, keeps the last
 * `bufferSize` of them for resumption, and fans each one out to its subscribers through bounded
 * per-subscriber queues. `emit` never waits for a subscriber.
 */
export function createStreamingContext(options: StreamingContextOptions): StreamingContext {
  const { executionId } = options;
  if (!isValidExecutionId(executionId)) {
    throw new TypeError('executionId must match /^[A-Za-z0-9_-]{1,128}$/');
  }
  const bufferSize = options.bufferSize ?? DEFAULT_BUFFER_SIZE;
  if (!Number.isInteger(bufferSize) || bufferSize < 0) throw new TypeError('bufferSize must be a non-negative integer');
  const defaultMaxQueue = options.maxQueue ?? DEFAULT_MAX_QUEUE;
  const defaultOverflow = options.overflow ?? 'disconnect';

  const ring = createRing<StoredEvent>(bufferSize);
  const queues = new Map<number, SubscriptionQueue>();
  /**
   * The queues as an array for emit, rebuilt only after a subscribe/end. A subscriber ending (or
   * subscribing) during delivery drops this snapshot rather than changing the one being iterated.
   */
  let fanout: SubscriptionQueue[] | undefined;
  const bySubscriber = new Map<Subscriber, SubscriptionQueue>();
  const latency = createLatencySampler();
  let nextSubscriptionId = 1;
  let lastSeq = 0;
  let closed = false;
  let delivered = 0;
  let dropped = 0;
  let disconnected = 0;
  let failed = 0;
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => {
    resolveDone = resolve;
  });

  const hooks = {
    delivered(event: StoredEvent) {
      delivered += 1;
      latency.record(performance.now() - event.emittedAt);
    },
    dropped(count: number) {
      dropped += count;
    },
    ended(queue: SubscriptionQueue, reason: string, error?: unknown) {
      if (queues.delete(queue.id)) fanout = undefined;
      if (bySubscriber.get(queue.subscriber) === queue) bySubscriber.delete(queue.subscriber);
      if (reason === 'overflow') disconnected += 1;
      if (reason === 'error') {
        failed += 1;
        try {
          options.onSubscriberError?.(error, queue.subscriber);
        } catch {
          // reporting must not break delivery
        }
      }
    },
  };

  function stats(): ContextStats {
    return {
      executionId,
      emitted: lastSeq,
      lastSeq,
      subscribers: queues.size,
      delivered,
      dropped,
      disconnected,
      failed,
      deliveryLatencyMs: latency.summary(),
      closed,
    };
  }

  /** Seqs in the ring are consecutive, so the first event after `afterSeq` is found by arithmetic, not a scan. */
  function replay(afterSeq = 0): StoredEvent[] {
    const out: StoredEvent[] = [];
    if (ring.size === 0) return out;
    const oldestSeq = (ring.at(0) as StoredEvent).seq;
    const from = Math.max(0, Math.floor(afterSeq) - oldestSeq + 1);
    for (let i = from; i < ring.size; i += 1) out.push(ring.at(i) as StoredEvent);
    return out;
  }

  /** Decides where a new subscriber starts. */
  function resumePoint(opts: SubscribeOptions): { status: ResumeStatus; events: StoredEvent[]; gap?: ReplayGap } {
    const oldestSeq = ring.size > 0 ? (ring.at(0) as StoredEvent).seq : lastSeq + 1;
    const fresh = (status: ResumeStatus) => {
      if (opts.replay === 'none') return { status, events: [] };
      // Without a resume id a subscriber wants the whole execution; if the ring already lost its start, say so.
      if (oldestSeq > 1) {
        const gap: ReplayGap = { executionId, requestedSeq: 0, oldestSeq, missed: oldestSeq - 1 };
        return { status, events: replay(0), gap };
      }
      return { status, events: replay(0) };
    };
    if (opts.lastEventId === undefined || opts.lastEventId === null || opts.lastEventId === '') return fresh('fresh');
    const parsed = parseEventId(opts.lastEventId);
    if (!parsed || parsed.executionId !== executionId || parsed.seq > lastSeq) return fresh('unknown-id');
    if (parsed.seq + 1 < oldestSeq) {
      const gap: ReplayGap = { executionId, requestedSeq: parsed.seq, oldestSeq, missed: oldestSeq - parsed.seq - 1 };
      return { status: 'gap', events: replay(parsed.seq), gap };
    }
    return { status: 'resumed', events: replay(parsed.seq) };
  }

  const context: StreamingContext = {
    executionId,
    get closed() {
      return closed;
    },
    get lastSeq() {
      return lastSeq;
    },
    done,
    emit(payload) {
      if (closed) return undefined;
      lastSeq += 1;
      const event = storedEvent(executionId, lastSeq, payload as ContextEvent);
      ring.push(event);
      fanout ??= Array.from(queues.values());
      const targets = fanout;
      for (let i = 0; i < targets.length; i += 1) (targets[i] as SubscriptionQueue).push(event);
      return event;
    },
    subscribe(subscriber, opts = {}) {
      const id = nextSubscriptionId;
      nextSubscriptionId += 1;
      const queue = new SubscriptionQueue(
        id,
        subscriber,
        opts.maxQueue ?? subscriber.maxQueue ?? defaultMaxQueue,
        opts.overflow ?? subscriber.overflow ?? defaultOverflow,
        hooks,
      );
      const start = resumePoint(opts);
      const handle: Subscription = {
        id,
        executionId,
        status: start.status,
        replayed: start.events.length,
        unsubscribe: () => queue.finish('unsubscribed'),
        stats,
      };
      if (start.gap) Object.assign(handle, { gap: start.gap });
      queues.set(id, queue);
      fanout = undefined;
      bySubscriber.set(subscriber, queue);
      try {
        subscriber.attach?.(handle);
        if (start.gap) subscriber.onGap?.(start.gap);
      } catch (error) {
        queue.finish('error', error);
        return handle;
      }
      queue.replay(start.events);
      if (closed) queue.close();
      return handle;
    },
    unsubscribe(target) {
      const queue =
        'deliver' in target ? bySubscriber.get(target) : queues.get((target as SubscriptionHandle).id);
      queue?.finish('unsubscribed');
    },
    close() {
      if (closed) return;
      closed = true;
      for (const queue of [...queues.values()]) queue.close();
      resolveDone();
    },
    stats,
    replay,
  };
  return context;
}
