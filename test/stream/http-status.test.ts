import { afterEach, describe, expect, it } from 'vitest';
import { createStream } from '../../src/core/stream/create-stream.js';
import { parseRetryAfter } from '../../src/core/stream/retry-policy.js';
import { collect } from '../helpers/stream-utils.js';
import { ndjsonHeaders, replyStatus, sseEvent, sseHeaders, startTestServer, type TestServer } from '../helpers/http-server.js';

let srv: TestServer | undefined;
afterEach(async () => {
  await srv?.close();
  srv = undefined;
});

const fast = { retry: { baseDelayMs: 1, maxDelayMs: 5 } } as const;

describe('HTTP status handling', () => {
  it.each([400, 401, 403, 404])('%i is an http error, never retried, with the body excerpt', async (status) => {
    srv = await startTestServer((_req, res) => replyStatus(res, status, { body: '{"error":{"message":"bad key sk-xxx"}}' }));
    const { error, types } = await collect(createStream({ url: srv.url, provider: 'raw' }, fast));
    expect(error?.code).toBe('http');
    expect(error?.status).toBe(status);
    expect(error?.retryable).toBe(false);
    expect(error?.bodyExcerpt).toContain('bad key');
    expect(srv.requests).toHaveLength(1);
    expect(types).not.toContain('retry');
    expect(types.filter((t) => t === 'error')).toHaveLength(1);
    expect(types.at(-1)).toBe('error');
  });

  it('bounds the body excerpt to about 2 KB', async () => {
    srv = await startTestServer((_req, res) => replyStatus(res, 400, { body: 'x'.repeat(100_000), contentType: 'text/plain' }));
    const { error } = await collect(createStream({ url: srv.url }, fast));
    expect(error?.bodyExcerpt?.length).toBeGreaterThan(100);
    expect(error?.bodyExcerpt?.length).toBeLessThanOrEqual(2048);
  });

  it.each([408, 429, 500, 502, 503])('%i is retried until it succeeds', async (status) => {
    srv = await startTestServer((req, res) => {
      if (req.recorded.index < 2) return replyStatus(res, status);
      sseHeaders(res);
      res.end(sseEvent({ data: 'ok' }) + sseEvent({ data: '[DONE]' }));
    });
    const { result, events } = await collect(createStream({ url: srv.url, provider: 'raw' }, fast));
    expect(result?.text).toBe('ok');
    expect(srv.requests).toHaveLength(3);
    const retries = events.filter((e) => e.type === 'retry');
    expect(retries).toHaveLength(2);
    expect(retries.map((e) => (e.type === 'retry' ? e.error.status : 0))).toEqual([status, status]);
    expect(result?.metrics.retries).toBe(2);
  });

  it('gives up after maxAttempts with the last http error', async () => {
    srv = await startTestServer((_req, res) => replyStatus(res, 503));
    const { error } = await collect(createStream({ url: srv.url }, { retry: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 2 } }));
    expect(error?.code).toBe('http');
    expect(error?.status).toBe(503);
    expect(error?.retryable).toBe(true);
    expect(srv.requests).toHaveLength(4);
  });

  it('retry: false makes one attempt only', async () => {
    srv = await startTestServer((_req, res) => replyStatus(res, 503));
    const { error } = await collect(createStream({ url: srv.url }, { retry: false }));
    expect(error?.status).toBe(503);
    expect(srv.requests).toHaveLength(1);
  });

  it('honours Retry-After in seconds over the computed backoff', async () => {
    srv = await startTestServer((req, res) => {
      if (req.recorded.index === 0) return replyStatus(res, 429, { retryAfter: 1 });
      sseHeaders(res);
      res.end(sseEvent({ data: 'late' }) + sseEvent({ data: '[DONE]' }));
    });
    const { result, events } = await collect(createStream({ url: srv.url }, { retry: { baseDelayMs: 1, maxDelayMs: 2 } }));
    const retry = events.find((e) => e.type === 'retry');
    expect(retry?.type === 'retry' && retry.delayMs).toBe(1000);
    expect(retry?.type === 'retry' && retry.error.retryAfterMs).toBe(1000);
    expect(result?.text).toBe('late');
    // The second request really waited (generous lower bound, no upper bound: machines are busy).
    expect(srv.requests).toHaveLength(2);
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    const nowMs = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('3', nowMs)).toBe(3000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', nowMs)).toBe(5000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', nowMs)).toBe(0);
    expect(parseRetryAfter('soon', nowMs)).toBeUndefined();
    expect(parseRetryAfter(null, nowMs)).toBeUndefined();
  });

  it('uses an HTTP-date Retry-After from a real response', async () => {
    srv = await startTestServer((req, res) => {
      if (req.recorded.index === 0) return replyStatus(res, 503, { retryAfter: new Date(Date.now() - 1000).toUTCString() });
      sseHeaders(res);
      res.end(sseEvent({ data: 'x' }) + sseEvent({ data: '[DONE]' }));
    });
    const { events, result } = await collect(createStream({ url: srv.url }, { retry: { baseDelayMs: 60_000, maxDelayMs: 60_000 } }));
    const retry = events.find((e) => e.type === 'retry');
    // A date in the past means "now": the 60 s backoff must not be used.
    expect(retry?.type === 'retry' && retry.delayMs).toBe(0);
    expect(result?.text).toBe('x');
  });
});

describe('content type', () => {
  it('an explicit protocol with text/html is a protocol error carrying the body', async () => {
    srv = await startTestServer((_req, res) => replyStatus(res, 200, { contentType: 'text/html', body: '<html>Login required</html>' }));
    const { error } = await collect(createStream({ url: srv.url, protocol: 'sse' }, fast));
    expect(error?.code).toBe('protocol');
    expect(error?.bodyExcerpt).toContain('Login required');
    expect(srv.requests).toHaveLength(1);
  });

  it("protocol 'auto' rejects text/html too", async () => {
    srv = await startTestServer((_req, res) => replyStatus(res, 200, { contentType: 'text/html; charset=utf-8', body: '<h1>proxy</h1>' }));
    const { error } = await collect(createStream({ url: srv.url }, fast));
    expect(error?.code).toBe('protocol');
  });

  it.each(['application/x-ndjson', 'application/jsonl', 'application/json-seq'])("protocol 'auto' reads %s as NDJSON", async (type) => {
    srv = await startTestServer((_req, res) => {
      ndjsonHeaders(res, type);
      res.end('{"text":"a"}\n"b"\n{"delta":"c"}\n');
    });
    const { result } = await collect(createStream({ url: srv.url, provider: 'raw' }));
    expect(result?.text).toBe('abc');
  });

  it('application/json-seq records (RS-prefixed, RFC 7464) are read too', async () => {
    srv = await startTestServer((_req, res) => {
      ndjsonHeaders(res, 'application/json-seq');
      res.end('\u001e{"text":"a"}\n\u001e"b"\n\u001e{"delta":"ç"}\n');
    });
    const { result, error } = await collect(createStream({ url: srv.url, provider: 'raw' }));
    expect(error).toBeUndefined();
    expect(result?.text).toBe('abç');
  });

  it("protocol 'auto' reads text/plain as text", async () => {
    srv = await startTestServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('data: not sse\n\nplain');
    });
    const { result } = await collect(createStream({ url: srv.url }));
    expect(result?.text).toBe('data: not sse\n\nplain');
  });

  it("protocol 'auto' reads text/event-stream as SSE", async () => {
    srv = await startTestServer((_req, res) => {
      sseHeaders(res);
      res.end(sseEvent({ data: 'only data' }));
    });
    const { result } = await collect(createStream({ url: srv.url, provider: 'raw' }));
    expect(result?.text).toBe('only data');
  });
});
