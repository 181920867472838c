import type { ModelPrice } from '../types.js';

/**
 * Default list prices, USD per 1M tokens, standard (non-batch, non-priority) tier, prompts under
 * any long-context threshold.
 *
 * PRICE TABLE DATE: 2025-11-15 — taken from the providers' public pricing pages as of that date.
 * Prices change: pass `options.prices` to override or extend (same shape, merged over this table),
 * and check `PRICE_TABLE_DATE` before relying on a cost figure.
 *
 * - `input`: uncached input tokens; `cachedInput`: cache reads (prompt-cache hits); when absent,
 *   cached tokens are billed as input.
 * - `output`: output tokens, reasoning included; `reasoning`: only set when a provider bills
 *   reasoning differently from output (none of the defaults do).
 * - Keys are base model names; dated snapshots and version suffixes are normalised onto them
 *   (see lookup.ts). Models not listed get no cost at all rather than a guessed one.
 * - `cacheWrite`: prompt-cache writes (Anthropic `cache_creation_input_tokens`), at the 5-minute
 *   cache's 1.25x input. Writes to the 1-hour cache cost 2x input: with those, override `cacheWrite`.
 */
export const PRICE_TABLE_DATE = '2025-11-15';

export const DEFAULT_PRICES: Readonly<Record<string, ModelPrice>> = {
  // OpenAI
  'gpt-5.1': { input: 1.25, cachedInput: 0.125, output: 10 },
  'gpt-5': { input: 1.25, cachedInput: 0.125, output: 10 },
  'gpt-5-mini': { input: 0.25, cachedInput: 0.025, output: 2 },
  'gpt-5-nano': { input: 0.05, cachedInput: 0.005, output: 0.4 },
  'gpt-5-pro': { input: 15, output: 120 },
  'gpt-4.1': { input: 2, cachedInput: 0.5, output: 8 },
  'gpt-4.1-mini': { input: 0.4, cachedInput: 0.1, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, cachedInput: 0.025, output: 0.4 },
  'gpt-4o': { input: 2.5, cachedInput: 1.25, output: 10 },
  'gpt-4o-mini': { input: 0.15, cachedInput: 0.075, output: 0.6 },
  'gpt-4-turbo': { input: 10, output: 30 },
  'gpt-3.5-turbo': { input: 0.5, output: 1.5 },
  o1: { input: 15, cachedInput: 7.5, output: 60 },
  'o1-mini': { input: 1.1, cachedInput: 0.55, output: 4.4 },
  'o1-pro': { input: 150, output: 600 },
  o3: { input: 2, cachedInput: 0.5, output: 8 },
  'o3-mini': { input: 1.1, cachedInput: 0.55, output: 4.4 },
  'o3-pro': { input: 20, output: 80 },
  'o4-mini': { input: 1.1, cachedInput: 0.275, output: 4.4 },

  // Anthropic (cachedInput = cache read, 0.1x input; cacheWrite = 5-minute cache write, 1.25x input)
  // Sonnet 5 and 5.5: platform.claude.com/docs/en/models/sonnet-5/overview and .../sonnet-5-5/overview
  // (read 2026-11-21): $2 in, $10 out, $2.50 5-minute cache write, $0.20 cache read.
  'claude-sonnet-5-5': { input: 2, cachedInput: 0.2, cacheWrite: 2.5, output: 10 },
  'claude-sonnet-5': { input: 2, cachedInput: 0.2, cacheWrite: 2.5, output: 10 },
  'claude-opus-4-5': { input: 5, cachedInput: 0.5, cacheWrite: 6.25, output: 25 },
  'claude-opus-4-1': { input: 15, cachedInput: 1.5, cacheWrite: 18.75, output: 75 },
  'claude-opus-4': { input: 15, cachedInput: 1.5, cacheWrite: 18.75, output: 75 },
  'claude-sonnet-4-5': { input: 3, cachedInput: 0.3, cacheWrite: 3.75, output: 15 },
  'claude-sonnet-4': { input: 3, cachedInput: 0.3, cacheWrite: 3.75, output: 15 },
  'claude-3-7-sonnet': { input: 3, cachedInput: 0.3, cacheWrite: 3.75, output: 15 },
  'claude-3-5-sonnet': { input: 3, cachedInput: 0.3, cacheWrite: 3.75, output: 15 },
  'claude-haiku-4-5': { input: 1, cachedInput: 0.1, cacheWrite: 1.25, output: 5 },
  'claude-3-5-haiku': { input: 0.8, cachedInput: 0.08, cacheWrite: 1, output: 4 },
  'claude-3-haiku': { input: 0.25, cachedInput: 0.03, cacheWrite: 0.3, output: 1.25 },

  // Google Gemini (prompts <= 200k tokens where the price is tiered)
  'gemini-3-pro-preview': { input: 2, cachedInput: 0.2, output: 12 },
  'gemini-2.5-pro': { input: 1.25, cachedInput: 0.125, output: 10 },
  'gemini-2.5-flash': { input: 0.3, cachedInput: 0.03, output: 2.5 },
  'gemini-2.5-flash-lite': { input: 0.1, cachedInput: 0.01, output: 0.4 },
  'gemini-2.0-flash': { input: 0.1, cachedInput: 0.025, output: 0.4 },
  'gemini-2.0-flash-lite': { input: 0.075, output: 0.3 },

  // xAI
  'grok-4': { input: 3, cachedInput: 0.75, output: 15 },
  'grok-4-fast-reasoning': { input: 0.2, cachedInput: 0.05, output: 0.5 },
  'grok-4-fast-non-reasoning': { input: 0.2, cachedInput: 0.05, output: 0.5 },
  'grok-code-fast-1': { input: 0.2, cachedInput: 0.02, output: 1.5 },
  'grok-3': { input: 3, cachedInput: 0.75, output: 15 },
  'grok-3-mini': { input: 0.3, cachedInput: 0.075, output: 0.5 },

  // DeepSeek (V3.2 pricing, both endpoints)
  'deepseek-chat': { input: 0.28, cachedInput: 0.028, output: 0.42 },
  'deepseek-reasoner': { input: 0.28, cachedInput: 0.028, output: 0.42 },
};
