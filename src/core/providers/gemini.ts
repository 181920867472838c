import type { Decoder, Emit, FramedMessage, ReportedUsage } from '../types.js';
import { createPartialArgsAccumulator, type PartialArgsAccumulator } from './gemini-args.js';
import { defineProviderDecoder } from './provider-decoder.js';
import {
  asArray,
  asNonEmptyString,
  asNumber,
  asRecord,
  asString,
  compactUsage,
  emitResponseMetadata,
  isRecord,
  mergeUsage,
  payloadOf,
  providerError,
  readPayload,
  type JSONRecord,
} from './shared.js';

/**
 * Google Gemini `streamGenerateContent?alt=sse` (Gemini API and Vertex AI). Every `data:` is a
 * GenerateContentResponse; the SSE parser handles the CRLF framing.
 *
 * - text: `candidates[i].content.parts[].text` without `thought: true` (`index` = candidate
 *   index, `choice` set when > 0). Thought parts (`thought: true`) -> reasoning (candidate 0).
 * - tool calls: `functionCall` parts of candidate 0. A part with `name` and `args` is a whole call;
 *   Vertex's streamed arguments (`name` + `willContinue`, then `partialArgs` parts, then an empty
 *   `functionCall`) are assembled and reported when the call ends. Gemini only sends an `id` on
 *   some models; without one the events carry `gemini_call_<n>` (flagged `idSynthesized`) so that
 *   calls stay distinguishable, and the result reports `id: null` as the provider sent.
 * - finish: `finishReason` of candidate 0 (`STOP`, `MAX_TOKENS`, `SAFETY`...), which is also the
 *   terminal signal: the stream simply ends after that chunk.
 * - usage: `usageMetadata` (cumulative; the last report wins field by field): prompt ->
 *   input, candidates -> output, `totalTokenCount`, `thoughtsTokenCount`, `cachedContentTokenCount`.
 * - a prompt blocked before any candidate (`promptFeedback.blockReason`) ends the stream normally
 *   with `metadata.blockReason`.
 * - `{"error": {code, message, status}}` payloads -> StreamError('provider'), code = `status`.
 */

export const GEMINI_PROVIDER = 'gemini';

export function geminiUsage(raw: JSONRecord): ReportedUsage | undefined {
  return compactUsage({
    inputTokens: raw.promptTokenCount,
    outputTokens: raw.candidatesTokenCount,
    totalTokens: raw.totalTokenCount,
    reasoningTokens: raw.thoughtsTokenCount,
    cachedInputTokens: raw.cachedContentTokenCount,
  });
}

export function createGeminiDecoder(name: string = GEMINI_PROVIDER): Decoder {
  return defineProviderDecoder(name, isGeminiMessage, (run) => {
    const { tools } = run;
    let metadataSent = false;
    let callCount = 0;
    /** The Vertex call whose arguments are still streaming, if any. */
    let streaming: { key: number; args: PartialArgsAccumulator } | undefined;

    /**
     * Opens the next call and returns its tracker key. Gemini sends an id on some models only: the id
     * made up otherwise gives events a correlation id (coalescing, stores), and the call is flagged
     * `idSynthesized` so the result reports `id: null`, as the provider sent.
     */
    function openCall(fc: JSONRecord, callName: string, emit: Emit, firstArgs = ''): number {
      const key = callCount++;
      const given = asNonEmptyString(fc.id);
      tools.open(key, given ?? `gemini_call_${key}`, callName, key, emit, firstArgs, given === undefined);
      return key;
    }

    function endStreamingCall(emit: Emit): void {
      if (streaming === undefined) return;
      const { key, args } = streaming;
      streaming = undefined;
      const text = JSON.stringify(args.value);
      tools.append(key, text, emit);
      tools.close(key, emit, text);
    }

    function onFunctionCall(fc: JSONRecord, emit: Emit): void {
      const callName = asNonEmptyString(fc.name);
      const partialArgs = asArray(fc.partialArgs);
      const hasArgs = fc.args !== undefined && fc.args !== null;
      if (callName !== undefined && fc.willContinue === true && !hasArgs) {
        endStreamingCall(emit);
        streaming = { key: openCall(fc, callName, emit), args: createPartialArgsAccumulator() };
        if (partialArgs !== undefined) streaming.args.apply(partialArgs);
        return;
      }
      if (callName !== undefined) {
        // A whole call in one part.
        endStreamingCall(emit);
        const text = hasArgs ? JSON.stringify(fc.args) : '';
        tools.close(openCall(fc, callName, emit, text), emit, text);
        return;
      }
      if (partialArgs !== undefined) {
        streaming ??= { key: openCall(fc, '', emit), args: createPartialArgsAccumulator() };
        streaming.args.apply(partialArgs);
      }
      // An empty functionCall (or one without willContinue) closes the streamed call.
      if (fc.willContinue !== true) endStreamingCall(emit);
    }

    function onCandidate(candidate: JSONRecord, emit: Emit): void {
      const index = asNumber(candidate.index) ?? 0;
      const parts = asArray(asRecord(candidate.content)?.parts);
      if (parts !== undefined) {
        for (let i = 0; i < parts.length; i++) {
          const part = parts[i];
          if (!isRecord(part)) continue;
          const text = asString(part.text);
          if (text) {
            if (part.thought === true) {
              if (index === 0) emit({ type: 'reasoning', delta: text, index: 0 });
            } else {
              emit(index === 0 ? { type: 'text', delta: text, index } : { type: 'text', delta: text, index, choice: index });
            }
          }
          if (index === 0 && isRecord(part.functionCall)) onFunctionCall(part.functionCall, emit);
        }
      }
      const finishReason = asNonEmptyString(candidate.finishReason);
      if (finishReason !== undefined && index === 0) {
        endStreamingCall(emit);
        tools.closeAll(emit);
        run.terminated = true;
        const meta: { type: 'metadata'; finishReason: string; finishMessage?: string } = { type: 'metadata', finishReason };
        const finishMessage = asNonEmptyString(candidate.finishMessage);
        if (finishMessage !== undefined) meta.finishMessage = finishMessage;
        emit(meta);
      }
    }

    function onChunk(chunk: JSONRecord, emit: Emit): void {
      if (isRecord(chunk.error)) {
        const error = chunk.error;
        const status = asNumber(error.code);
        throw providerError(
          name,
          asString(error.message),
          asNonEmptyString(error.status) ?? (status !== undefined ? String(status) : undefined),
          status !== undefined && status >= 400 && status < 600 ? status : undefined,
        );
      }
      if (!metadataSent) {
        metadataSent = emitResponseMetadata(emit, asNonEmptyString(chunk.modelVersion), asNonEmptyString(chunk.responseId));
      }
      const candidates = asArray(chunk.candidates);
      if (candidates !== undefined) {
        for (const candidate of candidates) if (isRecord(candidate)) onCandidate(candidate, emit);
      }
      const rawUsage = asRecord(chunk.usageMetadata);
      if (rawUsage !== undefined) run.usage = mergeUsage(run.usage, geminiUsage(rawUsage));
      const feedback = asRecord(chunk.promptFeedback);
      const blockReason = asNonEmptyString(feedback?.blockReason);
      if (blockReason !== undefined && (candidates === undefined || candidates.length === 0)) {
        run.terminated = true;
        emit({ type: 'metadata', blockReason, promptFeedback: feedback });
      }
    }

    return {
      push(message: FramedMessage, emit: Emit): void {
        const payload = readPayload(message, name);
        if (Array.isArray(payload)) {
          // Without alt=sse Gemini streams one JSON array; a forwarding backend may pass its elements on.
          for (const item of payload) if (isRecord(item)) onChunk(item, emit);
        } else if (isRecord(payload)) {
          onChunk(payload, emit);
        }
      },
      beforeEnd(emit: Emit): void {
        if (streaming !== undefined && run.terminated) endStreamingCall(emit);
      },
    };
  });
}

/** Gemini chunks are GenerateContentResponses: `candidates`, `usageMetadata`, `promptFeedback`... */
export function isGeminiMessage(message: FramedMessage): boolean {
  if (message.kind === 'sse' && message.event !== 'message') return false;
  const payload = payloadOf(message);
  const chunk = Array.isArray(payload) ? payload[0] : payload;
  if (!isRecord(chunk)) return false;
  if (Array.isArray(chunk.candidates) || isRecord(chunk.usageMetadata) || isRecord(chunk.promptFeedback)) return true;
  // Google's error shape: {error: {code: 429, message, status: 'RESOURCE_EXHAUSTED'}}.
  const error = asRecord(chunk.error);
  return error !== undefined && typeof error.code === 'number' && typeof error.status === 'string';
}
