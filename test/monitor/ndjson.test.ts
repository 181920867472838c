import { describe, expect, it } from 'vitest';
import { exportEventsNDJSON, parseEventsNDJSON, ReplayParseError } from '../../src/core/replay/ndjson.js';
import { StreamError } from '../../src/core/errors.js';
import { makeRecording } from './fixtures.js';

describe('exportEventsNDJSON / parseEventsNDJSON', () => {
  it('writes one JSON line per event and round-trips them', () => {
    const events = makeRecording({ tokens: 30, withTool: true, withJson: true });
    const text = exportEventsNDJSON(events);
    expect(text.endsWith('\n')).toBe(true);
    expect(text.split('\n').filter(Boolean)).toHaveLength(events.length);
    const parsed = parseEventsNDJSON(text);
    expect(parsed).toEqual(JSON.parse(JSON.stringify(events)));
  });

  it('serialises errors with code, message and status and revives them as StreamErrors', () => {
    const error = new StreamError('http', 'Service Unavailable', { status: 503, retryable: true, cause: new Error('inner') });
    const events = makeRecording({ tokens: 3, failWith: error });
    const line = exportEventsNDJSON(events).trim().split('\n').at(-1) ?? '';
    expect(JSON.parse(line).error).toMatchObject({ code: 'http', message: 'Service Unavailable', status: 503, retryable: true });
    expect(line).not.toContain('inner');
    const last = parseEventsNDJSON(exportEventsNDJSON(events)).at(-1);
    expect(last?.type).toBe('error');
    if (last?.type !== 'error') return;
    expect(last.error).toBeInstanceOf(StreamError);
    expect(last.error.code).toBe('http');
    expect(last.error.status).toBe(503);
  });

  it('redacts credentials in the export', () => {
    const events = makeRecording({ tokens: 2 });
    const start = events[0];
    if (start?.type === 'start') start.request.url = 'https://h/v1/chat?api_key=SUPERSECRET1&x=1';
    events.push({ type: 'metadata', seq: 99, t: 99, streamId: 'rec-1', headers: { Authorization: 'Bearer sk-secret1234' } });
    const text = exportEventsNDJSON(events);
    expect(text).not.toContain('SUPERSECRET1');
    expect(text).not.toContain('sk-secret1234');
    expect(text).toContain('x=1');
  });

  it('tolerates a trailing newline, CRLF and blank lines; empty input gives no events', () => {
    const events = makeRecording({ tokens: 2 });
    const text = exportEventsNDJSON(events).replace(/\n/g, '\r\n') + '\r\n\n';
    expect(parseEventsNDJSON(text)).toHaveLength(events.length);
    expect(parseEventsNDJSON('')).toEqual([]);
    expect(exportEventsNDJSON([])).toBe('');
  });

  it('reports the first bad line with its number as a parse StreamError', () => {
    const lines = exportEventsNDJSON(makeRecording({ tokens: 2 })).split('\n');
    const cases: Array<[string[], number]> = [
      [[lines[0] ?? '', '{not json', lines[1] ?? ''], 2],
      [[lines[0] ?? '', '', '[1,2]'], 3],
      [['{"type":"nope","seq":0,"t":0,"streamId":"s"}'], 1],
      [[lines[0] ?? '', '{"type":"text","seq":1,"t":1,"streamId":"s"}'], 2],
      [['{"type":"error","seq":0,"t":0,"streamId":"s","error":{"code":"weird","message":"x"}}'], 1],
    ];
    for (const [input, line] of cases) {
      let caught: unknown;
      try {
        parseEventsNDJSON(input.join('\n'));
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ReplayParseError);
      expect(caught).toBeInstanceOf(StreamError);
      expect((caught as ReplayParseError).code).toBe('parse');
      expect((caught as ReplayParseError).line).toBe(line);
      expect((caught as ReplayParseError).message).toContain(`line ${line}`);
    }
  });

  it('never leaks a credential through a parse error message', () => {
    try {
      parseEventsNDJSON('{"type":"text","key":sk-secretvalue99}');
      expect.unreachable();
    } catch (error) {
      expect(String((error as Error).message)).not.toContain('sk-secretvalue99');
    }
  });
});
