import { afterEach, describe, expect, it, vi } from 'vitest';
import { createStream } from '../../src/core/stream/create-stream.js';
import { createEventProcessor } from '../../src/core/processor/event-processor.js';
import type { StreamEvent } from '../../src/core/types.js';

afterEach(() => {
  vi.restoreAllMocks();
});

async function* words(): AsyncIterable<string> {
  for (const w of ['The ', 'quick ', 'fox']) yield w;
}

const withTimeout = <T>(p: Promise<T>, ms = 5000) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('hung')), ms))]);

describe('a throwing processor stage never breaks or hangs the run', () => {
  it.each(['filter', 'map', 'tap'] as const)('%s that throws on the error/done path', async (kind) => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const boom = (e: StreamEvent) => {
      if (e.type === 'text') throw new Error('user bug');
    };
    let processor = createEventProcessor();
    processor =
      kind === 'filter'
        ? processor.filter((e) => (boom(e), true))
        : kind === 'map'
          ? processor.map((e) => (boom(e), e))
          : processor.tap(boom);
    const run = createStream({ source: words(), provider: 'raw' }, { processor, totalTimeoutMs: 60_000 });
    const seen: StreamEvent[] = [];
    const iterated = (async () => {
      for await (const e of run) seen.push(e);
    })();
    const result = await withTimeout(run.result);
    await withTimeout(iterated);
    expect(result.text).toBe('The quick fox');
    expect(seen.at(-1)?.type).toBe('done');
    expect(seen.filter((e) => e.type === 'usage')).toHaveLength(1);
  });

  it('a stage after a time-based batch that throws is reported, not an uncaught exception', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    let calls = 0;
    const processor = createEventProcessor()
      .batch({ maxMs: 1 })
      .map((e) => {
        if (e.type === 'text' && calls++ === 0) throw new Error('user bug in batch');
        return e;
      });
    async function* slow(): AsyncIterable<string> {
      yield 'a';
      await new Promise((r) => setTimeout(r, 30));
      yield 'b';
    }
    const run = createStream({ source: slow(), provider: 'raw' }, { processor });
    const result = await withTimeout(run.result);
    expect(result.text).toBe('ab');
    expect(errors).toHaveBeenCalled();
  });
});

describe('abort from inside a listener at the end of the run', () => {
  it('aborting on the usage event settles the run as aborted, never as done without a done event', async () => {
    const run = createStream({ source: words(), provider: 'raw' });
    const types: string[] = [];
    run.subscribe((e) => {
      types.push(e.type);
      if (e.type === 'usage') run.abort('enough');
    });
    const outcome = await withTimeout(run.result.then(() => 'resolved', (e: unknown) => (e as { code?: string }).code));
    expect(types).not.toContain('done');
    expect(outcome).toBe('aborted');
  });
});

describe('a schema whose validate() throws', () => {
  const throwingSchema = {
    '~standard': {
      version: 1 as const,
      vendor: 'test',
      validate(): never {
        throw new Error('schema bug');
      },
    },
  };
  async function* json(): AsyncIterable<string> {
    yield '{"a": 1, ';
    yield '"b": [2, 3]}';
  }

  it.each([false, true])('fails the run as a validation error with the value kept (validatePartial %s)', async (validatePartial) => {
    const run = createStream({ source: json(), provider: 'raw', protocol: 'text' }, { json: { schema: throwingSchema, validatePartial } });
    const error = (await withTimeout(run.result.then(() => undefined, (e: unknown) => e))) as {
      code?: string;
      message?: string;
      partial?: { json?: unknown; text?: string };
    };
    expect(error?.code).toBe('validation');
    expect(error.message).toContain('schema bug');
    expect(error.partial?.text).toBe('{"a": 1, "b": [2, 3]}');
    expect(error.partial?.json).toEqual({ a: 1, b: [2, 3] });
  });
});

describe('timeouts of Infinity or beyond what timers hold mean "no limit", never "at once"', () => {
  const MAX_TIMER_MS = 2 ** 31 - 1;
  async function* slowWords(): AsyncIterable<string> {
    for (const w of ['a', 'b', 'c']) {
      await new Promise((r) => setTimeout(r, 15));
      yield w;
    }
  }
  it.each([
    ['totalTimeoutMs', Infinity],
    ['totalTimeoutMs', 2 ** 40],
    ['idleTimeoutMs', Infinity],
    ['idleTimeoutMs', 2 ** 40],
  ] as const)('%s: %s', async (option, ms) => {
    const spy = vi.spyOn(globalThis, 'setTimeout');
    const run = createStream({ source: slowWords(), provider: 'raw', protocol: 'text' }, { [option]: ms });
    const result = await withTimeout(run.result);
    expect(result.text).toBe('abc');
    // An overflowing delay is clamped to 1 ms by the runtime: an idle watch would spin re-arming it.
    const delays = spy.mock.calls.map((call) => call[1] ?? 0);
    expect(delays.filter((d) => !(d <= MAX_TIMER_MS))).toEqual([]);
  });
});
