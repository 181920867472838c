import { createStore, type StoreApi } from 'zustand/vanilla';
import type { PipelineState, PipelineStatus, StreamActions, StreamStatus, StreamStore } from '../store-types.js';
import type { StreamEvent, StreamRequest } from '../types.js';
import { initialPipelineState, reducePipelineEvent, type PipelineReduction } from './pipeline-reducer.js';
import { createStreamStore, isStreamRun, type StreamStoreInput, type StreamStoreOptions } from './stream-store.js';

export interface PipelineStoreState extends PipelineState, StreamActions {
  /** The most recent events (bounded ring, shared with the underlying stream store). */
  events: StreamEvent[];
  lastEventId: string | undefined;
  /** The underlying stream store (text of LLM steps, usage, metrics, raw status). */
  stream: StreamStore;
}

export type PipelineStore = StoreApi<PipelineStoreState>;

const STATUS_FROM_STREAM: Record<StreamStatus, PipelineStatus> = {
  idle: 'idle',
  connecting: 'connecting',
  streaming: 'running',
  reconnecting: 'reconnecting',
  done: 'completed',
  error: 'failed',
  aborted: 'aborted',
};

type RequestInput = StreamRequest | readonly StreamRequest[];

function addPipelineProvider(input: RequestInput): RequestInput {
  const add = (r: StreamRequest): StreamRequest => (r.provider === undefined ? { ...r, provider: 'pipeline' } : r);
  return Array.isArray(input) ? (input as readonly StreamRequest[]).map(add) : add(input as StreamRequest);
}

function withPipelineProvider(input: StreamStoreInput): StreamStoreInput {
  if (input === null || input === undefined || isStreamRun(input)) return input;
  if (typeof input === 'function') {
    return () => {
      const resolved = input();
      return resolved === null || resolved === undefined ? resolved : addPipelineProvider(resolved);
    };
  }
  return addPipelineProvider(input as RequestInput);
}

/**
 * Pipeline progress over one stream: every `pipeline` event is reduced (reducePipelineEvent) as it
 * arrives, and the reduced state is published together with the stream store's batched updates.
 */
export function createPipelineStore(
  input: StreamStoreInput,
  options: StreamStoreOptions = {},
): PipelineStore {
  let reduction: PipelineReduction = initialPipelineState();

  const stream = createStreamStore(withPipelineProvider(input), {
    ...options,
    tap: (event) => {
      options.tap?.(event);
      if (event.type === 'pipeline') reduction = reducePipelineEvent(reduction, event);
    },
    onGeneration: (kind) => {
      reduction = initialPipelineState();
      options.onGeneration?.(kind);
    },
  });

  const derive = (): Omit<PipelineStoreState, keyof StreamActions | 'stream'> => {
    const s = stream.getState();
    const reduced = reduction.status;
    // The events decide completed/failed; the connection decides everything else (reconnecting, aborted).
    const status: PipelineStatus = reduced === 'completed' || reduced === 'failed' ? reduced : STATUS_FROM_STREAM[s.status];
    return {
      status,
      executionId: reduction.executionId,
      steps: reduction.steps,
      currentStep: status === 'aborted' || status === 'failed' ? undefined : reduction.currentStep,
      progress: reduction.progress,
      checkpoints: reduction.checkpoints,
      error: reduction.error ?? s.error,
      events: s.events,
      lastEventId: s.lastEventId,
    };
  };

  const { start, stop, retry, reset } = stream.getState();
  const store = createStore<PipelineStoreState>()(() => ({ ...derive(), stream, start, stop, retry, reset }));
  stream.subscribe(() => store.setState(derive()));
  return store;
}
