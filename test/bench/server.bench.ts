// Server fan-out: one producer to 1,000 SSE subscribers on loopback at 100 events/s.
//
// What is measured is the SERVER: the 1,000 client connections live in separate Node processes
// (spawned with an IPC channel), which parse the streams and timestamp every delivery. Each event
// carries the producer's send time on the system-wide monotonic clock (`process.hrtime`, which on
// Linux is CLOCK_MONOTONIC and so comparable between processes on one host); the clients report
// (receive time - send time) back. The server process only accepts, produces and writes, so
// `process.cpuUsage()` over a phase is the server's CPU for that phase.
//
// Baseline: no anchor library for SSE fan-out is installed, so it is a hand-written loop over the
// SAME sockets: the event is encoded once and `res.write()` to every response. Each round connects
// 1,000 clients, then runs a baseline phase and a streamkit phase (createStreamingContext +
// sseSubscriber on those very responses), so the phases alternate B S B S; results are medians.
// Printed: p50/p95/p99/max delivery latency, delivered %, whether p99 <= 50 ms, server CPU per
// event, the synchronous emit time, and server heap/RSS per subscriber.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createStreamingContext } from '../../src/server/context/streaming-context.js';
import { SSE_HEADERS, encodeSSE } from '../../src/server/sse.js';
import { sseSubscriber } from '../../src/server/subscribers/sse.js';

const SUBSCRIBERS = 1000;
const CLIENT_PROCESSES = 2;
const RATE = 100; // events per second
const SECONDS = 5; // measured events per phase = RATE * SECONDS
const WARMUP_EVENTS = 30; // per phase, not measured (JIT, first-write effects)
const ROUNDS = 3; // each round: a baseline phase then a streamkit phase on the same 1,000 sockets
const TARGET_P99_MS = 50;

/**
 * Client process (plain CommonJS, run with `node -e`). Opens `count` raw TCP connections, sends a
 * GET and scans the raw bytes for each event's `"p":<phase>,"t":<ms>` (no HTTP parser, no streams
 * decoding: the clients must be as cheap as possible on a 2-core machine, or the bench measures
 * them). Every HTTP chunk holds whole SSE blocks, so chunk framing never cuts into the JSON; a TCP
 * read can, so the bytes after the last complete block are carried over.
 * Messages: parent -> { type: 'report' | 'stop' }; child -> { type: 'connected' } | { type: 'report', ... }.
 */
const CLIENT_CODE = String.raw`
const net = require('node:net');
const { port, path, count } = JSON.parse(process.argv[1]);
const now = () => Number(process.hrtime.bigint()) / 1e6;
const P = Buffer.from('"p":');
const T = Buffer.from('"t":');
const BLOCK_END = Buffer.from('\n\n');
let latencies = new Float64Array(1 << 16);
let size = 0;
let received = 0;
let connected = 0;
let failed = 0;
const sockets = [];
function record(ms) {
  if (size === latencies.length) {
    const next = new Float64Array(latencies.length * 2);
    next.set(latencies);
    latencies = next;
  }
  latencies[size++] = ms;
}
function number(buf, from) {
  let end = from;
  while (end < buf.length && buf[end] !== 44 && buf[end] !== 125) end += 1; // ',' or '}'
  return Number(buf.toString('latin1', from, end));
}
function scan(buf, limit, at) {
  let i = 0;
  for (;;) {
    const p = buf.indexOf(P, i);
    if (p < 0 || p >= limit) return;
    const t = buf.indexOf(T, p);
    i = t + 4;
    if (number(buf, p + 4) >= 0) {
      received += 1;
      record(at - number(buf, t + 4));
    }
  }
}
for (let i = 0; i < count; i += 1) {
  const socket = net.connect(port, '127.0.0.1');
  let head = true;
  let rest = null;
  socket.on('connect', () => socket.write('GET ' + path + ' HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n'));
  socket.on('data', (data) => {
    const at = now();
    let buf = rest === null ? data : Buffer.concat([rest, data]);
    if (head) {
      const endOfHead = buf.indexOf('\r\n\r\n');
      if (endOfHead < 0) { rest = buf; return; }
      if (!buf.toString('latin1', 0, 12).startsWith('HTTP/1.1 200')) { failed += 1; socket.destroy(); return; }
      head = false;
      connected += 1;
      if (connected === count) process.send({ type: 'connected' });
      buf = buf.subarray(endOfHead + 4);
    }
    const cut = buf.lastIndexOf(BLOCK_END);
    if (cut < 0) { rest = buf; return; }
    scan(buf, cut, at);
    rest = cut + 2 === buf.length ? null : Buffer.from(buf.subarray(cut + 2));
  });
  socket.on('error', () => {});
  sockets.push(socket);
}
process.on('message', (message) => {
  if (message.type === 'report') {
    process.send({ type: 'report', latencies: latencies.slice(0, size), received, failed });
    size = 0;
    received = 0;
  } else if (message.type === 'stop') {
    for (const socket of sockets) socket.destroy();
    process.disconnect();
  }
});
`;

const monotonicMs = () => Number(process.hrtime.bigint()) / 1e6;

function collectGarbage(): void {
  try {
    setFlagsFromString('--expose-gc');
    (runInNewContext('gc') as () => void)();
  } catch {
    // no gc available: memory numbers are then rougher
  }
}

function pct(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] as number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

interface PhaseResult {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  delivered: number;
  /** Server CPU (user + system) per emitted event, ms. */
  cpuPerEventMs: number;
  /** Mean synchronous time of one emit (the fan-out loop), ms. */
  emitMs: number;
  /** p99 of the server's event-loop delay while producing (how late its timers ran: CPU contention + blocking), ms. */
  loopDelayP99Ms: number;
  /** Extra server heap per subscriber that this phase's setup added (streamkit: the subscriptions), bytes. */
  setupHeapPerSubscriber: number;
}

interface Phase {
  name: 'baseline' | 'streamkit';
  /** Called once before emitting (e.g. subscribing the responses). */
  setup(responses: readonly ServerResponse[]): void;
  emit(payload: object, seq: number): void;
  teardown(): void;
}

function tokenEvent(phase: number, seq: number) {
  return {
    event_type: 'step_progress',
    execution_id: 'bench',
    step_id: 'llm',
    timestamp: new Date().toISOString(),
    // p and t first, so the client finds them cheaply
    data: { p: phase, t: monotonicMs(), seq, token: ' token' },
    metadata: { step_index: 1, total_steps: 3 },
  };
}

/** The hand-written fan-out a developer would write: encode once, res.write to every response. */
function baselinePhase(): Phase {
  let targets: readonly ServerResponse[] = [];
  return {
    name: 'baseline',
    setup(responses) {
      targets = responses;
    },
    emit(payload, seq) {
      const frame = Buffer.from(encodeSSE({ id: `bench:${seq}`, event: 'step_progress', data: JSON.stringify(payload) }));
      for (const res of targets) if (!res.destroyed) res.write(frame);
    },
    teardown() {},
  };
}

/** streamkit: a streaming context and an sseSubscriber on each of the same responses. */
function streamkitPhase(): Phase {
  let context = createStreamingContext({ executionId: 'bench', bufferSize: 1024 });
  return {
    name: 'streamkit',
    setup(responses) {
      context = createStreamingContext({ executionId: 'bench', bufferSize: 1024 });
      for (const res of responses) context.subscribe(sseSubscriber(res, { heartbeatMs: false }), { replay: 'none' });
    },
    emit(payload) {
      context.emit(payload as Parameters<typeof context.emit>[0]);
    },
    teardown() {
      context.close();
    },
  };
}

interface Client {
  child: ChildProcess;
  next(type: string): Promise<{ type: string; latencies?: Float64Array; received?: number }>;
}

function startClient(port: number, count: number): Client {
  const child = spawn(process.execPath, ['-e', CLIENT_CODE, JSON.stringify({ port, path: '/bench', count })], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced', // Float64Array crosses as a typed array, not JSON
  });
  const waiting = new Map<string, (message: never) => void>();
  child.on('message', (message: { type: string }) => {
    const resolve = waiting.get(message.type);
    waiting.delete(message.type);
    resolve?.(message as never);
  });
  return {
    child,
    next: (type) =>
      new Promise((resolve, reject) => {
        waiting.set(type, resolve as (message: never) => void);
        child.once('exit', (code) => reject(new Error(`bench client exited (${code}) while waiting for ${type}`)));
      }),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Emits `WARMUP_EVENTS` unmeasured then RATE*SECONDS measured events on a fixed schedule. */
async function produce(phase: Phase, phaseIndex: number): Promise<{ cpuPerEventMs: number; emitMs: number; loopDelayP99Ms: number }> {
  let seq = 0;
  const tick = async (count: number, measured: boolean) => {
    let emitMs = 0;
    const start = performance.now();
    for (let i = 1; i <= count; i += 1) {
      const wait = start + (i * 1000) / RATE - performance.now();
      if (wait > 0) await sleep(wait);
      seq += 1;
      const payload = tokenEvent(measured ? phaseIndex : -1, seq);
      const before = performance.now();
      phase.emit(payload, seq);
      emitMs += performance.now() - before;
    }
    return emitMs;
  };
  await tick(WARMUP_EVENTS, false);
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  const cpuBefore = process.cpuUsage();
  const total = RATE * SECONDS;
  const emitMs = await tick(total, true);
  await sleep(250); // the last events' deliveries still cost server CPU (backpressured writes)
  const cpu = process.cpuUsage(cpuBefore);
  loopDelay.disable();
  return {
    cpuPerEventMs: (cpu.user + cpu.system) / 1000 / total,
    emitMs: emitMs / total,
    loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
  };
}

async function collect(clients: Client[]): Promise<{ sorted: Float64Array; received: number }> {
  const reports = await Promise.all(
    clients.map((client) => {
      const reply = client.next('report');
      client.child.send({ type: 'report' });
      return reply;
    }),
  );
  const all = new Float64Array(reports.reduce((n, r) => n + (r.latencies?.length ?? 0), 0));
  let offset = 0;
  let received = 0;
  for (const report of reports) {
    if (report.latencies) all.set(report.latencies, offset);
    offset += report.latencies?.length ?? 0;
    received += report.received ?? 0;
  }
  return { sorted: all.sort(), received };
}

interface RoundResult {
  phases: Record<Phase['name'], PhaseResult>;
  connectionHeapPerSubscriber: number;
  connectionRssPerSubscriber: number;
}

async function round(roundIndex: number): Promise<RoundResult> {
  const responses: ServerResponse[] = [];
  const server = createServer((_req: IncomingMessage, res: ServerResponse) => {
    // Both phases take over these responses: headers now, events later.
    res.writeHead(200, SSE_HEADERS);
    res.flushHeaders();
    responses.push(res);
  });
  server.maxConnections = SUBSCRIBERS * 2;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const clients: Client[] = [];
  try {
    collectGarbage();
    const before = process.memoryUsage();
    for (let i = 0; i < CLIENT_PROCESSES; i += 1) clients.push(startClient(port, SUBSCRIBERS / CLIENT_PROCESSES));
    await Promise.all(clients.map((client) => client.next('connected')));
    const deadline = Date.now() + 60_000;
    while (responses.length < SUBSCRIBERS) {
      if (Date.now() > deadline) throw new Error('timed out waiting for subscribers to connect');
      await sleep(10);
    }
    collectGarbage();
    const connected = process.memoryUsage();

    const phases = {} as Record<Phase['name'], PhaseResult>;
    for (const [i, phase] of [baselinePhase(), streamkitPhase()].entries()) {
      const phaseIndex = roundIndex * 2 + i;
      collectGarbage();
      const heapBefore = process.memoryUsage().heapUsed;
      phase.setup(responses);
      collectGarbage();
      const setupHeapPerSubscriber = (process.memoryUsage().heapUsed - heapBefore) / SUBSCRIBERS;
      const { cpuPerEventMs, emitMs, loopDelayP99Ms } = await produce(phase, phaseIndex);
      const { sorted, received } = await collect(clients);
      phase.teardown();
      phases[phase.name] = {
        p50: pct(sorted, 0.5),
        p95: pct(sorted, 0.95),
        p99: pct(sorted, 0.99),
        max: sorted.length ? (sorted[sorted.length - 1] as number) : Number.NaN,
        delivered: received / (RATE * SECONDS * SUBSCRIBERS),
        cpuPerEventMs,
        emitMs,
        loopDelayP99Ms,
        setupHeapPerSubscriber,
      };
    }
    return {
      phases,
      connectionHeapPerSubscriber: (connected.heapUsed - before.heapUsed) / SUBSCRIBERS,
      connectionRssPerSubscriber: (connected.rss - before.rss) / SUBSCRIBERS,
    };
  } finally {
    for (const res of responses) if (!res.destroyed) res.destroy();
    for (const client of clients) {
      if (client.child.connected) client.child.send({ type: 'stop' });
    }
    await Promise.all(
      clients.map(
        (client) =>
          new Promise<void>((resolve) => {
            if (client.child.exitCode !== null || client.child.signalCode !== null) return resolve();
            const kill = setTimeout(() => client.child.kill('SIGKILL'), 5000);
            client.child.once('exit', () => {
              clearTimeout(kill);
              resolve();
            });
          }),
      ),
    );
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

export async function run(): Promise<void> {
  const load = loadavg().map((n) => n.toFixed(1)).join(' ');
  console.log(
    `${SUBSCRIBERS} SSE subscribers in ${CLIENT_PROCESSES} client processes, ${RATE} events/s, ${SECONDS} s measured per phase, ` +
      `${ROUNDS} rounds of [baseline, streamkit] on the same sockets (medians). Node ${process.version}, ${cpus().length} CPUs, load avg ${load}`,
  );
  const rounds: RoundResult[] = [];
  for (let i = 0; i < ROUNDS; i += 1) rounds.push(await round(i));

  const f = (n: number) => n.toFixed(1);
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  const summarize = (name: Phase['name']) => {
    const all = rounds.map((r) => r.phases[name]);
    const m = (pick: (r: PhaseResult) => number) => median(all.map(pick));
    return {
      p50: m((r) => r.p50),
      p95: m((r) => r.p95),
      p99: m((r) => r.p99),
      max: m((r) => r.max),
      delivered: m((r) => r.delivered),
      cpu: m((r) => r.cpuPerEventMs),
      emit: m((r) => r.emitMs),
      loopDelay: m((r) => r.loopDelayP99Ms),
      setupHeap: m((r) => r.setupHeapPerSubscriber),
    };
  };
  const ours = summarize('streamkit');
  const base = summarize('baseline');
  for (const [name, s] of [['streamkit (context+sseSubscriber)', ours], ['baseline (hand-written loop)', base]] as const) {
    console.log(
      `${name.padEnd(34)} p50 ${f(s.p50)} ms  p95 ${f(s.p95)} ms  p99 ${f(s.p99)} ms  max ${f(s.max)} ms  ` +
        `delivered ${(s.delivered * 100).toFixed(2)}%  server CPU ${s.cpu.toFixed(2)} ms/event (${((s.cpu * 1000) / SUBSCRIBERS).toFixed(2)} µs/subscriber)  ` +
        `sync emit ${s.emit.toFixed(2)} ms/event  server loop delay p99 ${f(s.loopDelay)} ms`,
    );
  }
  console.log(
    '(sync emit = time the producer is blocked per event; the baseline\'s res.write() defers its syscalls to the next tick, streamkit writes in the loop)',
  );
  console.log(
    `ratio streamkit/baseline: p50 ${(ours.p50 / base.p50).toFixed(2)}x  p99 ${(ours.p99 / base.p99).toFixed(2)}x  CPU/event ${(ours.cpu / base.cpu).toFixed(2)}x`,
  );
  // From the first round only: later rounds start with the previous round's freed pages still
  // mapped (RSS never shrinks back reliably), which would understate them.
  const connHeap = (rounds[0] as RoundResult).connectionHeapPerSubscriber;
  const connRss = (rounds[0] as RoundResult).connectionRssPerSubscriber;
  console.log(
    `server memory per subscriber: connection (http req/res + socket) heap ${kib(connHeap)}, RSS ${kib(connRss)}; ` +
      `streamkit subscription adds heap ${kib(ours.setupHeap)}; total heap ${kib(connHeap + ours.setupHeap)}`,
  );
  console.log(`target p99 <= ${TARGET_P99_MS} ms: ${ours.p99 <= TARGET_P99_MS ? 'met' : 'NOT met'} (${f(ours.p99)} ms; load avg now ${loadavg().map((n) => n.toFixed(1)).join(' ')})`);
}
