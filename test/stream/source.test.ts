import { describe, expect, it } from 'vitest';
import { createStream } from '../../src/core/stream/create-stream.js';
import { collect } from '../helpers/stream-utils.js';
import { randomByteChunks, seededRandom, sseEvent } from '../helpers/http-server.js';

const SSE = ['héllo', ' wörld', ' 😀', ' 日本'].map((d) => sseEvent({ data: d })).join('') + sseEvent({ data: '[DONE]' });

function readableOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      if (i < chunks.length) controller.enqueue(chunks[i++]!);
      else controller.close();
    },
  });
}

describe('source instead of url', () => {
  it('reads a ReadableStream of bytes split at random points (cutting UTF-8 characters)', async () => {
    for (const seed of [1, 2, 3]) {
      const chunks = randomByteChunks(SSE, seededRandom(seed), 5);
      const { result } = await collect(createStream({ source: readableOf(chunks), protocol: 'sse', provider: 'raw' }));
      expect(result?.text).toBe('héllo wörld 😀 日本');
      expect(result?.metrics.chunks).toBe(chunks.length);
      expect(result?.metrics.bytes).toBe(chunks.reduce((n, c) => n + c.byteLength, 0));
    }
  });

  it('reads an AsyncIterable of strings; the protocol is sniffed when not given', async () => {
    async function* gen() {
      for (const piece of SSE.match(/[\s\S]{1,7}/g)!) yield piece;
    }
    const { result, events } = await collect(createStream({ source: gen() }));
    expect(result?.text).toBe('héllo wörld 😀 日本');
    expect(events[0]?.type === 'start' && events[0].request).toEqual({ url: 'source', method: 'SOURCE', provider: 'auto', fallbackIndex: 0 });
  });

  it('sniffs NDJSON from a source', async () => {
    async function* gen() {
      yield '{"text":"a"}\n{"te';
      yield 'xt":"b"}\n';
    }
    const { result } = await collect(createStream({ source: gen(), provider: 'raw' }));
    expect(result?.text).toBe('ab');
  });

  it('a source that throws fails the run with a network error and the partial text', async () => {
    async function* gen() {
      yield sseEvent({ data: 'ok' });
      throw new Error('socket hang up');
    }
    const { error } = await collect(createStream({ source: gen(), provider: 'raw' }));
    expect(error?.code).toBe('network');
    expect(error?.message).toContain('socket hang up');
    expect(error?.partial?.text).toBe('ok');
  });

  it('idle timeout applies to sources', async () => {
    async function* gen() {
      yield sseEvent({ data: 'x' });
      await new Promise(() => {}); // never yields again
    }
    const { error } = await collect(createStream({ source: gen(), provider: 'raw' }, { idleTimeoutMs: 100 }));
    expect(error?.code).toBe('timeout-idle');
  });

  it('sniffs SSE even when the source arrives one byte at a time', async () => {
    const chunks = randomByteChunks(SSE, seededRandom(5), 1);
    const { result } = await collect(createStream({ source: readableOf(chunks), provider: 'raw' }));
    expect(result?.text).toBe('héllo wörld 😀 日本');
  });

  it('a short source that only looks like the start of a field name is text', async () => {
    async function* gen() {
      yield 'da';
    }
    const { result } = await collect(createStream({ source: gen(), provider: 'raw' }));
    expect(result?.text).toBe('da');
  });
});
