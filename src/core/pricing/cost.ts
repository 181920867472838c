import type { ModelPrice, Usage } from '../types.js';
import { findModelPrice } from './lookup.js';
import { DEFAULT_PRICES } from './prices.js';

/**
 * USD cost of one run's usage. Providers count differently and usage is kept as they report it,
 * so the bill is computed from what each number means:
 * - cached input: OpenAI, xAI and Gemini count cache hits inside the input tokens; Anthropic does
 *   not (`input_tokens` excludes `cache_read_input_tokens`). Known from the provider or model
 *   family, or from the numbers (more cached than input means they are separate).
 * - reasoning: OpenAI, DeepSeek, Groq and Anthropic count it inside the output tokens; xAI and
 *   Gemini report it beside them, which shows in the totals (total = in + out + reasoning).
 * - cache writes (Anthropic) are beside the input tokens and cost `cacheWrite` (else the input price).
 * Returns undefined when the model has no price.
 */

export interface CostInput {
  usage: Pick<Usage, 'inputTokens' | 'outputTokens' | 'totalTokens' | 'reasoningTokens' | 'cachedInputTokens' | 'cacheWriteInputTokens'>;
  model: string | undefined;
  provider?: string | undefined;
  /** Merged over the defaults; a key here replaces the default entry of the same name. */
  prices?: Readonly<Record<string, ModelPrice>> | undefined;
}

export function computeCostUsd(input: CostInput): number | undefined {
  const table = input.prices === undefined ? DEFAULT_PRICES : { ...DEFAULT_PRICES, ...input.prices };
  const price = findModelPrice(input.model, table);
  if (price === undefined) return undefined;
  const { inputTokens, outputTokens, totalTokens } = input.usage;
  const cached = input.usage.cachedInputTokens ?? 0;
  const reasoning = input.usage.reasoningTokens ?? 0;
  const cacheWrites = input.usage.cacheWriteInputTokens ?? 0;

  const cacheInsideInput = !(cached > inputTokens || isAnthropic(input.provider, input.model));
  const uncachedInput = cacheInsideInput ? inputTokens - cached : inputTokens;
  const reasoningInsideOutput = !(reasoning > 0 && totalTokens >= inputTokens + outputTokens + reasoning);
  const plainOutput = reasoningInsideOutput ? outputTokens - reasoning : outputTokens;

  const usd =
    uncachedInput * price.input +
    cached * (price.cachedInput ?? price.input) +
    cacheWrites * (price.cacheWrite ?? price.input) +
    Math.max(0, plainOutput) * price.output +
    reasoning * (price.reasoning ?? price.output);
  // Per-million prices times token counts: round away binary floating-point noise.
  return Math.round(usd * 1e4) / 1e10;
}

function isAnthropic(provider: string | undefined, model: string | undefined): boolean {
  if (provider === 'anthropic') return true;
  return model !== undefined && model.toLowerCase().includes('claude');
}
