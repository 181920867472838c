import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { finalizeUsage, estimateTokensHeuristic } from '../../src/core/usage.js';
import { computeCostUsd } from '../../src/core/pricing/cost.js';
import { findModelPrice, normalizeModelName } from '../../src/core/pricing/lookup.js';
import { DEFAULT_PRICES, PRICE_TABLE_DATE } from '../../src/core/pricing/prices.js';
import { createGptTokenizerEstimator } from '../../src/core/tokenizers/gpt-tokenizer.js';
import { providerDecoders } from '../../src/core/providers/index.js';
import { decodeBytes, loadFixture, oneByteChunking } from './harness.js';

describe('finalizeUsage', () => {
  it('passes provider-reported usage through field for field', async () => {
    const usage = await finalizeUsage({
      reported: { inputTokens: 12, outputTokens: 2, totalTokens: 354, reasoningTokens: 340, cachedInputTokens: 11 },
      outputText: 'whatever the text is',
    });
    expect(usage).toEqual({ inputTokens: 12, outputTokens: 2, totalTokens: 354, reasoningTokens: 340, cachedInputTokens: 11, estimated: false });
  });

  it('fills only a missing total (Anthropic) as input + output', async () => {
    const usage = await finalizeUsage({ reported: { inputTokens: 6, outputTokens: 198, cachedInputTokens: 6289 }, outputText: '' });
    expect(usage.totalTokens).toBe(204);
    expect(usage.reasoningTokens).toBeUndefined();
  });

  it('estimates with the heuristic when nothing was reported', async () => {
    const text = 'The quick brown fox jumps over the lazy dog. '.repeat(10);
    const usage = await finalizeUsage({ reported: undefined, outputText: text, inputText: 'Tell me a story' });
    expect(usage.estimated).toBe(true);
    expect(usage.outputTokens).toBe(estimateTokensHeuristic(text));
    expect(usage.inputTokens).toBe(estimateTokensHeuristic('Tell me a story'));
    expect(usage.totalTokens).toBe(usage.inputTokens + usage.outputTokens);
  });

  it('uses a pluggable estimateTokens, sync or async, and falls back when it fails', async () => {
    expect((await finalizeUsage({ reported: undefined, outputText: 'abc', estimateTokens: () => 42 })).outputTokens).toBe(42);
    expect((await finalizeUsage({ reported: undefined, outputText: 'abc', estimateTokens: async () => 7 })).outputTokens).toBe(7);
    const failing = await finalizeUsage({
      reported: undefined,
      outputText: 'abcdefgh',
      estimateTokens: () => {
        throw new Error('tokenizer unavailable');
      },
    });
    expect(failing).toMatchObject({ outputTokens: estimateTokensHeuristic('abcdefgh'), estimated: true });
    expect((await finalizeUsage({ reported: undefined, outputText: 'abcdefgh', estimateTokens: () => Number.NaN })).outputTokens).toBe(2);
  });

  it('keeps gpt-tokenizer out of the core: no static import anywhere in src/core', () => {
    const root = path.resolve(process.cwd(), 'src/core');
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const source = readFileSync(path.join(root, file), 'utf8');
      expect(source, file).not.toMatch(/^\s*import\s[^(]*from\s+['"]gpt-tokenizer/m);
    }
    expect(readFileSync(path.join(root, 'tokenizers/gpt-tokenizer.ts'), 'utf8')).toMatch(/await import\('gpt-tokenizer\//);
  });

  it('counts exactly with the lazily loaded gpt-tokenizer', async () => {
    const estimate = createGptTokenizerEstimator();
    const { countTokens } = await import('gpt-tokenizer/encoding/o200k_base');
    const text = 'Streaming UIs need token counts: 12345 ünïcödé 漢字';
    expect(await estimate(text)).toBe(countTokens(text));
    const usage = await finalizeUsage({ reported: undefined, outputText: text, estimateTokens: estimate });
    expect(usage).toMatchObject({ outputTokens: countTokens(text), estimated: true });
    const cl100k = createGptTokenizerEstimator({ encoding: 'cl100k_base' });
    const { countTokens: countCl100k } = await import('gpt-tokenizer/encoding/cl100k_base');
    expect(await cl100k(text)).toBe(countCl100k(text));
  });
});

describe('cost', () => {
  it('has a dated table', () => {
    expect(PRICE_TABLE_DATE).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const price of Object.values(DEFAULT_PRICES)) {
      expect(price.input).toBeGreaterThan(0);
      expect(price.output).toBeGreaterThan(0);
    }
  });

  it('normalises dated snapshots, routing prefixes, Bedrock and Vertex names', () => {
    expect(findModelPrice('gpt-4o-2024-08-06', DEFAULT_PRICES)).toBe(DEFAULT_PRICES['gpt-4o']);
    expect(findModelPrice('gpt-4o-mini-2024-07-18', DEFAULT_PRICES)).toBe(DEFAULT_PRICES['gpt-4o-mini']);
    expect(findModelPrice('openai/gpt-4.1-nano', DEFAULT_PRICES)).toBe(DEFAULT_PRICES['gpt-4.1-nano']);
    expect(findModelPrice('claude-sonnet-4-5-20250929', DEFAULT_PRICES)).toBe(DEFAULT_PRICES['claude-sonnet-4-5']);
    expect(findModelPrice('us.anthropic.claude-sonnet-4-5-20250929-v1:0', DEFAULT_PRICES)).toBe(DEFAULT_PRICES['claude-sonnet-4-5']);
    expect(findModelPrice('claude-3-5-sonnet@20240620', DEFAULT_PRICES)).toBe(DEFAULT_PRICES['claude-3-5-sonnet']);
    expect(findModelPrice('models/gemini-2.5-flash-preview-05-20', DEFAULT_PRICES)).toBe(DEFAULT_PRICES['gemini-2.5-flash']);
    expect(findModelPrice('gemini-2.5-flash-lite', DEFAULT_PRICES)).toBe(DEFAULT_PRICES['gemini-2.5-flash-lite']);
    expect(normalizeModelName(' OpenAI/GPT-4o ')).toBe('gpt-4o');
  });

  it('gives no price to unknown models and to other models sharing a prefix', () => {
    for (const model of ['gpt-5.1-codex-max', 'claude-fable-5', 'gpt-4o-realtime-preview', 'claude-opus-4-7', 'llama-3.3-70b-versatile', '', undefined]) {
      expect(findModelPrice(model, DEFAULT_PRICES), String(model)).toBeUndefined();
    }
  });

  it(
    'stays fast on a hostile model name (no catastrophic backtracking)',
    () => {
      // Each `-2024-08-06` once parsed two ways (a date, or `-2024` then `-08-06`), so a name failing at
      // its end backtracked through 2^27 parses: about 20 s (minutes when run alone, before V8 compiles
      // the regex). The timeout is the check.
      const dates = '-2024-08-06'.repeat(27);
      expect(findModelPrice(`gpt-4o${dates}-mini`, DEFAULT_PRICES)).toBeUndefined();
      expect(findModelPrice(`gpt-4o${dates}`, DEFAULT_PRICES)).toBe(DEFAULT_PRICES['gpt-4o']);
    },
    5_000,
  );

  it('computes OpenAI cost with cached input inside the input tokens', () => {
    const cost = computeCostUsd({ model: 'gpt-4o-2024-08-06', usage: { inputTokens: 1000, outputTokens: 500, totalTokens: 1500, cachedInputTokens: 200 } });
    expect(cost).toBeCloseTo((800 * 2.5 + 200 * 1.25 + 500 * 10) / 1e6, 12);
  });

  it('computes Anthropic cost with cache reads beside the input tokens', () => {
    const cost = computeCostUsd({
      model: 'claude-sonnet-4-5-20250929',
      provider: 'anthropic',
      usage: { inputTokens: 6, outputTokens: 198, totalTokens: 204, cachedInputTokens: 6289 },
    });
    expect(cost).toBeCloseTo((6 * 3 + 6289 * 0.3 + 198 * 15) / 1e6, 12);
  });

  it('bills Anthropic prompt-cache writes at the cache-write price, beside the input tokens', () => {
    const usage = { inputTokens: 6, outputTokens: 198, totalTokens: 204, cachedInputTokens: 6289, cacheWriteInputTokens: 3337 };
    const cost = computeCostUsd({ model: 'claude-sonnet-4-5-20250929', provider: 'anthropic', usage });
    expect(cost).toBeCloseTo((6 * 3 + 6289 * 0.3 + 3337 * 3.75 + 198 * 15) / 1e6, 12);
    // Without a cacheWrite price, writes cost what input costs.
    const plain = computeCostUsd({ model: 'house-model', usage, prices: { 'house-model': { input: 1, cachedInput: 0.1, output: 2 } } });
    expect(plain).toBeCloseTo((6 * 1 + 6289 * 0.1 + 3337 * 1 + 198 * 2) / 1e6, 12);
  });

  it('keeps cache writes in the usage only when some were reported', async () => {
    const withWrites = await finalizeUsage({ reported: { inputTokens: 1, outputTokens: 2, cacheWriteInputTokens: 50 }, outputText: '' });
    expect(withWrites).toMatchObject({ inputTokens: 1, outputTokens: 2, totalTokens: 3, cacheWriteInputTokens: 50 });
    const without = await finalizeUsage({ reported: { inputTokens: 1, outputTokens: 2, cacheWriteInputTokens: 0 }, outputText: '' });
    expect('cacheWriteInputTokens' in without).toBe(false);
  });

  it('bills reasoning reported beside the output (xAI, Gemini) and not twice when inside it (OpenAI)', () => {
    const xai = computeCostUsd({ model: 'grok-3-mini', usage: { inputTokens: 12, outputTokens: 2, totalTokens: 354, reasoningTokens: 340, cachedInputTokens: 11 } });
    expect(xai).toBeCloseTo((1 * 0.3 + 11 * 0.075 + 2 * 0.5 + 340 * 0.5) / 1e6, 12);
    const openai = computeCostUsd({ model: 'gpt-5-nano-2025-08-07', usage: { inputTokens: 15, outputTokens: 78, totalTokens: 93, reasoningTokens: 64, cachedInputTokens: 0 } });
    expect(openai).toBeCloseTo((15 * 0.05 + 78 * 0.4) / 1e6, 12);
  });

  it('unknown model -> undefined; options.prices overrides and extends the table', async () => {
    const reported = { inputTokens: 1_000_000, outputTokens: 1_000_000, totalTokens: 2_000_000 };
    expect((await finalizeUsage({ reported, outputText: '', model: 'mystery-model' })).costUsd).toBeUndefined();
    expect('costUsd' in (await finalizeUsage({ reported, outputText: '', model: undefined }))).toBe(false);
    expect((await finalizeUsage({ reported, outputText: '', model: 'mystery-model', prices: { 'mystery-model': { input: 1, output: 2 } } })).costUsd).toBe(3);
    expect((await finalizeUsage({ reported, outputText: '', model: 'gpt-4o-2024-11-20', prices: { 'gpt-4o': { input: 100, output: 200 } } })).costUsd).toBe(300);
    // other defaults stay in place next to an override
    expect((await finalizeUsage({ reported, outputText: '', model: 'gpt-4o-mini', prices: { 'gpt-4o': { input: 100, output: 200 } } })).costUsd).toBeCloseTo(0.75, 10);
  });

  it('prices a decoded fixture from the model its stream reports', async () => {
    const { bytes } = loadFixture('openai-text');
    const decoded = await decodeBytes(providerDecoders.openai!, oneByteChunking.split(bytes));
    expect(decoded.model).toBe('gpt-4.1-nano-2025-04-14');
    const usage = await finalizeUsage({ reported: decoded.usage, outputText: decoded.text, model: decoded.model });
    expect(usage.costUsd).toBeCloseTo((16 * 0.1 + 300 * 0.4) / 1e6, 12);
  });

  it('reads Anthropic cache writes from the recording (message_delta wins over message_start) and bills them', async () => {
    const { bytes } = loadFixture('anthropic-prompt-cache');
    const decoded = await decodeBytes(providerDecoders.anthropic!, oneByteChunking.split(bytes));
    // message_start says 3,068 written, message_delta 3,337: the later report wins, as for reads.
    expect(decoded.usage).toMatchObject({ inputTokens: 6, outputTokens: 198, cachedInputTokens: 6289, cacheWriteInputTokens: 3337 });
    const usage = await finalizeUsage({ reported: decoded.usage, outputText: decoded.text, model: decoded.model, provider: 'anthropic' });
    expect(decoded.model).toBe('claude-sonnet-5');
    const price = findModelPrice(decoded.model, DEFAULT_PRICES)!;
    expect(price).toEqual({ input: 2, cachedInput: 0.2, cacheWrite: 2.5, output: 10 });
    // Sonnet 5.5 has its own entry: `-5` is not read as a snapshot suffix of Sonnet 5.
    expect(findModelPrice('claude-sonnet-5-5', DEFAULT_PRICES)).toBe(DEFAULT_PRICES['claude-sonnet-5-5']);
    expect(usage.costUsd).toBeCloseTo((6 * price.input + 6289 * price.cachedInput! + 3337 * price.cacheWrite! + 198 * price.output) / 1e6, 12);
    // The totals stay as the oracle computes them: input + output.
    expect(usage.totalTokens).toBe(204);
  });
});
