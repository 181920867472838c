import type { StreamEvent } from '../types.js';

export const DEFAULT_MAX_EVENTS = 1000;

/**
 * Appends `added` to `previous` keeping only the newest `max` events, returning a NEW array (the store
 * publishes immutable snapshots). Cost per publish is O(max), never O(events seen).
 */
export function appendBounded(previous: readonly StreamEvent[], added: readonly StreamEvent[], max: number): StreamEvent[] {
  if (max <= 0) return [];
  if (added.length >= max) return added.slice(added.length - max);
  const keep = Math.max(0, previous.length + added.length - max);
  const next = keep === 0 ? previous.slice() : previous.slice(keep);
  for (let i = 0; i < added.length; i++) next.push(added[i] as StreamEvent);
  return next;
}
