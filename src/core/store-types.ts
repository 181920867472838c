import type { StreamError } from './errors.js';
import type { StoreApi } from 'zustand/vanilla';
import type {
  StandardSchemaV1,
  StreamEvent,
  StreamMetrics,
  StreamOptions,
  StreamRequest,
  StreamResult,
  ToolCall,
  Usage,
} from './types.js';

export type StreamStatus = 'idle' | 'connecting' | 'streaming' | 'reconnecting' | 'done' | 'error' | 'aborted';

/** The state every stream store holds (DESIGN.md, createStreamStore). */
export interface StreamState {
  status: StreamStatus;
  text: string;
  reasoning: string;
  /** Latest partial-JSON snapshot (JSON mode), structurally shared between updates. */
  json: unknown;
  /** True once the JSON value is complete. */
  jsonComplete: boolean;
  toolCalls: ToolCall[];
  /** Bounded ring of the most recent events, oldest first. */
  events: StreamEvent[];
  usage: Usage | undefined;
  metrics: StreamMetrics | undefined;
  error: StreamError | undefined;
  lastEventId: string | undefined;
  streamId: string | undefined;
  finishReason: string | undefined;
  result: StreamResult | undefined;
  /** JSON mode: path of the value still being written (see the `json` event's openPath). */
  jsonOpenPath: ReadonlyArray<string | number> | undefined;
  /** JSON mode with a schema: the final value's validation (undefined without a schema or before the end). */
  validation: JSONValidation | undefined;
}

/** Outcome of validating the final JSON value against `options.json.schema` (Standard Schema). */
export type JSONValidation =
  | { status: 'pending' }
  | { status: 'valid'; value: unknown }
  | { status: 'invalid'; issues: readonly StandardSchemaV1.Issue[] };

export interface StreamActions {
  /** Starts (or restarts) the stream; overrides are merged over the store's request. */
  start(overrides?: Partial<StreamRequest> & { options?: Partial<StreamOptions> }): void;
  /** Aborts the current run: status 'aborted', not an error. */
  stop(): void;
  /** Resets state and starts again (a fresh request, not a resume). */
  retry(): void;
  /** Aborts anything running and returns to the idle state. */
  reset(): void;
}

export type StreamStoreState = StreamState & StreamActions;
export type StreamStore = StoreApi<StreamStoreState>;

// ------------------------------------------------------------------ pipelines

export type PipelineStepStatus = 'pending' | 'running' | 'completed' | 'failed';

export interface PipelineStep {
  id: string;
  name: string;
  status: PipelineStepStatus;
  /** 0..1 */
  progress: number;
  message: string | undefined;
  /** LLM tokens the step streamed, concatenated. */
  tokens: string;
  output: unknown;
  error: string | undefined;
  /** ms epoch */
  startedAt: number | undefined;
  durationMs: number | undefined;
}

export interface PipelineCheckpoint {
  id: string;
  stepId: string | undefined;
  timestamp: string;
  data: Record<string, unknown>;
}

export type PipelineStatus = 'idle' | 'connecting' | 'running' | 'reconnecting' | 'completed' | 'failed' | 'aborted';

export interface PipelineState {
  status: PipelineStatus;
  executionId: string | undefined;
  steps: PipelineStep[];
  currentStep: PipelineStep | undefined;
  /** Overall 0..1 */
  progress: number;
  checkpoints: PipelineCheckpoint[];
  error: StreamError | string | undefined;
}
