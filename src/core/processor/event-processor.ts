import type { EventProcessorLike, EventSink, StreamEvent } from '../types.js';
import { bridgeAsync } from './async-bridge.js';
import { createBatchSink, type BatchOptions } from './coalesce-batch.js';
import type { MetricsCollector } from './metrics-collector.js';

export type EventPredicate = (event: StreamEvent) => boolean;
/** Returns the (possibly new) event, or null/undefined to drop it. */
export type EventMapper = (event: StreamEvent) => StreamEvent | null | undefined;
export type EventTap = (event: StreamEvent) => void;

export type ProcessorStage =
  | { kind: 'filter'; fn: EventPredicate }
  | { kind: 'map'; fn: EventMapper }
  | { kind: 'tap'; fn: EventTap }
  | { kind: 'batch'; options: BatchOptions };

/**
 * An immutable chain of event stages. Every builder call returns a new processor, so one chain can be
 * shared by many streams: each `connect()` / `process()` call gets its own batch state.
 */
export interface EventProcessor extends EventProcessorLike {
  filter(predicate: EventPredicate): EventProcessor;
  map(mapper: EventMapper): EventProcessor;
  tap(observer: EventTap): EventProcessor;
  batch(options?: BatchOptions): EventProcessor;
  /** Observes every event that reaches this point of the chain (see createMetricsCollector). */
  metrics(collector: MetricsCollector): EventProcessor;
  process(source: AsyncIterable<StreamEvent>): AsyncIterable<StreamEvent>;
  connect(deliver: (event: StreamEvent) => void): EventSink;
  readonly stages: readonly ProcessorStage[];
}

/**
 * A stage function is user code and may run inside a batch timer, where a throw would be an uncaught
 * exception (a crashed Node process) and inside createStream, where it would fail or hang the run. It is
 * reported like a throwing listener instead: a filter or map that throws drops that event (never passes
 * an event a redacting map did not get to clean), a tap that throws still forwards it.
 */
function reportStageError(kind: string, error: unknown): void {
  console.error(`[streamkit] an event processor ${kind}() threw; the event was ${kind === 'tap' ? 'forwarded' : 'dropped'}:`, error);
}

// Stateless stages forward flush/close untouched; only batch stages hold anything.
function stageSink(stage: ProcessorStage, next: EventSink): EventSink {
  const forward = next.push;
  let push: (event: StreamEvent) => void;
  switch (stage.kind) {
    case 'batch':
      return createBatchSink(stage.options, next);
    case 'filter': {
      const predicate = stage.fn;
      push = (event) => {
        let keep: boolean;
        try {
          keep = predicate(event);
        } catch (e) {
          reportStageError('filter', e);
          return;
        }
        if (keep) forward(event);
      };
      break;
    }
    case 'map': {
      const mapper = stage.fn;
      push = (event) => {
        let mapped: StreamEvent | null | undefined;
        try {
          mapped = mapper(event);
        } catch (e) {
          reportStageError('map', e);
          return;
        }
        if (mapped !== null && mapped !== undefined) forward(mapped);
      };
      break;
    }
    case 'tap': {
      const observer = stage.fn;
      push = (event) => {
        try {
          observer(event);
        } catch (e) {
          reportStageError('tap', e);
        }
        forward(event);
      };
      break;
    }
  }
  return { push, flush: next.flush, close: next.close };
}

/** Compiles the stages into nested plain function calls: no promise, no array per event. */
function compile(stages: readonly ProcessorStage[], deliver: (event: StreamEvent) => void): EventSink {
  let closed = false;
  // No guard at the leaf: the entry point below drops pushes after close(), and batch stages cancel
  // their timers on close(), so nothing reaches `deliver` afterwards.
  let sink: EventSink = { push: deliver, flush: () => {}, close: () => {} };
  for (let i = stages.length - 1; i >= 0; i--) sink = stageSink(stages[i] as ProcessorStage, sink);
  const inner = sink;
  const innerPush = inner.push;
  return {
    push: (event) => {
      if (!closed) innerPush(event);
    },
    flush: () => {
      if (!closed) inner.flush();
    },
    close: () => {
      if (closed) return;
      inner.close();
      closed = true;
    },
  };
}

function buildProcessor(stages: readonly ProcessorStage[]): EventProcessor {
  const add = (stage: ProcessorStage): EventProcessor => buildProcessor([...stages, stage]);
  const connect = (deliver: (event: StreamEvent) => void): EventSink => compile(stages, deliver);
  return {
    stages,
    filter: (fn) => add({ kind: 'filter', fn }),
    map: (fn) => add({ kind: 'map', fn }),
    tap: (fn) => add({ kind: 'tap', fn }),
    batch: (options = {}) => add({ kind: 'batch', options }),
    metrics: (collector) => add({ kind: 'tap', fn: (event) => collector.observe(event) }),
    connect,
    process: (source) => bridgeAsync(source, connect),
  };
}

/**
 * `createEventProcessor().filter(e => e.type !== 'metadata').map(redact).batch({ maxMs: 16 })`
 * — pass it as `options.processor` to createStream, or run any event iterable through `.process()`.
 */
export function createEventProcessor(): EventProcessor {
  return buildProcessor([]);
}
