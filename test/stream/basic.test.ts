import { afterEach, describe, expect, it } from 'vitest';
import { createStream } from '../../src/core/stream/create-stream.js';
import type { StreamEvent } from '../../src/core/types.js';
import { sseEvent, sseHeaders, startTestServer, writeChunks, type TestServer } from '../helpers/http-server.js';

let srv: TestServer | undefined;
afterEach(async () => {
  await srv?.close();
  srv = undefined;
});

describe('createStream end to end over SSE', () => {
  it('streams text from a real server and resolves the result', async () => {
    srv = await startTestServer(async (_req, res) => {
      sseHeaders(res);
      await writeChunks(res, [sseEvent({ data: 'Hel' }), sseEvent({ data: 'lo ' }), sseEvent({ data: 'wörld' }), sseEvent({ data: '[DONE]' })], { delayMs: 2 });
      res.end();
    });
    const run = createStream({ url: `${srv.url}/chat`, provider: 'raw' });
    const events: StreamEvent[] = [];
    for await (const e of run) events.push(e);
    const result = await run.result;
    expect(result.text).toBe('Hello wörld');
    expect(events.map((e) => e.type)).toEqual(['start', 'text', 'text', 'text', 'usage', 'done']);
    expect(events.map((e) => e.seq)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(new Set(events.map((e) => e.streamId))).toEqual(new Set([run.id]));
  });
});
