import { seededRandom as createRng } from '../helpers/seeded-random.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createSSEParser } from '../../src/core/framing/sse-parser.js';
import { StreamError } from '../../src/core/errors.js';
import { finalizeUsage } from '../../src/core/usage.js';
import type { Decoder, FramedMessage, StreamEventPayload, Usage } from '../../src/core/types.js';

/** Test-side helpers: fixture loading, seeded chunking, and a reducer of decoder events. */

export const FIXTURES_DIR = path.resolve(process.cwd(), '../shared/fixtures/providers');

export interface ExpectedToolCall {
  id: string | null;
  name: string;
  args: unknown;
}

export interface Expected {
  provider: string;
  text: string;
  reasoning: string;
  toolCalls: ExpectedToolCall[];
  finishReason: string | null;
  usage: Record<string, number> | null;
  error: { code: string; message: string } | null;
}

export interface FixtureEntry {
  name: string;
  provider: string;
}

export function listFixtures(): FixtureEntry[] {
  const index = JSON.parse(readFileSync(path.join(FIXTURES_DIR, 'index.json'), 'utf8')) as FixtureEntry[];
  return index.map(({ name, provider }) => ({ name, provider }));
}

export function loadFixture(name: string): { bytes: Uint8Array; expected: Expected } {
  const bytes = new Uint8Array(readFileSync(path.join(FIXTURES_DIR, `${name}.sse`)));
  const expected = JSON.parse(readFileSync(path.join(FIXTURES_DIR, `${name}.expected.json`), 'utf8')) as Expected;
  return { bytes, expected };
}

export { createRng };

export interface Chunking {
  label: string;
  split(bytes: Uint8Array): Uint8Array[];
}

/** Splits at random boundaries of 1..maxSize bytes (cutting UTF-8 characters and CRLF pairs). */
export function randomChunking(seed: number, maxSize: number): Chunking {
  return {
    label: `seed ${seed}, 1..${maxSize} bytes`,
    split(bytes) {
      const rng = createRng(seed);
      const chunks: Uint8Array[] = [];
      let at = 0;
      while (at < bytes.length) {
        const size = 1 + Math.floor(rng() * maxSize);
        chunks.push(bytes.subarray(at, Math.min(bytes.length, at + size)));
        at += size;
      }
      return chunks;
    },
  };
}

export const oneByteChunking: Chunking = {
  label: '1-byte splits',
  split(bytes) {
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i++) chunks.push(bytes.subarray(i, i + 1));
    return chunks;
  },
};

/** The three chunkings every fixture is fed at. */
export const CHUNKINGS: Chunking[] = [oneByteChunking, randomChunking(0xc0ffee, 7), randomChunking(20261121, 512)];

export interface Decoded {
  text: string;
  reasoning: string;
  /** `id` as the result reports it: null when the decoder made the correlation id up (`idSynthesized`). */
  toolCalls: Array<{ id: string | null; name: string; args: unknown; argsText: string }>;
  finishReason: string | undefined;
  model: string | undefined;
  usage: Usage;
  reportedUsage: boolean;
  terminated: boolean;
  error: StreamError | undefined;
  events: StreamEventPayload[];
}

/** bytes -> real SSE parser -> decoder -> a reduced result, the way createStream reduces events. */
export async function decodeBytes(decoder: Decoder, chunks: Uint8Array[]): Promise<Decoded> {
  const instance = decoder.create();
  const events: StreamEventPayload[] = [];
  const emit = (event: StreamEventPayload): void => {
    events.push(event);
  };
  let error: StreamError | undefined;
  const parser = createSSEParser({
    onEvent(msg) {
      if (error !== undefined) return;
      const framed: FramedMessage = { kind: 'sse', event: msg.event, data: msg.data, id: msg.id };
      try {
        instance.push(framed, emit);
      } catch (e) {
        if (!(e instanceof StreamError)) throw e;
        error = e;
      }
    },
  });
  for (const chunk of chunks) parser.feed(chunk);
  parser.end();
  if (error === undefined) {
    try {
      instance.end?.(emit);
    } catch (e) {
      if (!(e instanceof StreamError)) throw e;
      error = e;
    }
  }
  return reduce(events, instance.usage, instance.terminated, error);
}

export async function reduce(
  events: StreamEventPayload[],
  reported: Decoded['usage'] | import('../../src/core/types.js').ReportedUsage | undefined,
  terminated: boolean,
  error: StreamError | undefined,
): Promise<Decoded> {
  const text: string[] = [];
  const reasoning: string[] = [];
  const calls = new Map<number, { id: string | null; name: string; args: unknown; parts: string[] }>();
  let finishReason: string | undefined;
  let model: string | undefined;
  for (const e of events) {
    switch (e.type) {
      case 'text':
        if (e.choice === undefined) text.push(e.delta);
        break;
      case 'reasoning':
        reasoning.push(e.delta);
        break;
      case 'tool-call': {
        const call = calls.get(e.index) ?? { id: e.idSynthesized === true ? null : e.id, name: e.name, args: undefined, parts: [] };
        call.name = e.name;
        call.parts.push(e.argsDelta);
        calls.set(e.index, call);
        break;
      }
      case 'tool-call-end': {
        const call = calls.get(e.index);
        if (call === undefined) throw new Error(`tool-call-end without tool-call at index ${e.index}`);
        call.args = e.args;
        call.name = e.name;
        break;
      }
      case 'metadata':
        if (typeof e.finishReason === 'string') finishReason = e.finishReason;
        if (typeof e.model === 'string') model = e.model;
        break;
      default:
        break;
    }
  }
  const usage = await finalizeUsage({ reported: reported as never, outputText: text.join('') + reasoning.join('') });
  return {
    text: text.join(''),
    reasoning: reasoning.join(''),
    toolCalls: [...calls.values()].map((c) => ({ id: c.id, name: c.name, args: c.args, argsText: c.parts.join('') })),
    finishReason,
    model,
    usage,
    reportedUsage: reported !== undefined,
    terminated,
    error,
    events,
  };
}

/** The usage fields expected.json lists (the provider's own numbers). */
export function reportedFields(usage: Usage): Record<string, number> {
  const out: Record<string, number> = {
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    totalTokens: usage.totalTokens,
  };
  if (usage.reasoningTokens !== undefined) out.reasoningTokens = usage.reasoningTokens;
  if (usage.cachedInputTokens !== undefined) out.cachedInputTokens = usage.cachedInputTokens;
  return out;
}

export function concatBytes(chunks: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const c of chunks) length += c.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
