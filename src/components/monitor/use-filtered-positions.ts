import { useMemo, useRef } from 'react';
import type { EventLog } from '../../core/registry/event-log.js';
import type { StreamEvent, StreamEventType } from '../../core/types.js';
import { searchTextOf } from './format.js';

export interface EventFilter {
  type: StreamEventType | 'all';
  /** Case-insensitive substring of the event's type and summary. */
  query: string;
}

export interface FilteredView {
  /** Absolute log positions of matching events, from `start` on. */
  positions: readonly number[];
  start: number;
  count: number;
  /** Index (in the view) of an absolute position, or -1. */
  indexOf(position: number): number;
  positionAt(index: number): number | undefined;
}

export function matches(event: StreamEvent, filter: EventFilter): boolean {
  if (filter.type !== 'all' && event.type !== filter.type) return false;
  return filter.query === '' || searchTextOf(event).includes(filter.query);
}

/** First index in sorted `positions` (from `from`) whose value is >= `value`. */
function lowerBound(positions: readonly number[], value: number, from = 0): number {
  let lo = from;
  let hi = positions.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((positions[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Positions of the events that pass the filter, updated incrementally: appended events are
 * scanned once, evicted ones are skipped by a moving start index, and only a filter change (or a
 * cleared log) rescans the ring. `until` freezes the view (pause) at that absolute position.
 */
export function useFilteredPositions(log: EventLog<StreamEvent> | undefined, logVersion: number, filter: EventFilter, until: number | undefined): FilteredView {
  const cache = useRef<{ log: EventLog<StreamEvent> | undefined; key: string; scanned: number; total: number; positions: number[] }>({
    log: undefined,
    key: '',
    scanned: 0,
    total: 0,
    positions: [],
  });
  const query = filter.query.trim().toLowerCase();
  return useMemo(() => {
    const c = cache.current;
    const key = `${filter.type}\u0000${query}`;
    if (!log) return { positions: [], start: 0, count: 0, indexOf: () => -1, positionAt: () => undefined };
    if (c.log !== log || c.key !== key || log.total < c.total) {
      c.log = log;
      c.key = key;
      c.positions = [];
      c.scanned = log.first;
    }
    c.total = log.total;
    const limit = Math.min(until ?? log.total, log.total);
    const effective: EventFilter = { type: filter.type, query };
    for (let p = Math.max(c.scanned, log.first); p < limit; p++) {
      const event = log.at(p);
      if (event !== undefined && matches(event, effective)) c.positions.push(p);
    }
    c.scanned = Math.max(c.scanned, limit);
    let start = lowerBound(c.positions, log.first);
    if (start > 4096 && start > c.positions.length / 2) {
      // Compact now and then so evicted positions do not accumulate.
      c.positions = c.positions.slice(start);
      start = 0;
    }
    // A paused view ends at `until` even when positions beyond it were scanned earlier.
    const end = until === undefined ? c.positions.length : lowerBound(c.positions, until, start);
    const positions = c.positions;
    return {
      positions,
      start,
      count: end - start,
      indexOf(position: number) {
        const i = lowerBound(positions, position, start);
        return i < end && positions[i] === position ? i - start : -1;
      },
      positionAt(index: number) {
        return index >= 0 && index < end - start ? positions[start + index] : undefined;
      },
    };
    // logVersion stands for the log's contents (the log object itself is mutable).
  }, [log, logVersion, filter.type, query, until]);
}
