import { afterEach, describe, expect, it } from 'vitest';
import { sseResponse } from '../../src/server/sse-response.js';
import { writeSSE, type WriteStreamResult } from '../../src/server/write-sse.js';
import { listen, waitFor, type TestServer } from './helpers.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const withTimeout = <T>(p: Promise<T>, ms = 5000) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('hung')), ms))]);

describe('a source that throws while it is being opened', () => {
  it('writeSSE resolves with reason "error" and ends the response (never leaves it open)', async () => {
    let outcome: WriteStreamResult | undefined;
    let rejected: unknown;
    server = await listen((_req, res) => {
      writeSSE(
        res,
        () => {
          throw new Error('cannot open');
        },
        { onError: () => ({ event: 'error', data: '{"code":"internal"}' }) },
      ).then(
        (r) => (outcome = r),
        (e: unknown) => (rejected = e ?? 'rejected'),
      );
    });
    const response = await withTimeout(fetch(server.url));
    const body = await withTimeout(response.text());
    await waitFor(() => outcome !== undefined || rejected !== undefined, 5000, 'writeSSE to settle');
    expect(rejected).toBeUndefined();
    expect(outcome?.reason).toBe('error');
    expect(body).toContain('event: error');
  });

  it('sseResponse gives a body that ends with the onError event', async () => {
    const response = sseResponse(
      () => {
        throw new Error('cannot open');
      },
      { onError: () => ({ event: 'error', data: '{"code":"internal"}' }) },
    );
    const body = await withTimeout(response.text());
    expect(body).toContain('event: error');
  });
});

describe('heartbeatMs beyond what a timer holds', () => {
  it.each([Infinity, 2 ** 40])('heartbeatMs %s sends no heartbeat (runtimes would clamp it to 1 ms)', async (heartbeatMs) => {
    server = await listen((_req, res) => {
      void writeSSE(
        res,
        async function* () {
          await new Promise((r) => setTimeout(r, 60));
          yield 'done';
        },
        { heartbeatMs },
      );
    });
    const body = await withTimeout((await fetch(server.url)).text());
    expect(body).not.toContain(': heartbeat');
    expect(body).toContain('data: done');
  });
});

describe('writeSSE on a response whose client already left', () => {
  it('stops at once instead of draining an endless source into a dead socket', async () => {
    let outcome: WriteStreamResult | undefined;
    let pulled = 0;
    server = await listen((req, res) => {
      // An auth check that takes a while: the client is gone before streaming starts.
      req.socket.destroy();
      setTimeout(() => {
        void writeSSE(res, async function* () {
          for (;;) {
            pulled += 1;
            await new Promise((r) => setTimeout(r, 1));
            yield 'tick';
          }
        }).then((r) => (outcome = r));
      }, 30);
    });
    await fetch(server.url).catch(() => undefined);
    await waitFor(() => outcome !== undefined, 5000, 'writeSSE to stop');
    expect(outcome?.reason).toBe('disconnected');
    expect(pulled).toBeLessThan(5);
  });
});

describe('demo disconnectSignal', () => {
  it('is aborted when the client left before it was created (e.g. while the body was read)', async () => {
    const { disconnectSignal } = await import('../../src/server/demo/http.js');
    let signal: AbortSignal | undefined;
    server = await listen((req, res) => {
      req.socket.destroy();
      setTimeout(() => (signal = disconnectSignal(res)), 30);
    });
    await fetch(server.url).catch(() => undefined);
    await waitFor(() => signal !== undefined, 5000, 'the handler to run');
    expect(signal?.aborted).toBe(true);
  });
});
