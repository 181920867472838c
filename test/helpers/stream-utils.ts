/**
 * Small helpers for createStream tests: collect a run's events and outcome, and track timers that
 * streamkit's core starts (to prove abort/finish leave none behind).
 */
import { StreamError } from '../../src/core/errors.js';
import type { StreamEvent, StreamResult, StreamRun } from '../../src/core/types.js';

export interface Collected {
  events: StreamEvent[];
  result: StreamResult | undefined;
  error: StreamError | undefined;
  types: string[];
  text: string;
}

/** Subscribes (synchronously, so nothing is missed) and waits for the run to settle. */
export async function collect(run: StreamRun): Promise<Collected> {
  const events: StreamEvent[] = [];
  run.subscribe((e) => events.push(e));
  let result: StreamResult | undefined;
  let error: StreamError | undefined;
  try {
    result = await run.result;
  } catch (e) {
    if (!(e instanceof StreamError)) throw e;
    error = e;
  }
  const text = events.map((e) => (e.type === 'text' && !e.choice ? e.delta : '')).join('');
  return { events, result, error, types: events.map((e) => e.type), text };
}

interface TrackedTimer {
  stack: string;
}

/**
 * Patches global setTimeout/clearTimeout to remember timers created from streamkit source files
 * (by call stack). `pending()` lists those neither fired nor cleared. Call `restore()` in afterEach.
 */
export function trackCoreTimers(pathFragment = '/src/core/') {
  const realSet = globalThis.setTimeout;
  const realClear = globalThis.clearTimeout;
  const live = new Map<unknown, TrackedTimer>();
  const patchedSet = ((fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const stack = new Error().stack ?? '';
    let handle: unknown;
    const wrapped = (...a: unknown[]) => {
      live.delete(handle);
      fn(...a);
    };
    handle = realSet(wrapped, ms, ...args);
    if (stack.includes(pathFragment)) live.set(handle, { stack });
    return handle;
  }) as unknown as typeof setTimeout;
  const patchedClear = ((handle: unknown) => {
    live.delete(handle);
    realClear(handle as Parameters<typeof clearTimeout>[0]);
  }) as typeof clearTimeout;
  globalThis.setTimeout = patchedSet;
  globalThis.clearTimeout = patchedClear;
  return {
    pending: () => [...live.values()],
    created: () => live.size,
    restore() {
      globalThis.setTimeout = realSet;
      globalThis.clearTimeout = realClear;
    },
  };
}

export const tick = (ms = 0) => new Promise<void>((r) => setTimeout(r, ms));
