import type { PersistStorage } from '../../src/core/store/persistence.js';

/** A PersistStorage kept in a Map, so tests can look at exactly what was written. */
export function inMemoryStorage(): PersistStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}
