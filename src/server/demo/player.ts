import type { ServerResponse } from 'node:http';
import { waitForDrain } from '../write-sse.js';
import type { DemoKnobs } from './knobs.js';
import type { Frame } from './providers/frames.js';
import { sleep } from './http.js';

/** Destroys the socket once what was written reached it (a clean end would look like success). */
export function cutAfterFlush(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve();
    res.write('', () => {
      res.destroy();
      resolve();
    });
  });
}

export type PlayOutcome = 'complete' | 'dropped' | 'disconnected';

/**
 * Writes frames with token timing: paced frames follow each other at about 1/tps (±25% jitter)
 * after a time-to-first-token; the others go out immediately. Faults: `dropAfter` destroys the
 * socket after that many frames, `stallMs` pauses once halfway through the paced frames.
 */
export async function playFrames(res: ServerResponse, frames: readonly Frame[], knobs: DemoKnobs, signal: AbortSignal): Promise<PlayOutcome> {
  const pacedTotal = frames.reduce((n, frame) => n + (frame.paced ? 1 : 0), 0);
  const stallAt = knobs.stallMs ? Math.floor(pacedTotal / 2) : -1;
  const interval = 1000 / knobs.tps;
  let paced = 0;
  let due = performance.now();
  let written = 0;
  for (const frame of frames) {
    if (signal.aborted || res.destroyed) return 'disconnected';
    if (knobs.dropAfter !== undefined && written >= knobs.dropAfter) {
      await cutAfterFlush(res);
      return 'dropped';
    }
    if (frame.paced) {
      due += paced === 0 ? knobs.ttftMs : interval * (0.75 + Math.random() * 0.5);
      if (paced === stallAt && knobs.stallMs) due += knobs.stallMs;
      paced += 1;
      // Sleep only for waits the timer can honour; tiny intervals accumulate and go out together.
      const wait = due - performance.now();
      if (wait >= 2) await sleep(wait, signal);
      if (signal.aborted || res.destroyed) return 'disconnected';
    }
    written += 1;
    if (!res.write(frame.text)) await waitForDrain(res, signal);
  }
  res.end();
  return 'complete';
}
