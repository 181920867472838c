/** Fixed-capacity ring: push overwrites the oldest item once full. O(1) push, no array growth. */
export interface Ring<T> {
  push(item: T): void;
  readonly size: number;
  readonly capacity: number;
  /** Item i in age order (0 = oldest). */
  at(index: number): T | undefined;
  toArray(): T[];
}

export function createRing<T>(capacity: number): Ring<T> {
  const items: (T | undefined)[] = new Array<T | undefined>(Math.max(0, capacity));
  let start = 0;
  let size = 0;
  return {
    get size() {
      return size;
    },
    capacity,
    push(item) {
      if (capacity === 0) return;
      if (size < capacity) {
        items[(start + size) % capacity] = item;
        size += 1;
      } else {
        items[start] = item;
        start = (start + 1) % capacity;
      }
    },
    at(index) {
      if (index < 0 || index >= size) return undefined;
      return items[(start + index) % capacity];
    },
    toArray() {
      const out: T[] = [];
      for (let i = 0; i < size; i += 1) out.push(items[(start + i) % capacity] as T);
      return out;
    },
  };
}
