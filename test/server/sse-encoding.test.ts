import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { describe, expect, it } from 'vitest';
import { encodeNDJSON } from '../../src/server/ndjson.js';
import { encodeSSE, encodeSSEComment, encodeSSERetry } from '../../src/server/sse.js';
import { seededRandom } from './helpers.js';

function parseAll(text: string, random: () => number) {
  const events: EventSourceMessage[] = [];
  const comments: string[] = [];
  let retry: number | undefined;
  const parser = createParser({ onEvent: (e) => events.push(e), onComment: (c) => comments.push(c), onRetry: (r) => (retry = r) });
  // Feed bytes at random boundaries, including 1-byte splits that cut UTF-8 sequences.
  const bytes = new TextEncoder().encode(text);
  const decoder = new TextDecoder();
  let i = 0;
  while (i < bytes.length) {
    const size = random() < 0.3 ? 1 : 1 + Math.floor(random() * 17);
    parser.feed(decoder.decode(bytes.subarray(i, i + size), { stream: true }));
    i += size;
  }
  parser.feed(decoder.decode());
  return { events, comments, retry };
}

describe('encodeSSE', () => {
  it('writes id, event, retry and one data line per line', () => {
    expect(encodeSSE({ id: 'e:1', event: 'step_start', data: 'a\nb', retry: 1500 })).toBe(
      'event: step_start\nid: e:1\nretry: 1500\ndata: a\ndata: b\n\n',
    );
    expect(encodeSSE({ data: '' })).toBe('data: \n\n');
  });

  it('round-trips arbitrary data through a standard parser at any split', () => {
    const random = seededRandom(42);
    const samples = ['plain', 'multi\nline\n', 'crlf\r\nand\rcr', '', '\n\n', 'unicode é 日本 🚀', ' leading space', 'data: fake\n\nevent: x'];
    const text = samples.map((data, i) => encodeSSE(i % 2 ? { id: String(i), event: 'odd', data } : { id: String(i), data })).join('');
    for (let round = 0; round < 20; round += 1) {
      const { events } = parseAll(text, random);
      expect(events.map((e) => e.data)).toEqual(samples.map((s) => s.replace(/\r\n|\r/g, '\n')));
      expect(events.map((e) => e.id)).toEqual(samples.map((_, i) => String(i)));
      expect(events.map((e) => e.event)).toEqual(samples.map((_, i) => (i % 2 ? 'odd' : undefined)));
    }
  });

  it('rejects ids and event names that could inject fields', () => {
    expect(() => encodeSSE({ id: 'a\nevent: evil', data: 'x' })).toThrow(TypeError);
    expect(() => encodeSSE({ event: 'a\rb', data: 'x' })).toThrow(TypeError);
    expect(() => encodeSSE({ id: 'a\0b', data: 'x' })).toThrow(TypeError);
    expect(() => encodeSSE({ data: 'x', retry: -1 })).toThrow(TypeError);
  });

  it('encodes comments and retry that parsers ignore or apply', () => {
    const { events, comments, retry } = parseAll(encodeSSEComment('heartbeat') + encodeSSERetry(3000) + encodeSSE({ data: 'x' }), seededRandom(1));
    expect(comments).toEqual(['heartbeat']);
    expect(retry).toBe(3000);
    expect(events.map((e) => e.data)).toEqual(['x']);
    expect(encodeSSEComment('two\nlines')).toBe(': two\n: lines\n\n');
  });
});

describe('encodeNDJSON', () => {
  it('keeps each value on one line', () => {
    const line = encodeNDJSON({ text: 'a\nb', n: 1 });
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1).includes('\n')).toBe(false);
    expect(JSON.parse(line)).toEqual({ text: 'a\nb', n: 1 });
    expect(() => encodeNDJSON(undefined)).toThrow(TypeError);
  });
});
