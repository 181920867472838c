import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createStreamingContext } from '../../src/server/context/streaming-context.js';
import { createExecutionRegistry } from '../../src/server/registry.js';
import { createPipelineEndpoint } from '../../src/server/security/endpoint.js';
import { createStreamLimiter } from '../../src/server/security/limiter.js';
import { createPipelineWebSocketHandler } from '../../src/server/security/websocket.js';
import { listen, readSSE, waitFor, type TestServer } from './helpers.js';

let server: TestServer | undefined;
const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0)) fn();
  await server?.close();
  server = undefined;
});

/** Bearer tokens "token-<user>" authenticate <user>; anything else is anonymous. */
function authorize(req: IncomingMessage) {
  const match = /^Bearer token-([a-z0-9]+)$/.exec(req.headers.authorization ?? '');
  return match ? { id: match[1] as string } : null;
}

async function setup(maxStreamsPerUser = 2) {
  const registry = createExecutionRegistry();
  const alice = createStreamingContext({ executionId: 'exec_alice', bufferSize: 100 });
  const open = createStreamingContext({ executionId: 'exec_open', bufferSize: 100 });
  registry.set('exec_alice', { context: alice, ownerId: 'alice', createdAt: Date.now() });
  registry.set('exec_open', { context: open, createdAt: Date.now() });
  const limiter = createStreamLimiter({ maxPerUser: maxStreamsPerUser });
  const endpoint = createPipelineEndpoint({ registry, authorize, limiter, heartbeatMs: false, retryAfterSeconds: 7 });
  const ws = createPipelineWebSocketHandler({ registry, authorize, limiter });
  cleanups.push(() => ws.close());
  server = await listen((req, res) => void endpoint(req, res));
  server.server.on('upgrade', ws.handleUpgrade);
  return { registry, alice, open, limiter, url: server.url };
}

const auth = (user: string) => ({ Authorization: `Bearer token-${user}` });

describe('createPipelineEndpoint security', () => {
  it('401 without identity, 403 for another user, 404 for unknown executions', async () => {
    const { url } = await setup();
    const anonymous = await fetch(`${url}/streams/exec_alice`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    expect(await anonymous.json()).toEqual({ error: { code: 'unauthorized', message: 'authentication required' } });

    const bob = await fetch(`${url}/streams/exec_alice`, { headers: auth('bob') });
    expect(bob.status).toBe(403);
    expect(((await bob.json()) as { error: { code: string } }).error.code).toBe('forbidden');

    const missing = await fetch(`${url}/streams/exec_nope`, { headers: auth('bob') });
    expect(missing.status).toBe(404);

    const head = await fetch(`${url}/streams/exec_alice`, { method: 'HEAD', headers: auth('alice') });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect((await fetch(`${url}/streams/exec_alice`, { method: 'POST', headers: auth('alice') })).status).toBe(405);
  });

  it('400 with a clear JSON message for bad execution ids, query parameters and Last-Event-ID', async () => {
    const { url } = await setup();
    const cases: [string, Record<string, string>, string][] = [
      [`${url}/streams/bad$id`, {}, 'invalid_execution_id'],
      [`${url}/streams/${'x'.repeat(129)}`, {}, 'invalid_execution_id'],
      [`${url}/streams/exec_alice?foo=1`, {}, 'invalid_query'],
      [`${url}/streams/exec_alice?lastEventId=a&lastEventId=b`, {}, 'invalid_query'],
      [`${url}/streams/exec_alice`, { 'Last-Event-ID': 'exec_open:3' }, 'invalid_last_event_id'],
      [`${url}/streams/exec_alice?lastEventId=garbage`, {}, 'invalid_last_event_id'],
    ];
    for (const [target, headers, code] of cases) {
      const response = await fetch(target, { headers: { ...auth('alice'), ...headers } });
      expect(response.status, target).toBe(400);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe(code);
      expect(body.error.message.length).toBeGreaterThan(10);
    }
  });

  it('429 with Retry-After beyond the per-user cap; a closed stream frees its slot', async () => {
    const { url, limiter } = await setup(2);
    const first = new AbortController();
    const a = await fetch(`${url}/streams/exec_alice`, { headers: auth('alice'), signal: first.signal });
    const b = await fetch(`${url}/streams/exec_open`, { headers: auth('alice') });
    expect([a.status, b.status]).toEqual([200, 200]);
    const c = await fetch(`${url}/streams/exec_open`, { headers: auth('alice') });
    expect(c.status).toBe(429);
    expect(c.headers.get('retry-after')).toBe('7');
    expect(((await c.json()) as { error: { code: string } }).error.code).toBe('too_many_streams');
    // Other users are not affected.
    const other = await fetch(`${url}/streams/exec_open`, { headers: auth('carol') });
    expect(other.status).toBe(200);
    first.abort();
    await waitFor(() => limiter.active('alice') === 1, 10_000, 'slot release');
    const d = await fetch(`${url}/streams/exec_open`, { headers: auth('alice') });
    expect(d.status).toBe(200);
    for (const r of [b, other, d]) await r.body?.cancel();
  });

  it('an authorized owner streams and resumes after Last-Event-ID', async () => {
    const { url, alice } = await setup();
    for (let i = 0; i < 5; i += 1) alice.emit({ event_type: 'step_progress', execution_id: 'exec_alice', data: { i } });
    alice.close();
    const response = await fetch(`${url}/streams/exec_alice`, { headers: { ...auth('alice'), 'Last-Event-ID': 'exec_alice:3' } });
    expect(response.status).toBe(200);
    const { events } = await readSSE(response);
    expect(events.map((e) => e.id)).toEqual(['exec_alice:4', 'exec_alice:5']);
  });

  it('an authorizer that throws denies (401) without echoing its error', async () => {
    const registry = createExecutionRegistry();
    registry.set('e1', { context: createStreamingContext({ executionId: 'e1', bufferSize: 1 }), createdAt: 0 });
    const endpoint = createPipelineEndpoint({
      registry,
      authorize: () => {
        throw new Error('secret-token-123 invalid');
      },
    });
    server = await listen((req, res) => void endpoint(req, res));
    const response = await fetch(`${server.url}/e1`);
    expect(response.status).toBe(401);
    expect(await response.text()).not.toContain('secret');
  });
});

function openSocket(url: string, headers: Record<string, string>) {
  const ws = new WebSocket(url, { headers });
  const messages: { id?: string; event: string; data: Record<string, unknown> }[] = [];
  ws.on('message', (raw) => messages.push(JSON.parse(String(raw)) as (typeof messages)[number]));
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  const rejected = new Promise<number>((resolve) => ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
  ws.on('error', () => undefined);
  return { ws, messages, closed, rejected };
}

describe('createPipelineWebSocketHandler', () => {
  it('streams JSON messages { id, event, data } and resumes after ?lastEventId', async () => {
    const { url, open } = await setup();
    open.emit({ event_type: 'pipeline_start', execution_id: 'exec_open', data: {} });
    open.emit({ event_type: 'step_start', execution_id: 'exec_open', step_id: 's1', data: {} });
    const client = openSocket(`${url.replace('http', 'ws')}/ws/exec_open?lastEventId=exec_open:1`, auth('dave'));
    await new Promise((resolve) => client.ws.on('open', resolve));
    open.emit({ event_type: 'step_complete', execution_id: 'exec_open', step_id: 's1', data: { output: 1 } });
    open.close();
    expect(await client.closed).toBe(1000);
    expect(client.messages.map((m) => [m.id, m.event])).toEqual([
      ['exec_open:2', 'step_start'],
      ['exec_open:3', 'step_complete'],
    ]);
    expect(client.messages[1]?.data).toMatchObject({ event_type: 'step_complete', data: { output: 1 } });
  });

  it('rejects the upgrade with 401 / 403 / 400 / 429 before any WebSocket is opened', async () => {
    const { url, limiter } = await setup(1);
    const base = url.replace('http', 'ws');
    expect(await openSocket(`${base}/ws/exec_alice`, {}).rejected).toBe(401);
    expect(await openSocket(`${base}/ws/exec_alice`, auth('bob')).rejected).toBe(403);
    expect(await openSocket(`${base}/ws/bad$id`, auth('bob')).rejected).toBe(400);
    const first = openSocket(`${base}/ws/exec_open`, auth('erin'));
    await new Promise((resolve) => first.ws.on('open', resolve));
    expect(limiter.active('erin')).toBe(1);
    expect(await openSocket(`${base}/ws/exec_open`, auth('erin')).rejected).toBe(429);
    first.ws.close();
    await waitFor(() => limiter.active('erin') === 0, 10_000, 'ws slot release');
  });
});
