/**
 * Opt-in exact token counts for estimated usage, with the `gpt-tokenizer` package (OpenAI's BPE
 * encodings). The package is loaded lazily with a dynamic `import()` inside the returned function,
 * so it is never part of the core bundle and costs nothing unless a run has to estimate usage.
 * `gpt-tokenizer` must be installed by the application (it is an optional peer, not a dependency).
 *
 *   import { createGptTokenizerEstimator } from 'streamkit/gpt-tokenizer'; // gpt-tokenizer stays external
 *   createStream(request, { estimateTokens: createGptTokenizerEstimator() });
 *
 * `o200k_base` is the encoding of GPT-4o, GPT-4.1, GPT-5 and the o-series; `cl100k_base` the one of
 * GPT-4 / GPT-3.5. Other providers' tokenizers differ: for them this is a closer estimate than the
 * heuristic, not an exact count.
 */

export type GptEncodingName = 'o200k_base' | 'cl100k_base';

export interface GptTokenizerEstimatorOptions {
  encoding?: GptEncodingName;
}

type CountTokens = (text: string) => number;

export function createGptTokenizerEstimator(options: GptTokenizerEstimatorOptions = {}): (text: string) => Promise<number> {
  const encoding = options.encoding ?? 'o200k_base';
  let loading: Promise<CountTokens> | undefined;
  return async (text: string) => {
    loading ??= loadCounter(encoding);
    const count = await loading;
    return count(text);
  };
}

async function loadCounter(encoding: GptEncodingName): Promise<CountTokens> {
  // Literal specifiers so bundlers can resolve (and split out) the chosen encoding on demand.
  const module =
    encoding === 'cl100k_base' ? await import('gpt-tokenizer/encoding/cl100k_base') : await import('gpt-tokenizer/encoding/o200k_base');
  return (text: string) => module.countTokens(text);
}
