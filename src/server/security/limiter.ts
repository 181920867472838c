/** Counts concurrent streams per user; `acquire` fails once a user holds `maxPerUser`. */
export interface StreamLimiter {
  /** A release function (idempotent), or undefined when the user is at the cap. */
  acquire(userId: string): (() => void) | undefined;
  active(userId: string): number;
  readonly maxPerUser: number;
}

export function createStreamLimiter(options: { maxPerUser?: number } = {}): StreamLimiter {
  const maxPerUser = options.maxPerUser ?? 5;
  if (!Number.isInteger(maxPerUser) || maxPerUser < 1) throw new TypeError('maxPerUser must be a positive integer');
  const counts = new Map<string, number>();
  return {
    maxPerUser,
    acquire(userId) {
      const current = counts.get(userId) ?? 0;
      if (current >= maxPerUser) return undefined;
      counts.set(userId, current + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const now = (counts.get(userId) ?? 1) - 1;
        // Delete at zero so the map only holds users with open streams.
        if (now <= 0) counts.delete(userId);
        else counts.set(userId, now);
      };
    },
    active(userId) {
      return counts.get(userId) ?? 0;
    },
  };
}
