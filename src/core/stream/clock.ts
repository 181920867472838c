/** Milliseconds from a monotonic clock when there is one (performance.now), else wall time. */
export const now: () => number =
  typeof globalThis.performance?.now === 'function' ? () => globalThis.performance.now() : () => Date.now();

let counter = 0;

/** A correlation id for a run: a UUID where the runtime has one, else time + counter + random. */
export function createStreamId(): string {
  const c = globalThis.crypto as { randomUUID?: () => string } | undefined;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  counter = (counter + 1) % 0x100000;
  return `s-${Date.now().toString(36)}-${counter.toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}
