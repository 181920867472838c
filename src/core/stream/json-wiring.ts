import { createScheduler, type Scheduler } from '../processor/scheduler.js';
import type { BatchOption, StreamEventPayload } from '../types.js';

/** What createStream needs of JSON mode (src/core/json/json-mode.ts implements it). */
export interface JSONModeLike {
  /** Throws a `parse` StreamError as soon as the text is not JSON. */
  write(delta: string): void;
  readonly changed: boolean;
  /** The current snapshot; marks it as seen (changed -> false). */
  take(): { value: unknown; complete: boolean; openPath: ReadonlyArray<string | number> };
  /** Final value; rejects with `parse` (truncated/invalid) or `validation` (schema, with issues). */
  finish(): Promise<{ value: unknown }>;
}

export interface JSONWiring {
  /** Routes a decoded event: choice-0 text, or the first tool call's arguments when a tool call came first. */
  observe(event: StreamEventPayload): void;
  /** One transport chunk was processed: publish a snapshot now, or at the next batch tick. */
  afterChunk(): void;
  /** Publishes the pending snapshot (if any) and returns the final value. */
  finish(): Promise<unknown>;
  /** The latest value known (for a partial result). */
  latest(): unknown;
  cancel(): void;
}

/**
 * Feeds JSON mode from the decoded events and publishes `json` events: at most one per transport chunk
 * (batch 'sync' or unset), or one per scheduler tick (batch 'frame' / 'microtask' / milliseconds), and
 * only when the snapshot changed. The text stays in `text` events too: JSON mode adds, never hides.
 */
export function createJSONWiring(mode: JSONModeLike, batch: BatchOption | undefined, emit: (event: StreamEventPayload) => void): JSONWiring {
  // Which stream of deltas is the JSON document: decided by the first content that arrives.
  let target: { kind: 'text' } | { kind: 'tool'; index: number } | undefined;
  let latest: unknown;

  const publish = () => {
    if (!mode.changed) return;
    const snap = mode.take();
    latest = snap.value;
    emit({ type: 'json', value: snap.value, complete: snap.complete, openPath: snap.openPath });
  };
  const scheduler: Scheduler | undefined = batch === undefined || batch === 'sync' ? undefined : createScheduler(batch, publish);

  return {
    observe(event) {
      if (event.type === 'text') {
        if ((event.choice ?? 0) !== 0 || event.delta === '') return;
        target ??= { kind: 'text' };
        if (target.kind === 'text') mode.write(event.delta);
      } else if (event.type === 'tool-call') {
        if (target === undefined) target = { kind: 'tool', index: event.index };
        if (target.kind === 'tool' && target.index === event.index && event.argsDelta !== '') mode.write(event.argsDelta);
      }
    },
    afterChunk() {
      if (scheduler) {
        if (mode.changed) scheduler.request();
      } else publish();
    },
    async finish() {
      scheduler?.cancel();
      publish();
      const { value } = await mode.finish();
      latest = value;
      return value;
    },
    latest() {
      if (mode.changed) latest = mode.take().value;
      return latest;
    },
    cancel() {
      scheduler?.cancel();
    },
  };
}
