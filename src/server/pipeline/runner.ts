import { redactText } from '../../core/redact/redact.js';
import type { PipelineEventKind } from '../../core/types.js';
import { createStreamingContext } from '../context/streaming-context.js';
import type { StreamingContext } from '../context/types.js';
import { pipelineWireEvent } from '../wire.js';
import { createProgressCoalescer } from './coalescer.js';
import { resolveStreamingConfig, type PipelineConfig } from './config.js';

export interface StepContext<Input = unknown> {
  readonly executionId: string;
  readonly stepId: string;
  readonly stepIndex: number;
  readonly totalSteps: number;
  /** The pipeline's input. */
  readonly input: Input;
  /** Outputs of the steps that already completed, by step id. */
  readonly outputs: Readonly<Record<string, unknown>>;
  /** Output of the previous step (the input for the first step). */
  readonly previous: unknown;
  /** Aborted when the run is aborted; long steps should stop. */
  readonly signal: AbortSignal;
  /** `step_progress` with `data.progress` (clamped to 0..1) and `data.message`. */
  emitProgress(value: number, message?: string): void;
  /** `step_progress` with `data.token`: one LLM token (or text delta). */
  emitToken(text: string): void;
  /** `step_output`: an intermediate or partial output. */
  emitOutput(data: unknown): void;
  /** `checkpoint_saved` with `data.checkpoint_id` and `data.checkpoint`. */
  saveCheckpoint(data: unknown): void;
}

export interface PipelineStep<Input = unknown> {
  id: string;
  name?: string;
  /** Returns the step's output (becomes `step_complete.data.output`). */
  run(ctx: StepContext<Input>): unknown;
}

export interface RunPipelineOptions<Input = unknown> {
  /** The execution's streaming context; created from `executionId` and `config.streaming.buffer_size` when absent. */
  context?: StreamingContext;
  executionId?: string;
  input?: Input;
  config?: PipelineConfig;
  signal?: AbortSignal;
  /** Added to every event's `metadata`. */
  metadata?: Record<string, unknown>;
  /** Close the context when the run ends. Default true. */
  closeContext?: boolean;
  /**
   * What clients see of a failure. Default: `{ message }` (first 500 characters of the error
   * message). Return something generic if messages may hold internals.
   */
  formatError?(error: unknown): Record<string, unknown>;
}

export interface PipelineRunResult {
  executionId: string;
  status: 'completed' | 'failed' | 'aborted';
  outputs: Record<string, unknown>;
  /** The last step's output. */
  output?: unknown;
  failedStep?: string;
  error?: unknown;
  durationMs: number;
  context: StreamingContext;
}

// Step errors often quote a request (an upstream URL with `?key=`, an Authorization header): the
// message goes to every client of the execution, so credentials are redacted before it is cut.
function defaultFormatError(error: unknown): Record<string, unknown> {
  const message = redactText(error instanceof Error ? error.message : String(error));
  return { message: message.slice(0, 500), ...(error instanceof Error && error.name !== 'Error' ? { name: error.name } : {}) };
}

function randomExecutionId(): string {
  return `exec_${globalThis.crypto.randomUUID().replace(/-/g, '')}`;
}

/**
 * Runs steps in order and streams the pipeline wire events (DESIGN.md "Pipeline events") into the
 * execution's context: pipeline_start, step_start, step_progress, step_output, checkpoint_saved,
 * step_complete / step_error, pipeline_complete / pipeline_error. Resolves (never rejects) with
 * the run's outcome; a failing step stops the pipeline.
 */
export async function runPipeline<Input = unknown>(
  steps: readonly PipelineStep<Input>[],
  options: RunPipelineOptions<Input> = {},
): Promise<PipelineRunResult> {
  const streaming = resolveStreamingConfig(options.config);
  const ids = new Set<string>();
  for (const step of steps) {
    if (!step.id || ids.has(step.id)) throw new TypeError(`step ids must be unique and non-empty (got "${step.id}")`);
    ids.add(step.id);
  }
  const context =
    options.context ??
    createStreamingContext({ executionId: options.executionId ?? randomExecutionId(), bufferSize: streaming.bufferSize });
  const executionId = context.executionId;
  const userFormatError = options.formatError;
  // A throwing formatError must not turn a failed step into a rejected run with an open context.
  const formatError = (error: unknown): Record<string, unknown> => {
    if (userFormatError === undefined) return defaultFormatError(error);
    try {
      return userFormatError(error);
    } catch {
      return { message: 'step failed' };
    }
  };
  const baseMetadata = options.metadata ?? {};
  const totalSteps = steps.length;
  const started = performance.now();
  const abort = new AbortController();
  const onAbort = () => abort.abort(options.signal?.reason);
  if (options.signal?.aborted) abort.abort(options.signal.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });

  const send = (kind: PipelineEventKind, stepId: string | undefined, data: Record<string, unknown>, metadata: Record<string, unknown> = {}) => {
    if (!streaming.enabled || (abort.signal.aborted && kind !== 'pipeline_error')) return;
    context.emit(pipelineWireEvent(kind, executionId, stepId, data, { ...baseMetadata, ...metadata }));
  };
  const stepMetadata = new Map<string, Record<string, unknown>>();
  const coalescer = createProgressCoalescer(streaming.flushIntervalMs, (stepId, data) =>
    send('step_progress', stepId, data, stepMetadata.get(stepId)),
  );
  const emit = (kind: PipelineEventKind, stepId: string | undefined, data: Record<string, unknown>, metadata?: Record<string, unknown>) => {
    coalescer.flush(); // progress before this event goes out first
    send(kind, stepId, data, metadata);
  };

  const outputs: Record<string, unknown> = {};
  let previous: unknown = options.input;
  let status: PipelineRunResult['status'] = 'completed';
  let failedStep: string | undefined;
  let failure: unknown;

  emit('pipeline_start', undefined, {
    total_steps: totalSteps,
    steps: steps.map((step) => ({ id: step.id, name: step.name ?? step.id })),
  });

  for (const [stepIndex, step] of steps.entries()) {
    if (abort.signal.aborted) {
      status = 'aborted';
      break;
    }
    const stepMeta = { step_index: stepIndex, total_steps: totalSteps };
    stepMetadata.set(step.id, stepMeta);
    let live = true; // a step that keeps emitting after it finished (or after abort) is ignored
    let checkpoints = 0;
    const ctx: StepContext<Input> = {
      executionId,
      stepId: step.id,
      stepIndex,
      totalSteps,
      input: options.input as Input,
      outputs: { ...outputs },
      previous,
      signal: abort.signal,
      emitProgress(value, message) {
        if (!live || !streaming.emitProgress) return;
        const clamped = Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : undefined;
        if (clamped === undefined) return;
        coalescer.progress(step.id, clamped, message, undefined);
      },
      emitToken(text) {
        if (!live || typeof text !== 'string' || text === '') return;
        coalescer.progress(step.id, undefined, undefined, text);
      },
      emitOutput(data) {
        if (live) emit('step_output', step.id, { output: data }, stepMeta);
      },
      saveCheckpoint(data) {
        if (!live) return;
        checkpoints += 1;
        emit('checkpoint_saved', step.id, { checkpoint_id: `${step.id}:${checkpoints}`, checkpoint: data }, stepMeta);
      },
    };
    const stepStarted = performance.now();
    emit('step_start', step.id, { name: step.name ?? step.id, index: stepIndex, total_steps: totalSteps }, stepMeta);
    try {
      const output = await step.run(ctx);
      live = false;
      if (abort.signal.aborted) {
        status = 'aborted';
        break;
      }
      outputs[step.id] = output;
      previous = output;
      emit('step_complete', step.id, { output: output ?? null, duration_ms: Math.round(performance.now() - stepStarted) }, stepMeta);
    } catch (error) {
      live = false;
      if (abort.signal.aborted) {
        status = 'aborted';
        break;
      }
      status = 'failed';
      failedStep = step.id;
      failure = error;
      emit('step_error', step.id, { error: formatError(error), duration_ms: Math.round(performance.now() - stepStarted) }, stepMeta);
      break;
    }
  }

  const durationMs = Math.round(performance.now() - started);
  if (status === 'completed') {
    emit('pipeline_complete', undefined, { output: previous ?? null, duration_ms: durationMs, steps_completed: totalSteps });
  } else if (status === 'failed') {
    emit('pipeline_error', undefined, { error: formatError(failure), failed_step: failedStep, duration_ms: durationMs });
  } else {
    coalescer.dispose();
    send('pipeline_error', undefined, { error: { code: 'aborted', message: 'pipeline aborted' }, duration_ms: durationMs });
  }
  coalescer.dispose();
  options.signal?.removeEventListener('abort', onAbort);
  if (options.closeContext !== false) context.close();

  return {
    executionId,
    status,
    outputs,
    ...(status === 'completed' ? { output: previous } : {}),
    ...(failedStep !== undefined ? { failedStep } : {}),
    ...(failure !== undefined ? { error: failure } : {}),
    durationMs,
    context,
  };
}
