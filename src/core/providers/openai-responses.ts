import type { StreamError } from '../errors.js';
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
  eventTypeOf,
  isRecord,
  payloadOf,
  providerError,
  readPayload,
  type JSONRecord,
} from './shared.js';

/**
 * OpenAI Responses API streaming (`event:`-typed SSE; the type is also in `data.type`), as OpenAI,
 * Azure and Open Responses servers (LM Studio, Ollama, vLLM...) send it.
 *
 * - text: `response.output_text.delta` of every message item (`index` = `output_index`).
 * - reasoning: `response.reasoning_summary_text.delta` and `response.reasoning_text.delta`.
 * - refusal: `response.refusal.delta` is not text; reported as `metadata.refusal`.
 * - tool calls: `function_call` items only (`id` = `call_id`). Arguments stream as
 *   `response.function_call_arguments.delta` or arrive whole in `...arguments.done` /
 *   `response.output_item.done`; calls only listed in the final `response.output` are recovered.
 *   Hosted tools (web/file search, code interpreter, MCP, image generation...) and custom tools are
 *   not function calls and are skipped.
 * - finish: `incomplete_details.reason`, else `status`, from the terminal event.
 * - usage: `response.usage` of the terminal event.
 * - terminal: `response.completed`, `response.incomplete` (a normal end with its reason, as the SDK
 *   treats it, not an error), `response.failed` (-> StreamError('provider') after its finish reason
 *   and usage were emitted).
 * - `error` events: StreamError('provider') with the error's code. Thrown when `response.failed`
 *   follows (so the partial result has finishReason 'failed' and any usage), at the next other
 *   event, or at the end of the body (end()), whichever comes first.
 * - unknown event types are skipped (the API adds new ones regularly).
 */

export const RESPONSES_PROVIDER = 'openai-responses';

export function responsesUsage(raw: JSONRecord): ReportedUsage | undefined {
  return compactUsage({
    inputTokens: raw.input_tokens,
    outputTokens: raw.output_tokens,
    totalTokens: raw.total_tokens,
    reasoningTokens: asRecord(raw.output_tokens_details)?.reasoning_tokens,
    cachedInputTokens: asRecord(raw.input_tokens_details)?.cached_tokens,
  });
}

const TERMINAL_EVENTS: ReadonlySet<string> = new Set(['response.completed', 'response.incomplete', 'response.failed']);

export function createResponsesDecoder(name: string = RESPONSES_PROVIDER): Decoder {
  return defineProviderDecoder(name, isResponsesMessage, (run) => {
    const { tools } = run;
    let metadataSent = false;
    let refusal: string[] | undefined;
    let pendingError: StreamError | undefined;
    /** Output indexes (the call's handle in every event) and call ids already reported. */
    const finishedIndexes = new Set<number>();
    const finishedCallIds = new Set<string>();
    /** item id -> output index, for events that would only name the item. */
    const itemIndexes = new Map<string, number>();

    function sendMetadata(response: JSONRecord | undefined, emit: Emit): void {
      if (metadataSent || response === undefined) return;
      metadataSent = emitResponseMetadata(emit, asNonEmptyString(response.model), asNonEmptyString(response.id));
    }

    /** An `error` event waits for `response.failed`; any other event, or the end of the body, throws it. */
    function throwPendingError(): void {
      if (pendingError === undefined) return;
      const error = pendingError;
      pendingError = undefined;
      throw error;
    }

    function toolKey(payload: JSONRecord): number {
      const itemId = asNonEmptyString(payload.item_id);
      return asNumber(payload.output_index) ?? (itemId !== undefined ? itemIndexes.get(itemId) : undefined) ?? -1;
    }

    function openCall(item: JSONRecord, outputIndex: number, emit: Emit): number | undefined {
      const itemId = asNonEmptyString(item.id);
      const callId = asNonEmptyString(item.call_id) ?? itemId ?? `call_${outputIndex}`;
      if (finishedIndexes.has(outputIndex) || finishedCallIds.has(callId)) return undefined;
      if (itemId !== undefined) itemIndexes.set(itemId, outputIndex);
      if (!tools.isOpen(outputIndex)) {
        tools.open(outputIndex, callId, asString(item.name) ?? '', outputIndex, emit, asString(item.arguments) ?? '');
      }
      return outputIndex;
    }

    function closeCall(key: number, finalArgs: string | undefined, emit: Emit, callId?: string): void {
      if (!tools.isOpen(key)) return;
      // Arguments that arrived whole (no deltas) are still streamed once, so consumers see them.
      if (finalArgs !== undefined && tools.argsLength(key) === 0) tools.append(key, finalArgs, emit);
      tools.close(key, emit, finalArgs);
      finishedIndexes.add(key);
      if (callId !== undefined) finishedCallIds.add(callId);
    }

    function onItemDone(item: JSONRecord, outputIndex: number, emit: Emit): void {
      if (item.type !== 'function_call') return;
      const key = openCall(item, outputIndex, emit);
      if (key === undefined) return;
      const name = asNonEmptyString(item.name);
      if (name !== undefined) tools.rename(key, name);
      closeCall(key, asString(item.arguments), emit, asNonEmptyString(item.call_id));
    }

    function onTerminal(type: string, response: JSONRecord | undefined, emit: Emit): void {
      run.terminated = true;
      sendMetadata(response, emit);
      const output = asArray(response?.output);
      if (output !== undefined) {
        for (let i = 0; i < output.length; i++) {
          const item = output[i];
          if (isRecord(item)) onItemDone(item, i, emit);
        }
      }
      tools.closeAll(emit);
      const rawUsage = asRecord(response?.usage);
      if (rawUsage !== undefined) run.usage = responsesUsage(rawUsage) ?? run.usage;
      const reason =
        asNonEmptyString(asRecord(response?.incomplete_details)?.reason) ??
        asNonEmptyString(response?.status) ??
        type.slice('response.'.length);
      const meta: { type: 'metadata'; finishReason: string; refusal?: string } = { type: 'metadata', finishReason: reason };
      if (refusal !== undefined) meta.refusal = refusal.join('');
      emit(meta);
      if (type === 'response.failed') {
        const failure = asRecord(response?.error);
        const error =
          pendingError ?? providerError(name, asString(failure?.message), asNonEmptyString(failure?.code) ?? asNonEmptyString(failure?.type));
        pendingError = undefined;
        throw error;
      }
    }

    function onEvent(type: string, payload: JSONRecord, emit: Emit): void {
      switch (type) {
        case 'response.output_text.delta': {
          const delta = asString(payload.delta);
          if (delta) emit({ type: 'text', delta, index: asNumber(payload.output_index) ?? 0 });
          return;
        }
        case 'response.reasoning_summary_text.delta':
        case 'response.reasoning_text.delta': {
          const delta = asString(payload.delta);
          if (delta) emit({ type: 'reasoning', delta, index: asNumber(payload.output_index) ?? 0 });
          return;
        }
        case 'response.refusal.delta': {
          const delta = asString(payload.delta);
          if (delta) (refusal ??= []).push(delta);
          return;
        }
        case 'response.output_item.added': {
          const item = asRecord(payload.item);
          if (item?.type === 'function_call') openCall(item, asNumber(payload.output_index) ?? 0, emit);
          return;
        }
        case 'response.function_call_arguments.delta': {
          const key = toolKey(payload);
          if (finishedIndexes.has(key)) return;
          if (!tools.isOpen(key)) tools.open(key, asNonEmptyString(payload.item_id) ?? `call_${key}`, '', key, emit);
          tools.append(key, asString(payload.delta) ?? '', emit);
          return;
        }
        case 'response.function_call_arguments.done': {
          const key = toolKey(payload);
          if (finishedIndexes.has(key) || !tools.isOpen(key)) return; // without the item we know no call id yet: output_item.done reports it
          const name = asNonEmptyString(payload.name);
          if (name !== undefined) tools.rename(key, name);
          closeCall(key, asString(payload.arguments), emit);
          return;
        }
        case 'response.output_item.done': {
          const item = asRecord(payload.item);
          if (item !== undefined) onItemDone(item, asNumber(payload.output_index) ?? 0, emit);
          return;
        }
        case 'response.created':
        case 'response.in_progress':
        case 'response.queued':
          sendMetadata(asRecord(payload.response), emit);
          return;
        case 'error': {
          const nested = asRecord(payload.error);
          const source = nested ?? payload;
          pendingError = providerError(
            name,
            asString(source.message),
            asNonEmptyString(source.code) ?? asNonEmptyString(source.type === 'error' ? undefined : source.type),
          );
          // Not terminal yet: `response.failed` normally follows with the final status and usage,
          // and reading on (instead of stopping here) lets the partial result carry them.
          return;
        }
        default:
          if (TERMINAL_EVENTS.has(type)) onTerminal(type, asRecord(payload.response), emit);
        // Unknown or uninteresting event types (content_part.added, output_text.done, annotations...)
        // carry nothing the normalized stream needs: skipped.
      }
    }

    return {
      push(message: FramedMessage, emit: Emit): void {
        const payload = readPayload(message, name);
        if (!isRecord(payload)) return;
        const type = eventTypeOf(payload, message);
        if (type === undefined) return;
        if (type !== 'response.failed') throwPendingError();
        if (run.terminated) return;
        onEvent(type, payload, emit);
      },
      beforeEnd: throwPendingError,
    };
  });
}

/** Responses streams open with `response.created` (or `response.queued` / `in_progress`). */
export function isResponsesMessage(message: FramedMessage): boolean {
  if (message.kind === 'sse' && message.event.startsWith('response.')) return true;
  const payload = payloadOf(message);
  if (!isRecord(payload)) return false;
  const type = asString(payload.type);
  if (type === undefined) return false;
  if (type.startsWith('response.')) return true;
  // An `error` event that opens the stream: the Responses API numbers its events.
  return type === 'error' && typeof payload.sequence_number === 'number';
}
