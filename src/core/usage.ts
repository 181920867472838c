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
}

/** Produces the run's single Usage: provider-reported when there is any, otherwise estimated. */
export async function finalizeUsage(input: FinalizeUsageInput): Promise<Usage> {
  const r = input.reported;
  let usage: Usage;
  if (r && (r.inputTokens !== undefined || r.outputTokens !== undefined || r.totalTokens !== undefined)) {
    const inputTokens = r.inputTokens ?? 0;
    const outputTokens = r.outputTokens ?? 0;
    usage = { inputTokens, outputTokens, totalTokens: r.totalTokens ?? inputTokens + outputTokens, estimated: false };
    if (r.reasoningTokens !== undefined) usage.reasoningTokens = r.reasoningTokens;
    if (r.cachedInputTokens !== undefined) usage.cachedInputTokens = r.cachedInputTokens;
  } else {
    const count = input.estimateTokens ?? estimateTokensHeuristic;
    const outputTokens = await count(input.outputText);
    const inputTokens = input.inputText ? await count(input.inputText) : 0;
    usage = { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens, estimated: true };
  }
  return usage;
}
