import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createStream } from '../../src/core/stream/create-stream.js';
import type { Decoder, StreamEventPayload } from '../../src/core/types.js';
import { collect } from '../helpers/stream-utils.js';
import { sseEvent } from '../helpers/http-server.js';

const DOC = { title: 'Report', items: [1, 2, 3], nested: { ok: true, note: 'héllo 😀' } };
const TEXT = JSON.stringify(DOC);

/** An SSE source where each yielded string is one transport chunk holding `perChunk` text events. */
function sourceOf(text: string, pieceSize: number, perChunk: number, terminal = true): AsyncIterable<string> {
  const pieces = text.match(new RegExp(`[\\s\\S]{1,${pieceSize}}`, 'gu')) ?? [];
  const chunks: string[] = [];
  for (let i = 0; i < pieces.length; i += perChunk) chunks.push(pieces.slice(i, i + perChunk).map((p) => sseEvent({ data: JSON.stringify(p) })).join(''));
  if (terminal) chunks.push(sseEvent({ data: '[DONE]' }));
  return (async function* () {
    for (const c of chunks) yield c;
  })();
}

/** Decodes SSE data as a JSON-encoded text delta, or as a full event payload when it is an object. */
const jsonText: Decoder = {
  name: 'json-text',
  protocol: 'sse',
  create() {
    let terminated = false;
    return {
      get terminated() {
        return terminated;
      },
      push(message, emit) {
        if (message.kind !== 'sse') return;
        if (message.data === '[DONE]') {
          terminated = true;
          return;
        }
        const v = JSON.parse(message.data) as string | StreamEventPayload;
        emit(typeof v === 'string' ? { type: 'text', delta: v, index: 0 } : v);
      },
    };
  },
};

describe('JSON mode', () => {
  it('publishes snapshots at most once per transport chunk and sets result.json', async () => {
    const chunkCount = Math.ceil(Math.ceil(TEXT.length / 3) / 4);
    const { result, events } = await collect(createStream({ source: sourceOf(TEXT, 3, 4), provider: jsonText }, { json: true }));
    expect(result?.json).toEqual(DOC);
    expect(result?.text).toBe(TEXT);
    const snaps = events.filter((e) => e.type === 'json');
    expect(snaps.length).toBeGreaterThan(1);
    expect(snaps.length).toBeLessThanOrEqual(chunkCount);
    const last = snaps.at(-1);
    expect(last?.type === 'json' && last.complete).toBe(true);
    expect(last?.type === 'json' && last.value).toEqual(DOC);
    // json events come before usage and done
    const types = events.map((e) => e.type);
    expect(types.lastIndexOf('json')).toBeLessThan(types.indexOf('usage'));
  });

  it("batch 'frame' publishes fewer snapshots than chunks (timer fallback in Node)", async () => {
    async function* slow() {
      for (const piece of TEXT.match(/[\s\S]{1,2}/gu)!) yield sseEvent({ data: JSON.stringify(piece) });
      yield sseEvent({ data: '[DONE]' });
    }
    const { result, events } = await collect(createStream({ source: slow(), provider: jsonText }, { json: true, batch: 'frame' }));
    expect(result?.json).toEqual(DOC);
    const snaps = events.filter((e) => e.type === 'json');
    expect(snaps.length).toBeGreaterThanOrEqual(1);
    expect(snaps.length).toBeLessThan(TEXT.length / 2);
  });

  it('feeds the first tool call arguments when a tool call is the first content', async () => {
    const payloads: StreamEventPayload[] = [
      { type: 'tool-call', id: 't1', name: 'emit', argsDelta: TEXT.slice(0, 10), index: 0 },
      { type: 'tool-call', id: 't2', name: 'other', argsDelta: '{"nope":1}', index: 1 },
      { type: 'tool-call', id: '', name: '', argsDelta: TEXT.slice(10), index: 0 },
      { type: 'text', delta: 'not json at all', index: 0 },
    ];
    async function* src() {
      for (const p of payloads) yield sseEvent({ data: JSON.stringify(p) });
      yield sseEvent({ data: '[DONE]' });
    }
    const { result, error } = await collect(createStream({ source: src(), provider: jsonText }, { json: true }));
    expect(error).toBeUndefined();
    expect(result?.json).toEqual(DOC);
    expect(result?.toolCalls.map((c) => c.name)).toEqual(['emit', 'other']);
  });

  it('a schema failure rejects with a validation error, keeping text and the json value', async () => {
    const schema = z.object({ title: z.string(), items: z.array(z.string()) });
    const { error, types } = await collect(createStream({ source: sourceOf(TEXT, 5, 2), provider: jsonText }, { json: { schema } }));
    expect(error?.code).toBe('validation');
    expect(error?.issues?.length).toBeGreaterThan(0);
    expect(error?.partial?.text).toBe(TEXT);
    expect(error?.partial?.json).toEqual(DOC);
    expect(types).not.toContain('done');
    expect(types.at(-1)).toBe('error');
  });

  it('a schema success gives the schema output', async () => {
    const schema = z.object({ title: z.string().transform((s) => s.toUpperCase()) }).passthrough();
    const { result } = await collect(createStream({ source: sourceOf(TEXT, 5, 2), provider: jsonText }, { json: { schema } }));
    expect((result?.json as { title: string }).title).toBe('REPORT');
  });

  it('invalid JSON text fails the run with a parse error as soon as it arrives', async () => {
    const { error } = await collect(createStream({ source: sourceOf('{"a": nope}', 3, 1), provider: jsonText }, { json: true }));
    expect(error?.code).toBe('parse');
    expect(error?.partial?.text.length).toBeGreaterThan(0);
  });

  it('truncated JSON at the end fails with a parse error', async () => {
    const { error } = await collect(createStream({ source: sourceOf(TEXT.slice(0, 20), 3, 1), provider: jsonText }, { json: true }));
    expect(error?.code).toBe('parse');
  });
});
