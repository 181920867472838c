import { StreamError } from '../errors.js';
import type { Decoder, DecoderInstance, Emit, FramedMessage, PipelineEvent, PipelineEventKind } from '../types.js';

const KINDS: ReadonlySet<string> = new Set<PipelineEventKind>([
  'pipeline_start',
  'step_start',
  'step_progress',
  'step_output',
  'step_complete',
  'step_error',
  'pipeline_complete',
  'pipeline_error',
  'checkpoint_saved',
]);

type WirePayload = Record<string, unknown>;

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** True when a framed message is a pipeline wire event (used by `provider: 'auto'`). */
export function looksLikePipeline(message: FramedMessage): boolean {
  const payload = payloadOf(message, false);
  return payload !== undefined && (typeof payload.event_type === 'string' || typeof payload.execution_id === 'string');
}

function payloadOf(message: FramedMessage, strict: boolean): WirePayload | undefined {
  let value: unknown;
  if (message.kind === 'ndjson') value = message.value;
  else if (message.kind === 'sse') {
    try {
      value = JSON.parse(message.data);
    } catch (cause) {
      if (!strict) return undefined;
      throw new StreamError('parse', `Pipeline event data is not JSON: ${message.data.slice(0, 80)}`, { cause, retryable: false });
    }
  } else return undefined;
  if (isRecord(value)) return value;
  if (strict) throw new StreamError('parse', 'Pipeline event data is not a JSON object', { retryable: false });
  return undefined;
}

/**
 * The `pipeline` decoder (DESIGN.md "Pipeline events"): SSE `event:` type + `id: <executionId>:<seq>`
 * + JSON data, or the same JSON objects as NDJSON lines. Each wire event becomes one camelCased
 * `pipeline` event; `step_progress` also gives a `progress` event (when it has `data.progress`) and a
 * `text` event (when it has `data.token`). `pipeline_complete` ends the stream; `pipeline_error` ends
 * it and fails the run with a `provider` StreamError. Unknown event types are skipped (forward
 * compatible servers may add kinds).
 */
export const pipelineDecoder: Decoder = {
  name: 'pipeline',
  protocol: 'sse',
  detect: looksLikePipeline,
  create(): DecoderInstance {
    let terminated = false;
    return {
      get terminated() {
        return terminated;
      },
      push(message: FramedMessage, emit: Emit) {
        if (terminated || message.kind === 'text') return;
        const payload = payloadOf(message, true)!;
        const sseType = message.kind === 'sse' && message.event !== 'message' ? message.event : undefined;
        const kind = typeof payload.event_type === 'string' ? payload.event_type : sseType;
        if (kind === undefined || !KINDS.has(kind)) return;
        const sseId = message.kind === 'sse' && message.id !== '' ? message.id : undefined;
        const event = toPipelineEvent(kind as PipelineEventKind, payload, sseId);
        emit(Object.assign({ type: 'pipeline' as const }, event));

        if (kind === 'step_progress') {
          const progress = event.data.progress;
          if (typeof progress === 'number' && Number.isFinite(progress)) {
            const p: { type: 'progress'; value: number; message?: string; stepId?: string } = {
              type: 'progress',
              value: Math.min(1, Math.max(0, progress)),
            };
            if (typeof event.data.message === 'string') p.message = event.data.message;
            if (event.stepId !== undefined) p.stepId = event.stepId;
            emit(p);
          }
          const token = event.data.token;
          if (typeof token === 'string' && token !== '') emit({ type: 'text', delta: token, index: 0 });
        } else if (kind === 'pipeline_complete') {
          terminated = true;
        } else if (kind === 'pipeline_error') {
          terminated = true;
          throw pipelineError(event);
        }
      },
    };
  },
};

function toPipelineEvent(kind: PipelineEventKind, payload: WirePayload, sseId: string | undefined): PipelineEvent {
  const executionId =
    typeof payload.execution_id === 'string' ? payload.execution_id : sseId !== undefined ? sseId.slice(0, Math.max(0, sseId.lastIndexOf(':'))) : '';
  const event: PipelineEvent = {
    kind,
    executionId,
    timestamp: typeof payload.timestamp === 'string' ? payload.timestamp : new Date().toISOString(),
    data: isRecord(payload.data) ? payload.data : {},
    metadata: isRecord(payload.metadata) ? payload.metadata : {},
  };
  if (typeof payload.step_id === 'string') event.stepId = payload.step_id;
  if (sseId !== undefined) event.eventId = sseId;
  return event;
}

function pipelineError(event: PipelineEvent): StreamError {
  const d = event.data;
  const nested = isRecord(d.error) ? d.error : undefined;
  const message =
    (typeof d.error === 'string' && d.error) ||
    (nested && typeof nested.message === 'string' && nested.message) ||
    (typeof d.message === 'string' && d.message) ||
    'The pipeline failed';
  const code = (typeof d.code === 'string' && d.code) || (nested && typeof nested.code === 'string' && nested.code) || undefined;
  return new StreamError('provider', message, { retryable: false, ...(code ? { providerCode: code } : {}) });
}
