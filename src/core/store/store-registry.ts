import type { StreamStore } from '../store-types.js';
import type { StreamRun } from '../types.js';

/**
 * A hook point for devtools (e.g. a stream monitor): listeners hear about every stream store from
 * now on, at the moment it first attaches to a run (its first `start()`, or at creation when it
 * observes an existing run). Stores that never start — built during SSR, or by a StrictMode render
 * React discards — are never announced, so a registry cannot leak them. Costs one Set lookup per
 * store when nobody listens.
 */
export type StoreCreatedListener = (store: StreamStore, info: { run?: StreamRun }) => void;

const listeners = new Set<StoreCreatedListener>();

export function onStreamStoreCreated(listener: StoreCreatedListener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function notifyStoreCreated(store: StreamStore, info: { run?: StreamRun }): void {
  if (listeners.size === 0) return;
  for (const listener of listeners) {
    try {
      listener(store, info);
    } catch (error) {
      console.error('[streamkit] a store-created listener threw:', error);
    }
  }
}
