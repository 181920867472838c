import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createStreamingContext } from '../../src/server/context/streaming-context.js';
import type { StoredEvent } from '../../src/server/context/types.js';
import { resolveStreamingConfig } from '../../src/server/pipeline/config.js';
import { runPipeline, type PipelineStep } from '../../src/server/pipeline/runner.js';
import { callbackSubscriber } from '../../src/server/subscribers/callback.js';
import { fileSubscriber } from '../../src/server/subscribers/file.js';
import { metricsSubscriber } from '../../src/server/subscribers/metrics.js';
import { delay } from './helpers.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function record(executionId = 'run1', bufferSize = 1000) {
  const context = createStreamingContext({ executionId, bufferSize });
  const events: StoredEvent[] = [];
  context.subscribe(callbackSubscriber((e) => void events.push(e)));
  return { context, events, types: () => events.map((e) => e.event) };
}

const steps: PipelineStep<{ q: string }>[] = [
  {
    id: 'fetch',
    name: 'Fetch',
    run(ctx) {
      ctx.emitProgress(0.5, 'half');
      ctx.emitProgress(7, 'clamped');
      return { docs: 2, q: ctx.input.q };
    },
  },
  {
    id: 'llm',
    async run(ctx) {
      expect(ctx.previous).toEqual({ docs: 2, q: 'why' });
      expect(ctx.outputs).toEqual({ fetch: { docs: 2, q: 'why' } });
      for (const token of ['Hel', 'lo']) ctx.emitToken(token);
      ctx.emitOutput({ partial: 'Hello' });
      ctx.saveCheckpoint({ at: 2 });
      await delay(1);
      return 'Hello';
    },
  },
];

describe('runPipeline', () => {
  it('emits the pipeline wire events in order with the documented snake_case shape', async () => {
    const { context, events, types } = record();
    const result = await runPipeline(steps, { context, input: { q: 'why' }, metadata: { app: 't' } });
    expect(result.status).toBe('completed');
    expect(result.output).toBe('Hello');
    expect(types()).toEqual([
      'pipeline_start',
      'step_start',
      'step_progress',
      'step_progress',
      'step_complete',
      'step_start',
      'step_progress',
      'step_progress',
      'step_output',
      'checkpoint_saved',
      'step_complete',
      'pipeline_complete',
    ]);
    for (const e of events) {
      const keys = Object.keys(e.payload);
      expect(keys[0]).toBe('event_type');
      expect(keys[1]).toBe('execution_id');
      expect(e.payload.execution_id).toBe('run1');
      expect(e.payload['timestamp']).toMatch(ISO);
      expect(e.payload['metadata']).toMatchObject({ app: 't' });
      expect(e.id).toBe(`run1:${e.seq}`);
    }
    const data = events.map((e) => e.payload['data'] as Record<string, unknown>);
    expect(data[0]).toEqual({ total_steps: 2, steps: [{ id: 'fetch', name: 'Fetch' }, { id: 'llm', name: 'llm' }] });
    expect(data[2]).toEqual({ progress: 0.5, message: 'half' });
    expect(data[3]).toEqual({ progress: 1, message: 'clamped' });
    expect(data[4]).toMatchObject({ output: { docs: 2, q: 'why' } });
    expect(typeof data[4]?.['duration_ms']).toBe('number');
    expect(data[6]).toEqual({ token: 'Hel' });
    expect(data[8]).toEqual({ output: { partial: 'Hello' } });
    expect(data[9]).toEqual({ checkpoint_id: 'llm:1', checkpoint: { at: 2 } });
    expect(data[11]).toMatchObject({ output: 'Hello', steps_completed: 2 });
    expect(events[1]?.payload['step_id']).toBe('fetch');
    expect(events[2]?.payload['metadata']).toMatchObject({ step_index: 0, total_steps: 2 });
    expect(context.closed).toBe(true);
  });

  it('a failing step emits step_error and pipeline_error and stops', async () => {
    const { context, types, events } = record();
    const ran: string[] = [];
    const result = await runPipeline(
      [
        { id: 'a', run: () => void ran.push('a') },
        { id: 'b', run: () => Promise.reject(new Error('model timeout')) },
        { id: 'c', run: () => void ran.push('c') },
      ],
      { context },
    );
    expect(result).toMatchObject({ status: 'failed', failedStep: 'b' });
    expect(ran).toEqual(['a']);
    expect(types()).toEqual(['pipeline_start', 'step_start', 'step_complete', 'step_start', 'step_error', 'pipeline_error']);
    expect(events[4]?.payload['data']).toMatchObject({ error: { message: 'model timeout' } });
    expect(events[5]?.payload['data']).toMatchObject({ error: { message: 'model timeout' }, failed_step: 'b' });
  });

  it('abort stops the run and ends with an aborted pipeline_error; late emits are ignored', async () => {
    const { context, types, events } = record();
    const abort = new AbortController();
    let lateCtx: { emitToken(t: string): void } | undefined;
    const resultPromise = runPipeline(
      [
        {
          id: 'slow',
          async run(ctx) {
            lateCtx = ctx;
            ctx.emitToken('a');
            await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
            throw new Error('stopped');
          },
        },
        { id: 'never', run: () => 'x' },
      ],
      { context, signal: abort.signal },
    );
    await delay(5);
    abort.abort();
    const result = await resultPromise;
    lateCtx?.emitToken('late');
    expect(result.status).toBe('aborted');
    expect(types()).toEqual(['pipeline_start', 'step_start', 'step_progress', 'pipeline_error']);
    expect(events[3]?.payload['data']).toMatchObject({ error: { code: 'aborted' } });
  });

  it('config: enabled false emits nothing; emit_progress false keeps tokens only', async () => {
    const off = record('off');
    await runPipeline(steps, { context: off.context, input: { q: 'why' }, config: { streaming: { enabled: false } } });
    expect(off.events).toEqual([]);

    const quiet = record('quiet');
    await runPipeline(steps, { context: quiet.context, input: { q: 'why' }, config: { streaming: { emit_progress: false } } });
    const progress = quiet.events.filter((e) => e.event === 'step_progress').map((e) => e.payload['data']);
    expect(progress).toEqual([{ token: 'Hel' }, { token: 'lo' }]);
  });

  it('config: flush_interval_ms coalesces progress and tokens of a step into fewer events, in order', async () => {
    const { context, events } = record('coalesce');
    await runPipeline(
      [
        {
          id: 'gen',
          async run(ctx) {
            for (const t of ['a', 'b', 'c']) ctx.emitToken(t);
            ctx.emitProgress(0.5, 'half');
            await delay(60);
            ctx.emitToken('d');
            ctx.emitOutput('x');
            return 'abcd';
          },
        },
      ],
      { context, config: { streaming: { flush_interval_ms: 20 } } },
    );
    const summary = events.map((e) => [e.event, e.payload['data']]);
    expect(summary.slice(1)).toEqual([
      ['step_start', expect.anything()],
      ['step_progress', { progress: 0.5, message: 'half', token: 'abc' }],
      ['step_progress', { token: 'd' }],
      ['step_output', { output: 'x' }],
      ['step_complete', expect.objectContaining({ output: 'abcd' })],
      ['pipeline_complete', expect.anything()],
    ]);
  });

  it('config: buffer_size sizes the ring of a context the runner creates; invalid config is a clear TypeError', async () => {
    const result = await runPipeline(steps, { executionId: 'ring', input: { q: 'why' }, config: { streaming: { buffer_size: 3 } } });
    expect(result.context.replay().map((e) => e.seq)).toEqual([10, 11, 12]);
    expect(() => resolveStreamingConfig({ streaming: { buffer_size: -1 } })).toThrow(/buffer_size/);
    expect(() => resolveStreamingConfig({ streaming: { enabled: 'yes' as unknown as boolean } })).toThrow(/enabled/);
    await expect(runPipeline([{ id: 'a', run: () => 1 }, { id: 'a', run: () => 2 }])).rejects.toThrow(/unique/);
  });
});

describe('metrics and file subscribers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'streamkit-server-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('metrics counts events, step durations, success rate and delivery latency', async () => {
    const context = createStreamingContext({ executionId: 'm1', bufferSize: 100 });
    const metrics = metricsSubscriber();
    context.subscribe(metrics);
    await runPipeline(
      [
        { id: 'ok', run: () => delay(5).then(() => 1) },
        { id: 'bad', run: () => { throw new Error('x'); } },
      ],
      { context },
    );
    const snap = metrics.snapshot();
    expect(snap.events).toMatchObject({ pipeline_start: 1, step_start: 2, step_complete: 1, step_error: 1, pipeline_error: 1 });
    expect(snap.stepsCompleted).toBe(1);
    expect(snap.stepsFailed).toBe(1);
    expect(snap.successRate).toBe(0.5);
    expect(snap.pipelineStatus).toBe('failed');
    expect(snap.steps.find((s) => s.stepId === 'ok')?.durationMs).toBeGreaterThanOrEqual(4);
    expect(snap.deliveryLatencyMs?.count).toBe(snap.totalEvents);
  });

  it('file appends one NDJSON line per event with its id', async () => {
    const path = join(dir, 'events.ndjson');
    const context = createStreamingContext({ executionId: 'f1', bufferSize: 100 });
    const file = fileSubscriber(path);
    context.subscribe(file);
    await runPipeline(steps, { context, input: { q: 'why' } });
    await file.closed;
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(12);
    expect(lines[0]).toMatchObject({ id: 'f1:1', event_type: 'pipeline_start', execution_id: 'f1' });
    expect(lines.map((l) => l['id'])).toEqual(Array.from({ length: 12 }, (_, i) => `f1:${i + 1}`));
  });
});
