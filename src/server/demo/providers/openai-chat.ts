import { estimateTokens, piecesOf } from '../tokens.js';
import { dataFrame, randomId, toolArgsText, type Frame, type ProviderStreamInput } from './frames.js';

/**
 * OpenAI Chat Completions streaming (`stream: true`, `stream_options.include_usage: true`):
 * `chat.completion.chunk` objects as `data:` lines, a finish chunk, a trailing usage chunk with
 * empty `choices`, then `data: [DONE]`.
 */
export function openaiChatStream(input: ProviderStreamInput): Frame[] {
  const { answer, prompt, chunk } = input;
  const id = `chatcmpl-${randomId(29)}`;
  const created = Math.floor(Date.now() / 1000);
  const base = {
    id,
    object: 'chat.completion.chunk',
    created,
    model: 'gpt-4o-mini-2024-07-18',
    service_tier: 'default',
    system_fingerprint: 'fp_d3m0s7r34m',
  };
  const chunkOf = (delta: Record<string, unknown>, finish: string | null = null) => ({
    ...base,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    usage: null,
    obfuscation: randomId(1 + (created % 7)),
  });
  const frames: Frame[] = [];
  const call = answer.toolCall;
  if (call) {
    const argPieces = piecesOf(toolArgsText(call.args), chunk);
    frames.push(
      dataFrame(
        chunkOf({
          role: 'assistant',
          content: null,
          tool_calls: [{ index: 0, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }],
          refusal: null,
        }),
        false,
      ),
    );
    for (const piece of argPieces) frames.push(dataFrame(chunkOf({ tool_calls: [{ index: 0, function: { arguments: piece } }] }), true));
  } else {
    frames.push(dataFrame(chunkOf({ role: 'assistant', content: '', refusal: null }), false));
    for (const piece of piecesOf(answer.text, chunk)) frames.push(dataFrame(chunkOf({ content: piece }), true));
  }
  frames.push(dataFrame(chunkOf({}, call ? 'tool_calls' : 'stop'), false));
  const promptTokens = estimateTokens(prompt) + 9;
  const completionTokens = estimateTokens(call ? toolArgsText(call.args) : answer.text);
  frames.push(
    dataFrame(
      {
        ...base,
        choices: [],
        usage: {
          prompt_tokens: promptTokens,
          completion_tokens: completionTokens,
          total_tokens: promptTokens + completionTokens,
          prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
          completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
        },
        obfuscation: randomId(5),
      },
      false,
    ),
  );
  frames.push({ text: 'data: [DONE]\n\n', paced: false });
  return frames;
}

/**
 * xAI (OpenAI-compatible, as grok-3-mini streams): no `usage: null`/`logprobs` on content chunks,
 * `reasoning_content` deltas first, a tool call arrives whole in one chunk, then the finish chunk,
 * a usage chunk (`reasoning_tokens`, `cost_in_usd_ticks`) and `data: [DONE]`.
 */
export function xaiChatStream(input: ProviderStreamInput): Frame[] {
  const { answer, prompt, chunk } = input;
  const id = globalThis.crypto.randomUUID();
  const created = Math.floor(Date.now() / 1000);
  const base = { id, object: 'chat.completion.chunk', created, model: 'grok-3-mini' };
  const fingerprint = { system_fingerprint: 'fp_d3m0x41' };
  const chunkOf = (delta: Record<string, unknown>, finish?: string) => ({
    ...base,
    choices: [{ index: 0, delta, ...(finish !== undefined ? { finish_reason: finish } : {}) }],
    ...fingerprint,
  });
  const frames: Frame[] = [];
  let first = true;
  const withRole = (delta: Record<string, unknown>) => {
    if (!first) return delta;
    first = false;
    return { ...delta, role: 'assistant' };
  };
  if (input.reasoning) {
    for (const piece of piecesOf(answer.reasoning, chunk)) frames.push(dataFrame(chunkOf(withRole({ reasoning_content: piece })), true));
  }
  const call = answer.toolCall;
  if (call) {
    frames.push(
      dataFrame(
        chunkOf(withRole({ tool_calls: [{ id: call.id, function: { name: call.name, arguments: toolArgsText(call.args) }, index: 0, type: 'function' }] })),
        true,
      ),
    );
  } else {
    for (const piece of piecesOf(answer.text, chunk)) frames.push(dataFrame(chunkOf(withRole({ content: piece })), true));
  }
  frames.push(dataFrame(chunkOf({}, call ? 'tool_calls' : 'stop'), false));
  const promptTokens = estimateTokens(prompt) + 12;
  const completionTokens = estimateTokens(call ? toolArgsText(call.args) : answer.text);
  const reasoningTokens = input.reasoning ? estimateTokens(answer.reasoning) : 0;
  frames.push(
    dataFrame(
      {
        ...base,
        choices: [],
        usage: {
          prompt_tokens: promptTokens,
          completion_tokens: completionTokens,
          total_tokens: promptTokens + completionTokens + reasoningTokens,
          prompt_tokens_details: { text_tokens: promptTokens, audio_tokens: 0, image_tokens: 0, cached_tokens: 0 },
          completion_tokens_details: { reasoning_tokens: reasoningTokens, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
          num_sources_used: 0,
          cost_in_usd_ticks: (promptTokens * 3 + (completionTokens + reasoningTokens) * 5) * 1000,
        },
        ...fingerprint,
      },
      false,
    ),
  );
  frames.push({ text: 'data: [DONE]\n\n', paced: false });
  return frames;
}
