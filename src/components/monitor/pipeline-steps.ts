import type { PipelineState, PipelineStepStatus } from '../../core/store-types.js';
import type { StreamEvent } from '../../core/types.js';

/** What the step timeline draws for one step. */
export interface StepBar {
  id: string;
  name: string;
  status: PipelineStepStatus;
  /** ms on a common clock (epoch ms from timestamps, or the events' `t`). */
  startedAt: number | undefined;
  durationMs: number | undefined;
  progress: number;
  error: string | undefined;
}

export function stepsFromState(state: PipelineState): StepBar[] {
  return state.steps.map((s) => ({
    id: s.id,
    name: s.name,
    status: s.status,
    startedAt: s.startedAt,
    durationMs: s.durationMs,
    progress: s.progress,
    error: s.error,
  }));
}

function timeOf(event: StreamEvent & { type: 'pipeline' }): number {
  const parsed = Date.parse(event.timestamp);
  return Number.isFinite(parsed) ? parsed : event.t;
}

/**
 * Steps rebuilt from recorded `pipeline` events, for monitors without a pipeline store (a replayed
 * recording, a plain run). Display only: the hooks' reducer stays the source of truth for apps.
 */
export function stepsFromEvents(events: Iterable<StreamEvent>): { steps: StepBar[]; lastTime: number | undefined } {
  const steps = new Map<string, StepBar>();
  let lastTime: number | undefined;
  for (const event of events) {
    if (event.type !== 'pipeline' || event.stepId === undefined) continue;
    const at = timeOf(event);
    lastTime = lastTime === undefined ? at : Math.max(lastTime, at);
    let step = steps.get(event.stepId);
    if (!step) {
      const name = event.data['name'] ?? event.data['step_name'] ?? event.stepId;
      step = { id: event.stepId, name: String(name), status: 'pending', startedAt: undefined, durationMs: undefined, progress: 0, error: undefined };
      steps.set(event.stepId, step);
    }
    switch (event.kind) {
      case 'step_start':
        step.status = 'running';
        step.startedAt ??= at;
        break;
      case 'step_progress': {
        const p = event.data['progress'];
        if (typeof p === 'number') step.progress = Math.max(step.progress, Math.min(1, Math.max(0, p)));
        if (step.status === 'pending') step.status = 'running';
        step.startedAt ??= at;
        break;
      }
      case 'step_complete': {
        step.status = 'completed';
        step.progress = 1;
        const d = event.data['duration_ms'];
        step.durationMs = typeof d === 'number' ? d : step.startedAt !== undefined ? at - step.startedAt : undefined;
        if (step.startedAt === undefined && step.durationMs !== undefined) step.startedAt = at - step.durationMs;
        break;
      }
      case 'step_error': {
        step.status = 'failed';
        const e = event.data['error'];
        step.error = typeof e === 'string' ? e : e && typeof e === 'object' && 'message' in e ? String((e as { message: unknown }).message) : 'failed';
        if (step.startedAt !== undefined) step.durationMs = at - step.startedAt;
        break;
      }
    }
  }
  return { steps: [...steps.values()], lastTime };
}

/** Horizontal placement of each bar as fractions (0..1) of the pipeline's span. */
export function layoutBars(steps: readonly StepBar[], now: number | undefined): Array<{ step: StepBar; left: number; width: number }> {
  const started = steps.filter((s) => s.startedAt !== undefined);
  if (started.length === 0) return steps.map((step) => ({ step, left: 0, width: 0 }));
  const origin = Math.min(...started.map((s) => s.startedAt as number));
  const endOf = (s: StepBar) => (s.startedAt as number) + (s.durationMs ?? Math.max(0, (now ?? s.startedAt as number) - (s.startedAt as number)));
  const end = Math.max(origin + 1, ...started.map(endOf));
  const span = end - origin;
  return steps.map((step) => {
    if (step.startedAt === undefined) return { step, left: 0, width: 0 };
    const left = (step.startedAt - origin) / span;
    const width = Math.max(0.005, (endOf(step) - step.startedAt) / span);
    return { step, left, width: Math.min(width, 1 - left) };
  });
}
