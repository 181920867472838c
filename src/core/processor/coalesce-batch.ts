import type { EventSink, StreamEvent, StreamEventOf } from '../types.js';
import { createScheduler, type SchedulerMode } from './scheduler.js';

export interface BatchOptions {
  /** Emit the merged delta once this many input events were merged into it. Default: unlimited. */
  maxEvents?: number;
  /**
   * Emit the merged delta at most this long after its first part arrived. Default 16 ms;
   * `Infinity` turns the timer off (then only `maxEvents`, a different event or `flush()` emit it).
   */
  maxMs?: number;
  /** Clock for `maxMs` (default: a timer of `maxMs`). E.g. 'frame' to merge per animation frame. */
  clock?: SchedulerMode;
}

export const DEFAULT_BATCH_MAX_MS = 16;

type Mergeable = StreamEventOf<'text'> | StreamEventOf<'reasoning'> | StreamEventOf<'tool-call'>;

function isMergeable(event: StreamEvent): event is Mergeable {
  const type = event.type;
  return type === 'text' || type === 'reasoning' || type === 'tool-call';
}

/** Same run of deltas: text/reasoning of one index (and choice), or argument deltas of one tool call. */
function continuesRun(head: Mergeable, event: Mergeable): boolean {
  if (head.type !== event.type) return false;
  if (head.type === 'tool-call') return head.id === (event as StreamEventOf<'tool-call'>).id;
  if (head.index !== event.index) return false;
  return head.type !== 'text' || head.choice === (event as StreamEventOf<'text'>).choice;
}

function deltaOf(event: Mergeable): string {
  return event.type === 'tool-call' ? event.argsDelta : event.delta;
}

/**
 * Coalesces consecutive deltas into one event (first event's seq/t, deltas concatenated). Any other
 * event first emits the pending merged delta, then passes straight through, so order is preserved.
 */
export function createBatchSink(options: BatchOptions, next: EventSink): EventSink {
  const maxEvents = options.maxEvents !== undefined && options.maxEvents >= 1 ? options.maxEvents : Infinity;
  const maxMs = options.maxMs ?? DEFAULT_BATCH_MAX_MS;
  const timer =
    options.clock !== undefined
      ? createScheduler(options.clock, emitPending)
      : Number.isFinite(maxMs)
        ? createScheduler(maxMs, emitPending)
        : undefined;

  let head: Mergeable | undefined;
  // Parts kept in an array and joined once: never O(n^2) string growth on long runs.
  let parts: string[] = [];
  let toolName = '';

  function emitPending(): void {
    const first = head;
    if (first === undefined) return;
    head = undefined;
    timer?.cancel();
    const merged = parts;
    parts = [];
    if (merged.length === 1) {
      next.push(first);
      return;
    }
    const joined = merged.join('');
    if (first.type === 'tool-call') next.push({ ...first, name: toolName, argsDelta: joined });
    else next.push({ ...first, delta: joined });
  }

  return {
    push(event) {
      if (!isMergeable(event)) {
        emitPending();
        next.push(event);
        return;
      }
      if (head !== undefined && continuesRun(head, event)) {
        parts.push(deltaOf(event));
        if (event.type === 'tool-call' && toolName === '' && event.name !== '') toolName = event.name;
      } else {
        emitPending();
        head = event;
        parts.push(deltaOf(event));
        toolName = event.type === 'tool-call' ? event.name : '';
        timer?.request();
      }
      if (parts.length >= maxEvents) emitPending();
    },
    flush() {
      emitPending();
      next.flush();
    },
    close() {
      timer?.cancel();
      head = undefined;
      parts = [];
      next.close();
    },
  };
}
