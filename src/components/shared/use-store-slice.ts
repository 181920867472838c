import { useCallback, useRef, useSyncExternalStore } from 'react';

/** The part of a zustand vanilla store (or any store like it) a component reads. */
export interface ReadableStore<S> {
  getState(): S;
  subscribe(listener: (state: S, previous: S) => void): () => void;
}

const noStore = () => () => undefined;

/**
 * Reads one slice of an optional store. Components take either plain props (from a hook) or a store;
 * this keeps the store path to a subscription and a selector: no streaming logic here.
 */
export function useStoreSlice<S, T>(store: ReadableStore<S> | undefined, select: (state: S) => T): T | undefined {
  const selectRef = useRef(select);
  selectRef.current = select;
  const subscribe = useCallback(
    (onChange: () => void) => (store ? store.subscribe(() => onChange()) : noStore()),
    [store],
  );
  const read = useCallback(() => (store ? selectRef.current(store.getState()) : undefined), [store]);
  return useSyncExternalStore(subscribe, read, read);
}
