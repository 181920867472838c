import { describe, expect, it } from 'vitest';
import { StreamError } from '../../src/core/errors.js';
import { createSSEParser, type ParsedSSEEvent, type SSEParserOptions } from '../../src/core/framing/sse-parser.js';
import { SEEDS, fixedChunks, randomChunks, utf8 } from './helpers.js';

type Extra = Omit<SSEParserOptions, 'onEvent' | 'onRetry' | 'onComment' | 'onError'>;

function collect(extra: Extra = {}) {
  const events: ParsedSSEEvent[] = [];
  const retries: number[] = [];
  const comments: string[] = [];
  const errors: StreamError[] = [];
  const parser = createSSEParser({
    ...extra,
    onEvent: (m) => events.push(m),
    onRetry: (ms) => retries.push(ms),
    onComment: (text) => comments.push(text),
    onError: (e) => errors.push(e),
  });
  return { parser, events, retries, comments, errors };
}

function parseAll(chunks: Iterable<string | Uint8Array>, extra: Extra = {}) {
  const c = collect(extra);
  for (const chunk of chunks) c.parser.feed(chunk);
  c.parser.end();
  return c;
}

const msg = (data: string, event = 'message', id = ''): ParsedSSEEvent => ({ event, data, id });

describe('createSSEParser: byte order mark', () => {
  it('strips one leading BOM and keeps a second one', () => {
    // The second BOM becomes part of the field name, so the line is an unknown field.
    expect(parseAll(['\uFEFF\uFEFFdata: a\n\ndata: b\n\n']).events).toEqual([msg('b')]);
    expect(parseAll(['\uFEFFdata: a\n\n']).events).toEqual([msg('a')]);
    expect(parseAll(['\uFEFFdata: \uFEFFa\n\n']).events).toEqual([msg('\uFEFFa')]);
  });

  it('strips a BOM only at the stream start, including when it arrives alone or as split bytes', () => {
    expect(parseAll(['data: 1\n\n', '\uFEFFdata: 2\n\n']).events).toEqual([msg('1')]);
    expect(parseAll(['', '\uFEFF', 'data: x\n\n']).events).toEqual([msg('x')]);
    const bytes = utf8('\uFEFFdata: x\n\n');
    expect(parseAll([bytes.subarray(0, 1), bytes.subarray(1, 2), bytes.subarray(2)]).events).toEqual([msg('x')]);
  });

  it('re-arms BOM stripping after reset() (a reconnect is a new stream)', () => {
    const c = collect();
    c.parser.feed('data: 1\n\n');
    c.parser.reset();
    c.parser.feed('\uFEFFdata: 2\n\n');
    expect(c.events).toEqual([msg('1'), msg('2')]);
  });
});

describe('createSSEParser: line endings', () => {
  it('treats a CRLF split across two chunks as ONE line end', () => {
    // If the LF were a second line end it would be a blank line and dispatch "a" alone.
    expect(parseAll(['data: a\r', '\ndata: b\r\n\r\n']).events).toEqual([msg('a\nb')]);
    expect(parseAll(['data: a\r', '\n', '\r', '\n']).events).toEqual([msg('a')]);
    const bytes = utf8('data: a\r\ndata: b\r\n\r\n');
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(parseAll([bytes.subarray(0, cut), bytes.subarray(cut)]).events, `cut ${cut}`).toEqual([msg('a\nb')]);
    }
  });

  it('dispatches from bytes as soon as the blank line arrives, for CR, LF and CRLF', () => {
    for (const end of ['\r', '\n', '\r\n']) {
      const c = collect();
      c.parser.feed(utf8(`data: a${end}`));
      c.parser.feed(utf8(`data: 東${end}`));
      expect(c.events).toEqual([]);
      c.parser.feed(utf8(end));
      expect(c.events, JSON.stringify(end)).toEqual([msg('a\n東')]);
      c.parser.feed(utf8(`: ping${end}`));
      expect(c.comments).toEqual(['ping']);
    }
  });

  it('parses CR-only streams', () => {
    const input = 'event: x\rdata: a\rdata: b\r\rdata: c\r\r';
    const expected = [msg('a\nb', 'x'), msg('c')];
    expect(parseAll([input]).events).toEqual(expected);
    for (const seed of SEEDS) expect(parseAll(randomChunks(input, seed, 4)).events).toEqual(expected);
  });

  it('handles a lone CR at the very end of a chunk followed by a non-LF character', () => {
    expect(parseAll(['data: a\r', 'data: b\r', '\r']).events).toEqual([msg('a\nb')]);
  });

  it('accepts mixed CR, LF and CRLF in one stream at random chunkings', () => {
    const input = 'data: 1\r\n\r\ndata: 2\n\ndata: 3\r\rid: 9\r\ndata: 4\n\r\n';
    const expected = [msg('1'), msg('2'), msg('3'), msg('4', 'message', '9')];
    for (const seed of SEEDS) {
      expect(parseAll(randomChunks(input, seed, 5)).events, `seed ${seed}`).toEqual(expected);
      expect(parseAll(randomChunks(utf8(input), seed, 5)).events, `byte seed ${seed}`).toEqual(expected);
    }
  });
});

describe('createSSEParser: fields', () => {
  it('sends comments to onComment without dispatching', () => {
    const c = parseAll([': heartbeat\n:\n:no-space\n:  two spaces\ndata: x\n\n']);
    expect(c.comments).toEqual(['heartbeat', '', 'no-space', ' two spaces']);
    expect(c.events).toEqual([msg('x')]);
  });

  it('calls onRetry only for all-ASCII-digit values', () => {
    const input = ['retry: 1500', 'retry:0042', 'retry: 1.5', 'retry: -1', 'retry: 10a', 'retry:', 'retry', 'retry:  100', 'retry: ١٢', 'retry: 1/2', 'retry: 1:2', 'retry: 7']
      .map((line) => `${line}\n`)
      .join('');
    expect(parseAll([input]).retries).toEqual([1500, 42, 7]);
  });

  it('defaults the event type to message and resets it after each dispatch', () => {
    expect(parseAll(['event: a\ndata: 1\n\ndata: 2\n\nevent:\ndata: 3\n\n']).events).toEqual([msg('1', 'a'), msg('2'), msg('3')]);
  });

  it('keeps the id persistent, resets it with an empty id, ignores ids containing NULL', () => {
    const c = parseAll(['id: 1\ndata: a\n\ndata: b\n\nid: x\u0000y\ndata: c\n\nid\ndata: d\n\n']);
    expect(c.events).toEqual([msg('a', 'message', '1'), msg('b', 'message', '1'), msg('c', 'message', '1'), msg('d')]);
  });

  it('commits lastEventId at dispatch time, also for an event with no data', () => {
    const c = collect();
    c.parser.feed('id: 3\ndata: x\n');
    expect(c.parser.lastEventId).toBe('');
    c.parser.feed('\n');
    expect(c.parser.lastEventId).toBe('3');
    c.parser.feed('id: 4\n\n');
    expect(c.parser.lastEventId).toBe('4');
    expect(c.events).toEqual([msg('x', 'message', '3')]);
  });

  it('joins many data lines with LF and keeps empty lines', () => {
    const lines = Array.from({ length: 1000 }, (_, i) => (i % 10 === 0 ? '' : `line ${i}`));
    const input = `${lines.map((l) => `data: ${l}`).join('\n')}\n\n`;
    expect(parseAll(fixedChunks(input, 3)).events).toEqual([msg(lines.join('\n'))]);
  });
});

describe('createSSEParser: UTF-8', () => {
  const text = 'héllo 世界 🎉👩‍👩‍👧 ✓ Ω 𝄞';
  const input = `event: 🎉\nid: 世界\ndata: ${text}\ndata: ${text}\n\n`;
  const expected = [msg(`${text}\n${text}`, '🎉', '世界')];

  it('decodes multi-byte characters (emoji, CJK) split at every byte', () => {
    const bytes = utf8(input);
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(parseAll([bytes.subarray(0, cut), bytes.subarray(cut)]).events, `cut ${cut}`).toEqual(expected);
    }
    expect(parseAll(fixedChunks(bytes, 1)).events).toEqual(expected);
    for (const seed of SEEDS) expect(parseAll(randomChunks(bytes, seed, 5)).events).toEqual(expected);
  });

  it('decodes large byte chunks that cut characters between them (bulk path)', () => {
    const events = Array.from({ length: 300 }, (_, i) => `id: ${i}\ndata: 東京 ${i} 🎉👩‍💻 café ${'é'.repeat(i % 7)}\n\n`);
    const whole = events.join('');
    const expected = parseAll([whole]).events;
    expect(expected).toHaveLength(300);
    const bytes = utf8(whole);
    for (const seed of SEEDS) {
      expect(parseAll(randomChunks(bytes, seed, 5000)).events, `seed ${seed}`).toEqual(expected);
    }
    for (let cut = 1; cut < 400; cut++) {
      // 2 KB+ chunks whose boundary falls inside a line (and often inside a character)
      const at = 2500 + cut;
      expect(parseAll([bytes.subarray(0, at), bytes.subarray(at)]).events, `cut ${at}`).toEqual(expected);
    }
  });

  it('decodes a line longer than the byte deferral limit fed in small byte chunks', () => {
    const text = '東京🎉'.repeat(30_000); // ~300 KB of UTF-8 in one line
    const bytes = utf8(`data: ${text}\n\n`);
    expect(parseAll(fixedChunks(bytes, 1000)).events).toEqual([msg(text)]);
    expect(parseAll(randomChunks(bytes, 9, 3000)).events).toEqual([msg(text)]);
  });

  it('turns an incomplete trailing sequence into U+FFFD when the byte stream ends', () => {
    const bytes = utf8('data: a🎉');
    const c = parseAll([bytes.subarray(0, bytes.length - 1)], { flushOnEnd: true });
    expect(c.events).toEqual([msg('a\uFFFD')]);
  });

  it('flushes held bytes as U+FFFD when a string chunk follows (documented mixing rule)', () => {
    const bytes = utf8('data: a🎉');
    const c = parseAll([bytes.subarray(0, bytes.length - 2), 'b\n\n']);
    expect(c.events).toEqual([msg('a\uFFFDb')]);
  });
});

describe('createSSEParser: maxBufferSize', () => {
  it('reports ONE max-buffer error for an oversized event, discards it and resyncs at the next blank line', () => {
    const big = 'x'.repeat(5000);
    const input = `data: before\n\ndata: ${big}\ndata: ${big}\nid: 99\nevent: big\ndata: more\n\ndata: after\n\n`;
    for (const chunks of [[input], fixedChunks(input, 64), randomChunks(input, 3, 700)]) {
      const c = parseAll(chunks, { maxBufferSize: 1000 });
      expect(c.errors).toHaveLength(1);
      expect(c.errors[0]).toBeInstanceOf(StreamError);
      expect(c.errors[0]?.code).toBe('max-buffer');
      // the id of the discarded event does not leak into the next one
      expect(c.events).toEqual([msg('before'), msg('after')]);
      expect(c.parser.lastEventId).toBe('');
    }
  });

  it('treats the line end after an oversized unfinished line as the end of that line, not a blank line', () => {
    const c = collect({ maxBufferSize: 100 });
    c.parser.feed(`data: ${'x'.repeat(300)}`);
    // This LF ends the oversized line; "data: same" still belongs to the discarded event.
    c.parser.feed('\ndata: same\n\ndata: next\n\n');
    expect(c.errors).toHaveLength(1);
    expect(c.events).toEqual([msg('next')]);
  });

  it('discards an oversized single-line event (and its id) and keeps the next one', () => {
    const input = `id: 5\ndata: ${'z'.repeat(1001)}\n\ndata: ok\n\n`;
    for (const chunks of [[input], [utf8(input)], fixedChunks(input, 100)]) {
      const c = parseAll(chunks, { maxBufferSize: 1000 });
      expect(c.errors.map((e) => e.code)).toEqual(['max-buffer']);
      expect(c.events).toEqual([msg('ok')]);
      expect(c.parser.lastEventId).toBe('');
    }
  });

  it('counts accumulated data lines, not just the current line', () => {
    const line = `data: ${'y'.repeat(90)}\n`;
    const c = parseAll([`${line.repeat(20)}\ndata: ok\n\n`], { maxBufferSize: 1000 });
    expect(c.errors.map((e) => e.code)).toEqual(['max-buffer']);
    expect(c.events).toEqual([msg('ok')]);
  });

  it('does not error for events at the limit', () => {
    const c = parseAll([`data: ${'z'.repeat(1000)}\n\n`], { maxBufferSize: 1000 });
    expect(c.errors).toEqual([]);
    expect(c.events).toHaveLength(1);
  });

  it('survives 100 MB of a never-ending line in 64 KB chunks with bounded memory', () => {
    const c = collect({ maxBufferSize: 1024 * 1024 });
    c.parser.feed('data: first\n\n');
    // Bytes: every chunk decodes to a fresh 64 KB string, so retaining them would show in the heap.
    const chunk = new Uint8Array(64 * 1024).fill(0x61);
    const heapBefore = process.memoryUsage().heapUsed;
    let fedWhenErrored = -1;
    for (let i = 0; i < 1600; i++) {
      c.parser.feed(chunk);
      if (fedWhenErrored === -1 && c.errors.length > 0) fedWhenErrored = i + 1;
    }
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
    c.parser.feed('\n\ndata: after\n\n');
    expect(c.errors).toHaveLength(1);
    expect(c.errors[0]?.code).toBe('max-buffer');
    // The error comes as soon as 1 MB is exceeded (17 chunks), not after buffering everything.
    expect(fedWhenErrored).toBeGreaterThanOrEqual(17);
    expect(fedWhenErrored).toBeLessThanOrEqual(18);
    expect(heapGrowth).toBeLessThan(50 * 1024 * 1024);
    expect(c.events).toEqual([msg('first'), msg('after')]);
  }, 120_000);

  it('throws the error from feed() without onError, after consuming the whole chunk', () => {
    const events: ParsedSSEEvent[] = [];
    const parser = createSSEParser({ onEvent: (m) => events.push(m), maxBufferSize: 100 });
    const feed = () => parser.feed(`data: ok\n\ndata: ${'x'.repeat(200)}\n\ndata: after\n\n`);
    expect(feed).toThrow(StreamError);
    expect(events.map((e) => e.data)).toEqual(['ok', 'after']);
    parser.feed('data: later\n\n');
    expect(events.map((e) => e.data)).toEqual(['ok', 'after', 'later']);
  });
});

describe('createSSEParser: end() and flushOnEnd', () => {
  it('discards an unterminated last event by default', () => {
    const c = parseAll(['data: a\n\nid: 5\ndata: b\ndata: c']);
    expect(c.events).toEqual([msg('a')]);
    expect(c.parser.lastEventId).toBe('');
  });

  it('dispatches an unterminated last event with flushOnEnd, including its pending line', () => {
    for (const chunks of [['data: a\n\nid: 5\ndata: b\ndata: c'], fixedChunks('data: a\n\nid: 5\ndata: b\ndata: c', 2)]) {
      const c = parseAll(chunks, { flushOnEnd: true });
      expect(c.events).toEqual([msg('a'), msg('b\nc', 'message', '5')]);
      expect(c.parser.lastEventId).toBe('5');
    }
  });

  it('with flushOnEnd, a trailing comment or terminated data line is handled like any other', () => {
    expect(parseAll(['data: x\n'], { flushOnEnd: true }).events).toEqual([msg('x')]);
    const c = parseAll(['data: x\n\n: bye'], { flushOnEnd: true });
    expect(c.events).toEqual([msg('x')]);
    expect(c.comments).toEqual(['bye']);
  });

  it('starts clean after end()', () => {
    const c = collect();
    c.parser.feed('data: partial');
    c.parser.end();
    c.parser.feed('data: next\n\n');
    expect(c.events).toEqual([msg('next')]);
  });
});

describe('createSSEParser: reset()', () => {
  it('discards partial state but keeps lastEventId', () => {
    const c = collect();
    c.parser.feed('id: 7\ndata: a\n\nid: 8\nevent: custom\ndata: partial\ndata: par');
    c.parser.reset();
    expect(c.parser.lastEventId).toBe('7');
    c.parser.feed('tial\n\ndata: b\n\n');
    expect(c.events).toEqual([msg('a', 'message', '7'), msg('b', 'message', '7')]);
  });

  it('drops held UTF-8 bytes and a pending CR', () => {
    const c = collect();
    const emoji = utf8('🎉');
    c.parser.feed(emoji.subarray(0, 2));
    c.parser.reset();
    c.parser.feed(utf8('data: ok\n\n'));
    c.parser.feed('data: cr\r');
    c.parser.reset();
    // Without the reset, this leading LF would be swallowed as the second half of CRLF.
    c.parser.feed('\ndata: z\n\n');
    expect(c.events).toEqual([msg('ok'), msg('z')]);
  });
});

describe('createSSEParser: linear time', () => {
  it('feeds a 4 MB single-line event one character at a time', () => {
    const size = 4 * 1024 * 1024;
    let received = '';
    const parser = createSSEParser({ onEvent: (m) => (received = m.data), maxBufferSize: 2 * size });
    parser.feed('data: ');
    for (let i = 0; i < size; i++) parser.feed(i % 1024 === 1023 ? 'b' : 'a');
    parser.feed('\n\n');
    expect(received.length).toBe(size);
    expect(received.slice(1020, 1026)).toBe('aaabaa');
  }, 120_000);

  it('joins pending fragments once per line, never per chunk', () => {
    const joins = { count: 0 };
    const originalJoin = Array.prototype.join;
    // Count joins over string fragments only (the parser's pending array).
    Array.prototype.join = function countedJoin(this: unknown[], separator?: string) {
      joins.count++;
      return originalJoin.call(this, separator);
    };
    try {
      const parser = createSSEParser({ onEvent: () => undefined });
      parser.feed('data: ');
      for (let i = 0; i < 100_000; i++) parser.feed('x');
      parser.feed('\n\n');
    } finally {
      Array.prototype.join = originalJoin;
    }
    expect(joins.count).toBe(1);
  });
});
