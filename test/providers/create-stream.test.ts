import { describe, expect, it } from 'vitest';
import { createStream } from '../../src/core/stream/create-stream.js';
import { StreamError } from '../../src/core/errors.js';
import type { StreamEvent, StreamResult } from '../../src/core/types.js';
import { CHUNKINGS, listFixtures, loadFixture, reportedFields, type Expected } from './harness.js';

/** Every fixture end to end: bytes -> createStream (real framing, decoder, usage, result). */

async function* byteSource(chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const chunk of chunks) yield chunk;
}

async function runFixture(
  name: string,
  provider: string,
  chunks: Uint8Array[],
): Promise<{ result: StreamResult | undefined; error: StreamError | undefined; events: StreamEvent[] }> {
  const run = createStream(
    { source: byteSource(chunks), provider: provider as never, protocol: 'sse' },
    { retry: false, resume: 'off', batch: 'sync', streamId: name },
  );
  const events: StreamEvent[] = [];
  run.subscribe((e) => events.push(e));
  try {
    return { result: await run.result, error: undefined, events };
  } catch (e) {
    if (!(e instanceof StreamError)) throw e;
    return { result: e.partial, error: e, events };
  }
}

function expectResult(result: StreamResult, expected: Expected): void {
  expect(result.text).toBe(expected.text);
  expect(result.reasoning ?? '').toBe(expected.reasoning);
  // Exactly the SDK's calls, ids included: `null` where the provider sent none (Gemini).
  expect(result.toolCalls.map(({ id, name, args }) => ({ id, name, args }))).toEqual(expected.toolCalls);
  expect(result.finishReason ?? null).toBe(expected.finishReason);
  if (expected.usage === null) expect(result.usage.estimated).toBe(true);
  else {
    expect(result.usage.estimated).toBe(false);
    expect(reportedFields(result.usage)).toEqual(expected.usage);
  }
}

describe('createStream end to end over every provider fixture', () => {
  for (const fixture of listFixtures()) {
    const { bytes, expected } = loadFixture(fixture.name);
    for (const chunking of CHUNKINGS) {
      it(`${fixture.name} (${fixture.provider}), ${chunking.label}`, async () => {
        const { result, error, events } = await runFixture(fixture.name, fixture.provider, chunking.split(bytes));
        if (expected.error === null) {
          expect(error).toBeUndefined();
        } else {
          expect(error?.code).toBe('provider');
          expect(error?.providerCode).toBe(expected.error.code);
          expect(error?.message).toBe(expected.error.message);
        }
        expect(result).toBeDefined();
        expectResult(result!, expected);
        if (error === undefined) {
          // exactly one usage event, at the end (only `done` after it)
          const usageEvents = events.filter((e) => e.type === 'usage');
          expect(usageEvents).toHaveLength(1);
          const types = events.map((e) => e.type);
          expect(types.slice(-2)).toEqual(['usage', 'done']);
        }
      }, 60_000); // 1-byte splits of a 300 KB stream: generous on a loaded shared machine
    }

    it(`${fixture.name} with provider "auto"`, async () => {
      const { result } = await runFixture(fixture.name, 'auto', CHUNKINGS[2]!.split(bytes));
      expectResult(result!, expected);
    });
  }
});
