/**
 * Every timer a run starts goes through one of these so that finishing or aborting the run can clear
 * them all: a run must never leave a timer behind (it would keep a Node process or a test alive).
 */
export interface TimerSet {
  /** Starts a one-shot timer; returns a function that cancels it. */
  set(fn: () => void, ms: number): () => void;
  /** Resolves after `ms` (rejects with `signal.reason` when the signal aborts first). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  clearAll(): void;
  /**
   * Clears everything and refuses new timers: `set` becomes a no-op and `sleep` rejects. Late code
   * paths of a finished or aborted run (a listener aborting mid-chunk, a continuation resuming after
   * abort) then cannot leave a timer behind.
   */
  dispose(): void;
  readonly size: number;
}

type Handle = ReturnType<typeof setTimeout>;

/** The longest delay setTimeout holds (a signed 32-bit number of ms, about 24.8 days). */
const MAX_TIMER_MS = 2_147_483_647;

export function createTimerSet(): TimerSet {
  const handles = new Set<Handle>();
  let disposed = false;
  const noop = () => {};

  const set = (fn: () => void, ms: number): (() => void) => {
    if (disposed) return noop;
    // Runtimes clamp a delay they cannot hold (Infinity, > 2^31-1 ms) to 1 ms: `totalTimeoutMs:
    // Infinity` would time out at once and an idle watch would spin. Infinity means "never"; longer
    // finite delays are waited out in steps.
    if (ms === Infinity) return noop;
    if (ms > MAX_TIMER_MS) {
      let cancelStep = set(() => {
        cancelStep = set(fn, ms - MAX_TIMER_MS);
      }, MAX_TIMER_MS);
      return () => cancelStep();
    }
    const handle = setTimeout(() => {
      handles.delete(handle);
      fn();
    }, Math.max(0, ms));
    handles.add(handle);
    return () => {
      if (handles.delete(handle)) clearTimeout(handle);
    };
  };

  return {
    set,
    sleep(ms, signal) {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        if (disposed) return reject(new Error('The stream has ended'));
        const onAbort = () => {
          cancel();
          reject(signal?.reason);
        };
        const cancel = set(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, ms);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    clearAll() {
      for (const h of handles) clearTimeout(h);
      handles.clear();
    },
    dispose() {
      disposed = true;
      for (const h of handles) clearTimeout(h);
      handles.clear();
    },
    get size() {
      return handles.size;
    },
  };
}
