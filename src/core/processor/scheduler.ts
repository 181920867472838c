import type { BatchOption } from '../types.js';

/**
 * Runs one task at the next "tick" of a chosen clock, coalescing any number of requests into one run.
 * Stores use it to turn thousands of token events into at most one notification per frame.
 */
export interface Scheduler {
  /** Runs the task once at the next tick; further requests before that tick are coalesced. */
  request(): void;
  /** Runs the task now if a run is pending (cancelling the scheduled tick). */
  flush(): void;
  /** Drops a pending run and releases its timer / frame. */
  cancel(): void;
  /** True while a run is scheduled. */
  readonly pending: boolean;
}

/**
 * A custom clock: arrange for `run` to be called once later and return a function that cancels it.
 * Plug one in wherever a `BatchOption` is accepted (e.g. React's `unstable_batchedUpdates` wrapper,
 * a test clock, or a worker message tick) — the same idea as TanStack Query's `notifyManager.setScheduler`.
 */
export type ScheduleFunction = (run: () => void) => () => void;

/** Everything `createScheduler` accepts: a built-in mode, a custom clock, or a ready scheduler factory. */
export type SchedulerMode = BatchOption | ScheduleFunction | { create(task: () => void): Scheduler };

/**
 * When requestAnimationFrame does not fire (background tab, iframe off screen, some webviews), this
 * timer runs the task anyway so a stream never stalls behind a frame that will not come.
 */
export const FRAME_BACKSTOP_MS = 100;
/** Timer cadence used for 'frame' where there is no requestAnimationFrame or the document is hidden. */
export const FRAME_FALLBACK_MS = 16;

// Process-wide overrides (tests, or an app that wants another frame source everywhere).
let frameScheduleOverride: ScheduleFunction | undefined;

/**
 * Replaces the clock behind `'frame'` for every scheduler created afterwards (pass undefined to restore
 * the built-in requestAnimationFrame + timer fallback).
 */
export function setFrameScheduler(schedule: ScheduleFunction | undefined): void {
  frameScheduleOverride = schedule;
}

interface FrameGlobals {
  requestAnimationFrame?: (cb: (time: number) => void) => number;
  cancelAnimationFrame?: (handle: number) => void;
  document?: { visibilityState?: string; hidden?: boolean };
}

function isDocumentHidden(g: FrameGlobals): boolean {
  const doc = g.document;
  if (doc === undefined || doc === null) return false;
  return doc.visibilityState === 'hidden' || doc.hidden === true;
}

/** requestAnimationFrame with a timer backstop; plain timers when there is no rAF or the tab is hidden. */
export const scheduleFrame: ScheduleFunction = (run) => {
  if (frameScheduleOverride !== undefined) return frameScheduleOverride(run);
  const g = globalThis as FrameGlobals;
  const raf = g.requestAnimationFrame;
  if (typeof raf !== 'function' || isDocumentHidden(g)) return scheduleTimeout(FRAME_FALLBACK_MS)(run);

  let done = false;
  let handle: number | undefined;
  let backstop: ReturnType<typeof setTimeout> | undefined;
  const release = (): void => {
    if (backstop !== undefined) clearTimeout(backstop);
    if (handle !== undefined && typeof g.cancelAnimationFrame === 'function') g.cancelAnimationFrame(handle);
  };
  const fire = (): void => {
    if (done) return;
    done = true;
    release();
    run();
  };
  handle = raf.call(globalThis, fire);
  // A frame source may call back synchronously (some test doubles do): no backstop needed then.
  if (!done) backstop = setTimeout(fire, FRAME_BACKSTOP_MS);
  return () => {
    if (done) return;
    done = true;
    release();
  };
};

export const scheduleMicrotask: ScheduleFunction = (run) => {
  let cancelled = false;
  queueMicrotask(() => {
    if (!cancelled) run();
  });
  return () => {
    cancelled = true;
  };
};

export function scheduleTimeout(ms: number): ScheduleFunction {
  const delay = Number.isFinite(ms) && ms > 0 ? ms : 0;
  return (run) => {
    const handle = setTimeout(run, delay);
    return () => clearTimeout(handle);
  };
}

/** Resolves a mode to a clock; `undefined` means synchronous. */
function clockFor(mode: BatchOption | ScheduleFunction): ScheduleFunction | undefined {
  if (typeof mode === 'function') return mode;
  if (mode === 'sync') return undefined;
  if (mode === 'microtask') return scheduleMicrotask;
  if (mode === 'frame') return scheduleFrame;
  if (typeof mode === 'number') return scheduleTimeout(mode);
  throw new TypeError(`Unknown batch mode: ${String(mode)}`);
}

/**
 * `createScheduler('frame', notify)` — see {@link Scheduler}. 'sync' runs the task inside `request()`
 * (re-entrant requests made by the task itself run once more right after it, never recursively).
 */
export function createScheduler(mode: SchedulerMode, task: () => void): Scheduler {
  if (typeof mode === 'object' && mode !== null) return mode.create(task);
  const clock = clockFor(mode);
  return clock === undefined ? createSyncScheduler(task) : createClockScheduler(clock, task);
}

function createClockScheduler(clock: ScheduleFunction, task: () => void): Scheduler {
  let cancelTick: (() => void) | undefined;

  const run = (): void => {
    cancelTick = undefined;
    task();
  };

  return {
    request() {
      if (cancelTick === undefined) cancelTick = clock(run);
    },
    flush() {
      if (cancelTick === undefined) return;
      const cancel = cancelTick;
      cancelTick = undefined;
      cancel();
      task();
    },
    cancel() {
      if (cancelTick === undefined) return;
      const cancel = cancelTick;
      cancelTick = undefined;
      cancel();
    },
    get pending() {
      return cancelTick !== undefined;
    },
  };
}

function createSyncScheduler(task: () => void): Scheduler {
  let running = false;
  let again = false;
  return {
    request() {
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        do {
          again = false;
          task();
        } while (again);
      } finally {
        running = false;
        again = false;
      }
    },
    flush() {},
    cancel() {
      again = false;
    },
    get pending() {
      return again;
    },
  };
}
