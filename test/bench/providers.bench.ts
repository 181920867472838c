import { createParser } from 'eventsource-parser';
import { createSSEParser } from '../../src/core/framing/sse-parser.js';
import { openaiDecoder } from '../../src/core/providers/index.js';
import { createStream } from '../../src/core/stream/create-stream.js';
import type { StreamEventPayload } from '../../src/core/types.js';

/**
 * Bytes -> normalized events for a large OpenAI Chat Completions stream, against the floor
 * "eventsource-parser + JSON.parse per event" (what any hand-written client does at least).
 * Same process, same bytes, same chunking, alternating runs; medians of throughput.
 * Target: streamkit >= 0.8x of the floor.
 */

const TARGET_BYTES = 24 * 1024 * 1024;
const CHUNK_SIZE = 16 * 1024;
const ROUNDS = 9;

const WORDS = ['stream', ' token', 'ing', ' the', ' café', ' naïve', ' 漢字', ' emoji 🚀', ',', '.\n\n', ' **bold**', ' `code`', ' "quoted"', ' über'];

function buildStream(): Uint8Array {
  const parts: string[] = [];
  let size = 0;
  let i = 0;
  const head = '{"id":"chatcmpl-D8Z5oo6uDh67AD85p73ksdT1KxhE0","object":"chat.completion.chunk","created":1770933892,"model":"gpt-4.1-nano-2025-04-14","service_tier":"default","system_fingerprint":"fp_de604bd877","choices":[{"index":0,"delta":{"content":';
  while (size < TARGET_BYTES) {
    const content = JSON.stringify(WORDS[i % WORDS.length]! + (i % 7 === 0 ? String(i) : ''));
    const line = `data: ${head}${content}},"logprobs":null,"finish_reason":null}],"usage":null,"obfuscation":"yhjoJbEF"}\n\n`;
    parts.push(line);
    size += line.length;
    i++;
  }
  parts.push(`data: ${head.slice(0, head.indexOf('"delta"'))}"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null}\n\n`);
  parts.push(
    'data: {"id":"chatcmpl-D8Z5oo6uDh67AD85p73ksdT1KxhE0","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":16,"completion_tokens":300,"total_tokens":316}}\n\n',
  );
  parts.push('data: [DONE]\n\n');
  return new TextEncoder().encode(parts.join(''));
}

function chunksOf(bytes: Uint8Array): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += CHUNK_SIZE) chunks.push(bytes.subarray(at, at + CHUNK_SIZE));
  return chunks;
}

/** streamkit: real SSE parser -> openai decoder -> normalized events. Returns the events produced. */
function runStreamkit(chunks: Uint8Array[]): number {
  let events = 0;
  let textLength = 0;
  let finishReason: unknown;
  const emit = (event: StreamEventPayload): void => {
    events++;
    if (event.type === 'text') textLength += event.delta.length;
    else if (event.type === 'metadata' && event.finishReason !== undefined) finishReason = event.finishReason;
  };
  const decoder = openaiDecoder.create();
  const parser = createSSEParser({
    onEvent(msg) {
      decoder.push({ kind: 'sse', event: msg.event, data: msg.data, id: msg.id }, emit);
    },
  });
  for (const chunk of chunks) parser.feed(chunk);
  parser.end();
  decoder.end?.(emit);
  if (!decoder.terminated || textLength === 0 || finishReason !== 'stop' || decoder.usage?.totalTokens !== 316) throw new Error('streamkit bench stream did not decode');
  return events;
}

/** Attribution only: streamkit's SSE parser + JSON.parse, no decoder (shows what the decoder adds). */
function runParserOnly(chunks: Uint8Array[]): number {
  let events = 0;
  const parser = createSSEParser({
    onEvent(msg) {
      if (msg.data === '[DONE]') return;
      JSON.parse(msg.data);
      events++;
    },
  });
  for (const chunk of chunks) parser.feed(chunk);
  parser.end();
  return events;
}

/** The floor: eventsource-parser + JSON.parse per event, bytes decoded with a streaming TextDecoder. */
function runFloor(chunks: Uint8Array[]): number {
  let events = 0;
  const parser = createParser({
    onEvent(event) {
      if (event.data === '[DONE]') return;
      JSON.parse(event.data);
      events++;
    },
  });
  const text = new TextDecoder();
  for (const chunk of chunks) parser.feed(text.decode(chunk, { stream: true }));
  parser.feed(text.decode());
  return events;
}

/** For information: the whole createStream path (envelopes, result, metrics) over the same bytes. */
async function runCreateStream(chunks: Uint8Array[]): Promise<number> {
  async function* source(): AsyncGenerator<Uint8Array> {
    for (const chunk of chunks) yield chunk;
  }
  const run = createStream({ source: source(), provider: 'openai', protocol: 'sse' }, { batch: 'sync', retry: false });
  const result = await run.result;
  return result.metrics.events;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export async function run(): Promise<void> {
  const bytes = buildStream();
  const chunks = chunksOf(bytes);
  const mb = bytes.length / (1024 * 1024);
  // Warm-up: JIT both paths before measuring.
  runStreamkit(chunks);
  runFloor(chunks);
  const ours: number[] = [];
  const floor: number[] = [];
  const parserOnly: number[] = [];
  let ourEvents = 0;
  let floorEvents = 0;
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate the order so GC and load drift hit every side equally.
    const order = round % 2 === 0 ? (['ours', 'floor', 'parser'] as const) : (['parser', 'floor', 'ours'] as const);
    for (const side of order) {
      const started = performance.now();
      if (side === 'ours') ourEvents = runStreamkit(chunks);
      else if (side === 'floor') floorEvents = runFloor(chunks);
      else runParserOnly(chunks);
      const seconds = (performance.now() - started) / 1000;
      (side === 'ours' ? ours : side === 'floor' ? floor : parserOnly).push(mb / seconds);
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  const oursMedian = median(ours);
  const floorMedian = median(floor);
  const ratio = oursMedian / floorMedian;
  console.log(`providers: OpenAI chat stream, ${mb.toFixed(1)} MB, ${floorEvents} payloads, ${CHUNK_SIZE / 1024} KiB chunks, ${ROUNDS} alternating rounds`);
  console.log(`  streamkit  SSE parser + openai decoder -> ${ourEvents} normalized events: ${oursMedian.toFixed(1)} MB/s (median)`);
  console.log(`  floor      eventsource-parser + JSON.parse per event:          ${floorMedian.toFixed(1)} MB/s (median)`);
  console.log(`  (info)     streamkit SSE parser + JSON.parse, no decoder:       ${median(parserOnly).toFixed(1)} MB/s (median): the decoder's own cost is the difference`);
  const full: number[] = [];
  for (let round = 0; round < 3; round++) {
    const started = performance.now();
    await runCreateStream(chunks);
    full.push(mb / ((performance.now() - started) / 1000));
  }
  console.log(`  (info)     full createStream path, same bytes:                 ${median(full).toFixed(1)} MB/s (median of 3)`);
  console.log(`  ratio      ${ratio.toFixed(2)}x of the floor's throughput (target >= 0.80x) ${ratio >= 0.8 ? 'OK' : 'BELOW TARGET'}`);
}
