import { describe, expect, it } from 'vitest';
import { createStream } from '../../src/core/stream/create-stream.js';
import { createReplaySource } from '../../src/core/replay/replay.js';
import { replayDecoder } from '../../src/core/replay/replay-decoder.js';
import { StreamError } from '../../src/core/errors.js';
import type { StreamEvent } from '../../src/core/types.js';
import { makeRecording } from './fixtures.js';

describe('replay through createStream (createReplaySource + replayDecoder)', () => {
  it('reproduces text, tool calls, JSON and reported usage through the real streaming loop', async () => {
    const recording = makeRecording({ tokens: 200, withTool: true, withJson: true, seed: 5 });
    const done = recording.at(-1);
    if (done?.type !== 'done') throw new Error('fixture must end with done');
    const run = createStream(
      { source: createReplaySource(recording, { timing: 'fast', chunkSize: 37 }), provider: replayDecoder, protocol: 'ndjson' },
      { retry: false },
    );
    const seen: StreamEvent[] = [];
    run.subscribe((e) => seen.push(e));
    const result = await run.result;
    expect(result.text).toBe(done.result.text);
    expect(result.toolCalls.map(({ id, name, args }) => ({ id, name, args }))).toEqual(done.result.toolCalls.map(({ id, name, args }) => ({ id, name, args })));
    // The engine builds result.json only in JSON mode; the recorded snapshots are delivered as events.
    const lastJson = seen.filter((e) => e.type === 'json').at(-1);
    expect(lastJson?.type === 'json' ? lastJson.value : undefined).toEqual(done.result.json);
    expect(result.usage.inputTokens).toBe(done.result.usage.inputTokens);
    expect(result.usage.outputTokens).toBe(done.result.usage.outputTokens);
    expect(seen.filter((e) => e.type === 'usage')).toHaveLength(1);
    expect(seen.filter((e) => e.type === 'start')).toHaveLength(1);
  });

  it('fails the run with the recorded error code, without retrying', async () => {
    const recording = makeRecording({ tokens: 10, failWith: new StreamError('timeout-idle', 'idle for 30s') });
    const run = createStream(
      { source: createReplaySource(recording, { timing: 'fast' }), provider: replayDecoder, protocol: 'ndjson' },
      { retry: { maxAttempts: 3, baseDelayMs: 1 } },
    );
    const retries: StreamEvent[] = [];
    run.subscribe((e) => e.type === 'retry' && retries.push(e));
    const error = await run.result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamError);
    expect((error as StreamError).code).toBe('timeout-idle');
    expect(retries).toHaveLength(0);
  });
});
