import { afterEach, describe, expect, it } from 'vitest';
import { observeStream } from '../../src/core/registry/observe-stream.js';
import { clearRegistry, getRegisteredStreams, registerStream } from '../../src/core/registry/stream-registry.js';
import { replayEvents } from '../../src/core/replay/replay.js';
import { createStream } from '../../src/core/stream/create-stream.js';
import { createStreamStore } from '../../src/core/store/stream-store.js';
import type { StreamFrame } from '../../src/core/types.js';
import { collect } from '../helpers/stream-utils.js';
import { randomByteChunks, seededRandom, sseEvent, sseHeaders, startTestServer, write, type TestServer } from '../helpers/http-server.js';
import { makeRecording } from './fixtures.js';

let srv: TestServer | undefined;
afterEach(async () => {
  clearRegistry();
  await srv?.close();
  srv = undefined;
});

const chunk = (content: string) => ({ id: 'c1', object: 'chat.completion.chunk', model: 'gpt-4o-mini', choices: [{ index: 0, delta: { content }, finish_reason: null }] });
const SENT = [JSON.stringify(chunk('Hel')), JSON.stringify(chunk('lo ☀')), '[DONE]'];
const WIRE = SENT.map((data, i) => sseEvent({ id: String(i + 1), data })).join('');

async function chatServer(seed: number): Promise<TestServer> {
  const random = seededRandom(seed);
  return startTestServer(async (_req, res) => {
    sseHeaders(res);
    for (const piece of randomByteChunks(WIRE, random, 5)) await write(res, piece);
    res.end();
  });
}

const dataOf = (frames: readonly StreamFrame[]) => frames.map((f) => (f.kind === 'sse' ? [f.id, f.data] : [f.kind]));
const EXPECTED = SENT.map((data, i) => [String(i + 1), data]);

describe('the monitor records transport frames', () => {
  it('from a run it observes, in order and exactly as sent', async () => {
    srv = await chatServer(1);
    const run = createStream({ url: srv.url, provider: 'openai' });
    const source = observeStream(run);
    let notified = 0;
    source.subscribe(() => notified++);
    const { result } = await collect(run);
    expect(result?.text).toBe('Hello ☀');
    expect(dataOf(source.frames.toArray())).toEqual(EXPECTED);
    expect(source.getSnapshot().framesVersion).toBe(source.frames.version);
    expect(notified).toBeGreaterThan(0);
    source.dispose();
  });

  it('from a stream store, whose runs it cannot reach, through the page-wide frame listener', async () => {
    srv = await chatServer(2);
    // Default batching: the store shows a run's events a tick later, often after its first frames
    // arrived; those wait in the source until the store names their stream.
    const store = createStreamStore({ url: srv.url, provider: 'openai' });
    // The registry path (what <StreamMonitor.Floating> uses).
    registerStream(store, { name: 'chat' });
    const [entry] = getRegisteredStreams();
    store.getState().start();
    await waitFor(() => store.getState().status === 'done');
    expect(store.getState().text).toBe('Hello ☀');
    expect(dataOf(entry!.source.frames.toArray())).toEqual(EXPECTED);
    // A second run of the same store replaces the frames, like the events.
    store.getState().start();
    await waitFor(() => store.getState().status === 'done' && entry!.source.frames.toArray()[0]?.streamId === store.getState().events[0]?.streamId);
    expect(dataOf(entry!.source.frames.toArray())).toEqual(EXPECTED);
  });

  it('keeps no frames for recordings and replays, or when asked not to', async () => {
    const events = makeRecording();
    expect(observeStream({ events }).frames.size).toBe(0);
    const replay = replayEvents(events, { timing: 'fast' });
    const replaySource = observeStream(replay);
    await replay.result;
    expect(replaySource.frames.size).toBe(0);

    srv = await chatServer(3);
    const run = createStream({ url: srv.url, provider: 'openai' });
    const quiet = observeStream(run, { frames: false });
    await collect(run);
    expect(quiet.log.size).toBeGreaterThan(0);
    expect(quiet.frames.size).toBe(0);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
