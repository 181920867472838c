/**
 * Splits text into token-sized pieces the way LLM streams look: a word with its leading space,
 * long words cut into pieces of at most 5 characters, runs of whitespace on their own. Works on
 * code points (never splits a surrogate pair).
 */
export function tokenize(text: string): string[] {
  return text.match(/\s*\S{1,5}|\s+/gu) ?? [];
}

/** Fixed-size pieces of `size` code points (the `chunk` knob). */
export function chunkText(text: string, size: number): string[] {
  const points = Array.from(text);
  const out: string[] = [];
  for (let i = 0; i < points.length; i += size) out.push(points.slice(i, i + size).join(''));
  return out;
}

/** Pieces for a stream: fixed-size chunks when `chunk` is set, tokens otherwise. */
export function piecesOf(text: string, chunk: number | undefined): string[] {
  if (text === '') return [];
  return chunk !== undefined ? chunkText(text, chunk) : tokenize(text);
}

/** Rough token count for usage numbers (about 4 characters per token). */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}
