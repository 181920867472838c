// SSE framing throughput: streamkit's createSSEParser vs eventsource-parser, with bare TextDecoder
// as the floor. Same ~30 MB OpenAI-style chat stream, same Uint8Array chunks, alternating runs,
// medians. Run alone: npx tsx -e "import('./test/bench/sse.bench.ts').then(m=>m.run())"
import { createParser } from 'eventsource-parser';
import { createSSEParser } from '../../src/core/framing/sse-parser.js';

const TARGET_BYTES = 30 * 1024 * 1024;
/** Odd, and enough rounds that a burst of load from other processes moves no median much. */
const RUNS = 15;
const CHUNK_SIZES = [64, 16 * 1024] as const;
const TARGET_RATIO: Record<number, number> = { 64: 1.25, [16 * 1024]: 1.0 };

/** Token-sized pieces of prose, markdown and code, unicode included, as models stream them. */
const TOKENS = [
  'The', ' quick', ' brown', ' fox', ' jumps', ' over', ' the', ' lazy', ' dog', '.', '\n\n', '##', ' Résumé', ':',
  ' naïve', ' café', ' 東京', 'は', '晴れ', 'です', '。', ' 🎉', ' 👩‍💻', ' ✓', ' “quoted”', ' —', ' `code`', '\n```ts\n',
  'const', ' x', ' =', ' {', ' "key"', ':', ' 42', ' }', ';\n', '```', ' Здравствуйте', ' мир', ' ∑', ' π', ' ≈', ' 3.14',
  ' and', ' then', ' some', ' more', ' words', ',', ' tabs\t', ' back\\slash', ' newline\n', ' 1', '2', '3', '%',
];

function generateStream(): Uint8Array {
  const encoder = new TextEncoder();
  const parts: string[] = [];
  let size = 0;
  let seed = 12345;
  const next = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed;
  };
  const created = 1_732_000_000;
  for (let i = 0; size < TARGET_BYTES; i++) {
    const content = TOKENS[next() % TOKENS.length] as string;
    const chunk = {
      id: `chatcmpl-AbCdEf${(i >> 10).toString(36)}`,
      object: 'chat.completion.chunk',
      created: created + (i >> 8),
      model: 'gpt-4o-mini-2024-07-18',
      system_fingerprint: 'fp_0ba0d124f1',
      choices: [{ index: 0, delta: { content }, logprobs: null, finish_reason: null }],
    };
    const line = `data: ${JSON.stringify(chunk)}\n\n`;
    parts.push(line);
    size += line.length;
  }
  parts.push('data: {"id":"chatcmpl-end","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n');
  return encoder.encode(parts.join(''));
}

function split(bytes: Uint8Array, size: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let pos = 0; pos < bytes.length; pos += size) chunks.push(bytes.subarray(pos, pos + size));
  return chunks;
}

interface Tally {
  events: number;
  chars: number;
}

function runStreamkit(chunks: readonly Uint8Array[]): Tally {
  const tally = { events: 0, chars: 0 };
  const parser = createSSEParser({
    onEvent(message) {
      tally.events++;
      tally.chars += message.data.length;
    },
  });
  for (const chunk of chunks) parser.feed(chunk);
  parser.end();
  return tally;
}

function runEventsourceParser(chunks: readonly Uint8Array[]): Tally {
  const tally = { events: 0, chars: 0 };
  const decoder = new TextDecoder();
  const parser = createParser({
    onEvent(message) {
      tally.events++;
      tally.chars += message.data.length;
    },
  });
  for (const chunk of chunks) parser.feed(decoder.decode(chunk, { stream: true }));
  const tail = decoder.decode();
  if (tail !== '') parser.feed(tail);
  return tally;
}

function runTextDecoder(chunks: readonly Uint8Array[]): Tally {
  const tally = { events: 0, chars: 0 };
  const decoder = new TextDecoder();
  for (const chunk of chunks) tally.chars += decoder.decode(chunk, { stream: true }).length;
  tally.chars += decoder.decode().length;
  return tally;
}

const contenders = [
  { name: 'streamkit createSSEParser', run: runStreamkit },
  { name: 'eventsource-parser v3', run: runEventsourceParser },
  { name: 'TextDecoder only (floor)', run: runTextDecoder },
] as const;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** Median over rounds of `numerators[round] / denominators[round]`. */
function pairedMedian(numerators: readonly number[], denominators: readonly number[]): number {
  return median(numerators.map((value, round) => value / (denominators[round] as number)));
}

export async function run(): Promise<void> {
  const stream = generateStream();
  const megabytes = stream.length / (1024 * 1024);
  console.log(`SSE framing: ${megabytes.toFixed(1)} MB OpenAI-style chat stream, ${RUNS} alternating runs per contender, medians`);
  const summary: string[] = [];
  for (const size of CHUNK_SIZES) {
    const chunks = split(stream, size);
    // Both parsers must see the same events, or the comparison means nothing.
    const ours = runStreamkit(chunks);
    const theirs = runEventsourceParser(chunks);
    if (ours.events !== theirs.events || ours.chars !== theirs.chars) {
      throw new Error(`parsers disagree at ${size} B chunks: ${JSON.stringify(ours)} vs ${JSON.stringify(theirs)}`);
    }
    const times = contenders.map(() => [] as number[]);
    const cpuTimes = contenders.map(() => [] as number[]);
    for (let round = 0; round < RUNS; round++) {
      // Rotate the order each round so no contender always runs first (or right after a GC-heavy one).
      for (let k = 0; k < contenders.length; k++) {
        const index = (round + k) % contenders.length;
        const contender = contenders[index] as (typeof contenders)[number];
        const cpuStart = process.cpuUsage();
        const start = performance.now();
        contender.run(chunks);
        (times[index] as number[]).push(performance.now() - start);
        const cpu = process.cpuUsage(cpuStart);
        (cpuTimes[index] as number[]).push((cpu.user + cpu.system) / 1000);
      }
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    const label = size >= 1024 ? `${size / 1024} KB` : `${size} B`;
    console.log(`\n  chunks of ${label} (${chunks.length} chunks, ${ours.events} events)`);
    const medians = times.map(median);
    const cpuMedians = cpuTimes.map(median);
    contenders.forEach((contender, i) => {
      const ms = medians[i] as number;
      const cpuMs = cpuMedians[i] as number;
      console.log(
        `    ${contender.name.padEnd(28)} ${(megabytes / (ms / 1000)).toFixed(0).padStart(6)} MB/s  (wall ${ms.toFixed(1)} ms, cpu ${cpuMs.toFixed(1)} ms)`,
      );
    });
    const ratio = (medians[1] as number) / (medians[0] as number);
    const cpuRatio = (cpuMedians[1] as number) / (cpuMedians[0] as number);
    // The same ratio taken within each round (the two ran back to back, under the same load), then
    // the median over rounds: less sensitive to load that drifts between rounds on a shared machine.
    const pairedRatio = pairedMedian(times[1] as number[], times[0] as number[]);
    const pairedCpuRatio = pairedMedian(cpuTimes[1] as number[], cpuTimes[0] as number[]);
    const target = TARGET_RATIO[size] ?? 1;
    const line =
      `${label}: streamkit/eventsource-parser = ${ratio.toFixed(2)}x wall, ${cpuRatio.toFixed(2)}x cpu ` +
      `(target >= ${target}x: ${ratio >= target ? 'MET' : 'NOT MET'})`;
    console.log(`    ${line}`);
    console.log(`    per-round paired medians: ${pairedRatio.toFixed(2)}x wall, ${pairedCpuRatio.toFixed(2)}x cpu`);
    summary.push(line);
  }
  console.log(`\n  SSE summary: ${summary.join('; ')}`);
}
