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
  mergeUsage,
  payloadOf,
  providerError,
  readPayload,
  type JSONRecord,
} from './shared.js';

/**
 * Anthropic Messages streaming (`event:`-typed SSE; the type is also in `data.type`), as the
 * Anthropic API, Amazon Bedrock and Google Vertex forward it.
 *
 * - text: `text` blocks (`content_block_start.text` + `text_delta`), `index` = content block index.
 * - reasoning: `thinking` blocks (`thinking_delta`). Redacted thinking and signatures are skipped.
 * - tool calls: `tool_use` blocks: id/name from `content_block_start`, arguments from
 *   `input_json_delta`, or whole in `content_block_start.input` when no deltas follow. Closed at
 *   `content_block_stop`. Server tools (`server_tool_use`, web search, code execution, MCP) run at
 *   Anthropic and are not function calls: skipped, with their deltas.
 * - complete blocks inside `message_start.message.content` are decoded like streamed ones.
 * - finish: `message_delta.delta.stop_reason` (`end_turn`, `tool_use`, `refusal`...);
 *   `stop_sequence` and `stop_details` go along as metadata extras.
 * - usage: `message_start.message.usage` merged with every `message_delta.usage` (later values win:
 *   `input_tokens` may be updated); cached = `cache_read_input_tokens`, cache writes =
 *   `cache_creation_input_tokens` (billed apart, at the cache-write price), reasoning =
 *   `output_tokens_details.thinking_tokens`; total is not reported (finalizeUsage adds in + out).
 * - `error` events (e.g. `overloaded_error`) -> StreamError('provider'), retryable when transient.
 * - `ping` and unknown event types are skipped, as Anthropic's versioning policy asks clients to.
 * - terminal: `message_stop`.
 */

export const ANTHROPIC_PROVIDER = 'anthropic';

export function anthropicUsage(raw: JSONRecord): ReportedUsage | undefined {
  return compactUsage({
    inputTokens: raw.input_tokens,
    outputTokens: raw.output_tokens,
    totalTokens: undefined,
    reasoningTokens: asRecord(raw.output_tokens_details)?.thinking_tokens,
    cachedInputTokens: raw.cache_read_input_tokens,
    cacheWriteInputTokens: raw.cache_creation_input_tokens,
  });
}

type BlockKind = 'text' | 'thinking' | 'tool' | 'other';

export function createAnthropicDecoder(name: string = ANTHROPIC_PROVIDER): Decoder {
  return defineProviderDecoder(name, isAnthropicMessage, (run) => {
    const { tools } = run;
    const blocks = new Map<number, BlockKind>();
    /** Arguments given whole in content_block_start, used when no input_json_delta follows. */
    const startInputs = new Map<number, string>();

    function startBlock(index: number, block: JSONRecord, emit: Emit): void {
      switch (block.type) {
        case 'text': {
          blocks.set(index, 'text');
          const text = asString(block.text);
          if (text) emit({ type: 'text', delta: text, index });
          return;
        }
        case 'thinking': {
          blocks.set(index, 'thinking');
          const thinking = asString(block.thinking);
          if (thinking) emit({ type: 'reasoning', delta: thinking, index });
          return;
        }
        case 'tool_use': {
          blocks.set(index, 'tool');
          const input = block.input;
          const hasInput = isRecord(input) ? Object.keys(input).length > 0 : input !== undefined && input !== null;
          if (hasInput) startInputs.set(index, JSON.stringify(input));
          tools.open(index, asString(block.id) ?? `toolu_${index}`, asString(block.name) ?? '', index, emit);
          return;
        }
        default:
          blocks.set(index, 'other');
      }
    }

    function stopBlock(index: number, emit: Emit): void {
      if (blocks.get(index) === 'tool' && tools.isOpen(index)) {
        const whole = startInputs.get(index);
        startInputs.delete(index);
        if (whole !== undefined && tools.argsLength(index) === 0) {
          tools.append(index, whole, emit);
        }
        tools.close(index, emit);
      }
      blocks.delete(index);
    }

    function onDelta(index: number, delta: JSONRecord, emit: Emit): void {
      const kind = blocks.get(index);
      switch (delta.type) {
        case 'text_delta': {
          const text = asString(delta.text);
          if (text && kind !== 'other') emit({ type: 'text', delta: text, index });
          return;
        }
        case 'thinking_delta': {
          const thinking = asString(delta.thinking);
          if (thinking && kind !== 'other') emit({ type: 'reasoning', delta: thinking, index });
          return;
        }
        case 'input_json_delta': {
          if (kind === 'tool') tools.append(index, asString(delta.partial_json) ?? '', emit);
          return;
        }
        default:
        // signature_delta, citations_delta and future delta types: nothing to normalize.
      }
    }

    function onMessageStart(message: JSONRecord, emit: Emit): void {
      emitResponseMetadata(emit, asNonEmptyString(message.model), asNonEmptyString(message.id));
      const rawUsage = asRecord(message.usage);
      if (rawUsage !== undefined) run.usage = mergeUsage(run.usage, anthropicUsage(rawUsage));
      const content = asArray(message.content);
      if (content !== undefined) {
        for (let i = 0; i < content.length; i++) {
          const block = content[i];
          if (!isRecord(block)) continue;
          startBlock(i, block, emit);
          stopBlock(i, emit);
        }
      }
      // A message that arrives complete (prepopulated content) may carry its stop reason here
      // and no message_delta at all.
      const stopReason = asNonEmptyString(message.stop_reason);
      if (stopReason !== undefined) emit({ type: 'metadata', finishReason: stopReason });
    }

    function onMessageDelta(payload: JSONRecord, emit: Emit): void {
      const rawUsage = asRecord(payload.usage);
      if (rawUsage !== undefined) run.usage = mergeUsage(run.usage, anthropicUsage(rawUsage));
      const delta = asRecord(payload.delta);
      const stopReason = asNonEmptyString(delta?.stop_reason);
      if (stopReason === undefined) return;
      tools.closeAll(emit);
      const meta: { type: 'metadata'; finishReason: string; stopSequence?: string; stopDetails?: unknown } = {
        type: 'metadata',
        finishReason: stopReason,
      };
      const stopSequence = asNonEmptyString(delta?.stop_sequence);
      if (stopSequence !== undefined) meta.stopSequence = stopSequence;
      if (isRecord(delta?.stop_details)) meta.stopDetails = delta.stop_details;
      emit(meta);
    }

    function onEvent(type: string, payload: JSONRecord, emit: Emit): void {
      switch (type) {
        case 'content_block_delta': {
          const delta = asRecord(payload.delta);
          if (delta !== undefined) onDelta(asNumber(payload.index) ?? 0, delta, emit);
          return;
        }
        case 'content_block_start': {
          const block = asRecord(payload.content_block);
          if (block !== undefined) startBlock(asNumber(payload.index) ?? 0, block, emit);
          return;
        }
        case 'content_block_stop':
          stopBlock(asNumber(payload.index) ?? 0, emit);
          return;
        case 'message_start': {
          const message = asRecord(payload.message);
          if (message !== undefined) onMessageStart(message, emit);
          return;
        }
        case 'message_delta':
          onMessageDelta(payload, emit);
          return;
        case 'message_stop':
          tools.closeAll(emit);
          run.terminated = true;
          return;
        case 'error': {
          const error = asRecord(payload.error) ?? payload;
          const code = asNonEmptyString(error.type === 'error' ? undefined : error.type) ?? asNonEmptyString(error.code);
          throw providerError(name, asString(error.message), code);
        }
        default:
        // ping and event types added after this was written: skipped.
      }
    }

    return {
      push(message: FramedMessage, emit: Emit): void {
        if (run.terminated) return;
        const payload = readPayload(message, name);
        if (!isRecord(payload)) return;
        const type = eventTypeOf(payload, message);
        if (type !== undefined) onEvent(type, payload, emit);
      },
    };
  });
}

/** Anthropic streams open with `message_start` (an `error` event may come first on overload). */
export function isAnthropicMessage(message: FramedMessage): boolean {
  if (message.kind === 'sse' && message.event === 'message_start') return true;
  const payload = payloadOf(message);
  if (!isRecord(payload)) return false;
  if (payload.type === 'message_start') return true;
  if (payload.type !== 'error' || typeof payload.sequence_number === 'number') return false;
  const error = asRecord(payload.error);
  return typeof error?.type === 'string' && error.type.endsWith('_error');
}
