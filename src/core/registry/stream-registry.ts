import { onStreamStoreCreated } from '../store/store-registry.js';
import { observeStream, type MonitorSource, type MonitorTarget, type MonitorTargetKind } from './observe-stream.js';

/**
 * The page-wide list of streams the floating monitor shows. It lives on `globalThis` under a
 * `Symbol.for` key so that two copies of streamkit on one page (e.g. an app and a library that
 * bundles it) share one registry.
 */
export interface RegisteredStream {
  /** Unique per registration. */
  readonly id: string;
  readonly name: string;
  readonly kind: MonitorTargetKind;
  readonly target: MonitorTarget;
  /** Records the target's events from the moment it was registered. */
  readonly source: MonitorSource;
  /** ms epoch */
  readonly registeredAt: number;
}

export interface RegisterOptions {
  /** Label in the monitor's stream list. Default: kind and a counter ("run 3"). */
  name?: string;
  /** Events recorded per stream. Default 2,000. */
  capacity?: number;
  /** Record transport frames for the Raw tab (default true; see `ObserveOptions.frames`). */
  frames?: boolean;
}

export interface RegistryOptions {
  /** Streams kept; registering more evicts the oldest. Default 20. */
  limit?: number;
}

interface RegistryState {
  entries: RegisteredStream[];
  listeners: Set<() => void>;
  autoListeners: Set<() => void>;
  limit: number;
  counter: number;
  autoRegister: boolean;
}

/** This copy's subscription to store creation (module-local: each copy hears its own stores). */
let stopWatchingStores: (() => void) | undefined;

/** While automatic registration is on, every stream store created (by hooks or by hand) registers itself. */
function syncStoreWatcher(): void {
  if (isAutoRegisterEnabled()) stopWatchingStores ??= onStreamStoreCreated((store) => void registerStream(store));
  else {
    stopWatchingStores?.();
    stopWatchingStores = undefined;
  }
}

const KEY = Symbol.for('streamkit.monitor.registry');
/** Set `globalThis.__STREAMKIT_MONITOR__ = true` before the app loads to turn on automatic registration. */
const GLOBAL_FLAG = '__STREAMKIT_MONITOR__';

function registry(): RegistryState {
  const g = globalThis as typeof globalThis & { [KEY]?: RegistryState };
  g[KEY] ??= { entries: [], listeners: new Set(), autoListeners: new Set(), limit: 20, counter: 0, autoRegister: false };
  return g[KEY];
}

function emit(listeners: Set<() => void>): void {
  for (const listener of [...listeners]) listener();
}

function remove(entry: RegisteredStream): void {
  const state = registry();
  // By id: a renamed registration is a new object with the same id.
  if (!state.entries.some((e) => e.id === entry.id)) return;
  entry.source.dispose();
  // A new array each change: `getRegisteredStreams()` is a stable snapshot for useSyncExternalStore.
  state.entries = state.entries.filter((e) => e.id !== entry.id);
  emit(state.listeners);
}

/**
 * Adds a run, stream store or pipeline store to the page's monitor registry and starts recording
 * its events. Returns the function that removes it. Registering the same target again renames it
 * and returns the same removal function.
 */
export function registerStream(target: MonitorTarget, options: RegisterOptions = {}): () => void {
  const state = registry();
  const existing = state.entries.find((e) => e.target === target);
  if (existing) {
    if (options.name !== undefined && options.name !== existing.name) {
      const renamed: RegisteredStream = { ...existing, name: options.name };
      state.entries = state.entries.map((e) => (e === existing ? renamed : e));
      emit(state.listeners);
      return () => remove(renamed);
    }
    return () => remove(existing);
  }
  const source = observeStream(target, { capacity: options.capacity ?? 2_000, ...(options.frames !== undefined ? { frames: options.frames } : {}) });
  state.counter++;
  const entry: RegisteredStream = {
    id: `stream-${state.counter}`,
    name: options.name ?? `${source.kind} ${state.counter}`,
    kind: source.kind,
    target,
    source,
    registeredAt: Date.now(),
  };
  let entries = [...state.entries, entry];
  while (entries.length > state.limit) {
    const evicted = entries.shift();
    evicted?.source.dispose();
  }
  state.entries = entries;
  emit(state.listeners);
  return () => remove(entry);
}

/** The registered streams, oldest first. The same array until the registry changes. */
export function getRegisteredStreams(): readonly RegisteredStream[] {
  return registry().entries;
}

/** Calls `listener` after every registration or removal. */
export function subscribeRegistry(listener: () => void): () => void {
  const state = registry();
  state.listeners.add(listener);
  return () => state.listeners.delete(listener);
}

export function configureRegistry(options: RegistryOptions): void {
  const state = registry();
  if (options.limit !== undefined) {
    if (!Number.isInteger(options.limit) || options.limit < 1) throw new RangeError('limit must be a positive integer');
    state.limit = options.limit;
    while (state.entries.length > state.limit) {
      const oldest = state.entries[0];
      if (oldest) remove(oldest);
    }
  }
}

/** Removes every registration (tests, hot reload). */
export function clearRegistry(): void {
  const state = registry();
  for (const entry of state.entries) entry.source.dispose();
  state.entries = [];
  emit(state.listeners);
}

// ------------------------------------------------------------------------------- automatic registration

/** True when hooks should register their streams (turned on by the floating monitor or the global flag). */
export function isAutoRegisterEnabled(): boolean {
  const flag = (globalThis as Record<string, unknown>)[GLOBAL_FLAG];
  return registry().autoRegister || flag === true;
}

/**
 * Turns automatic registration on or off. `<StreamMonitor.Floating>` turns it on while mounted.
 * Returns a function restoring the previous setting.
 */
export function setAutoRegister(enabled: boolean): () => void {
  const state = registry();
  const previous = state.autoRegister;
  state.autoRegister = enabled;
  syncStoreWatcher();
  if (previous !== enabled) emit(state.autoListeners);
  return () => {
    if (state.autoRegister !== previous) {
      state.autoRegister = previous;
      syncStoreWatcher();
      emit(state.autoListeners);
    }
  };
}

/**
 * What hooks call (once per store, e.g. in an effect): registers the target while automatic
 * registration is on, including when it is turned on later, and unregisters when it is turned off
 * or when the returned function runs. Costs nothing while the monitor is not in use.
 */
export function autoRegisterStream(target: MonitorTarget, options: RegisterOptions = {}): () => void {
  const state = registry();
  let unregister: (() => void) | undefined;
  const sync = () => {
    if (isAutoRegisterEnabled()) unregister ??= registerStream(target, options);
    else if (unregister) {
      unregister();
      unregister = undefined;
    }
  };
  sync();
  state.autoListeners.add(sync);
  return () => {
    state.autoListeners.delete(sync);
    unregister?.();
    unregister = undefined;
  };
}

// The global flag set before streamkit loaded turns automatic registration on from the start.
if ((globalThis as Record<string, unknown>)[GLOBAL_FLAG] === true) syncStoreWatcher();
