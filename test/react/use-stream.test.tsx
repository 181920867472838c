import { Profiler, StrictMode, useState } from 'react';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createStreamStore } from '../../src/core/store/stream-store.js';
import type { PersistStorage } from '../../src/core/store/persistence.js';
import type { StreamStore } from '../../src/core/store-types.js';
import { StreamProvider, useStreamStore } from '../../src/react/stream-provider.js';
import { useStream } from '../../src/react/use-stream.js';
import { startTokenServer, tokenText } from '../store/token-server.js';

type G = Record<string, unknown>;
const g = globalThis as unknown as G;

/** A fake requestAnimationFrame: frames run only when the test calls frame(). */
function installFakeRaf() {
  let next = 1;
  const callbacks = new Map<number, (t: number) => void>();
  const stats = { framesWithWork: 0, backstopCancels: 0 };
  g.requestAnimationFrame = (cb: (t: number) => void) => {
    callbacks.set(next, cb);
    return next++;
  };
  g.cancelAnimationFrame = (id: number) => {
    if (callbacks.delete(id)) stats.backstopCancels++;
  };
  return {
    stats,
    frame() {
      if (callbacks.size === 0) return;
      stats.framesWithWork++;
      const due = [...callbacks.values()];
      callbacks.clear();
      act(() => {
        for (const cb of due) cb(performance.now());
      });
    },
  };
}

let srv: Awaited<ReturnType<typeof startTokenServer>>;
beforeAll(async () => {
  srv = await startTokenServer();
});
afterAll(async () => {
  await srv.close();
});
beforeEach(() => {
  // jsdom reports a hidden document unless told otherwise; the frame scheduler would then use timers.
  Object.defineProperty(document, 'hidden', { value: false, configurable: true });
  Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
});
afterEach(() => {
  cleanup();
  delete g.requestAnimationFrame;
  delete g.cancelAnimationFrame;
});

const requestsTo = (tag: string) => srv.requests.filter((r) => r.query.get('tag') === tag).length;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function Text({ url, onComplete }: { url: string; onComplete?: (text: string) => void }) {
  const { text, status } = useStream(
    { url, headers: { 'x-inline': 'new object every render' } },
    onComplete ? { onComplete: () => onComplete(screen.getByTestId('text').textContent ?? '') } : {},
  );
  return (
    <div>
      <p data-testid="status">{status}</p>
      <p data-testid="text">{text}</p>
    </div>
  );
}

describe('useStream', () => {
  it('commits at most once per animation frame, renders the final text, and onComplete sees it', async () => {
    const raf = installFakeRaf();
    const N = 400;
    let commits = 0;
    let completedWith: string | undefined;
    render(
      <Profiler id="p" onRender={() => commits++}>
        <Text url={`${srv.url}/tokens?n=${N}&tag=frames`} onComplete={(t) => (completedWith = t)} />
      </Profiler>,
    );
    const base = commits;
    while (screen.getByTestId('status').textContent !== 'done') {
      await act(() => sleep(4));
      raf.frame();
    }
    const full = tokenText(0, N);
    expect(screen.getByTestId('text').textContent).toBe(full);
    await waitFor(() => expect(completedWith).toBe(full));
    const streamingCommits = commits - base;
    // Each frame (or backstop) publishes at most once; status changes (connecting, streaming, done) add a few.
    expect(streamingCommits).toBeLessThanOrEqual(raf.stats.framesWithWork + raf.stats.backstopCancels + 4);
    expect(streamingCommits).toBeLessThan(N / 4);
  });

  it('a status-only selector does not re-render on tokens', async () => {
    const store = createStreamStore({ url: `${srv.url}/tokens?n=200&delay=1` }, { batch: 'sync' });
    let statusRenders = 0;
    let textRenders = 0;
    function Status({ s }: { s: StreamStore }) {
      const status = useStream(s, (st) => st.status);
      statusRenders++;
      return <p data-testid="status">{status}</p>;
    }
    function Body({ s }: { s: StreamStore }) {
      const text = useStream(s, (st) => st.text);
      textRenders++;
      return <p data-testid="text">{text}</p>;
    }
    render(
      <>
        <Status s={store} />
        <Body s={store} />
      </>,
    );
    act(() => store.getState().start());
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('done'), { timeout: 10_000 });
    expect(screen.getByTestId('text').textContent).toBe(tokenText(0, 200));
    // idle, connecting, streaming, done (+ possible StrictMode-free extra): never one per token
    expect(statusRenders).toBeLessThanOrEqual(5);
    expect(textRenders).toBeGreaterThan(statusRenders);
  });

  it('object selectors (useStream(store, fn) and useStreamStore(fn)) do not loop and skip token updates', async () => {
    const store = createStreamStore({ url: `${srv.url}/tokens?n=200&delay=1` }, { batch: 'sync' });
    let sliceRenders = 0;
    let providerRenders = 0;
    function Slice() {
      const { status, error } = useStream(store, (st) => ({ status: st.status, error: st.error }));
      sliceRenders++;
      return <p data-testid="slice">{`${status}${error ? ' failed' : ''}`}</p>;
    }
    function FromProvider() {
      const { status, finishReason } = useStreamStore((st) => ({ status: st.status, finishReason: st.finishReason }));
      providerRenders++;
      return <p data-testid="provided">{`${status} ${finishReason ?? ''}`}</p>;
    }
    render(
      <StreamProvider store={store}>
        <Slice />
        <FromProvider />
      </StreamProvider>,
    );
    expect(screen.getByTestId('slice').textContent).toBe('idle');
    act(() => store.getState().start());
    await waitFor(() => expect(screen.getByTestId('slice').textContent).toBe('done'), { timeout: 10_000 });
    expect(screen.getByTestId('provided').textContent).toMatch(/^done/);
    // A few status changes, never one render per token.
    expect(sliceRenders).toBeLessThanOrEqual(6);
    expect(providerRenders).toBeLessThanOrEqual(6);
  });

  it('StrictMode sends exactly one request and inline request objects never restart it', async () => {
    function Parent() {
      const [n, setN] = useState(0);
      return (
        <>
          <button onClick={() => setN(n + 1)}>rerender</button>
          <span data-testid="n">{n}</span>
          <Text url={`${srv.url}/tokens?n=30&delay=2&tag=strict`} />
        </>
      );
    }
    render(
      <StrictMode>
        <Parent />
      </StrictMode>,
    );
    fireEvent.click(screen.getByText('rerender'));
    fireEvent.click(screen.getByText('rerender'));
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('done'), { timeout: 10_000 });
    expect(screen.getByTestId('text').textContent).toBe(tokenText(0, 30));
    await sleep(30);
    expect(requestsTo('strict')).toBe(1);
  });

  it('changing the key (the body) restarts; unmount aborts and the server sees the connection close', async () => {
    function Chat({ prompt }: { prompt: string }) {
      const { text, status } = useStream({ url: `${srv.url}/tokens?n=10&stall=2&tag=key-${prompt}` });
      return (
        <p data-testid="text" data-status={status}>
          {text}
        </p>
      );
    }
    const closedBefore = srv.connections.closed;
    const view = render(<Chat prompt="a" />);
    await waitFor(() => expect(screen.getByTestId('text').textContent).toBe(tokenText(0, 2)), { timeout: 10_000 });
    view.rerender(<Chat prompt="b" />);
    await waitFor(() => expect(requestsTo('key-b')).toBe(1), { timeout: 10_000 });
    await waitFor(() => expect(srv.connections.closed).toBeGreaterThan(closedBefore), { timeout: 10_000 });
    await waitFor(() => expect(screen.getByTestId('text').textContent).toBe(tokenText(0, 2)), { timeout: 10_000 });
    const closedMid = srv.connections.closed;
    view.unmount();
    await waitFor(() => expect(srv.connections.closed).toBeGreaterThan(closedMid), { timeout: 10_000 });
    expect(requestsTo('key-a')).toBe(1);
  });

  it('auto: false waits for start(); a null request stays idle', async () => {
    function Manual() {
      const { status, text, start } = useStream({ url: `${srv.url}/tokens?n=3&tag=manual` }, { auto: false });
      const idle = useStream(null);
      return (
        <>
          <button onClick={() => start()}>go</button>
          <p data-testid="status">{status}</p>
          <p data-testid="text">{text}</p>
          <p data-testid="idle">{idle.status}</p>
        </>
      );
    }
    render(<Manual />);
    await sleep(30);
    expect(requestsTo('manual')).toBe(0);
    expect(screen.getByTestId('status').textContent).toBe('idle');
    fireEvent.click(screen.getByText('go'));
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('done'), { timeout: 10_000 });
    expect(screen.getByTestId('text').textContent).toBe(tokenText(0, 3));
    expect(screen.getByTestId('idle').textContent).toBe('idle');
  });

  it('a shared store (provider) is stopped from another component', async () => {
    const closedBefore = srv.connections.closed;
    function Reader() {
      const text = useStreamStore((s) => s.text);
      const status = useStreamStore((s) => s.status);
      return (
        <p data-testid="text" data-status={status}>
          {text}
        </p>
      );
    }
    function StopButton() {
      const store = useStreamStore();
      return <button onClick={() => store.getState().stop()}>stop</button>;
    }
    render(
      <StreamProvider request={{ url: `${srv.url}/tokens?n=10&stall=3&tag=shared` }}>
        <Reader />
        <StopButton />
      </StreamProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('text').textContent).toBe(tokenText(0, 3)), { timeout: 10_000 });
    fireEvent.click(screen.getByText('stop'));
    await waitFor(() => expect(screen.getByTestId('text').getAttribute('data-status')).toBe('aborted'));
    await waitFor(() => expect(srv.connections.closed).toBeGreaterThan(closedBefore), { timeout: 10_000 });
    expect(screen.getByTestId('text').textContent).toBe(tokenText(0, 3));
  });

  it('a store passed to two components keeps streaming while one of them still watches it', async () => {
    const store = createStreamStore({ url: `${srv.url}/tokens?n=20&delay=5&tag=watch` }, { batch: 'sync' });
    function View({ s }: { s: StreamStore }) {
      const { text } = useStream(s);
      return <p>{text}</p>;
    }
    function Two({ both }: { both: boolean }) {
      return (
        <>
          <View s={store} />
          {both ? <View s={store} /> : null}
        </>
      );
    }
    const view = render(<Two both />);
    act(() => store.getState().start());
    view.rerender(<Two both={false} />);
    await waitFor(() => expect(store.getState().status).toBe('done'), { timeout: 10_000 });
    expect(store.getState().text).toBe(tokenText(0, 20));
  });

  it('error then retry()', async () => {
    const local = await startTokenServer();
    let errorCode: string | undefined;
    function Retry() {
      const { status, text, error, retry } = useStream(
        { url: `${local.url}/tokens?n=4&fail=1` },
        { retry: false, onError: (e) => (errorCode = e.code) },
      );
      return (
        <>
          <p data-testid="status">{status}</p>
          <p data-testid="text">{text}</p>
          <p data-testid="error">{error?.code ?? ''}</p>
          <button onClick={retry}>retry</button>
        </>
      );
    }
    try {
      render(<Retry />);
      await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('error'), { timeout: 10_000 });
      expect(screen.getByTestId('error').textContent).toBe('http');
      expect(errorCode).toBe('http');
      fireEvent.click(screen.getByText('retry'));
      await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('done'), { timeout: 10_000 });
      expect(screen.getByTestId('text').textContent).toBe(tokenText(0, 4));
      expect(screen.getByTestId('error').textContent).toBe('');
    } finally {
      await local.close();
    }
  });
});

describe('resume after a reload (persist)', () => {
  it('reattaches with Last-Event-ID and shows the text once', async () => {
    const local = await startTokenServer();
    const data = new Map<string, string>();
    const storage: PersistStorage = {
      getItem: (k) => data.get(k) ?? null,
      setItem: (k, v) => void data.set(k, v),
      removeItem: (k) => void data.delete(k),
    };
    const url = `${local.url}/tokens?n=25&stallonce=8`;
    function Page() {
      const { text, status } = useStream({ url }, { persist: { storage, throttleMs: 0 }, batch: 'sync' });
      return (
        <p data-testid="text" data-status={status}>
          {text}
        </p>
      );
    }
    try {
      const first = render(<Page />);
      await waitFor(() => expect(screen.getByTestId('text').textContent).toBe(tokenText(0, 8)), { timeout: 10_000 });
      await waitFor(() => expect([...data.values()].join('')).toContain('"lastEventId":"7"'));
      // A reload kills the page without any cleanup: keep what storage holds at that moment.
      const saved = new Map(data);
      first.unmount();
      data.clear();
      for (const [k, v] of saved) data.set(k, v);

      render(<Page />);
      await waitFor(() => expect(screen.getByTestId('text').getAttribute('data-status')).toBe('done'), { timeout: 10_000 });
      expect(screen.getByTestId('text').textContent).toBe(tokenText(0, 25));
      const last = local.requests[local.requests.length - 1];
      expect(last?.lastEventId).toBe('7');
      expect(local.requests).toHaveLength(2);
      expect(data.size).toBe(0);
    } finally {
      await local.close();
    }
  });
});
