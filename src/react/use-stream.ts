import { useEffect } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { retainStore } from '../core/store/observers.js';
import { createStreamStore, type StartOverrides } from '../core/store/stream-store.js';
import type { StreamStore, StreamStoreState } from '../core/store-types.js';
import type { StreamHookOptions } from './hook-options.js';
import { isStoreApi, useManagedStore, type HookRequest } from './use-managed-store.js';

export interface UseStreamResult extends Omit<StreamStoreState, 'start' | 'stop' | 'retry' | 'reset'> {
  start(overrides?: StartOverrides): void;
  stop(): void;
  retry(): void;
  reset(): void;
  /** The underlying store: pass it to other components (or a StreamProvider) to share this stream. */
  store: StreamStore;
}

const createOwnedStore = (request: () => HookRequest | null, options: Parameters<typeof createStreamStore>[1]) =>
  createStreamStore(request, options);
const identity = (store: StreamStore): StreamStore => store;

/**
 * `useStream(request | store | null, options?)` — the whole stream state (re-renders at most once
 * per frame while streaming), or `useStream(store, selector)` — only the selected slice, so a
 * component showing `status` does not re-render on tokens.
 */
export function useStream(input: HookRequest | StreamStore | null | undefined, options?: StreamHookOptions): UseStreamResult;
export function useStream<U>(store: StreamStore, selector: (state: StreamStoreState) => U): U;
export function useStream<U>(
  input: HookRequest | StreamStore | null | undefined,
  optionsOrSelector?: StreamHookOptions | ((state: StreamStoreState) => U),
): UseStreamResult | U {
  // The overload is fixed per call site (a selector or not), so the hook order never changes.
  if (typeof optionsOrSelector === 'function') {
    return useStreamSlice(input as StreamStore, optionsOrSelector);
  }
  return useWholeStream(input, optionsOrSelector ?? {});
}

function useStreamSlice<U>(store: StreamStore, selector: (state: StreamStoreState) => U): U {
  if (!isStoreApi(store)) throw new TypeError('useStream(store, selector) needs a stream store as its first argument');
  useEffect(() => retainStore(store), [store]);
  // Shallow-equal results keep their identity: `(s) => ({ text: s.text, status: s.status })` would
  // otherwise be a new object on every read and React would loop ("Maximum update depth exceeded").
  return useStore(store, useShallow(selector));
}

function useWholeStream(input: HookRequest | StreamStore | null | undefined, options: StreamHookOptions): UseStreamResult {
  const { store, actions } = useManagedStore<StreamStore>(input, options, createOwnedStore, identity);
  const state = useStore(store);
  return { ...state, ...actions, store };
}
