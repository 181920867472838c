import type { Decoder, Emit, FramedMessage, ReportedUsage } from '../types.js';
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
  payloadOf,
  providerError,
  readPayload,
  type JSONRecord,
} from './shared.js';

/**
 * OpenAI Chat Completions streaming (`chat.completion.chunk`), and every server that speaks it:
 * Azure OpenAI, xAI, Groq, DeepSeek, vLLM, Ollama, LM Studio, OpenRouter...
 *
 * - text: `choices[i].delta.content`, emitted with `index` = choice index (`choice` set when > 0).
 * - reasoning: `delta.reasoning_content` (DeepSeek, xAI) or `delta.reasoning` (Groq, OpenRouter,
 *   vLLM), choice 0 only. Mistral's typed `content` parts (`text` / `thinking`) are split the same way.
 * - refusal: `delta.refusal` is NOT text (the SDK keeps it apart in `message.refusal`); it is
 *   collected and reported as `metadata.refusal` together with the finish reason.
 * - tool calls: `delta.tool_calls[]` of type `function` (choice 0), keyed by `index`; id and name
 *   come once, then argument fragments. Several calls may interleave by index.
 * - finish: `finish_reason` of choice 0 -> `metadata.finishReason`.
 * - usage: the `usage` object of any chunk (trailing chunk with `include_usage`, or Groq's final
 *   chunk; `x_groq.usage` when only that is present). The last report wins.
 * - Azure `prompt_filter_results` chunks (no choices, empty model/id) carry no output: skipped.
 * - `{"error": {...}}` payloads -> StreamError('provider') with the provider's code.
 * - terminal: `data: [DONE]`. Anything after it is ignored.
 * - chunks without `choices`, choices without `delta`: skipped (nothing to decode).
 */

export interface ChatCompletionsDecoderOptions {
  name: string;
}

/** `usage` of a chat chunk, field for field. */
export function chatUsage(raw: JSONRecord): ReportedUsage | undefined {
  const prompt = asRecord(raw.prompt_tokens_details);
  const completion = asRecord(raw.completion_tokens_details);
  return compactUsage({
    inputTokens: raw.prompt_tokens,
    outputTokens: raw.completion_tokens,
    totalTokens: raw.total_tokens,
    reasoningTokens: completion?.reasoning_tokens,
    cachedInputTokens: prompt?.cached_tokens,
  });
}

export function createChatCompletionsDecoder(options: ChatCompletionsDecoderOptions): Decoder {
  const provider = options.name;
  return defineProviderDecoder(provider, isChatCompletionsMessage, (run) => {
    const { tools } = run;
    let sentModel: string | undefined;
    let sentId: string | undefined;
    let refusal: string[] | undefined;
    /** Provider tool index -> tracker key of the call currently at that index, and its id. */
    const toolKeys = new Map<number, number>();
    const toolIds = new Map<number, string>();
    /** Indexes already given to a call: a call reusing a provider index gets the next free one. */
    const usedIndexes = new Set<number>();
    let nextKey = 0;

    function toolCallDeltas(list: readonly unknown[], emit: Emit): void {
      for (let position = 0; position < list.length; position++) {
        const tc = list[position];
        if (!isRecord(tc)) continue;
        const type = asString(tc.type);
        if (type !== undefined && type !== 'function') continue; // custom / grammar tools are not JSON calls
        const providerIndex = asNumber(tc.index) ?? position;
        const fn = asRecord(tc.function);
        const id = asNonEmptyString(tc.id);
        const name = asNonEmptyString(fn?.name);
        // Some compatible servers (older Ollama) send the arguments as an object rather than JSON text.
        const rawArgs = fn?.arguments;
        const args = typeof rawArgs === 'string' ? rawArgs : isRecord(rawArgs) ? JSON.stringify(rawArgs) : '';
        const key = toolKeys.get(providerIndex);
        const knownId = toolIds.get(providerIndex);
        // Some compatible servers put every call at index 0 with a fresh id: that starts a new call.
        const startsNew = key === undefined || (id !== undefined && knownId !== undefined && id !== knownId);
        if (startsNew) {
          if (key !== undefined) tools.close(key, emit);
          const newKey = nextKey++;
          toolKeys.set(providerIndex, newKey);
          const callId = id ?? `call_${newKey}`;
          toolIds.set(providerIndex, callId);
          let index = providerIndex;
          while (usedIndexes.has(index)) index++;
          usedIndexes.add(index);
          tools.open(newKey, callId, name ?? '', index, emit, args);
        } else {
          if (name !== undefined) tools.rename(key, name);
          tools.append(key, args, emit);
        }
      }
    }

    function finish(reason: string, emit: Emit): void {
      tools.closeAll(emit);
      const meta: { type: 'metadata'; finishReason: string; refusal?: string } = { type: 'metadata', finishReason: reason };
      if (refusal !== undefined) meta.refusal = refusal.join('');
      emit(meta);
    }

    function onChunk(chunk: JSONRecord, emit: Emit): void {
      if (chunk.error !== undefined && chunk.error !== null && chunk.choices === undefined) {
        const error = asRecord(chunk.error);
        const code = asNonEmptyString(error?.code) ?? asNonEmptyString(error?.type) ?? codeFromNumber(error?.code);
        throw providerError(provider, asString(error?.message) ?? asString(chunk.error), code, statusOf(error));
      }
      // Model and id are reported once each, as soon as known (Azure's first chunk has neither).
      if (sentModel === undefined || sentId === undefined) {
        const model = sentModel === undefined ? asNonEmptyString(chunk.model) : undefined;
        const responseId = sentId === undefined ? asNonEmptyString(chunk.id) : undefined;
        if (emitResponseMetadata(emit, model, responseId)) {
          sentModel ??= model;
          sentId ??= responseId;
        }
      }
      const choices = chunk.choices;
      if (Array.isArray(choices)) {
        for (let i = 0; i < choices.length; i++) {
          const choice: unknown = choices[i];
          if (isRecord(choice)) onChoice(choice, emit);
        }
      }
      const rawUsage = asRecord(chunk.usage) ?? asRecord(asRecord(chunk.x_groq)?.usage);
      if (rawUsage !== undefined) run.usage = chatUsage(rawUsage) ?? run.usage;
    }

    function onChoice(choice: JSONRecord, emit: Emit): void {
      const index = typeof choice.index === 'number' ? choice.index : 0;
      const delta = choice.delta;
      if (isRecord(delta)) {
        const content = delta.content;
        if (typeof content === 'string') {
          if (content.length > 0) emitText(content, index, emit);
        } else if (Array.isArray(content)) {
          contentParts(content, index, emit);
        }
        if (index === 0) {
          const reasoning = asNonEmptyString(delta.reasoning_content) ?? asNonEmptyString(delta.reasoning);
          if (reasoning !== undefined) emit({ type: 'reasoning', delta: reasoning, index: 0 });
          const refusalDelta = asNonEmptyString(delta.refusal);
          if (refusalDelta !== undefined) (refusal ??= []).push(refusalDelta);
          const toolCalls = asArray(delta.tool_calls);
          if (toolCalls !== undefined) toolCallDeltas(toolCalls, emit);
        }
      }
      const finishReason = asNonEmptyString(choice.finish_reason);
      if (finishReason !== undefined && index === 0) finish(finishReason, emit);
    }

    function emitText(text: string, index: number, emit: Emit): void {
      emit(index === 0 ? { type: 'text', delta: text, index } : { type: 'text', delta: text, index, choice: index });
    }

    /** Mistral streams `content` as typed parts: `text`, and `thinking` holding text parts. */
    function contentParts(parts: readonly unknown[], index: number, emit: Emit): void {
      for (const part of parts) {
        if (!isRecord(part)) continue;
        if (part.type === 'text') {
          const text = asNonEmptyString(part.text);
          if (text !== undefined) emitText(text, index, emit);
        } else if (part.type === 'thinking' && index === 0) {
          for (const inner of asArray(part.thinking) ?? []) {
            const text = isRecord(inner) ? asNonEmptyString(inner.text) : asNonEmptyString(inner);
            if (text !== undefined) emit({ type: 'reasoning', delta: text, index: 0 });
          }
        }
      }
    }

    return {
      push(message: FramedMessage, emit: Emit): void {
        if (run.terminated) return;
        if (message.kind === 'sse' && isDone(message.data)) {
          tools.closeAll(emit);
          run.terminated = true;
          return;
        }
        const payload = readPayload(message, provider);
        if (isRecord(payload)) onChunk(payload, emit);
      },
    };
  });
}

function isDone(data: string): boolean {
  return data === '[DONE]' || (data.length < 16 && data.trim() === '[DONE]');
}

function codeFromNumber(value: unknown): string | undefined {
  return typeof value === 'number' ? String(value) : undefined;
}

function statusOf(error: JSONRecord | undefined): number | undefined {
  const status = asNumber(error?.status) ?? asNumber(error?.code);
  return status !== undefined && status >= 400 && status < 600 ? status : undefined;
}

/** A chat completion chunk (or the `[DONE]` marker / an Azure filter chunk) starts the stream. */
export function isChatCompletionsMessage(message: FramedMessage): boolean {
  if (message.kind === 'sse') {
    if (isDone(message.data)) return true;
    if (message.event !== 'message') return false;
    // Cheap textual pre-check before parsing: detection runs once per stream.
    if (!message.data.includes('"choices"')) return false;
  }
  const payload = payloadOf(message);
  if (!isRecord(payload)) return false;
  return Array.isArray(payload.choices) && (payload.object === undefined || payload.object === '' || payload.object === 'chat.completion.chunk');
}
