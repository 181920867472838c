import { afterEach, describe, expect, it } from 'vitest';
import { createStreamStore } from '../../src/core/store/stream-store.js';
import { exportEventsNDJSON, parseEventsNDJSON } from '../../src/core/replay/ndjson.js';
import { replayEvents } from '../../src/core/replay/replay.js';
import { clearRegistry, getRegisteredStreams, setAutoRegister } from '../../src/core/registry/stream-registry.js';
import { StreamError } from '../../src/core/errors.js';
import type { StreamStore } from '../../src/core/store-types.js';
import { makeRecording } from './fixtures.js';

function settled(store: StreamStore): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      const { status } = store.getState();
      if (status === 'done' || status === 'error' || status === 'aborted') {
        off();
        resolve();
      }
    };
    const off = store.subscribe(check);
    check();
  });
}

afterEach(() => clearRegistry());

describe('replaying an export into a stream store', () => {
  it.each([
    ['fast', { timing: 'fast' as const, chunkSize: 50 }],
    ['original x20', { timing: 'original' as const, speed: 20 }],
  ])('reproduces the recorded final state (%s)', async (_label, options) => {
    const recording = makeRecording({ tokens: 300, withTool: true, withJson: true, seed: 7 });
    const done = recording.at(-1);
    if (done?.type !== 'done') throw new Error('fixture must end with done');
    const store = createStreamStore(replayEvents(parseEventsNDJSON(exportEventsNDJSON(recording)), options), { batch: 'microtask' });
    await settled(store);
    const state = store.getState();
    expect(state.status).toBe('done');
    expect(state.text).toBe(done.result.text);
    expect(state.json).toEqual(done.result.json);
    expect(state.toolCalls).toEqual(done.result.toolCalls);
    expect(state.usage).toEqual(done.result.usage);
    expect(state.finishReason).toBe('stop');
  });

  it('reproduces a recorded failure with the same error code and partial text', async () => {
    const recording = makeRecording({ tokens: 20, failWith: new StreamError('provider', 'overloaded', { providerCode: 'overloaded_error' }) });
    const store = createStreamStore(replayEvents(parseEventsNDJSON(exportEventsNDJSON(recording))), { batch: 'microtask' });
    await settled(store);
    const state = store.getState();
    expect(state.status).toBe('error');
    expect(state.error?.code).toBe('provider');
    expect(state.text).toBe(recording.flatMap((e) => (e.type === 'text' ? [e.delta] : [])).join(''));
  });
});

describe('automatic registration', () => {
  it('registers every stream store created while it is on, and none after', async () => {
    const restore = setAutoRegister(true);
    const store = createStreamStore(replayEvents(makeRecording({ tokens: 5 }), { timing: 'fast' }), { batch: 'sync' });
    const entries = getRegisteredStreams();
    expect(entries).toHaveLength(1);
    expect(entries[0]?.target).toBe(store);
    expect(entries[0]?.kind).toBe('store');
    await settled(store);
    expect(entries[0]?.source.getSnapshot().stats.status).toBe('done');
    restore();
    createStreamStore(replayEvents(makeRecording({ tokens: 5 }), { timing: 'fast' }), { batch: 'sync' }).getState().stop();
    expect(getRegisteredStreams()).toHaveLength(1);
  });
});
