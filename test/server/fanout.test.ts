import { request as httpRequest, type IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createStreamingContext } from '../../src/server/context/streaming-context.js';
import type { StreamingContext } from '../../src/server/context/types.js';
import { createExecutionRegistry } from '../../src/server/registry.js';
import { createPipelineEndpoint } from '../../src/server/security/endpoint.js';
import { parseEventId } from '../../src/server/wire.js';
import { delay, listen, readSSE, seededRandom, waitFor, type TestServer } from './helpers.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serveExecution(context: StreamingContext, options: { maxQueue?: number } = {}) {
  const registry = createExecutionRegistry();
  registry.set(context.executionId, { context, createdAt: Date.now() });
  const endpoint = createPipelineEndpoint({
    registry,
    authorize: (req) => {
      const user = req.headers['x-user'];
      return typeof user === 'string' ? { id: user } : null;
    },
    maxStreamsPerUser: 10,
    heartbeatMs: false,
    ...(options.maxQueue !== undefined ? { maxQueue: options.maxQueue } : {}),
  });
  server = await listen((req, res) => void endpoint(req, res));
  return server;
}

/**
 * Follows an execution's stream like a reconnecting client: on a (deliberate or server-side)
 * disconnect it reconnects with Last-Event-ID, until the stream ends cleanly. Returns every seq seen.
 */
async function follow(
  url: string,
  user: string,
  options: { random?: () => number; dropProbability?: number; maxDrops?: number } = {},
): Promise<{ seqs: number[]; connections: number }> {
  const seqs: number[] = [];
  let lastEventId = '';
  let drops = 0;
  let connections = 0;
  for (;;) {
    connections += 1;
    if (connections > 100) throw new Error('too many reconnects');
    const controller = new AbortController();
    const response = await fetch(url, {
      headers: { 'x-user': user, ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}) },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    let dropped = false;
    const { cut } = await readSSE(response, (event) => {
      if (event.id) {
        lastEventId = event.id;
        seqs.push((parseEventId(event.id) as { seq: number }).seq);
      }
      if (options.random && drops < (options.maxDrops ?? 3) && options.random() < (options.dropProbability ?? 0)) {
        drops += 1;
        dropped = true;
        return true;
      }
      return false;
    });
    if (!dropped && !cut) return { seqs, connections };
    await delay(options.random ? Math.floor(options.random() * 20) : 5);
  }
}

describe('fan-out over real http', () => {
  it('200 concurrent subscribers with random disconnects and Last-Event-ID resume see every event exactly once, in order', async () => {
    const TOTAL = 200;
    const context = createStreamingContext({ executionId: 'fanout', bufferSize: TOTAL });
    const srv = await serveExecution(context);
    const url = `${srv.url}/streams/fanout`;
    const clients = Array.from({ length: 200 }, (_, i) =>
      follow(url, `user${i % 40}`, { random: seededRandom(1000 + i), dropProbability: 0.02, maxDrops: 3 }),
    );
    await waitFor(() => context.stats().subscribers >= 150, 20_000, 'clients to connect');
    for (let seq = 1; seq <= TOTAL; seq += 1) {
      context.emit({ event_type: 'step_progress', execution_id: 'fanout', step_id: 's', data: { progress: seq / TOTAL, n: seq } });
      if (seq % 5 === 0) await delay(2);
    }
    context.close();
    const results = await Promise.all(clients);
    const expected = Array.from({ length: TOTAL }, (_, i) => i + 1);
    for (const result of results) expect(result.seqs).toEqual(expected);
    // The schedule must actually have exercised resumption.
    expect(results.filter((r) => r.connections > 1).length).toBeGreaterThan(20);
  }, 90_000);

  it('a stalled client does not hold up the others; it is cut off once its queue overflows', async () => {
    const TOTAL = 3000;
    const payload = 'y'.repeat(8 * 1024);
    const context = createStreamingContext({ executionId: 'stall', bufferSize: TOTAL, maxQueue: 256 });
    const srv = await serveExecution(context, { maxQueue: 256 });
    const url = `${srv.url}/streams/stall`;

    // The stalled client: connects, then never reads.
    const stalled = await new Promise<IncomingMessage>((resolve) => {
      const u = new URL(url);
      const req = httpRequest({ host: u.hostname, port: u.port, path: u.pathname, headers: { 'x-user': 'slow' } }, resolve);
      req.end();
    });
    stalled.pause();
    await waitFor(() => context.stats().subscribers === 1, 10_000, 'stalled client');

    const normal = [0, 1, 2].map((i) => follow(url, `fast${i}`));
    await waitFor(() => context.stats().subscribers === 4, 10_000, 'normal clients');
    for (let seq = 1; seq <= TOTAL; seq += 1) {
      context.emit({ event_type: 'step_output', execution_id: 'stall', data: { seq, payload } });
      if (seq % 20 === 0) await delay(1);
    }
    context.close();
    const results = await Promise.all(normal);
    const expected = Array.from({ length: TOTAL }, (_, i) => i + 1);
    for (const result of results) expect(result.seqs).toEqual(expected);
    // Everyone else finished while the stalled client had not read a byte.
    expect(stalled.readableFlowing).toBe(false);
    expect(context.stats().disconnected).toBeGreaterThanOrEqual(1);
    stalled.destroy();
  }, 90_000);
});
