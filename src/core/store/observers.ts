/** Any store with a `stop()` action (stream and pipeline stores). */
export interface StoppableStore {
  getState(): { stop(): void };
}

/**
 * Counts the views (hooks, providers, components) that currently watch a store. When the last one
 * goes away the running stream is stopped, so the server sees the connection close. The stop is
 * deferred by a microtask: React StrictMode unmounts and re-mounts effects synchronously, and that
 * re-mount must keep the stream instead of sending a second request.
 */
interface Observation {
  count: number;
  pendingCheck: boolean;
}

const observations = new WeakMap<StoppableStore, Observation>();

export function retainStore(store: StoppableStore): () => void {
  let entry = observations.get(store);
  if (entry === undefined) {
    entry = { count: 0, pendingCheck: false };
    observations.set(store, entry);
  }
  const observation = entry;
  observation.count++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    observation.count--;
    if (observation.pendingCheck) return;
    observation.pendingCheck = true;
    queueMicrotask(() => {
      observation.pendingCheck = false;
      // stop() is a no-op when nothing runs.
      if (observation.count === 0) store.getState().stop();
    });
  };
}

/** How many views currently watch the store (for tests and devtools). */
export function observerCount(store: StoppableStore): number {
  return observations.get(store)?.count ?? 0;
}
