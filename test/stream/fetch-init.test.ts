// `request.init` passes fetch options through (cookies on a cross-origin stream, referrer policy...),
// streamkit keeps control of method, headers, body and signal, asks for `cache: 'no-store'` unless told
// otherwise, and copes with runtimes whose fetch rejects the `cache` field.
import { afterEach, describe, expect, it } from 'vitest';
import { createStream } from '../../src/core/stream/create-stream.js';
import type { StreamRequestInit } from '../../src/core/types.js';
import { collect } from '../helpers/stream-utils.js';
import { sseEvent, sseHeaders, startTestServer, type TestServer } from '../helpers/http-server.js';

let srv: TestServer | undefined;
afterEach(async () => {
  await srv?.close();
  srv = undefined;
});

async function helloServer(): Promise<TestServer> {
  return startTestServer((_req, res) => {
    sseHeaders(res);
    res.end(sseEvent({ data: 'hello' }) + sseEvent({ data: '[DONE]' }));
  });
}

/** A fetch that records every RequestInit and then does the real request. */
function recordingFetch(before?: (init: RequestInit, call: number) => void): { fetch: typeof fetch; inits: RequestInit[] } {
  const inits: RequestInit[] = [];
  const wrapped = (async (input: RequestInfo | URL, init?: RequestInit) => {
    inits.push({ ...init });
    before?.(init ?? {}, inits.length);
    return globalThis.fetch(input, init);
  }) as typeof fetch;
  return { fetch: wrapped, inits };
}

describe('request.init', () => {
  it('passes fetch options through and asks for no-store by default', async () => {
    srv = await helloServer();
    const { fetch, inits } = recordingFetch();
    const run = createStream({ url: srv.url, provider: 'raw', fetch, init: { credentials: 'include', referrerPolicy: 'no-referrer', keepalive: false } });
    const { result } = await collect(run);
    expect(result?.text).toBe('hello');
    expect(inits[0]).toMatchObject({ credentials: 'include', referrerPolicy: 'no-referrer', keepalive: false, cache: 'no-store', method: 'GET' });
  });

  it("keeps the caller's cache mode", async () => {
    srv = await helloServer();
    const { fetch, inits } = recordingFetch();
    await collect(createStream({ url: srv.url, provider: 'raw', fetch, init: { cache: 'no-cache' } }));
    expect(inits[0]?.cache).toBe('no-cache');
  });

  it('cannot override what streamkit controls: method, headers, body, signal', async () => {
    srv = await helloServer();
    const { fetch, inits } = recordingFetch();
    const hostile = { method: 'DELETE', body: 'x', headers: { 'x-evil': '1' }, signal: AbortSignal.abort() } as unknown as StreamRequestInit;
    const { result } = await collect(createStream({ url: srv.url, provider: 'raw', fetch, body: { q: 1 }, init: hostile }));
    expect(result?.text).toBe('hello');
    expect(inits[0]?.method).toBe('POST');
    expect(inits[0]?.body).toBe('{"q":1}');
    expect(new Headers(inits[0]?.headers).get('x-evil')).toBeNull();
    expect(srv.requests[0]?.method).toBe('POST');
  });

  it("sends the request again without `cache` when the runtime rejects the field, and remembers it", async () => {
    let connections = 0;
    srv = await startTestServer((_req, res) => {
      sseHeaders(res);
      // The first connection ends before the terminal event, so the run retries.
      if (++connections === 1) res.end(sseEvent({ data: 'a', id: '1' }));
      else res.end(sseEvent({ data: 'b', id: '2' }) + sseEvent({ data: '[DONE]' }));
    });
    const { fetch, inits } = recordingFetch((init) => {
      // Cloudflare Workers before compatibility date 2024-11-11, word for word.
      if ('cache' in init) throw new TypeError("The 'cache' field on 'RequestInitializerDict' is not implemented.");
    });
    const { result, error } = await collect(createStream({ url: srv.url, provider: 'raw', fetch }, { retry: { maxAttempts: 3, baseDelayMs: 1 } }));
    expect(error).toBeUndefined();
    expect(result?.text).toBe('ab');
    // One rejected call, then every attempt (the first and the retry) without the field.
    expect(inits.map((init) => 'cache' in init)).toEqual([true, false, false]);
    expect(srv.requests).toHaveLength(2);
  });

  it('any other TypeError from fetch stays a network failure', async () => {
    const failing = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    let calls = 0;
    const counting = (async (input: RequestInfo | URL, init?: RequestInit) => {
      calls++;
      return failing(input, init);
    }) as typeof fetch;
    const { error } = await collect(createStream({ url: 'http://127.0.0.1:9/x', provider: 'raw', fetch: counting }, { retry: { maxAttempts: 1 } }));
    expect(error?.code).toBe('network');
    expect(calls).toBe(1);
  });
});
