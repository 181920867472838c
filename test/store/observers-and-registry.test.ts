import { describe, expect, it } from 'vitest';
import { observerCount, retainStore } from '../../src/core/store/observers.js';
import { onStreamStoreCreated } from '../../src/core/store/store-registry.js';
import { createStreamStore } from '../../src/core/store/stream-store.js';
import type { StreamStore } from '../../src/core/store-types.js';

function stoppable() {
  let stops = 0;
  return {
    store: { getState: () => ({ stop: () => void stops++ }) },
    get stops() {
      return stops;
    },
  };
}

describe('retainStore', () => {
  it('stops once the last observer leaves, after a microtask', async () => {
    const s = stoppable();
    const a = retainStore(s.store);
    const b = retainStore(s.store);
    expect(observerCount(s.store)).toBe(2);
    a();
    a(); // releasing twice counts once
    await Promise.resolve();
    expect(s.stops).toBe(0);
    b();
    expect(s.stops).toBe(0); // deferred
    await Promise.resolve();
    expect(s.stops).toBe(1);
  });

  it('a re-retain in the same tick (StrictMode re-mount) cancels the stop', async () => {
    const s = stoppable();
    const first = retainStore(s.store);
    first();
    const second = retainStore(s.store);
    await Promise.resolve();
    await Promise.resolve();
    expect(s.stops).toBe(0);
    second();
    await Promise.resolve();
    expect(s.stops).toBe(1);
  });
});

describe('onStreamStoreCreated', () => {
  it('announces a store once, when it first starts, until the listener unsubscribes', () => {
    const seen: StreamStore[] = [];
    const off = onStreamStoreCreated((store) => seen.push(store));
    const source = async function* () {
      yield 'x';
    };
    const idle = createStreamStore({ source: source(), protocol: 'text' });
    expect(seen).toEqual([]); // never started: never announced (SSR, discarded renders)
    const a = createStreamStore({ source: source(), protocol: 'text' }, { autoStart: true });
    expect(seen).toEqual([a]);
    a.getState().retry();
    expect(seen).toEqual([a]); // once per store
    off();
    createStreamStore({ source: source(), protocol: 'text' }, { autoStart: true });
    expect(seen).toEqual([a]);
    idle.getState().reset();
  });
});
