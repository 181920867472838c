/** Query knobs shared by every demo route, validated (a bad value is a 400, never a silent default). */
export interface DemoKnobs {
  /** Tokens (events) per second. */
  tps: number;
  /** Characters per event instead of token-sized pieces. */
  chunk?: number;
  /** Cut the connection after this many events. */
  dropAfter?: number;
  /** Answer with this HTTP status (and Retry-After) instead of streaming. */
  status?: number;
  /** Stall this long once, in the middle of the stream. */
  stallMs?: number;
  /** Delay before the first token (time to first token). */
  ttftMs: number;
}

export class KnobError extends Error {
  constructor(
    readonly param: string,
    message: string,
  ) {
    super(message);
  }
}

export const DEFAULT_TPS = 40;
export const DEFAULT_TTFT_MS = 300;

function intParam(params: URLSearchParams, name: string, min: number, max: number): number | undefined {
  const raw = params.get(name);
  if (raw === null) return undefined;
  if (!/^\d{1,9}$/.test(raw)) throw new KnobError(name, `${name} must be an integer between ${min} and ${max}`);
  const value = Number(raw);
  if (value < min || value > max) throw new KnobError(name, `${name} must be an integer between ${min} and ${max}`);
  return value;
}

export function parseKnobs(params: URLSearchParams): DemoKnobs {
  const knobs: DemoKnobs = {
    tps: intParam(params, 'tps', 1, 100_000) ?? DEFAULT_TPS,
    ttftMs: intParam(params, 'ttft', 0, 60_000) ?? DEFAULT_TTFT_MS,
  };
  const chunk = intParam(params, 'chunk', 1, 100_000);
  if (chunk !== undefined) knobs.chunk = chunk;
  const dropAfter = intParam(params, 'dropAfter', 0, 1_000_000);
  if (dropAfter !== undefined) knobs.dropAfter = dropAfter;
  const status = intParam(params, 'status', 400, 599);
  if (status !== undefined) knobs.status = status;
  const stallMs = intParam(params, 'stallMs', 0, 300_000);
  if (stallMs !== undefined) knobs.stallMs = stallMs;
  return knobs;
}

/** The parameters every route accepts; routes add their own. */
export const COMMON_PARAMS = ['tps', 'chunk', 'dropAfter', 'status', 'stallMs', 'ttft'] as const;

/** Rejects parameters a route does not know (typos would otherwise silently do nothing). */
export function assertKnownParams(params: URLSearchParams, extra: readonly string[]): void {
  const known = new Set<string>([...COMMON_PARAMS, ...extra]);
  for (const key of params.keys()) {
    if (!known.has(key)) throw new KnobError(key, `unknown query parameter "${key.slice(0, 40)}"; allowed: ${[...known].join(', ')}`);
  }
}
