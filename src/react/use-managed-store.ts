import { useCallback, useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import { autoRegisterStream } from '../core/registry/stream-registry.js';
import { retainStore } from '../core/store/observers.js';
import { requestKey } from '../core/store/request-key.js';
import type { StartOverrides, StreamStoreOptions } from '../core/store/stream-store.js';
import type { StreamActions, StreamStore } from '../core/store-types.js';
import type { StreamOptions, StreamRequest } from '../core/types.js';
import { runOptionsOf, type StreamHookOptions } from './hook-options.js';

export type HookRequest = StreamRequest | readonly StreamRequest[];

/** Any store with the stream actions (stream and pipeline stores). */
export type ActionStore = StoreApi<StreamActions & { status: string }>;

export interface ManagedStore<S extends ActionStore> {
  store: S;
  /** The stream store carrying result / error (the store itself, or a pipeline store's `stream`). */
  actions: StreamActions;
}

export function isStoreApi(value: unknown): value is StoreApi<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as StoreApi<unknown>).getState === 'function' &&
    typeof (value as StoreApi<unknown>).subscribe === 'function'
  );
}

/**
 * The lifecycle shared by every hook, in one place:
 * - the request and options live in refs: new inline objects (headers!) never restart anything;
 * - a store made here is created once per component and started from an effect keyed by `key`;
 * - StrictMode's mount-unmount-mount keeps the first request (the abort on unmount is deferred by a
 *   microtask that the re-mount cancels, see retainStore), so exactly one request is sent;
 * - unmount stops the stream once nothing watches the store any more;
 * - onComplete / onError run in an effect, i.e. after the final state was rendered.
 */
export function useManagedStore<S extends ActionStore>(
  input: HookRequest | S | null | undefined,
  options: StreamHookOptions,
  create: (request: () => HookRequest | null, storeOptions: StreamStoreOptions) => S,
  streamOf: (store: S) => StreamStore,
): ManagedStore<S> {
  const external = isStoreApi(input) ? (input as S) : undefined;
  const request = external !== undefined ? null : ((input as HookRequest | null | undefined) ?? null);

  const requestRef = useRef<HookRequest | null>(request);
  requestRef.current = request;
  const optionsRef = useRef<StreamHookOptions>(options);
  optionsRef.current = options;
  const key = options.key ?? requestKey(request);
  const keyRef = useRef(key);
  keyRef.current = key;

  const ownedRef = useRef<S | undefined>(undefined);
  if (external === undefined && ownedRef.current === undefined) {
    const latest = (): StreamHookOptions => optionsRef.current;
    const persist = options.persist;
    const storeOptions: StreamStoreOptions = {
      // Callbacks go through the ref so the latest closure runs; the terminal ones are called below.
      onStart: (e) => latest().onStart?.(e),
      onDelta: (d, e) => latest().onDelta?.(d, e),
      onUsage: (u) => latest().onUsage?.(u),
      onEvent: (e) => latest().onEvent?.(e),
    };
    if (options.batch !== undefined) storeOptions.batch = options.batch;
    if (options.maxEvents !== undefined) storeOptions.maxEvents = options.maxEvents;
    if (options.createStream !== undefined) storeOptions.createStream = options.createStream;
    if (persist !== undefined && persist !== false) {
      const given = persist === true ? {} : persist;
      storeOptions.persist = { ...given, key: given.key ?? (() => `streamkit:${keyRef.current}`) };
    }
    ownedRef.current = create(() => requestRef.current, storeOptions);
  }
  const store = external ?? (ownedRef.current as S);

  const start = useCallback(
    (overrides?: StartOverrides) => {
      const { onComplete: _c, onError: _e, ...runOptions } = runOptionsOf(optionsRef.current) as StreamOptions;
      store.getState().start({ ...overrides, options: { ...runOptions, ...overrides?.options } });
    },
    [store],
  );
  const stop = useCallback(() => store.getState().stop(), [store]);
  const retry = useCallback(() => store.getState().retry(), [store]);
  const reset = useCallback(() => store.getState().reset(), [store]);

  // Watching the store keeps it alive; the last watcher leaving stops the stream.
  useEffect(() => {
    if (optionsRef.current.abortOnUnmount === false) return undefined;
    return retainStore(store);
  }, [store]);

  // While the stream monitor's automatic registration is on (StreamMonitor.Floating mounted, possibly
  // after this hook started: sibling effects run in tree order), list this stream once it has run
  // (idle hooks are noise); unmount removes it. The stream store, not a pipeline store, so the store
  // watcher's entry for it is the same one.
  useEffect(() => {
    const stream = streamOf(store);
    let unregister: (() => void) | undefined;
    const sync = () => {
      if (unregister === undefined && stream.getState().status !== 'idle') unregister = autoRegisterStream(stream);
    };
    sync();
    const unsubscribe = stream.subscribe(sync);
    return () => {
      unsubscribe();
      unregister?.();
    };
  }, [store, streamOf]);

  const auto = options.auto ?? true;
  const hasRequest = request !== null;
  const startedKey = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (external !== undefined || !auto) return;
    if (!hasRequest) {
      if (startedKey.current !== undefined) {
        startedKey.current = undefined;
        store.getState().reset();
      }
      return;
    }
    // Already started for this key (e.g. StrictMode's second mount): keep the running stream.
    if (startedKey.current === key) return;
    startedKey.current = key;
    start();
  }, [external, auto, hasRequest, key, start, store]);

  useTerminalCallbacks(streamOf(store), optionsRef);

  return { store, actions: { start, stop, retry, reset } };
}

/** Calls onComplete / onError once per run, after React committed the state they describe. */
function useTerminalCallbacks(stream: StreamStore, optionsRef: { current: StreamHookOptions }): void {
  const status = useStore(stream, (s) => s.status);
  const notified = useRef<unknown>(undefined);
  useEffect(() => {
    const s = stream.getState();
    if (status === 'done' && s.result !== undefined && notified.current !== s.result) {
      notified.current = s.result;
      optionsRef.current.onComplete?.(s.result);
    } else if (status === 'error' && s.error !== undefined && notified.current !== s.error) {
      notified.current = s.error;
      optionsRef.current.onError?.(s.error);
    }
  }, [status, stream, optionsRef]);
}
