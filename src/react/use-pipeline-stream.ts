import { useStore } from 'zustand';
import { createPipelineStore, type PipelineStore, type PipelineStoreState } from '../core/store/pipeline-store.js';
import type { StartOverrides } from '../core/store/stream-store.js';
import type { StreamStore } from '../core/store-types.js';
import type { StreamHookOptions } from './hook-options.js';
import { useManagedStore, type HookRequest } from './use-managed-store.js';

export interface UsePipelineStreamResult extends Omit<PipelineStoreState, 'start' | 'stop' | 'retry' | 'reset' | 'stream'> {
  start(overrides?: StartOverrides): void;
  stop(): void;
  retry(): void;
  reset(): void;
  store: PipelineStore;
  /** The underlying stream store (LLM text of the steps, usage, metrics). */
  stream: StreamStore;
}

const streamOf = (store: PipelineStore): StreamStore => store.getState().stream;

/** `usePipelineStream(request)` — pipeline wire events reduced into steps, current step and progress. */
export function usePipelineStream(
  input: HookRequest | PipelineStore | null | undefined,
  options: StreamHookOptions = {},
): UsePipelineStreamResult {
  const { store, actions } = useManagedStore<PipelineStore>(input, options, createPipelineStore, streamOf);
  const state = useStore(store);
  return { ...state, ...actions, store };
}
