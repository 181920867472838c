import type { StreamingContext } from './context/types.js';

export interface Execution<Owner = string> {
  context: StreamingContext;
  /** Who may subscribe (compared with the authorized identity's id). Undefined: anyone authorized. */
  ownerId?: Owner;
  createdAt: number;
}

export interface ExecutionRegistry<Owner = string> {
  get(executionId: string): Execution<Owner> | undefined;
  /** Adds (or replaces) an execution; evicts the least recently used one beyond `maxExecutions`. */
  set(executionId: string, execution: Execution<Owner>): void;
  delete(executionId: string): boolean;
  readonly size: number;
  clear(): void;
}

/**
 * Keeps executions in memory with a bounded LRU (a Map keeps insertion order; `get` re-inserts).
 * An evicted execution's context is closed so its subscribers end and the ring is released.
 */
export function createExecutionRegistry<Owner = string>(options: { maxExecutions?: number } = {}): ExecutionRegistry<Owner> {
  const max = options.maxExecutions ?? 100;
  const map = new Map<string, Execution<Owner>>();
  return {
    get(executionId) {
      const entry = map.get(executionId);
      if (entry) {
        map.delete(executionId);
        map.set(executionId, entry);
      }
      return entry;
    },
    set(executionId, execution) {
      map.delete(executionId);
      map.set(executionId, execution);
      while (map.size > max) {
        const oldest = map.keys().next().value as string;
        map.get(oldest)?.context.close();
        map.delete(oldest);
      }
    },
    delete(executionId) {
      const entry = map.get(executionId);
      entry?.context.close();
      return map.delete(executionId);
    },
    get size() {
      return map.size;
    },
    clear() {
      for (const entry of map.values()) entry.context.close();
      map.clear();
    },
  };
}
