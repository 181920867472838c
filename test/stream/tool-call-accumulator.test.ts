// One tool-call tracker serves the run's result and the store: these are the keying rules both rely on.
import { describe, expect, it } from 'vitest';
import { createToolCallAccumulator } from '../../src/core/stream/tool-call-accumulator.js';

const delta = (index: number, id: string, argsDelta: string, name = '', idSynthesized?: boolean) =>
  ({ type: 'tool-call', index, id, name, argsDelta, ...(idSynthesized === undefined ? {} : { idSynthesized }) }) as const;
const end = (index: number, id: string, args: unknown, name = '') => ({ type: 'tool-call-end', index, id, name, args }) as const;

describe('createToolCallAccumulator', () => {
  it('joins argument deltas of one call, keyed by index when later deltas carry no id (OpenAI)', () => {
    const tracker = createToolCallAccumulator();
    tracker.apply(delta(0, 'call_1', '', 'get_weather'));
    tracker.apply(delta(0, '', '{"city":'));
    tracker.apply(delta(0, '', '"Paris"}'));
    expect(tracker.calls(false)).toEqual([{ id: 'call_1', name: 'get_weather', args: undefined, argsText: '{"city":"Paris"}', index: 0 }]);
    expect(tracker.calls(true)[0]?.args).toEqual({ city: 'Paris' });
  });

  it('starts a new call when a new id arrives at an index already taken (providers that reuse indexes)', () => {
    const tracker = createToolCallAccumulator();
    tracker.apply(delta(0, 'a', '{}', 'first'));
    tracker.apply(end(0, 'a', {}));
    tracker.apply(delta(0, 'b', '{"x":1}', 'second'));
    const calls = tracker.calls(true);
    expect(calls.map((c) => [c.id, c.name, c.argsText])).toEqual([
      ['a', 'first', '{}'],
      ['b', 'second', '{"x":1}'],
    ]);
  });

  it('finds a call by its id even when a later event carries another index', () => {
    const tracker = createToolCallAccumulator();
    tracker.apply(delta(3, 'x', '{"a":', 'f'));
    tracker.apply(delta(7, 'x', '1}'));
    tracker.apply(end(7, 'x', { a: 1 }));
    expect(tracker.calls(false)).toEqual([{ id: 'x', name: 'f', args: { a: 1 }, argsText: '{"a":1}', index: 3 }]);
  });

  it('reports a correlation id the decoder made up as null, and keeps such calls apart', () => {
    const tracker = createToolCallAccumulator();
    tracker.apply(delta(0, 'synth-1', '{"q":1}', 'search', true));
    tracker.apply(delta(1, 'synth-2', '{"q":2}', 'search', true));
    tracker.apply(end(0, 'synth-1', { q: 1 }));
    const calls = tracker.calls(true);
    expect(calls.map((c) => c.id)).toEqual([null, null]);
    expect(calls.map((c) => c.args)).toEqual([{ q: 1 }, { q: 2 }]);
  });

  it('the live view leaves args undefined until the end event; the final view parses what it can', () => {
    const tracker = createToolCallAccumulator();
    tracker.apply(delta(0, 'empty', '', 'noop'));
    tracker.apply(delta(1, 'cut', '{"half":', 'broken'));
    expect(tracker.calls(false).map((c) => c.args)).toEqual([undefined, undefined]);
    expect(tracker.calls(true).map((c) => c.args)).toEqual([{}, '{"half":']);
    expect(tracker.argsText()).toBe('{"half":');
  });

  it('a read in the middle does not lose or repeat deltas', () => {
    const tracker = createToolCallAccumulator();
    tracker.apply(delta(0, 'c', '[1,'));
    expect(tracker.calls(false)[0]?.argsText).toBe('[1,');
    tracker.apply(delta(0, '', '2]'));
    expect(tracker.argsText()).toBe('[1,2]');
    expect(tracker.calls(true)[0]).toMatchObject({ argsText: '[1,2]', args: [1, 2] });
  });
});
