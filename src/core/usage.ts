import { computeCostUsd } from './pricing/cost.js';
import type { ModelPrice, ReportedUsage, Usage } from './types.js';

/**
 * Fast default token estimate: about four characters of English per token, counting CJK and other
 * non-Latin characters as roughly one token each. Good to within ~15% for prose; use
 * `estimateTokens` with a real tokenizer when that is not enough.
 */
export function estimateTokensHeuristic(text: string): number {
  if (text.length === 0) return 0;
  let ascii = 0;
  let other = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) < 0x80) ascii++;
    else other++;
  }
  return Math.max(1, Math.ceil(ascii / 4 + other * 0.9));
}

export interface FinalizeUsageInput {
  /** What the provider reported (already merged across partial reports), if anything. */
  reported: ReportedUsage | undefined;
  /** Output text, reasoning and tool-call argument text, for estimation. */
  outputText: string;
  /** Prompt text when known (request body), for estimating input tokens. */
  inputText?: string | undefined;
  model?: string | undefined;
  prices?: Record<string, ModelPrice> | undefined;
  estimateTokens?: ((text: string) => number | Promise<number>) | undefined;
  /** Decoder name ('anthropic', 'openai'...), so the cost knows how the provider counts cached tokens. */
  provider?: string | undefined;
}

/**
 * Produces the run's single Usage: provider-reported when there is any (field for field, never
 * adjusted: only a missing total is filled in as input + output, as Anthropic reports none),
 * otherwise estimated from the text with `estimated: true`, by `estimateTokens` when given (e.g. a
 * real tokenizer, see tokenizers/gpt-tokenizer.ts) or the fast heuristic. `costUsd` is added when
 * the model has a price (options.prices over the dated default table); unknown models get none.
 */
export async function finalizeUsage(input: FinalizeUsageInput): Promise<Usage> {
  const r = input.reported;
  let usage: Usage;
  if (r && (r.inputTokens !== undefined || r.outputTokens !== undefined || r.totalTokens !== undefined)) {
    const inputTokens = r.inputTokens ?? 0;
    const outputTokens = r.outputTokens ?? 0;
    usage = { inputTokens, outputTokens, totalTokens: r.totalTokens ?? inputTokens + outputTokens, estimated: false };
    if (r.reasoningTokens !== undefined) usage.reasoningTokens = r.reasoningTokens;
    if (r.cachedInputTokens !== undefined) usage.cachedInputTokens = r.cachedInputTokens;
    if (r.cacheWriteInputTokens !== undefined && r.cacheWriteInputTokens > 0) usage.cacheWriteInputTokens = r.cacheWriteInputTokens;
  } else {
    const outputTokens = await countTokens(input.outputText, input.estimateTokens);
    const inputTokens = input.inputText ? await countTokens(input.inputText, input.estimateTokens) : 0;
    usage = { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens, estimated: true };
  }
  const costUsd = computeCostUsd({ usage, model: input.model, provider: input.provider, prices: input.prices });
  if (costUsd !== undefined) usage.costUsd = costUsd;
  return usage;
}

/**
 * A pluggable counter that fails (say, a tokenizer that cannot load in this runtime) or returns
 * nonsense must not fail a run that already streamed: the heuristic stands in.
 */
async function countTokens(text: string, estimate: FinalizeUsageInput['estimateTokens']): Promise<number> {
  if (estimate === undefined) return estimateTokensHeuristic(text);
  try {
    const n = await estimate(text);
    if (typeof n === 'number' && Number.isFinite(n) && n >= 0) return Math.round(n);
  } catch {
    // fall through to the heuristic
  }
  return estimateTokensHeuristic(text);
}
