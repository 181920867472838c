/**
 * Screen-reader announcements for a growing text, kept out of React so the policy is plain logic:
 * complete sentences are found incrementally (each character is scanned once) and announcements are
 * throttled so a fast stream never floods the live region.
 */

const TERMINATORS = new Set(['.', '!', '?', '…', '。', '！', '？']);
const CLOSERS = new Set(['"', "'", ')', ']', '”', '’', '»']);

export interface SentenceScanner {
  /** Index just past the last complete sentence seen so far (0 when none). */
  readonly boundary: number;
  /** Scans what was appended since the last call. Returns the new boundary. */
  scan(text: string): number;
  reset(): void;
}

/** A sentence ends at a terminator (plus closing quotes/brackets) followed by whitespace, or at a newline. */
export function createSentenceScanner(): SentenceScanner {
  let boundary = 0;
  let scanned = 0;
  return {
    get boundary() {
      return boundary;
    },
    scan(text) {
      // Look back one character: a terminator at the old end becomes a boundary once whitespace follows.
      let i = Math.max(scanned - 1, 0);
      for (; i < text.length; i++) {
        const ch = text[i] as string;
        if (ch === '\n') {
          boundary = i + 1;
          continue;
        }
        if (!TERMINATORS.has(ch)) continue;
        let j = i + 1;
        while (j < text.length && CLOSERS.has(text[j] as string)) j++;
        if (j < text.length && /\s/.test(text[j] as string)) boundary = j + 1;
      }
      scanned = text.length;
      return boundary;
    },
    reset() {
      boundary = 0;
      scanned = 0;
    },
  };
}

export interface Announcer {
  /** Queues a message; it is spoken now or, if one was spoken recently, merged into the next slot. */
  say(message: string): void;
  /** Cancels anything pending (unmount). */
  dispose(): void;
}

export interface AnnouncerOptions {
  intervalMs: number;
  onAnnounce(message: string): void;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export function createAnnouncer(opts: AnnouncerOptions): Announcer {
  const now = opts.now ?? (() => Date.now());
  const setTimer = opts.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
  const clearTimer = opts.clearTimer ?? ((h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>));
  let lastAt = Number.NEGATIVE_INFINITY;
  const pending: string[] = [];
  let timer: unknown;

  const flush = () => {
    timer = undefined;
    if (pending.length === 0) return;
    const message = pending.join(' ').replace(/\s+/g, ' ').trim();
    pending.length = 0;
    if (message === '') return;
    lastAt = now();
    opts.onAnnounce(message);
  };

  return {
    say(message) {
      pending.push(message);
      if (timer !== undefined) return;
      const wait = lastAt + opts.intervalMs - now();
      if (wait <= 0) flush();
      else timer = setTimer(flush, wait);
    },
    dispose() {
      if (timer !== undefined) clearTimer(timer);
      timer = undefined;
      pending.length = 0;
    },
  };
}
