import { afterEach, describe, expect, it } from 'vitest';
import {
  autoRegisterStream,
  clearRegistry,
  configureRegistry,
  getRegisteredStreams,
  isAutoRegisterEnabled,
  registerStream,
  setAutoRegister,
  subscribeRegistry,
} from '../../src/core/registry/stream-registry.js';
import { observeStream } from '../../src/core/registry/observe-stream.js';
import { createEventLog } from '../../src/core/registry/event-log.js';
import { createStatsAccumulator } from '../../src/core/registry/event-stats.js';
import { replayEvents } from '../../src/core/replay/replay.js';
import { createStore } from 'zustand/vanilla';
import type { StreamEvent } from '../../src/core/types.js';
import type { PipelineState, StreamState } from '../../src/core/store-types.js';
import { makeRecording } from './fixtures.js';

afterEach(() => {
  clearRegistry();
  configureRegistry({ limit: 20 });
});

describe('createEventLog', () => {
  it('keeps the newest `capacity` items addressable by absolute position', () => {
    const log = createEventLog<number>(3);
    for (let i = 0; i < 10; i++) log.append(i);
    expect(log.toArray()).toEqual([7, 8, 9]);
    expect([log.size, log.total, log.first]).toEqual([3, 10, 7]);
    expect(log.at(6)).toBeUndefined();
    expect(log.at(7)).toBe(7);
    expect(log.at(9)).toBe(9);
    expect(log.at(10)).toBeUndefined();
    log.clear();
    expect(log.toArray()).toEqual([]);
    expect(() => createEventLog(0)).toThrow(RangeError);
  });
});

describe('createStatsAccumulator', () => {
  it('derives status, TTFT, inter-token percentiles, retries and sparkline from events', () => {
    const stats = createStatsAccumulator({ bucketMs: 100 });
    const base = { streamId: 's' };
    const events: StreamEvent[] = [
      { ...base, seq: 0, t: 0, type: 'start', request: { url: '/x', method: 'GET', provider: 'raw' } },
      { ...base, seq: 1, t: 40, type: 'text', delta: 'a', index: 0 },
      { ...base, seq: 2, t: 50, type: 'text', delta: 'bb', index: 0 },
      { ...base, seq: 3, t: 70, type: 'text', delta: 'c', index: 0 },
      { ...base, seq: 4, t: 250, type: 'text', delta: 'd', index: 0 },
    ];
    events.forEach((e) => stats.add(e));
    const s = stats.snapshot();
    expect(s.status).toBe('streaming');
    expect(s.ttftMs).toBe(40);
    expect(s.textChars).toBe(5);
    expect(s.interTokenMs).toEqual({ p50: 20, p95: 180, max: 180 });
    expect(s.series).toEqual([3, 0, 1]);
    expect(s.tokensPerSec).toBeCloseTo((3 * 1000) / 210);
    expect(stats.snapshot()).toBe(s);
    stats.add({ ...base, seq: 5, t: 300, type: 'retry', attempt: 1, delayMs: 10, error: new Error('x') as never });
    expect(stats.snapshot().status).toBe('reconnecting');
    expect(stats.snapshot().retries).toBe(1);
  });
});

describe('observeStream', () => {
  it('records a run from the moment it is observed and reports the final status', async () => {
    const recording = makeRecording({ tokens: 30 });
    const run = replayEvents(recording, { timing: 'fast' });
    const source = observeStream(run, { capacity: 10 });
    let notified = 0;
    source.subscribe(() => notified++);
    await run.result;
    const snap = source.getSnapshot();
    expect(source.kind).toBe('run');
    expect(snap.stats.status).toBe('done');
    expect(snap.stats.events).toBe(recording.length);
    expect(source.log.size).toBe(10);
    expect(source.log.toArray().at(-1)?.type).toBe('done');
    expect(notified).toBeGreaterThan(0);
    source.dispose();
  });

  it('diffs a store events ring by seq and starts over on a new streamId', () => {
    const events = makeRecording({ tokens: 10 });
    const store = createStore<Pick<StreamState, 'events' | 'status'>>(() => ({ events: events.slice(0, 5), status: 'streaming' }));
    const source = observeStream(store as never);
    expect(source.kind).toBe('store');
    expect(source.log.size).toBe(5);
    // the ring dropped events 5..6 before the monitor saw them
    store.setState({ events: events.slice(7, 9) });
    expect(source.log.toArray().map((e) => e.seq)).toEqual([0, 1, 2, 3, 4, 7, 8]);
    expect(source.getSnapshot().missed).toBe(2);
    store.setState({ events: events.slice(7, 10) });
    expect(source.log.size).toBe(8);
    const next = makeRecording({ tokens: 3, streamId: 'rec-2' });
    store.setState({ events: next });
    expect(source.log.toArray().map((e) => e.streamId)).toEqual(next.map(() => 'rec-2'));
    source.dispose();
  });

  it('recognises pipeline stores and static event lists', () => {
    const pipeline = createStore<PipelineState>(() => ({
      status: 'running', executionId: 'e1', steps: [], currentStep: undefined, progress: 0, checkpoints: [], error: undefined,
    }));
    const source = observeStream(pipeline);
    expect(source.kind).toBe('pipeline');
    expect(source.getSnapshot().pipeline?.executionId).toBe('e1');
    expect(observeStream({ events: makeRecording({ tokens: 3 }) }).log.size).toBe(makeRecording({ tokens: 3 }).length);
    expect(() => observeStream({} as never)).toThrow(TypeError);
  });
});

describe('stream registry', () => {
  it('registers, notifies, keeps a stable snapshot and unregisters', () => {
    let changes = 0;
    const off = subscribeRegistry(() => changes++);
    const run = replayEvents(makeRecording({ tokens: 3 }), { timing: 'fast' });
    const unregister = registerStream(run, { name: 'chat' });
    const list = getRegisteredStreams();
    expect(list).toHaveLength(1);
    expect(list[0]?.name).toBe('chat');
    expect(list[0]?.kind).toBe('run');
    expect(getRegisteredStreams()).toBe(list);
    // registering the same target again does not duplicate it
    registerStream(run);
    expect(getRegisteredStreams()).toHaveLength(1);
    unregister();
    expect(getRegisteredStreams()).toHaveLength(0);
    expect(changes).toBe(2);
    off();
    run.abort();
  });

  it('is bounded: the oldest registration is evicted', () => {
    configureRegistry({ limit: 3 });
    const runs = Array.from({ length: 5 }, () => replayEvents(makeRecording({ tokens: 1 }), { timing: 'fast' }));
    runs.forEach((run, i) => registerStream(run, { name: `r${i}` }));
    expect(getRegisteredStreams().map((e) => e.name)).toEqual(['r2', 'r3', 'r4']);
    runs.forEach((run) => run.abort());
  });

  it('autoRegisterStream registers only while automatic registration is on', () => {
    const run = replayEvents(makeRecording({ tokens: 1 }), { timing: 'fast' });
    const stop = autoRegisterStream(run, { name: 'auto' });
    expect(isAutoRegisterEnabled()).toBe(false);
    expect(getRegisteredStreams()).toHaveLength(0);
    const restore = setAutoRegister(true);
    expect(getRegisteredStreams().map((e) => e.name)).toEqual(['auto']);
    restore();
    expect(getRegisteredStreams()).toHaveLength(0);
    setAutoRegister(true);
    expect(getRegisteredStreams()).toHaveLength(1);
    stop();
    expect(getRegisteredStreams()).toHaveLength(0);
    setAutoRegister(false);
    (globalThis as Record<string, unknown>).__STREAMKIT_MONITOR__ = true;
    try {
      expect(isAutoRegisterEnabled()).toBe(true);
    } finally {
      delete (globalThis as Record<string, unknown>).__STREAMKIT_MONITOR__;
    }
    run.abort();
  });
});

describe('observeStream settles runs that end without a terminal event', () => {
  it('shows aborted after abort() (no error event is emitted for an abort)', async () => {
    const run = replayEvents(makeRecording({ tokens: 50, gapMs: 30 }), { timing: 'original' });
    const source = observeStream(run);
    // Poll instead of sleeping a fixed time: a loaded machine may run the timers late.
    while (source.getSnapshot().stats.deltas === 0) await new Promise((r) => setTimeout(r, 5));
    expect(source.getSnapshot().stats.status).toBe('streaming');
    run.abort();
    await run.result.catch(() => undefined);
    await Promise.resolve();
    expect(source.getSnapshot().stats.status).toBe('aborted');
    source.dispose();
  });
});
