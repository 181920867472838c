import { StreamError } from '../errors.js';
import type { StreamEvent, StreamResult, StreamRun, ToolCall, Usage } from '../types.js';
import { serializeEvent } from './ndjson.js';

export interface ReplayOptions {
  /** `'original'`: events keep their recorded spacing (`t`); `'fast'`: as fast as possible. Default 'original'. */
  timing?: 'original' | 'fast';
  /** Playback rate for original timing: 2 plays twice as fast. Default 1. */
  speed?: number;
  /** Id put on every replayed event and on the run. Default: a fresh `replay-...` id, so a replay never merges with the recording. */
  streamId?: string;
  signal?: AbortSignal;
  /** Fast timing: events delivered per macrotask before yielding to the host (keeps a UI responsive). Default 500. */
  chunkSize?: number;
}

let replayCounter = 0;

/** A result rebuilt from events, for recordings that end without `done` (aborted, truncated, failed). */
export function resultFromEvents(events: readonly StreamEvent[]): StreamResult {
  const text: string[] = [];
  const reasoning: string[] = [];
  const toolCalls: ToolCall[] = [];
  const argsText = new Map<string, string[]>();
  let json: unknown;
  let usage: Usage | undefined;
  let finishReason: string | undefined;
  let retries = 0;
  let lastT = 0;
  let ttftMs: number | undefined;
  for (const event of events) {
    lastT = Math.max(lastT, event.t);
    switch (event.type) {
      case 'text':
        ttftMs ??= event.t;
        if ((event.choice ?? 0) === 0) text.push(event.delta);
        break;
      case 'reasoning':
        ttftMs ??= event.t;
        reasoning.push(event.delta);
        break;
      case 'tool-call': {
        ttftMs ??= event.t;
        const parts = argsText.get(event.id) ?? [];
        parts.push(event.argsDelta);
        argsText.set(event.id, parts);
        break;
      }
      case 'tool-call-end':
        // A correlation id the decoder made up is not the provider's: the result says null (as live runs do).
        toolCalls.push({ id: event.idSynthesized === true ? null : event.id, name: event.name, args: event.args, argsText: (argsText.get(event.id) ?? []).join(''), index: event.index });
        break;
      case 'json':
        json = event.value;
        break;
      case 'usage':
        usage = event.usage;
        break;
      case 'metadata':
        if (typeof event.finishReason === 'string') finishReason = event.finishReason;
        break;
      case 'retry':
        retries++;
        break;
    }
  }
  const result: StreamResult = {
    text: text.join(''),
    toolCalls,
    usage: usage ?? { inputTokens: 0, outputTokens: 0, totalTokens: 0, estimated: true },
    metrics: {
      durationMs: lastT,
      chunks: 0,
      events: events.length,
      interTokenMs: { p50: 0, p95: 0, max: 0 },
      retries,
      bytes: 0,
    },
  };
  if (ttftMs !== undefined) result.metrics.ttftMs = ttftMs;
  if (reasoning.length > 0) result.reasoning = reasoning.join('');
  if (json !== undefined) result.json = json;
  if (finishReason !== undefined) result.finishReason = finishReason;
  return result;
}

interface Pacer {
  start(): void;
  stop(): void;
}

/**
 * Delivers `events[i]` through `deliver` at their recorded offsets (original timing) or in chunks
 * per macrotask (fast), then calls `finish`. Timers only: no busy loop, nothing left behind by stop().
 */
function createPacer(
  events: readonly StreamEvent[],
  options: ReplayOptions,
  deliver: (event: StreamEvent) => void,
  finish: () => void,
): Pacer {
  const fast = options.timing === 'fast';
  const speed = options.speed !== undefined && options.speed > 0 ? options.speed : 1;
  const chunkSize = Math.max(1, options.chunkSize ?? 500);
  const t0 = events[0]?.t ?? 0;
  let index = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let startedAt = 0;
  let stopped = false;

  const step = () => {
    timer = undefined;
    if (stopped) return;
    if (fast) {
      const end = Math.min(events.length, index + chunkSize);
      while (index < end && !stopped) deliver(events[index++] as StreamEvent);
    } else {
      const elapsed = (Date.now() - startedAt) * speed;
      while (index < events.length && !stopped && (events[index] as StreamEvent).t - t0 <= elapsed) deliver(events[index++] as StreamEvent);
    }
    if (stopped) return;
    if (index >= events.length) {
      finish();
      return;
    }
    const wait = fast ? 0 : Math.max(0, ((events[index] as StreamEvent).t - t0) / speed - (Date.now() - startedAt));
    timer = setTimeout(step, wait);
  };

  return {
    start() {
      startedAt = Date.now();
      // Always a macrotask first: whoever created the run can subscribe synchronously and miss nothing.
      timer = setTimeout(step, 0);
    },
    stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}

/**
 * Plays recorded events back as a StreamRun: the same events (with a replay `streamId`) at their
 * original timing or as fast as possible, so anything that accepts a run (`createStreamStore(run)`,
 * the monitor, hooks given a store) reproduces the recorded final state. `result` resolves with the
 * recorded `done` result, or rejects with the recorded error (partial result attached). `abort()`
 * stops playback and rejects `result` with code `aborted`, like a live run.
 *
 * No bytes are read here: this schedules already-decoded events, so it is not a second streaming
 * loop. To push a recording through `createStream` itself, use `createReplaySource` + `replayDecoder`.
 */
export function replayEvents(recorded: readonly StreamEvent[], options: ReplayOptions = {}): StreamRun {
  const id = options.streamId ?? `replay-${Date.now().toString(36)}-${++replayCounter}`;
  const events = recorded.map((event) => ({ ...event, streamId: id }) as StreamEvent);
  const listeners = new Set<(event: StreamEvent) => void>();
  const delivered: StreamEvent[] = [];
  const waiters = new Set<() => void>();
  let finished = false;
  let settle: { resolve(result: StreamResult): void; reject(error: StreamError): void } | undefined;
  const result = new Promise<StreamResult>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // The caller may never read `result`; a recorded failure must not become an unhandled rejection.
  result.catch(() => undefined);
  let outcome: { ok: true; result: StreamResult } | { ok: false; error: StreamError } | undefined;

  const wake = () => {
    for (const waiter of [...waiters]) waiter();
    waiters.clear();
  };

  const deliver = (event: StreamEvent) => {
    delivered.push(event);
    if (event.type === 'done') outcome ??= { ok: true, result: event.result };
    if (event.type === 'error') {
      const error = event.error instanceof StreamError ? event.error : new StreamError('provider', String((event.error as { message?: unknown })?.message ?? event.error));
      error.partial ??= resultFromEvents(delivered);
      outcome ??= { ok: false, error };
    }
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch (error) {
        // A failing listener must not stop the replay for the others (same contract as a live run).
        setTimeout(() => {
          throw error;
        }, 0);
      }
    }
    wake();
  };

  const finish = () => {
    if (finished) return;
    finished = true;
    if (outcome === undefined) {
      outcome = {
        ok: false,
        error: new StreamError('protocol', 'The recording ends before the stream finished', { partial: resultFromEvents(delivered) }),
      };
    }
    if (outcome.ok) settle?.resolve(outcome.result);
    else settle?.reject(outcome.error);
    wake();
  };

  const pacer = createPacer(events, options, deliver, finish);

  const abort = (reason?: unknown) => {
    if (finished) return;
    pacer.stop();
    // Like a live run: no event for an abort, the result rejects with code 'aborted'.
    outcome ??= {
      ok: false,
      error: new StreamError('aborted', 'The replay was aborted', { retryable: false, cause: reason, partial: resultFromEvents(delivered) }),
    };
    finish();
  };

  if (options.signal?.aborted) abort(options.signal.reason);
  else {
    options.signal?.addEventListener('abort', () => abort(options.signal?.reason), { once: true });
    pacer.start();
  }

  return {
    id,
    result,
    abort,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    [Symbol.asyncIterator](): AsyncIterator<StreamEvent> {
      // Each iterator starts at the first event and follows playback.
      let position = 0;
      return {
        next: async () => {
          while (position >= delivered.length && !finished) await new Promise<void>((resolve) => waiters.add(resolve));
          if (position < delivered.length) return { value: delivered[position++] as StreamEvent, done: false };
          return { value: undefined, done: true };
        },
        return: async () => {
          position = Number.POSITIVE_INFINITY;
          return { value: undefined, done: true };
        },
      };
    },
  };
}

/**
 * A paced text source for `createStream({ source, provider: replayDecoder, protocol: 'ndjson' })`:
 * one redacted NDJSON line per recorded event, at original timing or as fast as possible. The
 * events then go through the real streaming loop (new envelope, engine-computed metrics and usage).
 */
export function createReplaySource(events: readonly StreamEvent[], options: ReplayOptions = {}): AsyncIterable<string> {
  return {
    [Symbol.asyncIterator]() {
      const run = replayEvents(events, options);
      const iterator = run[Symbol.asyncIterator]();
      return {
        next: async () => {
          const next = await iterator.next();
          return next.done ? { value: undefined, done: true } : { value: `${JSON.stringify(serializeEvent(next.value))}\n`, done: false };
        },
        return: async () => {
          run.abort();
          await iterator.return?.();
          return { value: undefined, done: true };
        },
      };
    },
  };
}
