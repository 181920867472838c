import { now } from './clock.js';
import type { TimerSet } from './timers.js';

/**
 * An inactivity deadline that costs nothing per chunk: `touch()` only records the time, and the one
 * pending timer re-arms itself for the remaining time when it fires early. (A setTimeout/clearTimeout
 * pair per chunk adds up on streams of thousands of small chunks.)
 */
export interface IdleWatch {
  touch(): void;
  stop(): void;
}

export function createIdleWatch(timers: TimerSet, ms: number | undefined, onIdle: () => void): IdleWatch {
  if (ms === undefined || !(ms > 0)) return { touch() {}, stop() {} };
  let last = now();
  let cancel: (() => void) | undefined;
  let stopped = false;
  const arm = (delay: number) => {
    cancel = timers.set(check, delay);
  };
  const check = () => {
    cancel = undefined;
    if (stopped) return;
    const quiet = now() - last;
    if (quiet >= ms) onIdle();
    else arm(ms - quiet);
  };
  arm(ms);
  return {
    touch() {
      last = now();
    },
    stop() {
      stopped = true;
      cancel?.();
      cancel = undefined;
    },
  };
}
