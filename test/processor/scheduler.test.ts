import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  FRAME_BACKSTOP_MS,
  createScheduler,
  setFrameScheduler,
  type ScheduleFunction,
} from '../../src/core/processor/scheduler.js';

type G = Record<string, unknown>;
const g = globalThis as unknown as G;

/** A controllable requestAnimationFrame installed on globalThis. */
function installFakeRaf() {
  let next = 1;
  const callbacks = new Map<number, (t: number) => void>();
  g.requestAnimationFrame = (cb: (t: number) => void) => {
    const id = next++;
    callbacks.set(id, cb);
    return id;
  };
  g.cancelAnimationFrame = (id: number) => {
    callbacks.delete(id);
  };
  return {
    frame() {
      const due = [...callbacks.values()];
      callbacks.clear();
      for (const cb of due) cb(performance.now());
    },
    get size() {
      return callbacks.size;
    },
  };
}

afterEach(() => {
  delete g.requestAnimationFrame;
  delete g.cancelAnimationFrame;
  delete g.document;
  setFrameScheduler(undefined);
  vi.useRealTimers();
});

describe('createScheduler', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  it('sync runs the task inside request(), re-entrant requests once more afterwards', () => {
    let runs = 0;
    const s = createScheduler('sync', () => {
      runs++;
      if (runs === 1) s.request();
    });
    s.request();
    expect(runs).toBe(2);
    s.request();
    expect(runs).toBe(3);
  });

  it('microtask coalesces requests into one run', async () => {
    let runs = 0;
    const s = createScheduler('microtask', () => runs++);
    s.request();
    s.request();
    s.request();
    expect(runs).toBe(0);
    await Promise.resolve();
    expect(runs).toBe(1);
  });

  it('number mode runs once after the delay; flush runs now; cancel drops and leaks no timer', () => {
    let runs = 0;
    const s = createScheduler(50, () => runs++);
    s.request();
    s.request();
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(49);
    expect(runs).toBe(0);
    vi.advanceTimersByTime(1);
    expect(runs).toBe(1);

    s.request();
    expect(s.pending).toBe(true);
    s.flush();
    expect(runs).toBe(2);
    expect(s.pending).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
    s.flush(); // nothing pending: no run
    expect(runs).toBe(2);

    s.request();
    s.cancel();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(1000);
    expect(runs).toBe(2);
  });

  it('frame uses requestAnimationFrame and clears its backstop timer when the frame fires', () => {
    const raf = installFakeRaf();
    let runs = 0;
    const s = createScheduler('frame', () => runs++);
    s.request();
    s.request();
    expect(raf.size).toBe(1);
    expect(vi.getTimerCount()).toBe(1); // the backstop
    raf.frame();
    expect(runs).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('frame falls back to its backstop when requestAnimationFrame never fires', () => {
    const raf = installFakeRaf();
    let runs = 0;
    const s = createScheduler('frame', () => runs++);
    s.request();
    vi.advanceTimersByTime(FRAME_BACKSTOP_MS);
    expect(runs).toBe(1);
    expect(raf.size).toBe(0); // the frame was cancelled
    raf.frame();
    expect(runs).toBe(1);
  });

  it('frame uses timers (not rAF) when the document is hidden, and where there is no rAF', () => {
    const raf = installFakeRaf();
    g.document = { visibilityState: 'hidden', hidden: true };
    let runs = 0;
    const s = createScheduler('frame', () => runs++);
    s.request();
    expect(raf.size).toBe(0);
    vi.advanceTimersByTime(20);
    expect(runs).toBe(1);

    delete g.document;
    delete g.requestAnimationFrame;
    s.request();
    vi.advanceTimersByTime(20);
    expect(runs).toBe(2);
  });

  it('frame cancel releases both the frame and the backstop', () => {
    const raf = installFakeRaf();
    let runs = 0;
    const s = createScheduler('frame', () => runs++);
    s.request();
    s.cancel();
    expect(raf.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    raf.frame();
    vi.advanceTimersByTime(1000);
    expect(runs).toBe(0);
  });

  it('a frame source that calls back synchronously leaves no backstop behind', () => {
    g.requestAnimationFrame = (cb: (t: number) => void) => {
      cb(0);
      return 1;
    };
    let runs = 0;
    createScheduler('frame', () => runs++).request();
    expect(runs).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('accepts a custom clock function and a global frame override', () => {
    const queued: (() => void)[] = [];
    const clock: ScheduleFunction = (run) => {
      queued.push(run);
      return () => queued.splice(queued.indexOf(run), 1);
    };
    let runs = 0;
    const s = createScheduler(clock, () => runs++);
    s.request();
    s.request();
    expect(queued).toHaveLength(1);
    queued.shift()?.();
    expect(runs).toBe(1);

    setFrameScheduler(clock);
    const f = createScheduler('frame', () => runs++);
    f.request();
    expect(queued).toHaveLength(1);
    f.cancel();
    expect(queued).toHaveLength(0);
  });

  it('accepts a scheduler factory object', () => {
    let created = 0;
    const s = createScheduler(
      {
        create(task) {
          created++;
          return { request: task, flush() {}, cancel() {}, pending: false };
        },
      },
      () => {},
    );
    s.request();
    expect(created).toBe(1);
  });

  it('rejects an unknown mode', () => {
    expect(() => createScheduler('never' as never, () => {})).toThrow(TypeError);
  });
});
