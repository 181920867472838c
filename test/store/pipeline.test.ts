import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { initialPipelineState, reducePipelineEvent, type PipelineReduction } from '../../src/core/store/pipeline-reducer.js';
import { createPipelineStore } from '../../src/core/store/pipeline-store.js';
import type { PipelineEvent, PipelineEventKind } from '../../src/core/types.js';
import { EXECUTION, startTokenServer, type PipelineWireEvent } from './token-server.js';

function pe(kind: PipelineEventKind, seq: number, stepId?: string, data: Record<string, unknown> = {}): PipelineEvent {
  const e: PipelineEvent = {
    kind,
    executionId: 'x1',
    timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
    data,
    metadata: {},
    eventId: `x1:${seq}`,
  };
  if (stepId !== undefined) e.stepId = stepId;
  return e;
}

const reduceAll = (events: PipelineEvent[], from: PipelineReduction = initialPipelineState()) =>
  events.reduce(reducePipelineEvent, from);

const script: PipelineEvent[] = [
  pe('pipeline_start', 1, undefined, { total_steps: 2 }),
  pe('step_start', 2, 'fetch', { name: 'Fetch data' }),
  pe('step_progress', 3, 'fetch', { progress: 0.5, message: 'half' }),
  pe('step_complete', 4, 'fetch', { output: { rows: 3 }, duration_ms: 1200 }),
  pe('checkpoint_saved', 5, 'fetch', { checkpoint_id: 'cp1' }),
  pe('step_start', 6, 'write', { step_name: 'Write' }),
  pe('step_progress', 7, 'write', { token: 'Hel' }),
  pe('step_progress', 8, 'write', { token: 'lo', progress: 0.25 }),
];

describe('reducePipelineEvent', () => {
  it('reduces a normal run into steps, current step, progress and checkpoints', () => {
    const s = reduceAll(script);
    expect(s.status).toBe('running');
    expect(s.executionId).toBe('x1');
    expect(s.steps.map((x) => [x.id, x.name, x.status])).toEqual([
      ['fetch', 'Fetch data', 'completed'],
      ['write', 'Write', 'running'],
    ]);
    const fetch = s.steps[0]!;
    expect(fetch.output).toEqual({ rows: 3 });
    expect(fetch.durationMs).toBe(1200);
    expect(fetch.message).toBe('half');
    expect(fetch.progress).toBe(1);
    expect(fetch.startedAt).toBe(Date.UTC(2026, 0, 1, 0, 0, 2));
    expect(s.steps[1]!.tokens).toBe('Hello');
    expect(s.currentStep?.id).toBe('write');
    expect(s.progress).toBeCloseTo((1 + 0.25) / 2);
    expect(s.checkpoints).toEqual([
      { id: 'cp1', stepId: 'fetch', timestamp: script[4]!.timestamp, data: { checkpoint_id: 'cp1' } },
    ]);

    const done = reduceAll([pe('step_complete', 9, 'write'), pe('pipeline_complete', 10)], s);
    expect(done.status).toBe('completed');
    expect(done.progress).toBe(1);
    expect(done.currentStep).toBeUndefined();
    // computed duration when the server gives none: complete(9s) - start(6s)
    expect(done.steps[1]!.durationMs).toBe(3000);
  });

  it('is pure: the input state is never modified', () => {
    const before = reduceAll(script.slice(0, 3));
    const snapshot = JSON.stringify(before);
    reducePipelineEvent(before, pe('step_complete', 4, 'fetch'));
    expect(JSON.stringify(before)).toBe(snapshot);
  });

  it('applies duplicate / replayed events (same id) once', () => {
    const once = reduceAll(script);
    const twice = reduceAll([...script, ...script.slice(2)]);
    expect(twice.steps).toEqual(once.steps);
    expect(twice.checkpoints).toHaveLength(1);
    // the same object comes back for an ignored duplicate
    expect(reducePipelineEvent(once, script[6]!)).toBe(once);
  });

  it('handles out-of-order events: progress before start creates the step; a late start never un-finishes it', () => {
    const s = reduceAll([
      pe('step_progress', 3, 'a', { progress: 0.4 }),
      pe('step_complete', 4, 'a'),
      pe('step_start', 2, 'a', { name: 'Alpha' }),
      pe('pipeline_start', 1, undefined, { steps: ['a', 'b'] }),
    ]);
    expect(s.steps.map((x) => [x.id, x.name, x.status])).toEqual([
      ['a', 'Alpha', 'completed'],
      ['b', 'b', 'pending'],
    ]);
    expect(s.steps[0]!.startedAt).toBe(Date.UTC(2026, 0, 1, 0, 0, 2));
    expect(s.progress).toBeCloseTo(0.5);
    expect(s.status).toBe('running');
  });

  it('records step and pipeline errors', () => {
    const s = reduceAll([
      pe('step_start', 1, 'a'),
      pe('step_error', 2, 'a', { error: { message: 'boom' } }),
      pe('pipeline_error', 3, undefined, { error: 'stopped' }),
    ]);
    expect(s.steps[0]).toMatchObject({ status: 'failed', error: 'boom', durationMs: 1000 });
    expect(s.status).toBe('failed');
    expect(s.error).toBe('stopped');
    expect(s.currentStep).toBeUndefined();
  });

  it('property: any interleaving with duplicates gives the same result as the ordered, unique run', () => {
    const complete = [...script, pe('step_complete', 9, 'write'), pe('pipeline_complete', 10)];
    const expected = reduceAll(complete);
    fc.assert(
      fc.property(
        fc.shuffledSubarray(complete, { minLength: complete.length, maxLength: complete.length }),
        fc.array(fc.integer({ min: 0, max: complete.length - 1 }), { maxLength: 6 }),
        (shuffled, dupes) => {
          const withDupes = [...shuffled];
          for (const d of dupes) withDupes.splice(d, 0, complete[d]!);
          const s = reduceAll(withDupes);
          expect(s.status).toBe('completed');
          // Steps keep their arrival order; compare by id.
          const view = (steps: typeof s.steps) =>
            steps.map((x) => [x.id, x.status, x.tokens.length, x.output]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
          expect(view(s.steps)).toEqual(view(expected.steps));
          expect(s.checkpoints).toHaveLength(1);
          expect(s.progress).toBe(1);
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });
});

describe('createPipelineStore over a real server', () => {
  const wire: PipelineWireEvent[] = [
    { type: 'pipeline_start', seq: 1, data: { total_steps: 2 } },
    { type: 'step_start', step: 'one', seq: 2, data: { name: 'One' } },
    { type: 'step_progress', step: 'one', seq: 3, data: { progress: 0.5, token: 'ab' } },
    { type: 'step_progress', step: 'one', seq: 3, data: { progress: 0.5, token: 'ab' } }, // duplicate id
    { type: 'step_complete', step: 'one', seq: 4, data: { output: 'ok', duration_ms: 5 } },
    { type: 'step_progress', step: 'two', seq: 6, data: { progress: 0.3 } }, // before its start
    { type: 'step_start', step: 'two', seq: 5, data: { name: 'Two' } },
    { type: 'step_complete', step: 'two', seq: 7 },
    { type: 'checkpoint_saved', step: 'two', seq: 8, data: { checkpoint_id: 'c' } },
    { type: 'pipeline_complete', seq: 9 },
  ];
  let srv: Awaited<ReturnType<typeof startTokenServer>>;
  beforeAll(async () => {
    srv = await startTokenServer({ pipeline: wire });
  });
  afterAll(async () => {
    await srv.close();
  });

  it('reduces the wire events into steps and completes', async () => {
    const store = createPipelineStore({ url: `${srv.url}/pipeline` }, { batch: 'sync' });
    expect(store.getState().status).toBe('idle');
    store.getState().start();
    await vi.waitFor(() => expect(['completed', 'failed']).toContain(store.getState().status), { timeout: 10_000 });
    const s = store.getState();
    expect(s.status).toBe('completed');
    expect(s.executionId).toBe(EXECUTION);
    expect(s.steps.map((x) => [x.id, x.name, x.status])).toEqual([
      ['one', 'One', 'completed'],
      ['two', 'Two', 'completed'],
    ]);
    expect(s.steps[0]!.tokens).toBe('ab');
    expect(s.steps[0]!.output).toBe('ok');
    expect(s.checkpoints.map((c) => c.id)).toEqual(['c']);
    expect(s.progress).toBe(1);
    expect(s.lastEventId).toBe(`${EXECUTION}:9`);
    expect(s.stream.getState().status).toBe('done');
  });

  it('reset() clears the reduced state', async () => {
    const store = createPipelineStore({ url: `${srv.url}/pipeline` }, { batch: 'sync' });
    store.getState().start();
    await vi.waitFor(() => expect(store.getState().status).toBe('completed'), { timeout: 10_000 });
    store.getState().reset();
    expect(store.getState().status).toBe('idle');
    expect(store.getState().steps).toEqual([]);
  });
});
