import { StreamError } from '../errors.js';
import type { Emit, FramedMessage, ReportedUsage } from '../types.js';

/**
 * Helpers every provider decoder shares: reading a framed message as a JSON payload (and its event
 * type), narrowing unknown JSON without casts, parsing tool-call arguments, building typed provider
 * errors and the usage / model metadata they report.
 */

export type JSONRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JSONRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A non-empty string, or undefined (providers send `""` / `null` for "not known yet"). */
export function asNonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function asArray(value: unknown): readonly unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

export function asRecord(value: unknown): JSONRecord | undefined {
  return isRecord(value) ? value : undefined;
}

const EXCERPT_LENGTH = 200;

/**
 * The JSON payload of one framed message. SSE `data:` is parsed, NDJSON values pass through (some
 * backends forward provider payloads as NDJSON). Returns undefined for messages that carry nothing
 * (blank data). Non-JSON data is a `parse` error: every provider documents `data:` as JSON, and the
 * official SDKs fail the stream on it too.
 */
export function readPayload(message: FramedMessage, provider: string): unknown {
  if (message.kind === 'ndjson') return message.value;
  if (message.kind === 'text') {
    throw new StreamError('protocol', `The ${provider} decoder needs SSE or NDJSON framing, got plain text`);
  }
  return parseData(message.data, provider);
}

export function parseData(data: string, provider: string): unknown {
  if (isBlank(data)) return undefined;
  try {
    return JSON.parse(data) as unknown;
  } catch (cause) {
    throw new StreamError('parse', `${provider}: an event's data is not valid JSON`, {
      cause,
      bodyExcerpt: data.slice(0, EXCERPT_LENGTH),
    });
  }
}

/** The JSON payload for `detect()`: like readPayload, but undefined instead of an error (detection never fails a stream). */
export function payloadOf(message: FramedMessage): unknown {
  if (message.kind === 'ndjson') return message.value;
  if (message.kind === 'text') return undefined;
  try {
    return JSON.parse(message.data) as unknown;
  } catch {
    return undefined;
  }
}

/** Event-typed formats (Anthropic, Responses) put the type in `data.type`, and in the SSE `event:` line. */
export function eventTypeOf(payload: JSONRecord, message: FramedMessage): string | undefined {
  return asNonEmptyString(payload.type) ?? (message.kind === 'sse' ? message.event : undefined);
}

/** Emits `metadata` with the model and response id that are known; returns false (and emits nothing) when neither is. */
export function emitResponseMetadata(emit: Emit, model: string | undefined, responseId: string | undefined): boolean {
  if (model === undefined && responseId === undefined) return false;
  const meta: { type: 'metadata'; model?: string; responseId?: string } = { type: 'metadata' };
  if (model !== undefined) meta.model = model;
  if (responseId !== undefined) meta.responseId = responseId;
  emit(meta);
  return true;
}

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return false;
  }
  return true;
}

/**
 * Tool-call arguments as the result exposes them: `{}` for a call streamed without arguments, the
 * parsed JSON otherwise, and the raw text when it is not valid JSON (the caller still sees what the
 * model produced instead of losing it).
 */
export function parseToolArgs(text: string): unknown {
  if (isBlank(text)) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Error codes providers use for transient conditions: worth another attempt or a fallback. */
const RETRYABLE_PROVIDER_CODES: ReadonlySet<string> = new Set([
  // OpenAI / OpenAI-compatible
  'rate_limit_exceeded',
  'server_error',
  'server_is_overloaded',
  'slow_down',
  'internal_error',
  'service_unavailable',
  'timeout',
  // Anthropic
  'overloaded_error',
  'rate_limit_error',
  'api_error',
  'timeout_error',
  // Google (google.rpc.Code names)
  'RESOURCE_EXHAUSTED',
  'UNAVAILABLE',
  'INTERNAL',
  'DEADLINE_EXCEEDED',
]);

export function isRetryableProviderCode(code: string | undefined, status?: number): boolean {
  if (status !== undefined && (status === 408 || status === 429 || status >= 500)) return true;
  return code !== undefined && RETRYABLE_PROVIDER_CODES.has(code);
}

/** The typed error for a failure the provider reported inside the stream. */
export function providerError(
  provider: string,
  message: string | undefined,
  providerCode: string | undefined,
  status?: number,
): StreamError {
  const init: { providerCode?: string; retryable: boolean; status?: number } = {
    retryable: isRetryableProviderCode(providerCode, status),
  };
  if (providerCode !== undefined) init.providerCode = providerCode;
  if (status !== undefined) init.status = status;
  return new StreamError('provider', message ?? `${provider} reported an error${providerCode ? ` (${providerCode})` : ''}`, init);
}

/** Copies only the numbers that are present: usage is the provider's own, field for field. */
export function compactUsage(fields: {
  inputTokens: unknown;
  outputTokens: unknown;
  totalTokens: unknown;
  reasoningTokens: unknown;
  cachedInputTokens: unknown;
  cacheWriteInputTokens?: unknown;
}): ReportedUsage | undefined {
  const usage: ReportedUsage = {};
  let any = false;
  const set = (key: keyof ReportedUsage, value: unknown): void => {
    const n = asNumber(value);
    if (n !== undefined) {
      usage[key] = n;
      any = true;
    }
  };
  set('inputTokens', fields.inputTokens);
  set('outputTokens', fields.outputTokens);
  set('totalTokens', fields.totalTokens);
  set('reasoningTokens', fields.reasoningTokens);
  set('cachedInputTokens', fields.cachedInputTokens);
  set('cacheWriteInputTokens', fields.cacheWriteInputTokens);
  return any ? usage : undefined;
}

/** Later partial reports win field by field (Anthropic's message_delta updates message_start). */
export function mergeUsage(base: ReportedUsage | undefined, next: ReportedUsage | undefined): ReportedUsage | undefined {
  if (next === undefined) return base;
  if (base === undefined) return { ...next };
  return { ...base, ...next };
}
