import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { observeStream, type MonitorSnapshot, type MonitorSource, type MonitorTarget } from '../../core/registry/observe-stream.js';

/** Calls `fn` at most once per animation frame (timers where there are no frames or the tab is hidden). */
export function createFrameThrottle(fn: () => void): { schedule(): void; cancel(): void } {
  let frame: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    frame = undefined;
    timer = undefined;
    fn();
  };
  return {
    schedule() {
      if (frame !== undefined || timer !== undefined) return;
      const hidden = typeof document !== 'undefined' && document.visibilityState === 'hidden';
      if (typeof requestAnimationFrame === 'function' && !hidden) frame = requestAnimationFrame(run);
      else timer = setTimeout(run, 16);
    },
    cancel() {
      if (frame !== undefined) cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
      frame = timer = undefined;
    },
  };
}

/**
 * The monitor source for a target: created after mount (so StrictMode's mount-unmount-mount never
 * uses a disposed source) and disposed on unmount or when the target changes. A given `source`
 * (e.g. a registry entry's) is used as is and never disposed here.
 */
export function useMonitorSource(target: MonitorTarget | undefined, given: MonitorSource | undefined, capacity: number): MonitorSource | undefined {
  const [owned, setOwned] = useState<MonitorSource | undefined>(undefined);
  useEffect(() => {
    if (given !== undefined || target === undefined) {
      setOwned(undefined);
      return;
    }
    const source = observeStream(target, { capacity });
    setOwned(source);
    return () => source.dispose();
  }, [target, given, capacity]);
  return given ?? owned;
}

/** The source's snapshot, re-rendering at most once per frame however fast events arrive. */
export function useMonitorSnapshot(source: MonitorSource | undefined): MonitorSnapshot | undefined {
  const published = useRef<{ source: MonitorSource | undefined; snapshot: MonitorSnapshot | undefined }>({ source: undefined, snapshot: undefined });
  const subscribe = useCallback(
    (onChange: () => void) => {
      if (!source) return () => undefined;
      const throttle = createFrameThrottle(() => {
        published.current = { source, snapshot: source.getSnapshot() };
        onChange();
      });
      const off = source.subscribe(throttle.schedule);
      // Events may have arrived between render and subscription.
      throttle.schedule();
      return () => {
        off();
        throttle.cancel();
      };
    },
    [source],
  );
  const read = useCallback(() => {
    if (!source) return undefined;
    if (published.current.source !== source) published.current = { source, snapshot: source.getSnapshot() };
    return published.current.snapshot;
  }, [source]);
  return useSyncExternalStore(subscribe, read, read);
}

/** Subscribes to any zustand-like store and returns its state (for the pipeline state). */
export function useOptionalStoreState<S>(store: { getState(): S; subscribe(fn: (s: S, p: S) => void): () => void } | undefined): S | undefined {
  const subscribe = useCallback((onChange: () => void) => (store ? store.subscribe(() => onChange()) : () => undefined), [store]);
  const read = useCallback(() => store?.getState(), [store]);
  return useSyncExternalStore(subscribe, read, read);
}
