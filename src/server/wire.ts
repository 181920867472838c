import type { PipelineEventKind } from '../core/types.js';

/**
 * One pipeline event on the wire (DESIGN.md "Pipeline events", IA-Modules streaming plan):
 * snake_case keys, ISO 8601 timestamp, free-form `data` and `metadata`.
 */
export interface PipelineWireEvent {
  event_type: PipelineEventKind;
  execution_id: string;
  step_id?: string;
  timestamp: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

/**
 * What a streaming context carries: pipeline wire events, or any other JSON object that names its
 * SSE event in `event_type` (e.g. an app's own event kinds).
 */
export interface ContextEvent {
  event_type: string;
  [key: string]: unknown;
}

/** Execution ids end up in URLs, SSE ids and log lines: a strict, short alphabet keeps them inert. */
export const EXECUTION_ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

export function isValidExecutionId(value: unknown): value is string {
  return typeof value === 'string' && EXECUTION_ID_PATTERN.test(value);
}

/** SSE id of an execution's event: `<executionId>:<seq>`. */
export function formatEventId(executionId: string, seq: number): string {
  return `${executionId}:${seq}`;
}

/** Parses `<executionId>:<seq>`; undefined for anything else (so garbage never resumes anything). */
export function parseEventId(value: string): { executionId: string; seq: number } | undefined {
  const colon = value.lastIndexOf(':');
  if (colon <= 0) return undefined;
  const executionId = value.slice(0, colon);
  const seqText = value.slice(colon + 1);
  if (!isValidExecutionId(executionId) || !/^\d{1,15}$/.test(seqText)) return undefined;
  return { executionId, seq: Number(seqText) };
}

/** Builds a wire event with the current time. */
export function pipelineWireEvent(
  kind: PipelineEventKind,
  executionId: string,
  stepId: string | undefined,
  data: Record<string, unknown> = {},
  metadata: Record<string, unknown> = {},
): PipelineWireEvent {
  // Key order matches the documented wire shape (event_type, execution_id, step_id, timestamp, ...).
  return {
    event_type: kind,
    execution_id: executionId,
    ...(stepId !== undefined ? { step_id: stepId } : {}),
    timestamp: new Date().toISOString(),
    data,
    metadata,
  };
}
