import { afterEach, describe, expect, it } from 'vitest';
import { createDemoMiddleware, type ConnectMiddleware } from '../../src/server/demo/middleware.js';
import { listen, readSSE, type TestServer } from './helpers.js';

const servers: TestServer[] = [];
let middleware: ConnectMiddleware | undefined;
afterEach(async () => {
  middleware?.close();
  for (const s of servers.splice(0)) await s.close();
});

describe('POST /api/demo/openai-proxy', () => {
  it('forwards the body with the key and streams the upstream answer back without exposing the key', async () => {
    const seen: { auth?: string | undefined; path?: string | undefined; body?: string } = {};
    const upstream = await listen((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.auth = req.headers.authorization;
        seen.path = req.url;
        seen.body = Buffer.concat(chunks).toString('utf8');
        res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Set-Cookie': 'session=upstream' });
        res.write('data: {"choices":[{"index":0,"delta":{"content":"Hi"}}]}\n\n');
        res.end('data: [DONE]\n\n');
      });
    });
    servers.push(upstream);
    middleware = createDemoMiddleware({ openai: { apiKey: 'sk-test-SECRET', baseUrl: `${upstream.url}/v1/` } });
    const mw = middleware;
    const proxy = await listen((req, res) => mw(req, res, () => res.end()));
    servers.push(proxy);

    const response = await fetch(`${proxy.url}/api/demo/openai-proxy`, {
      method: 'POST',
      body: JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const { events } = await readSSE(response);
    expect(events.map((e) => e.data)).toEqual(['{"choices":[{"index":0,"delta":{"content":"Hi"}}]}', '[DONE]']);
    expect(seen.auth).toBe('Bearer sk-test-SECRET');
    expect(seen.path).toBe('/v1/chat/completions');
    expect(JSON.parse(seen.body ?? '{}')).toMatchObject({ model: 'gpt-4o-mini', stream: true });
  });

  it('an unreachable upstream is a 502 that does not mention the key', async () => {
    middleware = createDemoMiddleware({ openai: { apiKey: 'sk-test-SECRET', baseUrl: 'http://127.0.0.1:9/v1' } });
    const mw = middleware;
    const proxy = await listen((req, res) => mw(req, res, () => res.end()));
    servers.push(proxy);
    const response = await fetch(`${proxy.url}/api/demo/openai-proxy`, { method: 'POST', body: '{"model":"x"}' });
    expect(response.status).toBe(502);
    expect(await response.text()).not.toContain('SECRET');
    const bad = await fetch(`${proxy.url}/api/demo/openai-proxy`, { method: 'POST', body: '[1]' });
    expect(bad.status).toBe(400);
  });
});
