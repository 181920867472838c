import type { PipelineState, StreamState } from '../store-types.js';
import { onStreamFrames } from '../stream/frame-tap.js';
import type { FrameSource, StreamEvent, StreamFrame, StreamRun } from '../types.js';
import { createEventLog, type EventLog } from './event-log.js';
import { createStatsAccumulator, type StreamStats } from './event-stats.js';

/** Anything with zustand's vanilla store surface. */
export interface ReadableStoreLike<S> {
  getState(): S;
  subscribe(listener: (state: S, previous: S) => void): () => void;
}

/** What the monitor can watch: a run, a stream store, a pipeline store, or recorded events. */
export type MonitorTarget =
  | StreamRun
  | ReadableStoreLike<StreamState>
  | ReadableStoreLike<PipelineState>
  | { readonly events: readonly StreamEvent[] };

export type MonitorTargetKind = 'run' | 'store' | 'pipeline' | 'events';

export interface MonitorSnapshot {
  kind: MonitorTargetKind;
  stats: StreamStats;
  /** Version of the event log at snapshot time (changes when events arrive). */
  logVersion: number;
  /** The store's state when watching a stream store. */
  store: StreamState | undefined;
  /** The pipeline state when watching a pipeline store. */
  pipeline: PipelineState | undefined;
  /** Events that the watched store's ring dropped before the monitor could record them. */
  missed: number;
  /** Version of the frame log at snapshot time (changes when frames arrive). */
  framesVersion: number;
}

/** A normalised, subscribable view of one stream for the monitor. Framework-free. */
export interface MonitorSource {
  readonly kind: MonitorTargetKind;
  readonly log: EventLog<StreamEvent>;
  /**
   * The transport frames as received (SSE `event`/`id`/`data`, NDJSON values, text chunks) of the
   * current stream, recorded from the moment of observation. Empty for recordings, replays and when
   * `frames: false`; the Raw tab then shows the events instead.
   */
  readonly frames: EventLog<StreamFrame>;
  getSnapshot(): MonitorSnapshot;
  subscribe(listener: () => void): () => void;
  /** Stops watching the target (the target itself keeps running). */
  dispose(): void;
}

export interface ObserveOptions {
  /** Events kept for the timeline. Default 10,000. */
  capacity?: number;
  /**
   * Record transport frames too (default true). A run is asked for its frames directly; a store's
   * runs are not reachable, so for stores every run on the page frames (and is filtered by
   * `streamId`) while the source lives. Costs nothing per frame when no source asks.
   */
  frames?: boolean;
  /** Frames kept. Default: `capacity`. */
  frameCapacity?: number;
}

/** Frames of runs a store has not shown yet (its `start` event reaches the store a tick after the first frames). */
const PENDING_FRAMES = 512;

export function isFrameSource(value: unknown): value is FrameSource {
  return typeof (value as Partial<FrameSource> | null)?.subscribeFrames === 'function';
}

export function isStreamRun(value: unknown): value is StreamRun {
  const v = value as Partial<StreamRun> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.subscribe === 'function' &&
    typeof v.abort === 'function' &&
    typeof (v as { result?: { then?: unknown } }).result?.then === 'function'
  );
}

function isStore(value: unknown): value is ReadableStoreLike<unknown> {
  const v = value as Partial<ReadableStoreLike<unknown>> | null;
  return typeof v === 'object' && v !== null && typeof v.getState === 'function' && typeof v.subscribe === 'function';
}

function isPipelineState(state: unknown): state is PipelineState {
  return typeof state === 'object' && state !== null && Array.isArray((state as { steps?: unknown }).steps);
}

export function monitorTargetKind(target: MonitorTarget): MonitorTargetKind {
  if (isStreamRun(target)) return 'run';
  if (isStore(target)) return isPipelineState(target.getState()) ? 'pipeline' : 'store';
  if (Array.isArray((target as { events?: unknown }).events)) return 'events';
  throw new TypeError('StreamMonitor: expected a StreamRun, a stream store, a pipeline store or { events }');
}

/**
 * Watches a target and records its events into a bounded log with live statistics. A run is
 * recorded from the moment it is observed; a store's `events` ring is diffed by `seq` on each
 * update (a new `streamId` starts a fresh log).
 */
export function observeStream(target: MonitorTarget, options: ObserveOptions = {}): MonitorSource {
  const kind = monitorTargetKind(target);
  const log = createEventLog<StreamEvent>(options.capacity ?? 10_000);
  const frames = createEventLog<StreamFrame>(options.frameCapacity ?? options.capacity ?? 10_000);
  const wantFrames = options.frames !== false;
  const stats = createStatsAccumulator();
  const listeners = new Set<() => void>();
  let store: StreamState | undefined;
  let pipeline: PipelineState | undefined;
  let missed = 0;
  let snapshot: MonitorSnapshot | undefined;
  let disposed = false;
  const cleanups: Array<() => void> = [];

  const notify = () => {
    snapshot = undefined;
    for (const listener of [...listeners]) listener();
  };

  const record = (event: StreamEvent) => {
    log.append(event);
    stats.add(event);
  };

  // Store targets: frames of every run on the page, kept when they belong to the store's stream. Frames
  // of a stream the store has not shown yet wait in a small ring until its events arrive.
  let pendingFrames: StreamFrame[] = [];
  const adoptPendingFrames = (streamId: string) => {
    frames.clear();
    for (const frame of pendingFrames) if (frame.streamId === streamId) frames.append(frame);
    pendingFrames = pendingFrames.filter((frame) => frame.streamId !== streamId);
  };

  // Store diffing: events are appended once, in seq order, per streamId.
  let currentStreamId: string | undefined;
  let lastSeq = -1;
  const ingestStoreEvents = (events: unknown) => {
    if (!Array.isArray(events)) return;
    for (const event of events as StreamEvent[]) {
      if (event.streamId !== currentStreamId) {
        if (currentStreamId !== undefined) {
          log.clear();
          stats.reset();
          missed = 0;
        }
        currentStreamId = event.streamId;
        lastSeq = -1;
        adoptPendingFrames(event.streamId);
      }
      if (event.seq <= lastSeq) continue;
      if (event.seq > lastSeq + 1 && lastSeq >= 0) missed += event.seq - lastSeq - 1;
      lastSeq = event.seq;
      record(event);
    }
  };

  if (kind === 'run') {
    const run = target as StreamRun;
    if (wantFrames && isFrameSource(run)) {
      cleanups.push(
        run.subscribeFrames((frame) => {
          frames.append(frame);
          notify();
        }),
      );
    }
    cleanups.push(
      run.subscribe((event) => {
        record(event);
        notify();
      }),
    );
    // The result settles after the last event; observing it here must not create an unhandled rejection.
    run.result.then(
      () => {
        stats.settle(undefined);
        notify();
      },
      (error: unknown) => {
        stats.settle(typeof error === 'object' && error !== null ? (error as { code?: unknown }) : { message: String(error) });
        notify();
      },
    );
  } else if (kind === 'events') {
    for (const event of (target as { events: readonly StreamEvent[] }).events) record(event);
  } else {
    const watched = target as ReadableStoreLike<StreamState | PipelineState>;
    if (wantFrames) {
      cleanups.push(
        onStreamFrames((frame) => {
          if (frame.streamId === currentStreamId) {
            frames.append(frame);
            notify();
            return;
          }
          pendingFrames.push(frame);
          if (pendingFrames.length > PENDING_FRAMES * 2) pendingFrames = pendingFrames.slice(-PENDING_FRAMES);
        }),
      );
    }
    const read = (state: StreamState | PipelineState) => {
      if (isPipelineState(state)) {
        pipeline = state;
        // A pipeline store carries its stream store (usage, metrics, raw status).
        const inner = (state as { stream?: unknown }).stream;
        if (isStore(inner)) store = inner.getState() as StreamState;
      } else store = state;
      ingestStoreEvents((state as { events?: unknown }).events);
    };
    read(watched.getState());
    cleanups.push(
      watched.subscribe((state) => {
        read(state);
        notify();
      }),
    );
  }

  return {
    kind,
    log,
    frames,
    getSnapshot() {
      snapshot ??= { kind, stats: stats.snapshot(), logVersion: log.version, store, pipeline, missed, framesVersion: frames.version };
      return snapshot;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const cleanup of cleanups) cleanup();
      listeners.clear();
      pendingFrames = [];
    },
  };
}
