import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createStreamStore } from '../../src/core/store/stream-store.js';
import { createStream } from '../../src/core/stream/create-stream.js';
import { readPersisted } from '../../src/core/store/persistence.js';
import { inMemoryStorage } from './memory-storage.js';
import type { StreamState } from '../../src/core/store-types.js';
import type { Decoder, ScheduleFunctionLike } from './store-test-types.js';
import { startTokenServer, tokenText } from './token-server.js';

let srv: Awaited<ReturnType<typeof startTokenServer>>;
beforeAll(async () => {
  srv = await startTokenServer();
});
afterAll(async () => {
  await srv.close();
});

/** A manual clock standing in for requestAnimationFrame: ticks only when the test says so. */
function manualClock() {
  const queued = new Set<() => void>();
  const clock: ScheduleFunctionLike = (run) => {
    queued.add(run);
    return () => queued.delete(run);
  };
  return {
    clock,
    tick() {
      const due = [...queued];
      queued.clear();
      for (const run of due) run();
    },
    get pending() {
      return queued.size;
    },
  };
}

function waitForStatus(store: ReturnType<typeof createStreamStore>, statuses: string[], timeout = 10_000) {
  return vi.waitFor(() => expect(statuses).toContain(store.getState().status), { timeout, interval: 5 });
}


describe('createStreamStore over a real server', () => {
  it('starts idle and does not send anything until start()', async () => {
    const before = srv.requests.length;
    const store = createStreamStore({ url: `${srv.url}/tokens?n=3` });
    expect(store.getState().status).toBe('idle');
    await new Promise((r) => setTimeout(r, 20));
    expect(srv.requests.length).toBe(before);
  });

  it('accumulates text, notifies once per tick, and publishes final text together with done', async () => {
    const frames = manualClock();
    const seen: StreamState[] = [];
    let completedText: string | undefined;
    const store = createStreamStore(
      { url: `${srv.url}/tokens?n=200` },
      {
        batch: frames.clock,
        onComplete: (result) => {
          completedText = store.getState().text;
          expect(result.text).toBe(tokenText(0, 200));
        },
      },
    );
    store.subscribe((s) => seen.push(s));
    store.getState().start();
    expect(store.getState().status).toBe('connecting');
    await waitForStatus(store, ['done']);
    const final = store.getState();
    expect(final.text).toBe(tokenText(0, 200));
    expect(completedText).toBe(final.text);
    // Every state that says done carries the whole text: the terminal update is atomic.
    for (const s of seen) if (s.status === 'done') expect(s.text).toBe(tokenText(0, 200));
    // Without ticks only status changes notify: connecting, streaming (first event), done.
    expect(seen.length).toBeLessThanOrEqual(4);
    expect(seen.map((s) => s.status)).toContain('streaming');
    expect(final.usage?.outputTokens).toBeGreaterThan(0);
    expect(final.metrics?.events).toBeGreaterThan(0);
    expect(final.lastEventId).toBe('199');
    expect(frames.pending).toBe(0);
  });

  it('ticks publish pending deltas: one notification per tick no matter how many events', async () => {
    const frames = manualClock();
    let notifications = 0;
    const store = createStreamStore({ url: `${srv.url}/tokens?n=300&delay=1` }, { batch: frames.clock });
    store.subscribe(() => notifications++);
    store.getState().start();
    let ticks = 0;
    while (store.getState().status !== 'done') {
      await new Promise((r) => setTimeout(r, 5));
      if (frames.pending > 0) ticks++;
      frames.tick();
    }
    expect(store.getState().text).toBe(tokenText(0, 300));
    // connecting + streaming + done + at most one per tick
    expect(notifications).toBeLessThanOrEqual(ticks + 3);
    expect(notifications).toBeGreaterThan(1);
  });

  it('keeps a bounded event ring', async () => {
    const store = createStreamStore({ url: `${srv.url}/tokens?n=50` }, { batch: 'sync', maxEvents: 5 });
    store.getState().start();
    await waitForStatus(store, ['done']);
    const { events } = store.getState();
    expect(events).toHaveLength(5);
    expect(events[events.length - 1]?.type).toBe('done');
    // oldest first, seq increasing
    for (let i = 1; i < events.length; i++) expect(events[i]!.seq).toBeGreaterThan(events[i - 1]!.seq);
  });

  it('stop() aborts: status aborted, text kept, the server sees the connection close', async () => {
    const closedBefore = srv.connections.closed;
    const store = createStreamStore({ url: `${srv.url}/tokens?n=10&stall=3` }, { batch: 'sync' });
    store.getState().start();
    await vi.waitFor(() => expect(store.getState().text).toBe(tokenText(0, 3)), { timeout: 10_000 });
    store.getState().stop();
    expect(store.getState().status).toBe('aborted');
    expect(store.getState().error).toBeUndefined();
    await vi.waitFor(() => expect(srv.connections.closed).toBeGreaterThan(closedBefore), { timeout: 10_000 });
    expect(store.getState().text).toBe(tokenText(0, 3));
  });

  it('goes reconnecting on retry events, then streaming, then done', async () => {
    const local = await startTokenServer();
    try {
      const statuses: string[] = [];
      const store = createStreamStore(
        { url: `${local.url}/tokens?n=5&fail=1` },
        { batch: 'sync', retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 } },
      );
      store.subscribe((s) => {
        if (statuses[statuses.length - 1] !== s.status) statuses.push(s.status);
      });
      store.getState().start();
      await waitForStatus(store, ['done', 'error']);
      expect(statuses).toEqual(['connecting', 'reconnecting', 'streaming', 'done']);
      expect(store.getState().text).toBe(tokenText(0, 5));
    } finally {
      await local.close();
    }
  });

  it('error then retry(): a fresh request, text not duplicated', async () => {
    const local = await startTokenServer();
    try {
      const errors: string[] = [];
      const store = createStreamStore(
        { url: `${local.url}/tokens?n=6&fail=1` },
        { batch: 'sync', retry: false, onError: (e) => errors.push(e.code) },
      );
      store.getState().start();
      await waitForStatus(store, ['error']);
      expect(store.getState().error?.code).toBe('http');
      expect(store.getState().error?.status).toBe(503);
      expect(errors).toEqual(['http']);
      store.getState().retry();
      expect(store.getState().status).toBe('connecting');
      expect(store.getState().error).toBeUndefined();
      await waitForStatus(store, ['done']);
      expect(store.getState().text).toBe(tokenText(0, 6));
    } finally {
      await local.close();
    }
  });

  it('reset() aborts and returns to the initial idle state', async () => {
    const store = createStreamStore({ url: `${srv.url}/tokens?n=10&stall=2` }, { batch: 'sync' });
    store.getState().start();
    await vi.waitFor(() => expect(store.getState().text).not.toBe(''), { timeout: 10_000 });
    store.getState().reset();
    const s = store.getState();
    expect(s.status).toBe('idle');
    expect(s.text).toBe('');
    expect(s.events).toEqual([]);
  });

  it('start(overrides) merges request fields over the store request', async () => {
    const store = createStreamStore({ url: `${srv.url}/echo`, method: 'POST', body: { a: 1 } }, { batch: 'sync' });
    store.getState().start({ body: { a: 2 } });
    await waitForStatus(store, ['done']);
    expect(store.getState().text).toBe('echo:{"a":2}');
  });

  it('observes an existing StreamRun', async () => {
    const run = createStream({ url: `${srv.url}/tokens?n=4` });
    const store = createStreamStore(run, { batch: 'sync' });
    expect(store.getState().status).toBe('connecting');
    await waitForStatus(store, ['done']);
    expect(store.getState().text).toBe(tokenText(0, 4));
    expect(store.getState().streamId).toBe(run.id);
  });

  it('a store without a request reports a protocol error on start()', () => {
    const store = createStreamStore(null);
    store.getState().start();
    expect(store.getState().status).toBe('error');
    expect(store.getState().error?.code).toBe('protocol');
  });
});

describe('resume after reload (persist)', () => {
  it('persists text with its last event id; a new store resumes with Last-Event-ID and shows the text once', async () => {
    const local = await startTokenServer();
    try {
      const storage = inMemoryStorage();
      const url = `${local.url}/tokens?n=40&cut=15&delay=1`;
      const first = createStreamStore({ url }, { batch: 'sync', retry: false, resume: 'off', persist: { storage, key: 'k', throttleMs: 0 } });
      first.getState().start();
      await waitForStatus(first, ['error']);
      expect(first.getState().text).toBe(tokenText(0, 15));
      const saved = readPersisted(storage, 'k');
      expect(saved).toMatchObject({ lastEventId: '14', text: tokenText(0, 15), url });
      expect(saved?.streamId).toBe(first.getState().streamId);

      // "Reload": a brand-new store with the same storage.
      const second = createStreamStore({ url }, { batch: 'sync', persist: { storage, key: 'k', throttleMs: 0 } });
      second.getState().start();
      expect(second.getState().text).toBe(tokenText(0, 15)); // shown at once, from storage
      await waitForStatus(second, ['done']);
      expect(second.getState().text).toBe(tokenText(0, 40));
      expect(local.requests[local.requests.length - 1]?.lastEventId).toBe('14');
      expect(second.getState().streamId).toBe(saved?.streamId);
      // Done: nothing left to resume.
      expect(storage.data.has('k')).toBe(false);
    } finally {
      await local.close();
    }
  });

  it('ignores a persisted record for another url and retry() never resumes', async () => {
    const storage = inMemoryStorage();
    storage.setItem(
      'k',
      JSON.stringify({ v: 1, streamId: 's', url: 'http://elsewhere/', lastEventId: '3', text: 'OLD ', reasoning: '' }),
    );
    const store = createStreamStore({ url: `${srv.url}/tokens?n=3` }, { batch: 'sync', persist: { storage, key: 'k' } });
    store.getState().start();
    expect(store.getState().text).toBe('');
    await waitForStatus(store, ['done']);
    expect(store.getState().text).toBe(tokenText(0, 3));
  });
});

describe('events from a custom decoder (no server needed)', () => {
  const source = async function* () {
    yield 'x';
  };
  function decoderEmitting(payloads: unknown[]): Decoder {
    return {
      name: 'scripted',
      protocol: 'text',
      create() {
        let terminated = false;
        return {
          get terminated() {
            return terminated;
          },
          push(_message, emit) {
            for (const p of payloads) emit(p as never);
            terminated = true;
          },
        };
      },
    };
  }

  it('accumulates tool calls, reasoning, extra choices apart, and finish reason', async () => {
    const store = createStreamStore(
      {
        source: source(),
        protocol: 'text',
        provider: decoderEmitting([
          { type: 'reasoning', delta: 'think ', index: 0 },
          { type: 'reasoning', delta: 'more', index: 0 },
          { type: 'text', delta: 'main', index: 0 },
          { type: 'text', delta: 'OTHER', index: 0, choice: 1 },
          { type: 'tool-call', id: 'c1', name: 'lookup', argsDelta: '{"q":', index: 0 },
          { type: 'tool-call', id: 'c1', name: '', argsDelta: '"x"}', index: 0 },
          { type: 'tool-call-end', id: 'c1', name: 'lookup', args: { q: 'x' }, index: 0 },
          { type: 'metadata', finishReason: 'tool_calls' },
        ]),
      },
      { batch: 'sync' },
    );
    store.getState().start();
    await waitForStatus(store, ['done', 'error']);
    const s = store.getState();
    expect(s.error).toBeUndefined();
    expect(s.text).toBe('main');
    expect(s.reasoning).toBe('think more');
    expect(s.toolCalls).toEqual([{ id: 'c1', name: 'lookup', args: { q: 'x' }, argsText: '{"q":"x"}', index: 0 }]);
    expect(s.finishReason).toBe('tool_calls');
  });

  it('JSON mode: value, completeness and schema validation', async () => {
    const schema = z.object({ name: z.string(), tags: z.array(z.string()) });
    const ok = createStreamStore(
      {
        source: (async function* () {
          yield '{"name":"a",';
          yield '"tags":["x"]}';
        })(),
        protocol: 'text',
      },
      { batch: 'sync', json: { schema } },
    );
    ok.getState().start();
    await waitForStatus(ok, ['done', 'error']);
    await vi.waitFor(() => expect(ok.getState().validation?.status).toBe('valid'));
    expect(ok.getState().json).toEqual({ name: 'a', tags: ['x'] });
    expect(ok.getState().jsonComplete).toBe(true);
    expect(ok.getState().jsonOpenPath).toBeUndefined();

    const bad = createStreamStore(
      {
        source: (async function* () {
          yield '{"name":1,"tags":[]}';
        })(),
        protocol: 'text',
      },
      { batch: 'sync', json: { schema } },
    );
    bad.getState().start();
    await waitForStatus(bad, ['done', 'error']);
    await vi.waitFor(() => expect(bad.getState().validation?.status).toBe('invalid'));
  });
});
