import { estimateTokens, piecesOf } from '../tokens.js';
import { namedFrame, randomId, toolArgsText, type Frame, type ProviderStreamInput } from './frames.js';

/**
 * Anthropic Messages streaming: `message_start`, then per content block `content_block_start` /
 * `content_block_delta` (thinking_delta + signature_delta, text_delta, input_json_delta) /
 * `content_block_stop`, a `ping` after the first block start, `message_delta` (stop_reason, usage)
 * and `message_stop`.
 */
export function anthropicStream(input: ProviderStreamInput): Frame[] {
  const { answer, prompt, chunk } = input;
  const frames: Frame[] = [];
  const push = (type: string, fields: Record<string, unknown> = {}, paced = false) =>
    frames.push(namedFrame(type, { type, ...fields }, paced));
  const inputTokens = estimateTokens(prompt) + 10;
  push('message_start', {
    message: {
      model: 'claude-sonnet-4-5-20250929',
      id: `msg_01${randomId(22)}`,
      type: 'message',
      role: 'assistant',
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: {
        input_tokens: inputTokens,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
        output_tokens: 1,
        service_tier: 'standard',
      },
    },
  });
  let index = 0;
  let pinged = false;
  const blockStart = (block: Record<string, unknown>) => {
    push('content_block_start', { index, content_block: block });
    if (!pinged) {
      pinged = true;
      push('ping');
    }
  };
  if (input.reasoning && answer.reasoning !== '') {
    blockStart({ type: 'thinking', thinking: '', signature: '' });
    for (const piece of piecesOf(answer.reasoning, chunk)) push('content_block_delta', { index, delta: { type: 'thinking_delta', thinking: piece } }, true);
    push('content_block_delta', { index, delta: { type: 'signature_delta', signature: `Eq${randomId(86)}==` } });
    push('content_block_stop', { index });
    index += 1;
  }
  if (answer.text !== '') {
    blockStart({ type: 'text', text: '' });
    for (const piece of piecesOf(answer.text, chunk)) push('content_block_delta', { index, delta: { type: 'text_delta', text: piece } }, true);
    push('content_block_stop', { index });
    index += 1;
  }
  const call = answer.toolCall;
  if (call) {
    blockStart({ type: 'tool_use', id: `toolu_01${randomId(22)}`, name: call.name, input: {} });
    push('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: '' } });
    for (const piece of piecesOf(toolArgsText(call.args), chunk)) {
      push('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: piece } }, true);
    }
    push('content_block_stop', { index });
  }
  const outputTokens =
    estimateTokens(call ? toolArgsText(call.args) : answer.text) + (input.reasoning ? estimateTokens(answer.reasoning) : 0);
  push('message_delta', {
    delta: { stop_reason: call ? 'tool_use' : 'end_turn', stop_sequence: null },
    usage: { input_tokens: inputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: outputTokens },
  });
  push('message_stop');
  return frames;
}
