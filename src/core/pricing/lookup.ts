import type { ModelPrice } from '../types.js';

/**
 * Finds the price of a model name as providers report it. Names are normalised (case, routing
 * prefixes such as `openai/` or `models/`, Bedrock's `us.anthropic.` and `-v1:0`, Vertex's `@date`),
 * then matched exactly or by the longest table key of which the name is that key plus only
 * snapshot suffixes: dates (`-2024-08-06`, `-20250929`, `-0613`, `-preview-05-20`), `-latest`,
 * `-preview`, `-exp`, `-001`, `-v1:0`. Anything else (`-mini`, `-realtime`, `-5`) is a different
 * model, and a model that matches no key gets no price: no cost beats a wrong cost.
 */

// A full date `-2024-08-06` is `-2024` then `-08-06`. It is not an alternative of its own: a date
// that parses two ways makes a name that fails at its end backtrack through 2^dates parses.
const SNAPSHOT_SUFFIX = /^(?:-(?:\d{8}|\d{4}|\d{2}-\d{2}|\d{2}-\d{4}|\d{3}|latest|preview|exp|v\d+(?::\d+)?))+$/;
const BEDROCK_PREFIX = /^(?:[a-z]{2,6}\.)?(?:anthropic|openai|meta|amazon|mistral|cohere|deepseek|google|xai)\./;

export function normalizeModelName(model: string): string {
  let name = model.trim().toLowerCase();
  const slash = name.lastIndexOf('/');
  if (slash >= 0) name = name.slice(slash + 1);
  name = name.replace(BEDROCK_PREFIX, '').replace('@', '-');
  return name;
}

export function findModelPrice(model: string | undefined, table: Readonly<Record<string, ModelPrice>>): ModelPrice | undefined {
  if (model === undefined || model.trim() === '') return undefined;
  const exact = table[model];
  if (exact !== undefined) return exact;
  const name = normalizeModelName(model);
  let best: ModelPrice | undefined;
  let bestLength = -1;
  for (const key of Object.keys(table)) {
    const normalizedKey = normalizeModelName(key);
    if (normalizedKey.length <= bestLength || !name.startsWith(normalizedKey)) continue;
    const rest = name.slice(normalizedKey.length);
    if (rest === '' || SNAPSHOT_SUFFIX.test(rest)) {
      best = table[key];
      bestLength = normalizedKey.length;
    }
  }
  return best;
}
