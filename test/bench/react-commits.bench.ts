// React commits for a long token stream (issue 6, "Speed"): 20,000 tokens at 2,000 tokens/s in
// simulated time, with a fake requestAnimationFrame ticking at 60 Hz (one tick per 33.3 tokens).
// Every token arrives in its own macrotask, like network chunks do. Side by side, alternating,
// medians: useStream (frame-batched store) vs the common pattern of setState on every token.
// Target: at most one commit per frame for useStream. Prints commits and JS (CPU) time.
import type * as ReactNS from 'react';
import type * as ReactDOMClient from 'react-dom/client';
// @ts-expect-error -- jsdom ships no type declarations and @types/jsdom is not installed
import { JSDOM } from 'jsdom';

const TOKENS = 20_000;
const TOKENS_PER_SECOND = 2_000;
const FPS = 60;
const ROUNDS = 3;

type G = Record<string, unknown>;
const g = globalThis as unknown as G;

const macrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

interface FakeRaf {
  frame(): void;
  frames: number;
  /**
   * Frame windows: rAF ticks plus frames cancelled before they ran (the scheduler's ~100 ms timer
   * backstop firing in real time during a GC pause, or a status change publishing at once).
   */
  windows: number;
}

function installDom(): { raf: FakeRaf; restore(): void } {
  const dom = new JSDOM('<!doctype html><html><body><div id="root"></div></body></html>', { pretendToBeVisual: true });
  const saved = new Map<string, unknown>();
  const callbacks = new Map<number, (t: number) => void>();
  let next = 1;
  const raf: FakeRaf = {
    frames: 0,
    windows: 0,
    frame() {
      raf.frames++;
      raf.windows++;
      const due = [...callbacks.values()];
      callbacks.clear();
      for (const cb of due) cb(raf.frames * (1000 / FPS));
    },
  };
  const globals: Record<string, unknown> = {
    window: dom.window,
    document: dom.window.document,
    HTMLElement: dom.window.HTMLElement,
    navigator: dom.window.navigator,
    requestAnimationFrame: (cb: (t: number) => void) => {
      callbacks.set(next, cb);
      return next++;
    },
    cancelAnimationFrame: (id: number) => {
      if (callbacks.delete(id)) raf.windows++;
    },
  };
  for (const [name, value] of Object.entries(globals)) {
    saved.set(name, g[name]);
    g[name] = value;
  }
  return {
    raf,
    restore() {
      for (const [name, value] of saved) {
        if (value === undefined) delete g[name];
        else g[name] = value;
      }
      dom.window.close();
    },
  };
}

/** Tokens, one per macrotask, with a frame tick every TOKENS_PER_SECOND / FPS tokens. */
function tokenSource(raf: FakeRaf): AsyncIterable<string> {
  const perFrame = TOKENS_PER_SECOND / FPS;
  return {
    async *[Symbol.asyncIterator]() {
      let owed = 0;
      for (let i = 0; i < TOKENS; i++) {
        await macrotask();
        yield `t${i} `;
        owed++;
        if (owed >= perFrame) {
          owed -= perFrame;
          await macrotask();
          raf.frame();
        }
      }
    },
  };
}

interface Outcome {
  commits: number;
  /** Most commits that happened within one frame, not counting commits that changed the status. */
  maxDeltaCommitsPerFrame: number;
  frames: number;
  cpuMs: number;
  finalOk: boolean;
}

async function measure(kind: 'streamkit' | 'naive', raf: FakeRaf): Promise<Outcome> {
  raf.frames = 0;
  raf.windows = 0;
  {
    const React = (await import('react')) as typeof ReactNS;
    const { createRoot } = (await import('react-dom/client')) as typeof ReactDOMClient;
    const { useStream } = await import('../../src/react/use-stream.js');
    const { createStream } = await import('../../src/core/stream/create-stream.js');
    const h = React.createElement;
    const expected = Array.from({ length: TOKENS }, (_, i) => `t${i} `).join('');

    let commits = 0;
    let status = '';
    let text = '';
    const perFrame = new Map<number, number>();
    const countCommit = (nextStatus: string) => {
      commits++;
      if (nextStatus === status) perFrame.set(raf.windows, (perFrame.get(raf.windows) ?? 0) + 1);
    };
    const source = tokenSource(raf);

    function StreamkitView(): ReactNS.ReactElement {
      const s = useStream({ source, protocol: 'text' });
      React.useLayoutEffect(() => {
        countCommit(s.status);
        status = s.status;
        text = s.text;
      });
      return h('p', null, s.text);
    }
    function NaiveView(): ReactNS.ReactElement {
      const [state, setState] = React.useState({ text: '', status: 'connecting' });
      React.useEffect(() => {
        const run = createStream({ source, protocol: 'text' });
        const off = run.subscribe((e) => {
          if (e.type === 'text') setState((s) => ({ ...s, text: s.text + e.delta }));
          if (e.type === 'done') setState((s) => ({ ...s, status: 'done' }));
        });
        return () => {
          off();
          run.abort();
        };
      }, []);
      React.useLayoutEffect(() => {
        countCommit(state.status);
        status = state.status;
        text = state.text;
      });
      return h('p', null, state.text);
    }

    const container = (g.document as Document).getElementById('root') as HTMLElement;
    const root = createRoot(container);
    const cpu0 = process.cpuUsage();
    root.render(h(kind === 'streamkit' ? StreamkitView : NaiveView));
    while (status !== 'done') await macrotask();
    const cpu = process.cpuUsage(cpu0);
    const outcome: Outcome = {
      commits,
      maxDeltaCommitsPerFrame: Math.max(0, ...perFrame.values()),
      frames: raf.frames,
      cpuMs: (cpu.user + cpu.system) / 1000,
      finalOk: text === expected && container.textContent === expected,
    };
    root.unmount();
    return outcome;
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

export async function run(): Promise<void> {
  const kit: Outcome[] = [];
  const naive: Outcome[] = [];
  const { raf, restore } = installDom() as { raf: FakeRaf; restore(): void };
  try {
    for (let r = 0; r < ROUNDS; r++) {
      kit.push(await measure('streamkit', raf));
      naive.push(await measure('naive', raf));
    }
    // Let React's scheduler finish its last tasks before the DOM globals go away.
    await new Promise((resolve) => setTimeout(resolve, 100));
  } finally {
    restore();
  }
  const k = { commits: median(kit.map((o) => o.commits)), frames: median(kit.map((o) => o.frames)), cpu: median(kit.map((o) => o.cpuMs)) };
  const n = { commits: median(naive.map((o) => o.commits)), cpu: median(naive.map((o) => o.cpuMs)) };
  // Status changes (mount, connecting, streaming, done) commit at once; everything else waits for a frame.
  const perFrameOk = kit.every((o) => o.maxDeltaCommitsPerFrame <= 1);
  console.log(`react commits: ${TOKENS} tokens at ${TOKENS_PER_SECOND}/s, fake rAF at ${FPS} Hz (median of ${ROUNDS}, alternating)`);
  console.log(`  useStream:              ${k.commits} commits over ${k.frames} frames (max ${Math.max(...kit.map((o) => o.maxDeltaCommitsPerFrame))} per frame), JS CPU ${k.cpu.toFixed(0)} ms, final text rendered: ${kit.every((o) => o.finalOk)}`);
  console.log(`  setState per token:     ${n.commits} commits (up to ${Math.max(...naive.map((o) => o.maxDeltaCommitsPerFrame))} in one frame), JS CPU ${n.cpu.toFixed(0)} ms, final text rendered: ${naive.every((o) => o.finalOk)}`);
  console.log(`  at most one commit per frame: ${perFrameOk ? 'MET' : 'MISSED'}; commits ratio naive/useStream = ${(n.commits / k.commits).toFixed(1)}x; CPU ratio = ${(n.cpu / k.cpu).toFixed(2)}x`);
}
