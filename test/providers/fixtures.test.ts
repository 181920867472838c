import { describe, expect, it } from 'vitest';
import { providerDecoders } from '../../src/core/providers/index.js';
import { resolveDecoder } from '../../src/core/decoders/registry.js';
import type { FramedMessage } from '../../src/core/types.js';
import { createSSEParser } from '../../src/core/framing/sse-parser.js';
import {
  CHUNKINGS,
  concatBytes,
  decodeBytes,
  listFixtures,
  loadFixture,
  randomChunking,
  reportedFields,
  type Decoded,
  type Expected,
} from './harness.js';

const fixtures = listFixtures();

function expectMatches(decoded: Decoded, expected: Expected): void {
  expect(decoded.text).toBe(expected.text);
  expect(decoded.reasoning).toBe(expected.reasoning);
  // Exactly the SDK's calls, ids included: `null` where the provider sent none (Gemini).
  expect(decoded.toolCalls.map(({ id, name, args }) => ({ id, name, args }))).toEqual(expected.toolCalls);
  decoded.toolCalls.forEach((call, i) => {
    // The streamed argument text is the JSON the args were parsed from.
    expect(JSON.parse(call.argsText || '{}')).toEqual(expected.toolCalls[i]!.args);
  });
  // Events still tell the calls apart: every call has its own correlation id, flagged when made up.
  const ends = decoded.events.filter((e) => e.type === 'tool-call-end');
  expect(new Set(ends.map((e) => e.id)).size).toBe(decoded.toolCalls.length);
  ends.forEach((e, i) => expect(e.idSynthesized === true).toBe(expected.toolCalls[i]!.id === null));
  expect(decoded.finishReason ?? null).toBe(expected.finishReason);
  if (expected.usage === null) {
    expect(decoded.reportedUsage).toBe(false);
    expect(decoded.usage.estimated).toBe(true);
  } else {
    expect(decoded.usage.estimated).toBe(false);
    expect(reportedFields(decoded.usage)).toEqual(expected.usage);
  }
  if (expected.error === null) {
    expect(decoded.error).toBeUndefined();
  } else {
    expect(decoded.error?.code).toBe('provider');
    expect(decoded.error?.providerCode).toBe(expected.error.code);
    expect(decoded.error?.message).toBe(expected.error.message);
  }
  expect(decoded.terminated).toBe(true);
}

describe('provider fixtures at random chunk boundaries (real SSE parser)', () => {
  it('lists every fixture of the shared folder', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(22);
    for (const f of fixtures) expect(providerDecoders[f.provider], f.provider).toBeDefined();
  });

  it('chunkings cover the bytes exactly and cut inside UTF-8 characters', () => {
    const { bytes } = loadFixture('anthropic-thinking');
    let cutsInsideCharacter = 0;
    for (const chunking of CHUNKINGS) {
      const chunks = chunking.split(bytes);
      expect(concatBytes(chunks)).toEqual(bytes);
      for (const c of chunks.slice(1)) if (c.length > 0 && (c[0]! & 0xc0) === 0x80) cutsInsideCharacter++;
    }
    expect(cutsInsideCharacter).toBeGreaterThan(0);
  });

  for (const fixture of fixtures) {
    describe(`${fixture.name} (${fixture.provider})`, () => {
      const { bytes, expected } = loadFixture(fixture.name);
      for (const chunking of CHUNKINGS) {
        it(`decodes like the official SDK: ${chunking.label}`, async () => {
          const decoded = await decodeBytes(providerDecoders[fixture.provider]!, chunking.split(bytes));
          expectMatches(decoded, expected);
        }, 60_000);
      }

      it('decodes the same with provider "auto"', async () => {
        const decoded = await decodeBytes(resolveDecoder('auto'), randomChunking(fixture.name.length * 7919, 64).split(bytes));
        expectMatches(decoded, expected);
      });

      it('is detected from its first message by its own format only', () => {
        let first: FramedMessage | undefined;
        const parser = createSSEParser({
          onEvent(msg) {
            first ??= { kind: 'sse', event: msg.event, data: msg.data, id: msg.id };
          },
        });
        parser.feed(bytes);
        parser.end();
        expect(first).toBeDefined();
        // xAI speaks Chat Completions: both chat decoders accept it (auto picks `openai`, listed first).
        const chat = ['openai', 'xai'];
        const accepting = Object.values(providerDecoders)
          .filter((d) => d?.detect?.(first!) === true)
          .map((d) => d!.name);
        expect(accepting).toEqual(chat.includes(fixture.provider) ? chat : [fixture.provider]);
      });
    });
  }
});
