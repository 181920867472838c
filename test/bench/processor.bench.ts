// Event processor throughput: filter + map + metrics over synthetic token events, through the
// synchronous `connect()` path createStream uses. Target (issue 2): >= 2 million events/s.
// Side by side in one process, alternating runs, medians: a hand-written loop doing the same work
// (the floor) and the same chain written as async generators (what a naive pipeline costs).
import { createEventProcessor } from '../../src/core/processor/event-processor.js';
import { createMetricsCollector } from '../../src/core/processor/metrics-collector.js';
import type { StreamEvent } from '../../src/core/types.js';

const EVENTS = 500_000;
const ROUNDS = 7;

function makeEvents(n: number): StreamEvent[] {
  const out: StreamEvent[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 50 === 49) out.push({ type: 'metadata', model: 'gpt', seq: i, t: i, streamId: 's' });
    else out.push({ type: 'text', delta: i % 7 === 0 ? ' token' : 'tok', index: 0, seq: i, t: i, streamId: 's' });
  }
  return out;
}

const keep = (e: StreamEvent): boolean => e.type !== 'metadata';
const tag = (e: StreamEvent): StreamEvent => (e.type === 'text' ? { ...e, delta: e.delta.toUpperCase() } : e);

function runStreamkit(events: StreamEvent[]): number {
  const collector = createMetricsCollector();
  let sink = 0;
  const chain = createEventProcessor().filter(keep).map(tag).metrics(collector);
  const input = chain.connect((e) => {
    sink += e.seq;
  });
  const t0 = performance.now();
  for (let i = 0; i < events.length; i++) input.push(events[i] as StreamEvent);
  input.flush();
  const ms = performance.now() - t0;
  if (collector.snapshot().events === 0 || sink === 0) throw new Error('nothing processed');
  return ms;
}

function runHandLoop(events: StreamEvent[]): number {
  const collector = createMetricsCollector();
  let sink = 0;
  const t0 = performance.now();
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as StreamEvent;
    if (!keep(e)) continue;
    const m = tag(e);
    collector.observe(m);
    sink += m.seq;
  }
  const ms = performance.now() - t0;
  if (sink === 0) throw new Error('nothing processed');
  return ms;
}

async function runAsyncGenerators(events: StreamEvent[]): Promise<number> {
  const collector = createMetricsCollector();
  async function* from(): AsyncGenerator<StreamEvent> {
    for (const e of events) yield e;
  }
  async function* filter(src: AsyncIterable<StreamEvent>): AsyncGenerator<StreamEvent> {
    for await (const e of src) if (keep(e)) yield e;
  }
  async function* map(src: AsyncIterable<StreamEvent>): AsyncGenerator<StreamEvent> {
    for await (const e of src) yield tag(e);
  }
  let sink = 0;
  const t0 = performance.now();
  for await (const e of map(filter(from()))) {
    collector.observe(e);
    sink += e.seq;
  }
  const ms = performance.now() - t0;
  if (sink === 0) throw new Error('nothing processed');
  return ms;
}

async function runStreamkitProcess(events: StreamEvent[]): Promise<number> {
  const collector = createMetricsCollector();
  async function* from(): AsyncGenerator<StreamEvent> {
    for (const e of events) yield e;
  }
  let sink = 0;
  const t0 = performance.now();
  for await (const e of createEventProcessor().filter(keep).map(tag).metrics(collector).process(from())) sink += e.seq;
  const ms = performance.now() - t0;
  if (sink === 0) throw new Error('nothing processed');
  return ms;
}

function runStreamkitBatched(events: StreamEvent[]): number {
  let sink = 0;
  const input = createEventProcessor()
    .filter(keep)
    .map(tag)
    .batch({ maxEvents: 64, maxMs: Infinity })
    .connect((e) => {
      sink += e.seq;
    });
  const t0 = performance.now();
  for (let i = 0; i < events.length; i++) input.push(events[i] as StreamEvent);
  input.flush();
  const ms = performance.now() - t0;
  if (sink === 0) throw new Error('nothing processed');
  return ms;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

export async function run(): Promise<void> {
  const events = makeEvents(EVENTS);
  const asyncEvents = events.slice(0, EVENTS / 5);
  const kit: number[] = [];
  const hand: number[] = [];
  const gen: number[] = [];
  const kitAsync: number[] = [];
  const kitBatch: number[] = [];
  runStreamkit(events); // warm-up
  runHandLoop(events);
  runStreamkitBatched(events);
  await runAsyncGenerators(asyncEvents);
  await runStreamkitProcess(asyncEvents);
  for (let r = 0; r < ROUNDS; r++) {
    kit.push(runStreamkit(events));
    hand.push(runHandLoop(events));
    kitBatch.push(runStreamkitBatched(events));
    gen.push(await runAsyncGenerators(asyncEvents));
    kitAsync.push(await runStreamkitProcess(asyncEvents));
  }
  const rate = (n: number, ms: number): number => (n / ms) * 1000;
  const kitRate = rate(EVENTS, median(kit));
  const handRate = rate(EVENTS, median(hand));
  const genRate = rate(asyncEvents.length, median(gen));
  const fmt = (x: number): string => `${(x / 1e6).toFixed(2)} M events/s`;
  console.log(`processor filter+map+metrics (${EVENTS} events, median of ${ROUNDS}, alternating)`);
  console.log(`  streamkit connect():   ${fmt(kitRate)}   target >= 2.00 M events/s: ${kitRate >= 2e6 ? 'MET' : 'MISSED'}`);
  console.log(`  hand-written loop:     ${fmt(handRate)}   streamkit / floor = ${(kitRate / handRate).toFixed(2)}x`);
  console.log(`  async generator chain: ${fmt(genRate)}   streamkit / async-gen = ${(kitRate / genRate).toFixed(2)}x`);
  console.log(`  streamkit process() (async source): ${fmt(rate(asyncEvents.length, median(kitAsync)))}`);
  console.log(`  streamkit connect() + batch(64):    ${fmt(rate(EVENTS, median(kitBatch)))}`);
}
