import type { ContextStats, LatencySummary, StoredEvent, Subscriber, SubscriptionHandle } from '../context/types.js';

export interface StepMetrics {
  stepId: string;
  status: 'running' | 'completed' | 'failed';
  /** From `data.duration_ms` when the step reported it, else from the event timestamps. */
  durationMs?: number;
  progressEvents: number;
  tokens: number;
}

export interface PipelineMetricsSnapshot {
  /** Events seen, by `event_type`. */
  events: Record<string, number>;
  totalEvents: number;
  steps: StepMetrics[];
  stepsCompleted: number;
  stepsFailed: number;
  /** completed / (completed + failed); undefined before any step finished. */
  successRate?: number;
  pipelineStatus: 'pending' | 'running' | 'completed' | 'failed';
  pipelineDurationMs?: number;
  /** Delivery latency over all of the context's subscribers (emit -> delivered). */
  deliveryLatencyMs?: LatencySummary;
  context?: ContextStats;
}

export type MetricsSubscriber = Subscriber & { snapshot(): PipelineMetricsSnapshot };

function timeOf(event: StoredEvent): number | undefined {
  const timestamp = event.payload['timestamp'];
  if (typeof timestamp !== 'string') return undefined;
  const ms = Date.parse(timestamp);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Counts events, per-step durations, step success rate and delivery latency. Memory is O(steps). */
export function metricsSubscriber(): MetricsSubscriber {
  const events: Record<string, number> = {};
  const steps = new Map<string, StepMetrics & { startedAt?: number }>();
  let total = 0;
  let pipelineStatus: PipelineMetricsSnapshot['pipelineStatus'] = 'pending';
  let pipelineStart: number | undefined;
  let pipelineDurationMs: number | undefined;
  let handle: SubscriptionHandle | undefined;

  const step = (id: string) => {
    let entry = steps.get(id);
    if (!entry) {
      entry = { stepId: id, status: 'running', progressEvents: 0, tokens: 0 };
      steps.set(id, entry);
    }
    return entry;
  };

  const finishStep = (event: StoredEvent, id: string, status: 'completed' | 'failed') => {
    const entry = step(id);
    entry.status = status;
    const data = event.payload['data'] as Record<string, unknown> | undefined;
    const reported = data?.['duration_ms'];
    const at = timeOf(event);
    if (typeof reported === 'number') entry.durationMs = reported;
    else if (at !== undefined && entry.startedAt !== undefined) entry.durationMs = at - entry.startedAt;
  };

  return {
    kind: 'metrics',
    overflow: 'drop-oldest',
    attach(subscription) {
      handle = subscription;
    },
    deliver(event) {
      total += 1;
      events[event.event] = (events[event.event] ?? 0) + 1;
      const stepId = typeof event.payload['step_id'] === 'string' ? event.payload['step_id'] : undefined;
      const data = event.payload['data'] as Record<string, unknown> | undefined;
      switch (event.event) {
        case 'pipeline_start':
          pipelineStatus = 'running';
          pipelineStart = timeOf(event);
          break;
        case 'pipeline_complete':
        case 'pipeline_error': {
          pipelineStatus = event.event === 'pipeline_complete' ? 'completed' : 'failed';
          const reported = data?.['duration_ms'];
          const at = timeOf(event);
          if (typeof reported === 'number') pipelineDurationMs = reported;
          else if (at !== undefined && pipelineStart !== undefined) pipelineDurationMs = at - pipelineStart;
          break;
        }
        case 'step_start':
          if (stepId !== undefined) {
            const entry = step(stepId);
            const at = timeOf(event);
            if (at !== undefined) entry.startedAt = at;
          }
          break;
        case 'step_progress':
          if (stepId !== undefined) {
            const entry = step(stepId);
            entry.progressEvents += 1;
            if (typeof data?.['token'] === 'string') entry.tokens += 1;
          }
          break;
        case 'step_complete':
          if (stepId !== undefined) finishStep(event, stepId, 'completed');
          break;
        case 'step_error':
          if (stepId !== undefined) finishStep(event, stepId, 'failed');
          break;
        default:
          break;
      }
    },
    snapshot() {
      const list = [...steps.values()].map(({ startedAt: _startedAt, ...rest }) => rest);
      const stepsCompleted = list.filter((s) => s.status === 'completed').length;
      const stepsFailed = list.filter((s) => s.status === 'failed').length;
      const finished = stepsCompleted + stepsFailed;
      const context = handle?.stats();
      return {
        events: { ...events },
        totalEvents: total,
        steps: list,
        stepsCompleted,
        stepsFailed,
        ...(finished > 0 ? { successRate: stepsCompleted / finished } : {}),
        pipelineStatus,
        ...(pipelineDurationMs !== undefined ? { pipelineDurationMs } : {}),
        ...(context ? { deliveryLatencyMs: context.deliveryLatencyMs, context } : {}),
      };
    },
  };
}
