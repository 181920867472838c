// Server fan-out: one producer to 1,000 SSE subscribers on loopback at 100 events/s.
// Prints p50/p99 delivery latency (emit -> parsed by the client; target p99 <= 50 ms) and server
// heap per subscriber. Clients run in two worker threads so their parsing does not share the
// server's event loop. No anchor library for SSE fan-out is installed, so the baseline is a
// hand-rolled fan-out (a plain loop of res.write with per-subscriber encoding) in the same process,
// alternating runs; ratios are streamkit / baseline (lower is better for latency).
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import { createStreamingContext } from '../../src/server/context/streaming-context.js';
import { createExecutionRegistry } from '../../src/server/registry.js';
import { createPipelineEndpoint } from '../../src/server/security/endpoint.js';
import { encodeSSE, SSE_HEADERS } from '../../src/server/sse.js';

const SUBSCRIBERS = 1000;
const WORKERS = 2;
const RATE = 100; // events per second
const SECONDS = 3;
const ROUNDS = 2; // alternating streamkit / baseline rounds

const CLIENT_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
const latencies = [];
const requests = [];
let connected = 0;
for (let i = 0; i < workerData.count; i += 1) {
  const req = http.request(workerData.url, { agent, headers: { 'x-user': 'bench' } }, (res) => {
    connected += 1;
    if (connected === workerData.count) parentPort.postMessage({ type: 'connected' });
    res.setEncoding('utf8');
    let buffer = '';
    res.on('data', (chunk) => {
      const now = performance.timeOrigin + performance.now();
      buffer += chunk;
      let end;
      while ((end = buffer.indexOf('\\n\\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const match = /"t":([0-9.]+)/.exec(block);
        if (match) latencies.push(now - Number(match[1]));
      }
    });
    res.on('error', () => {});
  });
  req.on('error', () => {});
  req.end();
  requests.push(req);
}
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  for (const req of requests) req.destroy();
  parentPort.postMessage({ type: 'done', latencies: Float64Array.from(latencies) });
});
`;

function wallClock(): number {
  return performance.timeOrigin + performance.now();
}

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

interface RoundResult {
  p50: number;
  p99: number;
  max: number;
  received: number;
  expected: number;
  heapPerSubscriberBytes: number;
  /** Mean synchronous time of one emit (fan-out to every socket), ms. */
  emitMs: number;
}

type Fanout = {
  handler(req: import('node:http').IncomingMessage, res: ServerResponse): void;
  subscribers(): number;
  emit(seq: number): void;
  close(): void;
};

function streamkitFanout(): Fanout {
  const context = createStreamingContext({ executionId: 'bench', bufferSize: 1024 });
  const registry = createExecutionRegistry();
  registry.set('bench', { context, createdAt: Date.now() });
  const endpoint = createPipelineEndpoint({
    registry,
    authorize: () => ({ id: 'bench' }),
    maxStreamsPerUser: SUBSCRIBERS * 2,
    heartbeatMs: false,
  });
  return {
    handler: (req, res) => void endpoint(req, res),
    subscribers: () => context.stats().subscribers,
    emit: (seq) =>
      context.emit({ event_type: 'step_progress', execution_id: 'bench', step_id: 'llm', data: { t: wallClock(), seq, token: ' tok' } }),
    close: () => context.close(),
  };
}

function baselineFanout(): Fanout {
  const clients = new Set<ServerResponse>();
  return {
    handler(_req, res) {
      res.writeHead(200, SSE_HEADERS);
      res.flushHeaders();
      clients.add(res);
      res.on('close', () => clients.delete(res));
    },
    subscribers: () => clients.size,
    emit(seq) {
      const payload = { event_type: 'step_progress', execution_id: 'bench', step_id: 'llm', data: { t: wallClock(), seq, token: ' tok' } };
      for (const res of clients) res.write(encodeSSE({ id: `bench:${seq}`, event: 'step_progress', data: JSON.stringify(payload) }));
    },
    close() {
      for (const res of clients) res.end();
    },
  };
}

async function waitUntil(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function round(make: () => Fanout): Promise<RoundResult> {
  const fanout = make();
  const server = createServer((req, res) => fanout.handler(req, res));
  server.maxConnections = SUBSCRIBERS * 2;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/streams/bench`;
  const workers: Worker[] = [];
  try {
    collectGarbage();
    const heapBefore = process.memoryUsage().heapUsed;
    for (let i = 0; i < WORKERS; i += 1) {
      workers.push(new Worker(CLIENT_CODE, { eval: true, workerData: { url, count: SUBSCRIBERS / WORKERS } }));
    }
    await waitUntil(() => fanout.subscribers() === SUBSCRIBERS, 60_000, 'subscribers to connect');
    collectGarbage();
    const heapPerSubscriberBytes = (process.memoryUsage().heapUsed - heapBefore) / SUBSCRIBERS;

    const total = RATE * SECONDS;
    let emitMs = 0;
    const start = performance.now();
    for (let seq = 1; seq <= total; seq += 1) {
      const due = start + (seq * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const before = performance.now();
      fanout.emit(seq);
      emitMs += performance.now() - before;
    }
    await new Promise((resolve) => setTimeout(resolve, 300)); // let the last events arrive
    const parts = await Promise.all(
      workers.map(
        (worker) =>
          new Promise<Float64Array>((resolve) => {
            worker.on('message', (message: { type: string; latencies?: Float64Array }) => {
              if (message.type === 'done' && message.latencies) resolve(message.latencies);
            });
            worker.postMessage('stop');
          }),
      ),
    );
    const all = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const part of parts) {
      all.set(part, offset);
      offset += part.length;
    }
    all.sort();
    return {
      p50: pct(all, 0.5),
      p99: pct(all, 0.99),
      max: all.length ? (all[all.length - 1] as number) : Number.NaN,
      received: all.length,
      expected: total * SUBSCRIBERS,
      heapPerSubscriberBytes,
      emitMs: emitMs / total,
    };
  } finally {
    fanout.close();
    await Promise.all(workers.map((worker) => worker.terminate()));
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

export async function run(): Promise<void> {
  const ours: RoundResult[] = [];
  const base: RoundResult[] = [];
  for (let i = 0; i < ROUNDS; i += 1) {
    ours.push(await round(streamkitFanout));
    base.push(await round(baselineFanout));
  }
  const f = (n: number) => n.toFixed(1);
  const summary = (name: string, results: RoundResult[]) => {
    const p50 = median(results.map((r) => r.p50));
    const p99 = median(results.map((r) => r.p99));
    const max = median(results.map((r) => r.max));
    const heap = median(results.map((r) => r.heapPerSubscriberBytes));
    const emit = median(results.map((r) => r.emitMs));
    const delivered = results.reduce((n, r) => n + r.received, 0) / results.reduce((n, r) => n + r.expected, 0);
    console.log(
      `${name.padEnd(28)} p50 ${f(p50)} ms   p99 ${f(p99)} ms   max ${f(max)} ms   delivered ${(delivered * 100).toFixed(2)}%   server heap/subscriber ${(heap / 1024).toFixed(1)} KiB   emit ${emit.toFixed(2)} ms/event`,
    );
    return { p50, p99 };
  };
  console.log(`${SUBSCRIBERS} SSE subscribers, ${RATE} events/s for ${SECONDS} s, ${ROUNDS} alternating rounds (medians):`);
  const a = summary('streamkit (endpoint+context)', ours);
  const b = summary('baseline (hand-rolled loop)', base);
  console.log(`ratio streamkit/baseline: p50 ${(a.p50 / b.p50).toFixed(2)}x   p99 ${(a.p99 / b.p99).toFixed(2)}x`);
  console.log(`target p99 <= 50 ms: ${a.p99 <= 50 ? 'met' : 'NOT met'} (${f(a.p99)} ms)`);
}
