import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { retainStore } from '../core/store/observers.js';
import { createStreamStore } from '../core/store/stream-store.js';
import type { StreamStore, StreamStoreState } from '../core/store-types.js';
import type { StreamHookOptions } from './hook-options.js';
import { useManagedStore, type HookRequest } from './use-managed-store.js';

const StreamStoreContext = createContext<StreamStore | null>(null);

export type StreamProviderProps =
  | { store: StreamStore; children?: ReactNode; request?: never; options?: never }
  | { request: HookRequest | null; options?: StreamHookOptions; children?: ReactNode; store?: never };

const identity = (store: StreamStore): StreamStore => store;

/**
 * Shares one stream with a subtree: give it a `store` (e.g. from createStreamStore or useStream().store)
 * or a `request` (+ options; started on mount like useStream). Children read it with useStreamStore()
 * or useStream(useStreamStore(), selector); `stop()` from any of them stops the one stream.
 */
export function StreamProvider(props: StreamProviderProps): ReactNode {
  return props.store !== undefined ? (
    <ProvideStore store={props.store}>{props.children}</ProvideStore>
  ) : (
    <ProvideRequest request={props.request} options={props.options ?? {}}>
      {props.children}
    </ProvideRequest>
  );
}

function ProvideStore({ store, children }: { store: StreamStore; children?: ReactNode }): ReactNode {
  useEffect(() => retainStore(store), [store]);
  return <StreamStoreContext.Provider value={store}>{children}</StreamStoreContext.Provider>;
}

function ProvideRequest(props: { request: HookRequest | null; options: StreamHookOptions; children?: ReactNode }): ReactNode {
  const { store } = useManagedStore<StreamStore>(props.request, props.options, createStreamStore, identity);
  return <StreamStoreContext.Provider value={store}>{props.children}</StreamStoreContext.Provider>;
}

/** The store of the nearest StreamProvider (throws outside one); with a selector, that slice. */
export function useStreamStore(): StreamStore;
export function useStreamStore<U>(selector: (state: StreamStoreState) => U): U;
export function useStreamStore<U>(selector?: (state: StreamStoreState) => U): StreamStore | U {
  const store = useContext(StreamStoreContext);
  if (store === null) throw new Error('useStreamStore() must be used inside a <StreamProvider>');
  if (selector === undefined) return store;
  // Shallow-equal results keep their identity, so object-returning selectors do not loop.
  return useStore(store, useShallow(selector));
}

/** The nearest StreamProvider's store, or null outside one (for components that work either way). */
export function useOptionalStreamStore(): StreamStore | null {
  return useContext(StreamStoreContext);
}
