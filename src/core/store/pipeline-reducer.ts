import type { PipelineCheckpoint, PipelineState, PipelineStep, PipelineStepStatus } from '../store-types.js';
import type { PipelineEvent } from '../types.js';

/**
 * Which event ids were applied, for one execution: ids are `<executionId>:<seq>`, so a high-water
 * mark plus the few seq numbers still missing below it remember every applied id in O(gaps) space.
 * Ids of any other shape go to a plain list.
 */
export interface AppliedEventIds {
  readonly executionId: string | undefined;
  readonly maxSeq: number;
  readonly missing: readonly number[];
  readonly other: readonly string[];
}

/** The reducer's state: a PipelineState plus its bookkeeping (optional, so any PipelineState works). */
export interface PipelineReduction extends PipelineState {
  readonly applied?: AppliedEventIds;
  /** Step count announced by pipeline_start (data.steps / data.total_steps). */
  readonly totalSteps?: number;
}

/** Bounds the bookkeeping of a misbehaving server (huge seq jumps, endless non-numeric ids). */
const MAX_TRACKED_GAP = 10_000;
const MAX_OTHER_IDS = 10_000;

export function initialPipelineState(): PipelineReduction {
  return {
    status: 'idle',
    executionId: undefined,
    steps: [],
    currentStep: undefined,
    progress: 0,
    checkpoints: [],
    error: undefined,
  };
}

const EMPTY_APPLIED: AppliedEventIds = { executionId: undefined, maxSeq: -1, missing: [], other: [] };

function parseEventId(id: string): { executionId: string; seq: number } | undefined {
  const at = id.lastIndexOf(':');
  if (at <= 0) return undefined;
  const tail = id.slice(at + 1);
  if (!/^\d{1,15}$/.test(tail)) return undefined;
  return { executionId: id.slice(0, at), seq: Number(tail) };
}

/** Returns the new bookkeeping when `id` was not applied yet, or undefined when it is a duplicate. */
function markApplied(applied: AppliedEventIds, id: string): AppliedEventIds | undefined {
  const parsed = parseEventId(id);
  if (parsed === undefined || (applied.executionId !== undefined && parsed.executionId !== applied.executionId)) {
    if (applied.other.includes(id)) return undefined;
    const other = applied.other.length >= MAX_OTHER_IDS ? applied.other.slice(1) : applied.other.slice();
    other.push(id);
    return { ...applied, other };
  }
  const { seq } = parsed;
  if (seq > applied.maxSeq) {
    let missing = applied.missing;
    const gapStart = Math.max(applied.maxSeq + 1, seq - MAX_TRACKED_GAP);
    if (seq > gapStart) {
      const grown = missing.slice();
      for (let s = gapStart; s < seq; s++) grown.push(s);
      missing = grown.length > MAX_TRACKED_GAP ? grown.slice(grown.length - MAX_TRACKED_GAP) : grown;
    }
    return { executionId: parsed.executionId, maxSeq: seq, missing, other: applied.other };
  }
  const at = applied.missing.indexOf(seq);
  if (at === -1) return undefined;
  const missing = applied.missing.slice();
  missing.splice(at, 1);
  return { ...applied, executionId: parsed.executionId, missing };
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function clamp01(value: number): number {
  return value < 0 ? 0 : value > 1 ? 1 : value;
}

function timeOf(timestamp: string): number | undefined {
  const ms = Date.parse(timestamp);
  return Number.isNaN(ms) ? undefined : ms;
}

function errorText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) {
    const message = (value as { message?: unknown }).message;
    if (typeof message === 'string') return message;
    try {
      return JSON.stringify(value);
    } catch {
      return String(value);
    }
  }
  return value === undefined ? undefined : String(value);
}

function newStep(id: string, name: string | undefined): PipelineStep {
  return {
    id,
    name: name ?? id,
    status: 'pending',
    progress: 0,
    message: undefined,
    tokens: '',
    output: undefined,
    error: undefined,
    startedAt: undefined,
    durationMs: undefined,
  };
}

function nameFrom(data: Record<string, unknown>): string | undefined {
  return str(data.name) ?? str(data.step_name) ?? str(data.stepName);
}

/** Steps announced up front by pipeline_start (`data.steps` as names or `{id, name}` objects). */
function announcedSteps(data: Record<string, unknown>): PipelineStep[] {
  const list = data.steps;
  if (!Array.isArray(list)) return [];
  const steps: PipelineStep[] = [];
  for (const item of list) {
    if (typeof item === 'string') steps.push(newStep(item, undefined));
    else if (typeof item === 'object' && item !== null) {
      const record = item as Record<string, unknown>;
      const id = str(record.id) ?? str(record.step_id) ?? str(record.name);
      if (id !== undefined) steps.push(newStep(id, nameFrom(record)));
    }
  }
  return steps;
}

const TERMINAL: ReadonlySet<PipelineStepStatus> = new Set(['completed', 'failed']);

function applyStepEvent(step: PipelineStep, event: PipelineEvent): PipelineStep {
  const data = event.data;
  const at = timeOf(event.timestamp);
  const next: PipelineStep = { ...step };
  const name = nameFrom(data);
  if (name !== undefined && (step.name === step.id || event.kind === 'step_start')) next.name = name;
  const message = str(data.message);
  if (message !== undefined) next.message = message;
  const terminal = TERMINAL.has(step.status);

  switch (event.kind) {
    case 'step_start':
      // A late (out-of-order) start never moves a finished step back to running.
      if (!terminal) next.status = 'running';
      if (at !== undefined && (next.startedAt === undefined || at < next.startedAt)) next.startedAt = at;
      break;
    case 'step_progress': {
      if (!terminal) next.status = 'running';
      if (next.startedAt === undefined && at !== undefined) next.startedAt = at;
      const progress = num(data.progress);
      if (progress !== undefined && !terminal) next.progress = Math.max(next.progress, clamp01(progress));
      const token = data.token;
      if (typeof token === 'string') next.tokens = step.tokens + token;
      break;
    }
    case 'step_output':
      if ('output' in data) next.output = data.output;
      else next.output = data;
      if (!terminal) next.status = 'running';
      break;
    case 'step_complete': {
      next.status = 'completed';
      next.progress = 1;
      if ('output' in data) next.output = data.output;
      const duration = num(data.duration_ms) ?? num(data.durationMs);
      if (duration !== undefined) next.durationMs = duration;
      else if (next.startedAt !== undefined && at !== undefined) next.durationMs = Math.max(0, at - next.startedAt);
      break;
    }
    case 'step_error': {
      next.status = 'failed';
      next.error = errorText(data.error) ?? message ?? 'Step failed';
      const duration = num(data.duration_ms) ?? num(data.durationMs);
      if (duration !== undefined) next.durationMs = duration;
      else if (next.startedAt !== undefined && at !== undefined) next.durationMs = Math.max(0, at - next.startedAt);
      break;
    }
    default:
      break;
  }
  return next;
}

function overallProgress(steps: readonly PipelineStep[], totalSteps: number | undefined, status: PipelineState['status']): number {
  if (status === 'completed') return 1;
  const total = Math.max(totalSteps ?? 0, steps.length);
  if (total === 0) return 0;
  let done = 0;
  for (const step of steps) {
    if (step.status === 'completed') done += 1;
    else if (step.status === 'running') done += step.progress;
  }
  return clamp01(done / total);
}

function currentStepOf(steps: readonly PipelineStep[]): PipelineStep | undefined {
  let latest: PipelineStep | undefined;
  for (const step of steps) {
    if (step.status !== 'running') continue;
    if (latest === undefined || (step.startedAt ?? 0) >= (latest.startedAt ?? 0)) latest = step;
  }
  return latest;
}

/**
 * Pure: folds one pipeline event into the state. Events with an id already applied are ignored
 * (replays after a reconnect); events out of order are applied sensibly (a progress before its
 * step_start creates the step; a late start never un-finishes a step).
 */
export function reducePipelineEvent(state: PipelineReduction, event: PipelineEvent): PipelineReduction {
  let applied = state.applied ?? EMPTY_APPLIED;
  if (event.eventId !== undefined && event.eventId !== '') {
    const marked = markApplied(applied, event.eventId);
    if (marked === undefined) return state;
    applied = marked;
  }

  const data = event.data ?? {};
  let steps = state.steps;
  let status = state.status;
  let error = state.error;
  let checkpoints = state.checkpoints;
  let totalSteps = state.totalSteps;
  const executionId = state.executionId ?? str(event.executionId);

  switch (event.kind) {
    case 'pipeline_start': {
      if (status !== 'completed' && status !== 'failed') status = 'running';
      const announced = announcedSteps(data);
      totalSteps = num(data.total_steps) ?? num(data.totalSteps) ?? num(data.steps) ?? (announced.length > 0 ? announced.length : totalSteps);
      if (announced.length > 0) {
        const known = new Set(steps.map((s) => s.id));
        const added = announced.filter((s) => !known.has(s.id));
        // Announced order first, then steps that (out of order) arrived before the announcement.
        if (added.length > 0) {
          const byId = new Map(steps.map((s) => [s.id, s]));
          steps = [...announced.map((s) => byId.get(s.id) ?? s), ...steps.filter((s) => !announced.some((a) => a.id === s.id))];
        }
      }
      break;
    }
    case 'pipeline_complete':
      status = 'completed';
      break;
    case 'pipeline_error':
      status = 'failed';
      error = errorText(data.error) ?? str(data.message) ?? 'Pipeline failed';
      break;
    case 'checkpoint_saved': {
      const checkpoint: PipelineCheckpoint = {
        id: str(data.checkpoint_id) ?? str(data.checkpointId) ?? str(data.id) ?? event.eventId ?? `${checkpoints.length}`,
        stepId: event.stepId,
        timestamp: event.timestamp,
        data,
      };
      checkpoints = [...checkpoints, checkpoint];
      break;
    }
    default: {
      const stepId = event.stepId ?? str(data.step_id);
      if (stepId === undefined) break;
      const at = steps.findIndex((s) => s.id === stepId);
      const existing = at === -1 ? newStep(stepId, nameFrom(data)) : (steps[at] as PipelineStep);
      const updated = applyStepEvent(existing, event);
      steps = steps.slice();
      if (at === -1) steps.push(updated);
      else steps[at] = updated;
      if (status === 'idle' || status === 'connecting') status = 'running';
    }
  }

  const next: PipelineReduction = {
    ...state,
    status,
    executionId,
    steps,
    currentStep: status === 'completed' || status === 'failed' ? undefined : currentStepOf(steps),
    progress: overallProgress(steps, totalSteps, status),
    checkpoints,
    error,
    applied,
  };
  if (totalSteps !== undefined) return { ...next, totalSteps };
  return next;
}
