import { afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { createEventProcessor } from '../../src/core/processor/event-processor.js';
import { createMetricsCollector } from '../../src/core/processor/metrics-collector.js';
import type { StreamEvent, StreamEventPayload } from '../../src/core/types.js';

let seq = 0;
function ev(payload: StreamEventPayload): StreamEvent {
  const n = seq++;
  return { ...payload, seq: n, t: n * 10, streamId: 's1' } as StreamEvent;
}
const text = (delta: string, index = 0): StreamEvent => ev({ type: 'text', delta, index });
const reasoning = (delta: string, index = 0): StreamEvent => ev({ type: 'reasoning', delta, index });
const tool = (id: string, argsDelta: string, name = ''): StreamEvent =>
  ev({ type: 'tool-call', id, name, argsDelta, index: 0 });
const meta = (): StreamEvent => ev({ type: 'metadata', model: 'm' });

function collect(processor = createEventProcessor()) {
  const out: StreamEvent[] = [];
  const sink = processor.connect((e) => out.push(e));
  return { out, sink };
}

async function* fromArray(events: StreamEvent[]): AsyncGenerator<StreamEvent> {
  for (const e of events) yield e;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('createEventProcessor: filter / map / tap', () => {
  it('runs stages in order and drops what filter rejects or map nulls', () => {
    const seen: string[] = [];
    const p = createEventProcessor()
      .tap((e) => seen.push(`a:${e.type}`))
      .filter((e) => e.type !== 'metadata')
      .map((e) => (e.type === 'text' && e.delta === 'drop' ? null : e))
      .map((e) => (e.type === 'text' ? { ...e, delta: e.delta.toUpperCase() } : e))
      .tap((e) => seen.push(`b:${e.type}`));
    const { out, sink } = collect(p);
    sink.push(text('hi'));
    sink.push(meta());
    sink.push(text('drop'));
    sink.push(reasoning('r'));
    expect(out.map((e) => (e.type === 'text' || e.type === 'reasoning' ? e.delta : e.type))).toEqual(['HI', 'r']);
    expect(seen).toEqual(['a:text', 'b:text', 'a:metadata', 'a:text', 'a:reasoning', 'b:reasoning']);
  });

  it('is immutable: builder calls return new processors and leave the original unchanged', () => {
    const base = createEventProcessor().filter((e) => e.type === 'text');
    const upper = base.map((e) => (e.type === 'text' ? { ...e, delta: e.delta.toUpperCase() } : e));
    expect(base.stages).toHaveLength(1);
    expect(upper.stages).toHaveLength(2);
    const a = collect(base);
    const b = collect(upper);
    const e = text('x');
    a.sink.push(e);
    b.sink.push(e);
    expect(a.out[0]).toBe(e);
    expect(b.out[0]).toMatchObject({ delta: 'X' });
  });

  it('ignores pushes after close()', () => {
    const { out, sink } = collect();
    sink.close();
    sink.push(text('late'));
    sink.flush();
    expect(out).toHaveLength(0);
  });
});

describe('batch', () => {
  it('coalesces consecutive deltas of one index, keeping the first seq/t', () => {
    vi.useFakeTimers();
    const { out, sink } = collect(createEventProcessor().batch({ maxMs: Infinity }));
    const first = text('Hel');
    sink.push(first);
    sink.push(text('lo'));
    sink.push(text(' wor'));
    expect(out).toHaveLength(0);
    sink.flush();
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ type: 'text', delta: 'Hello wor', seq: first.seq, t: first.t, index: 0 });
  });

  it('a different index, type or a non-delta event flushes the pending batch first (order preserved)', () => {
    const { out, sink } = collect(createEventProcessor().batch({ maxMs: Infinity }));
    sink.push(text('a'));
    sink.push(text('b'));
    sink.push(text('x', 1));
    sink.push(reasoning('r1'));
    sink.push(reasoning('r2'));
    sink.push(meta());
    sink.push(text('c'));
    sink.flush();
    expect(out.map((e) => `${e.type}:${'delta' in e ? e.delta : ''}`)).toEqual([
      'text:ab',
      'text:x',
      'reasoning:r1r2',
      'metadata:',
      'text:c',
    ]);
  });

  it('does not merge text of different choices', () => {
    const { out, sink } = collect(createEventProcessor().batch({ maxMs: Infinity }));
    sink.push(text('a'));
    sink.push(ev({ type: 'text', delta: 'b', index: 0, choice: 1 }));
    sink.flush();
    expect(out).toHaveLength(2);
  });

  it('coalesces tool-call argument deltas by id and keeps the name', () => {
    const { out, sink } = collect(createEventProcessor().batch({ maxMs: Infinity }));
    sink.push(tool('c1', '{"a"', 'lookup'));
    sink.push(tool('c1', ':1'));
    sink.push(tool('c2', '{}', 'other'));
    sink.push(tool('c1', '}'));
    sink.flush();
    expect(out.map((e) => (e.type === 'tool-call' ? [e.id, e.name, e.argsDelta] : []))).toEqual([
      ['c1', 'lookup', '{"a":1'],
      ['c2', 'other', '{}'],
      ['c1', '', '}'],
    ]);
  });

  it('emits when maxEvents input events were merged', () => {
    const { out, sink } = collect(createEventProcessor().batch({ maxEvents: 3, maxMs: Infinity }));
    for (const d of ['1', '2', '3', '4', '5']) sink.push(text(d));
    expect(out.map((e) => (e.type === 'text' ? e.delta : ''))).toEqual(['123']);
    sink.flush();
    expect(out.map((e) => (e.type === 'text' ? e.delta : ''))).toEqual(['123', '45']);
  });

  it('emits after maxMs, and close() leaves no timer behind', () => {
    vi.useFakeTimers();
    const { out, sink } = collect(createEventProcessor().batch({ maxMs: 30 }));
    sink.push(text('a'));
    vi.advanceTimersByTime(10);
    sink.push(text('b'));
    vi.advanceTimersByTime(19);
    expect(out).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(out.map((e) => (e.type === 'text' ? e.delta : ''))).toEqual(['ab']);
    sink.push(text('c'));
    expect(vi.getTimerCount()).toBe(1);
    sink.close();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(100);
    expect(out).toHaveLength(1);
  });

  it('property: any event sequence keeps all deltas and the order of everything else', () => {
    const arbEvent = fc.oneof(
      fc.record({ k: fc.constant('text'), d: fc.string({ maxLength: 3 }), i: fc.integer({ min: 0, max: 1 }) }),
      fc.record({ k: fc.constant('reasoning'), d: fc.string({ maxLength: 3 }), i: fc.constant(0) }),
      fc.record({ k: fc.constant('tool'), d: fc.string({ maxLength: 3 }), i: fc.integer({ min: 0, max: 1 }) }),
      fc.record({ k: fc.constant('meta'), d: fc.constant(''), i: fc.constant(0) }),
    );
    fc.assert(
      fc.property(fc.array(arbEvent, { maxLength: 60 }), fc.integer({ min: 1, max: 6 }), (specs, maxEvents) => {
        const input = specs.map((s) =>
          s.k === 'text'
            ? text(s.d, s.i)
            : s.k === 'reasoning'
              ? reasoning(s.d, s.i)
              : s.k === 'tool'
                ? tool(`id${s.i}`, s.d)
                : meta(),
        );
        const { out, sink } = collect(createEventProcessor().batch({ maxEvents, maxMs: Infinity }));
        for (const e of input) sink.push(e);
        sink.flush();
        // Expanding each output back to its key sequence must give the input's deltas per key in order.
        const keyOf = (e: StreamEvent): string =>
          e.type === 'text' ? `t${e.index}` : e.type === 'reasoning' ? 'r' : e.type === 'tool-call' ? e.id : e.type;
        const deltaOf = (e: StreamEvent): string =>
          e.type === 'text' || e.type === 'reasoning' ? e.delta : e.type === 'tool-call' ? e.argsDelta : '|';
        const squash = (events: StreamEvent[]) => {
          const runs: [string, string][] = [];
          for (const e of events) {
            const last = runs[runs.length - 1];
            if (last !== undefined && last[0] === keyOf(e) && e.type !== 'metadata') last[1] += deltaOf(e);
            else runs.push([keyOf(e), deltaOf(e)]);
          }
          return runs;
        };
        expect(squash(out)).toEqual(squash(input));
        expect(out.length).toBeLessThanOrEqual(input.length);
        // seq stays increasing
        for (let i = 1; i < out.length; i++) expect(out[i]!.seq).toBeGreaterThan(out[i - 1]!.seq);
      }),
      { seed: 1234, numRuns: 300 },
    );
  });
});

describe('metrics', () => {
  it('counts events by type, delta characters and ttft', () => {
    const collector = createMetricsCollector();
    const { sink } = collect(createEventProcessor().filter((e) => e.type !== 'metadata').metrics(collector));
    const s0 = ev({ type: 'start', request: { url: 'u', method: 'GET', provider: 'raw' } });
    sink.push(s0);
    sink.push(meta());
    const first = text('abc');
    sink.push(first);
    sink.push(reasoning('xy'));
    sink.push(tool('c', '{}'));
    const m = collector.snapshot();
    expect(m.events).toBe(4);
    expect(m.byType.text).toBe(1);
    expect(m.byType.metadata).toBe(0);
    expect(m.textChars).toBe(3);
    expect(m.reasoningChars).toBe(2);
    expect(m.toolArgsChars).toBe(2);
    expect(m.ttftMs).toBe(first.t);
    expect(m.firstT).toBe(s0.t);
    expect(m.eventsPerSec).toBeCloseTo((4 / (m.lastT! - m.firstT!)) * 1000);
    collector.reset();
    expect(collector.snapshot().events).toBe(0);
  });
});

describe('process(asyncIterable)', () => {
  it('runs the chain over an async source and ends', async () => {
    const p = createEventProcessor()
      .filter((e) => e.type === 'text')
      .batch({ maxMs: Infinity });
    const out: StreamEvent[] = [];
    for await (const e of p.process(fromArray([text('a'), text('b'), meta(), text('c')]))) out.push(e);
    expect(out.map((e) => (e.type === 'text' ? e.delta : ''))).toEqual(['abc']);
  });

  it('delivers a time-based batch while the source is quiet', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    async function* slow(): AsyncGenerator<StreamEvent> {
      yield text('a');
      yield text('b');
      await gate;
      yield text('c');
    }
    const it = createEventProcessor().batch({ maxMs: 5 }).process(slow())[Symbol.asyncIterator]();
    const first = await it.next();
    expect(first.value).toMatchObject({ delta: 'ab' });
    release();
    expect((await it.next()).value).toMatchObject({ delta: 'c' });
    expect((await it.next()).done).toBe(true);
  });

  it('propagates a source error after the events before it', async () => {
    async function* failing(): AsyncGenerator<StreamEvent> {
      yield text('a');
      throw new Error('boom');
    }
    const out: StreamEvent[] = [];
    await expect(
      (async () => {
        for await (const e of createEventProcessor().process(failing())) out.push(e);
      })(),
    ).rejects.toThrow('boom');
    expect(out).toHaveLength(1);
  });

  it('breaking out of the loop stops the source', async () => {
    let finalized = false;
    let produced = 0;
    async function* endless(): AsyncGenerator<StreamEvent> {
      try {
        for (;;) {
          produced++;
          yield text('x');
        }
      } finally {
        finalized = true;
      }
    }
    for await (const e of createEventProcessor().process(endless())) {
      expect(e.type).toBe('text');
      break;
    }
    await vi.waitFor(() => expect(finalized).toBe(true));
    const after = produced;
    await new Promise((r) => setTimeout(r, 20));
    expect(produced).toBe(after);
  });

  it('applies backpressure: a slow consumer bounds how far the source is read ahead', async () => {
    let produced = 0;
    async function* many(): AsyncGenerator<StreamEvent> {
      for (let i = 0; i < 10_000; i++) {
        produced++;
        yield text('x');
      }
    }
    const it = createEventProcessor().process(many())[Symbol.asyncIterator]();
    await it.next();
    await new Promise((r) => setTimeout(r, 50));
    expect(produced).toBeLessThan(5_000);
    await it.return?.();
  });
});

describe('plugged into createStream (through the stream store) over a real server', () => {
  it('batches deltas without losing or reordering text, and filters events', async () => {
    const { startTokenServer, tokenText } = await import('../store/token-server.js');
    const { createStreamStore } = await import('../../src/core/store/stream-store.js');
    const srv = await startTokenServer();
    try {
      const collector = createMetricsCollector();
      const processor = createEventProcessor()
        .filter((e) => e.type !== 'metadata')
        .batch({ maxEvents: 7, maxMs: 5 })
        .metrics(collector);
      const store = createStreamStore({ url: `${srv.url}/tokens?n=120&delay=1` }, { batch: 'sync', processor });
      store.getState().start();
      await vi.waitFor(() => expect(['done', 'error']).toContain(store.getState().status), { timeout: 10_000 });
      expect(store.getState().text).toBe(tokenText(0, 120));
      const m = collector.snapshot();
      expect(m.textChars).toBe(tokenText(0, 120).length);
      // 120 token events became at most 120 / 1 and at least 120 / 7 merged events
      expect(m.byType.text).toBeLessThanOrEqual(120);
      expect(m.byType.text).toBeGreaterThanOrEqual(Math.ceil(120 / 7));
      expect(m.byType.done).toBe(1);
    } finally {
      await srv.close();
    }
  });
});
