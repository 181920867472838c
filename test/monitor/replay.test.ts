import { describe, expect, it } from 'vitest';
import { exportEventsNDJSON, parseEventsNDJSON } from '../../src/core/replay/ndjson.js';
import { replayEvents, createReplaySource, resultFromEvents } from '../../src/core/replay/replay.js';
import { StreamError } from '../../src/core/errors.js';
import type { StreamEvent } from '../../src/core/types.js';
import { makeRecording } from './fixtures.js';

async function collect(iterable: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for await (const event of iterable) out.push(event);
  return out;
}

describe('replayEvents', () => {
  it('fast replay of an export delivers every event in order and resolves with the recorded result', async () => {
    const recording = makeRecording({ tokens: 2_000, withTool: true, withJson: true });
    const events = parseEventsNDJSON(exportEventsNDJSON(recording));
    const run = replayEvents(events, { timing: 'fast', chunkSize: 64 });
    const seen: StreamEvent[] = [];
    run.subscribe((e) => seen.push(e));
    const result = await run.result;
    const done = recording.at(-1);
    if (done?.type !== 'done') throw new Error('fixture must end with done');
    expect(result).toEqual(done.result);
    expect(seen.map((e) => [e.type, e.seq, e.t])).toEqual(recording.map((e) => [e.type, e.seq, e.t]));
    expect(new Set(seen.map((e) => e.streamId))).toEqual(new Set([run.id]));
    expect(run.id).not.toBe('rec-1');
    // Rebuilding state from the replayed events gives the recorded final state.
    const rebuilt = resultFromEvents(seen);
    expect(rebuilt.text).toBe(done.result.text);
    expect(rebuilt.toolCalls).toEqual(done.result.toolCalls);
    expect(rebuilt.json).toEqual(done.result.json);
    expect(rebuilt.usage).toEqual(done.result.usage);
  });

  it('original timing keeps the recorded spacing (scaled by speed) and ordering', async () => {
    const recording = makeRecording({ tokens: 20, gapMs: 10 });
    const span = (recording.at(-1)?.t ?? 0) - (recording[0]?.t ?? 0);
    const run = replayEvents(recording, { timing: 'original', speed: 2 });
    const arrivals: number[] = [];
    const startedAt = Date.now();
    run.subscribe(() => arrivals.push(Date.now() - startedAt));
    await run.result;
    expect(arrivals).toHaveLength(recording.length);
    // Never early: an event cannot arrive before its recorded offset / speed (lower bound only: a
    // loaded machine may be late, never early). 2 ms slack for timer rounding.
    recording.forEach((event, i) => expect(arrivals[i] ?? 0).toBeGreaterThanOrEqual((event.t - (recording[0]?.t ?? 0)) / 2 - 2));
    expect(arrivals.at(-1) ?? 0).toBeGreaterThanOrEqual(span / 2 - 2);
  });

  it('async iteration yields every event from the start even when started late', async () => {
    const recording = makeRecording({ tokens: 50 });
    const run = replayEvents(recording, { timing: 'fast', chunkSize: 7 });
    await new Promise((r) => setTimeout(r, 5));
    const events = await collect(run);
    expect(events.map((e) => e.seq)).toEqual(recording.map((e) => e.seq));
  });

  it('rejects with the recorded error (code kept, partial attached)', async () => {
    const recording = makeRecording({ tokens: 5, failWith: new StreamError('timeout-idle', 'idle') });
    const run = replayEvents(parseEventsNDJSON(exportEventsNDJSON(recording)), { timing: 'fast' });
    const error = await run.result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamError);
    expect((error as StreamError).code).toBe('timeout-idle');
    const text = recording.flatMap((e) => (e.type === 'text' ? [e.delta] : [])).join('');
    expect((error as StreamError).partial?.text).toBe(text);
  });

  it('a truncated recording rejects with a protocol error instead of pretending success', async () => {
    const recording = makeRecording({ tokens: 5 }).slice(0, 4);
    const error = await replayEvents(recording, { timing: 'fast' }).result.catch((e: unknown) => e);
    expect((error as StreamError).code).toBe('protocol');
  });

  it('abort() stops playback, rejects with code aborted and leaves no timers behind', async () => {
    const recording = makeRecording({ tokens: 100, gapMs: 50 });
    const run = replayEvents(recording, { timing: 'original' });
    const seen: StreamEvent[] = [];
    run.subscribe((e) => seen.push(e));
    await new Promise((r) => setTimeout(r, 60));
    run.abort();
    const error = await run.result.catch((e: unknown) => e);
    expect((error as StreamError).code).toBe('aborted');
    expect(seen.some((e) => e.type === 'error' || e.type === 'done')).toBe(false);
    expect((error as StreamError).partial?.text).toBe(seen.flatMap((e) => (e.type === 'text' ? [e.delta] : [])).join(''));
    const count = seen.length;
    expect(count).toBeLessThan(recording.length);
    await new Promise((r) => setTimeout(r, 120));
    expect(seen.length).toBe(count);
  });

  it('an already-aborted signal delivers nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const run = replayEvents(makeRecording({ tokens: 5 }), { signal: controller.signal });
    const events = await collect(run);
    expect(events).toEqual([]);
    expect(((await run.result.catch((e: unknown) => e)) as StreamError).code).toBe('aborted');
  });
});

describe('createReplaySource', () => {
  it('yields one redacted NDJSON line per event that parses back to the recording', async () => {
    const recording = makeRecording({ tokens: 30, withTool: true });
    const lines: string[] = [];
    for await (const line of createReplaySource(recording, { timing: 'fast', streamId: 'rec-1' })) lines.push(line);
    expect(lines.every((l) => l.endsWith('\n'))).toBe(true);
    expect(parseEventsNDJSON(lines.join(''))).toEqual(JSON.parse(JSON.stringify(recording)));
  });
});
