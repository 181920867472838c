/**
 * A bounded ring of items with absolute positions. Position `n` is the n-th item ever appended
 * (0-based), so a view that paused at position 5,000 keeps pointing at the same events while newer
 * ones arrive and the oldest are evicted.
 */
export interface EventLog<T> {
  readonly capacity: number;
  /** Items currently held (at most `capacity`). */
  readonly size: number;
  /** Items ever appended. */
  readonly total: number;
  /** Absolute position of the oldest item still held (`total - size`). */
  readonly first: number;
  /** Bumped on every change, so snapshot consumers can compare cheaply. */
  readonly version: number;
  append(item: T): void;
  /** Item at absolute position, or undefined when evicted or not yet appended. */
  at(position: number): T | undefined;
  /** Held items, oldest first. */
  toArray(): T[];
  clear(): void;
}

export function createEventLog<T>(capacity: number): EventLog<T> {
  if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
  // Grows up to capacity, then wraps: a 100k-capacity log that only ever sees 50 events stays small.
  let items: T[] = [];
  let total = 0;
  let version = 0;

  return {
    capacity,
    get size() {
      return Math.min(total, capacity);
    },
    get total() {
      return total;
    },
    get first() {
      return total - Math.min(total, capacity);
    },
    get version() {
      return version;
    },
    append(item) {
      if (items.length < capacity) items.push(item);
      else items[total % capacity] = item;
      total++;
      version++;
    },
    at(position) {
      if (!Number.isInteger(position) || position < total - Math.min(total, capacity) || position >= total) return undefined;
      return items[position % capacity];
    },
    toArray() {
      if (total <= capacity) return items.slice();
      const split = total % capacity;
      return items.slice(split).concat(items.slice(0, split));
    },
    clear() {
      items = [];
      total = 0;
      version++;
    },
  };
}
