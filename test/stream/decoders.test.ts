import { afterEach, describe, expect, it } from 'vitest';
import { createStream } from '../../src/core/stream/create-stream.js';
import { resolveDecoder } from '../../src/core/decoders/registry.js';
import { pipelineDecoder } from '../../src/core/decoders/pipeline.js';
import { rawDecoder } from '../../src/core/decoders/raw.js';
import { StreamError } from '../../src/core/errors.js';
import type { StreamEventPayload } from '../../src/core/types.js';
import { collect } from '../helpers/stream-utils.js';
import { cutAfter, ndjsonHeaders, randomByteChunks, seededRandom, sseEvent, sseHeaders, startTestServer, type TestServer } from '../helpers/http-server.js';

let srv: TestServer | undefined;
afterEach(async () => {
  await srv?.close();
  srv = undefined;
});

const EXEC = 'exec-42';
function wireEvent(seq: number, event_type: string, step_id: string | undefined, data: Record<string, unknown>) {
  const payload: Record<string, unknown> = { event_type, execution_id: EXEC, timestamp: `2026-01-01T00:00:0${seq % 10}Z`, data, metadata: { seq } };
  if (step_id) payload.step_id = step_id;
  return { payload, sse: sseEvent({ event: event_type, id: `${EXEC}:${seq}`, data: JSON.stringify(payload) }) };
}
const PIPELINE = [
  wireEvent(1, 'pipeline_start', undefined, { steps: 2 }),
  wireEvent(2, 'step_start', 'fetch', {}),
  wireEvent(3, 'step_progress', 'fetch', { progress: 0.5, message: 'half' }),
  wireEvent(4, 'step_complete', 'fetch', { output: { n: 1 }, duration_ms: 12 }),
  wireEvent(5, 'step_start', 'write', {}),
  wireEvent(6, 'step_progress', 'write', { token: 'Hél' }),
  wireEvent(7, 'step_progress', 'write', { token: 'lo 😀' }),
  wireEvent(8, 'checkpoint_saved', 'write', { checkpoint: 'c1' }),
  wireEvent(9, 'step_complete', 'write', { output: 'Héllo 😀' }),
  wireEvent(10, 'pipeline_complete', undefined, { ok: true }),
];
const PIPELINE_SSE = PIPELINE.map((e) => e.sse).join('');

describe('pipeline decoder', () => {
  it('decodes the wire format into camelCased pipeline, progress and text events at any chunking', async () => {
    for (const seed of [7, 8, 9]) {
      const chunks = randomByteChunks(PIPELINE_SSE, seededRandom(seed), seed === 7 ? 1 : 9);
      const { result, events } = await collect(
        createStream({ source: (async function* () { yield* chunks; })(), protocol: 'sse', provider: 'pipeline' }),
      );
      expect(result?.text).toBe('Héllo 😀');
      const pipeline = events.filter((e) => e.type === 'pipeline');
      expect(pipeline.map((e) => e.type === 'pipeline' && e.kind)).toEqual(PIPELINE.map((e) => e.payload.event_type));
      expect(pipeline[2]).toMatchObject({
        kind: 'step_progress',
        executionId: EXEC,
        stepId: 'fetch',
        timestamp: '2026-01-01T00:00:03Z',
        data: { progress: 0.5, message: 'half' },
        metadata: { seq: 3 },
        eventId: `${EXEC}:3`,
      });
      const progress = events.filter((e) => e.type === 'progress');
      expect(progress).toHaveLength(1);
      expect(progress[0]).toMatchObject({ value: 0.5, message: 'half', stepId: 'fetch' });
      expect(result?.lastEventId).toBe(`${EXEC}:10`);
    }
  });

  it('reads the same events as NDJSON lines', async () => {
    srv = await startTestServer((_req, res) => {
      ndjsonHeaders(res);
      res.end(PIPELINE.map((e) => JSON.stringify(e.payload)).join('\n') + '\n');
    });
    const { result, events } = await collect(createStream({ url: srv.url, provider: 'pipeline' }));
    expect(result?.text).toBe('Héllo 😀');
    expect(events.filter((e) => e.type === 'pipeline')).toHaveLength(PIPELINE.length);
  });

  it('pipeline_error fails the run with a provider error after delivering the event', async () => {
    const failing = [PIPELINE[0]!, PIPELINE[1]!, wireEvent(3, 'pipeline_error', undefined, { error: 'step exploded', code: 'E_STEP' })];
    srv = await startTestServer((_req, res) => {
      sseHeaders(res);
      res.end(failing.map((e) => e.sse).join(''));
    });
    const { error, types } = await collect(createStream({ url: srv.url, provider: 'pipeline' }));
    expect(error?.code).toBe('provider');
    expect(error?.message).toBe('step exploded');
    expect(error?.providerCode).toBe('E_STEP');
    expect(types.slice(-2)).toEqual(['pipeline', 'error']);
  });

  it('resumes an execution by <executionId>:<seq> after a cut, without duplicates', async () => {
    srv = await startTestServer(async (req, res) => {
      sseHeaders(res);
      if (req.lastEventId === undefined) return cutAfter(res, sseEvent({ retry: 1 }) + PIPELINE_SSE, Math.floor(PIPELINE_SSE.length * 0.6));
      const after = Number(req.lastEventId.split(':')[1]);
      res.end(PIPELINE.filter((_, i) => i + 1 > after - 2).map((e) => e.sse).join('')); // replays two old events
    });
    const { result, events } = await collect(createStream({ url: srv.url, provider: 'pipeline' }));
    expect(result?.text).toBe('Héllo 😀');
    expect(srv.requests[1]?.lastEventId).toMatch(new RegExp(`^${EXEC}:\\d+$`));
    expect(events.filter((e) => e.type === 'pipeline').map((e) => e.type === 'pipeline' && e.eventId)).toEqual(PIPELINE.map((_, i) => `${EXEC}:${i + 1}`));
  });

  it('non-JSON data is a parse error; unknown event types are skipped', () => {
    const d = pipelineDecoder.create();
    const out: StreamEventPayload[] = [];
    d.push({ kind: 'sse', event: 'future_kind', data: JSON.stringify({ event_type: 'future_kind', execution_id: 'x' }), id: '' }, (e) => out.push(e));
    expect(out).toEqual([]);
    expect(() => d.push({ kind: 'sse', event: 'step_start', data: 'not json', id: '' }, (e) => out.push(e))).toThrow(StreamError);
  });
});

describe('raw decoder', () => {
  it('treats [DONE], event: done and event: end as terminal', () => {
    for (const msg of [
      { kind: 'sse' as const, event: 'message', data: '[DONE]', id: '' },
      { kind: 'sse' as const, event: 'done', data: 'x', id: '' },
      { kind: 'sse' as const, event: 'end', data: '', id: '' },
    ]) {
      const d = rawDecoder.create();
      const out: StreamEventPayload[] = [];
      d.push(msg, (e) => out.push(e));
      expect(d.terminated).toBe(true);
      expect(out).toEqual([]);
    }
  });

  it('a clean end is terminal only when the server sent no ids', () => {
    const withIds = rawDecoder.create();
    withIds.push({ kind: 'sse', event: 'message', data: 'a', id: '1' }, () => {});
    withIds.end?.(() => {});
    expect(withIds.terminated).toBe(false);
    const without = rawDecoder.create();
    without.push({ kind: 'sse', event: 'message', data: 'a', id: '' }, () => {});
    without.end?.(() => {});
    expect(without.terminated).toBe(true);
  });
});

describe('decoder registry and auto detection', () => {
  it('resolves built-ins, provider names and Decoder objects; unknown names are protocol errors', () => {
    expect(resolveDecoder('raw')).toBe(rawDecoder);
    expect(resolveDecoder('pipeline')).toBe(pipelineDecoder);
    expect(resolveDecoder('openai').name).toBe('openai');
    expect(resolveDecoder(rawDecoder)).toBe(rawDecoder);
    expect(resolveDecoder(undefined).name).toBe('auto');
    expect(() => resolveDecoder('nope' as 'raw')).toThrow(expect.objectContaining({ code: 'protocol' }));
  });

  it('an unknown provider fails the run with a protocol error and sends nothing', async () => {
    srv = await startTestServer((_req, res) => res.end());
    const { error } = await collect(createStream({ url: srv.url, provider: 'nope' as 'raw' }));
    expect(error?.code).toBe('protocol');
    expect(srv.requests).toHaveLength(0);
  });

  it('auto picks pipeline from the first payload', async () => {
    const { events, result } = await collect(createStream({ source: (async function* () { yield PIPELINE_SSE; })() }));
    expect(result?.text).toBe('Héllo 😀');
    expect(events.some((e) => e.type === 'pipeline')).toBe(true);
  });

  it('auto asks provider decoders (OpenAI chat chunks)', async () => {
    const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
      sseEvent({ data: JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o', choices: [{ index: 0, delta, finish_reason: finish }] }) });
    const body = chunk({ role: 'assistant', content: '' }) + chunk({ content: 'Hi' }) + chunk({ content: ' there' }) + chunk({}, 'stop') + sseEvent({ data: '[DONE]' });
    const { result } = await collect(createStream({ source: (async function* () { yield body; })() }));
    expect(result?.text).toBe('Hi there');
    expect(result?.finishReason).toBe('stop');
  });

  it('auto falls back to raw for anything else', async () => {
    const { result } = await collect(createStream({ source: (async function* () { yield sseEvent({ data: 'just text' }); })() }));
    expect(result?.text).toBe('just text');
  });
});
