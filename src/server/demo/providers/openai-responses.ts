import { estimateTokens, piecesOf } from '../tokens.js';
import { namedFrame, randomId, toolArgsText, type Frame, type ProviderStreamInput } from './frames.js';

/**
 * OpenAI Responses API streaming: `event: <type>` + `data:` JSON with a `sequence_number` that
 * counts every event from 0; a reasoning item (summary text), then a message item (output_text
 * deltas) or a function_call item (argument deltas), and `response.completed` carrying the full
 * response with its output and usage.
 */
export function openaiResponsesStream(input: ProviderStreamInput): Frame[] {
  const { answer, prompt, chunk } = input;
  const responseId = `resp_${randomId(48)}`;
  const createdAt = Math.floor(Date.now() / 1000);
  const model = 'gpt-5-mini-2025-08-07';
  const frames: Frame[] = [];
  let sequence = 0;
  const push = (type: string, fields: Record<string, unknown>, paced = false) => {
    frames.push(namedFrame(type, { type, sequence_number: sequence, ...fields }, paced));
    sequence += 1;
  };
  const response = (status: string, output: unknown[], usage: unknown) => ({
    id: responseId,
    object: 'response',
    created_at: createdAt,
    status,
    background: false,
    error: null,
    incomplete_details: null,
    instructions: null,
    max_output_tokens: null,
    max_tool_calls: null,
    model,
    output,
    parallel_tool_calls: true,
    previous_response_id: null,
    prompt_cache_key: null,
    reasoning: { effort: 'medium', summary: input.reasoning ? 'auto' : null },
    safety_identifier: null,
    service_tier: 'auto',
    store: true,
    temperature: 1,
    text: { format: { type: 'text' }, verbosity: 'medium' },
    tool_choice: 'auto',
    tools: answer.toolCall
      ? [{ type: 'function', name: answer.toolCall.name, description: 'Current weather for a location.', parameters: { type: 'object' }, strict: false }]
      : [],
    top_logprobs: 0,
    top_p: 1,
    truncation: 'disabled',
    usage,
    user: null,
    metadata: {},
  });

  push('response.created', { response: response('in_progress', [], null) });
  push('response.in_progress', { response: response('in_progress', [], null) });

  const output: unknown[] = [];
  let outputIndex = 0;

  if (input.reasoning && answer.reasoning !== '') {
    const itemId = `rs_${randomId(48)}`;
    const encrypted = `gAAAAA${randomId(64)}`;
    push('response.output_item.added', { output_index: outputIndex, item: { id: itemId, type: 'reasoning', encrypted_content: encrypted, summary: [] } });
    push('response.reasoning_summary_part.added', { item_id: itemId, output_index: outputIndex, summary_index: 0, part: { type: 'summary_text', text: '' } });
    for (const piece of piecesOf(answer.reasoning, chunk)) {
      push(
        'response.reasoning_summary_text.delta',
        { item_id: itemId, output_index: outputIndex, summary_index: 0, delta: piece, obfuscation: randomId(8) },
        true,
      );
    }
    push('response.reasoning_summary_text.done', { item_id: itemId, output_index: outputIndex, summary_index: 0, text: answer.reasoning });
    const part = { type: 'summary_text', text: answer.reasoning };
    push('response.reasoning_summary_part.done', { item_id: itemId, output_index: outputIndex, summary_index: 0, part });
    const item = { id: itemId, type: 'reasoning', encrypted_content: encrypted, summary: [part] };
    push('response.output_item.done', { output_index: outputIndex, item });
    output.push(item);
    outputIndex += 1;
  }

  const call = answer.toolCall;
  if (call) {
    const itemId = `fc_${randomId(48)}`;
    const args = toolArgsText(call.args);
    const added = { id: itemId, type: 'function_call', status: 'in_progress', arguments: '', call_id: call.id, name: call.name };
    push('response.output_item.added', { output_index: outputIndex, item: added });
    for (const piece of piecesOf(args, chunk)) {
      push('response.function_call_arguments.delta', { item_id: itemId, output_index: outputIndex, delta: piece, obfuscation: randomId(8) }, true);
    }
    push('response.function_call_arguments.done', { item_id: itemId, output_index: outputIndex, arguments: args });
    const item = { ...added, status: 'completed', arguments: args };
    push('response.output_item.done', { output_index: outputIndex, item });
    output.push(item);
  } else {
    const itemId = `msg_${randomId(48)}`;
    push('response.output_item.added', {
      output_index: outputIndex,
      item: { id: itemId, type: 'message', status: 'in_progress', content: [], role: 'assistant' },
    });
    const emptyPart = { type: 'output_text', annotations: [], logprobs: [], text: '' };
    push('response.content_part.added', { item_id: itemId, output_index: outputIndex, content_index: 0, part: emptyPart });
    for (const piece of piecesOf(answer.text, chunk)) {
      push(
        'response.output_text.delta',
        { item_id: itemId, output_index: outputIndex, content_index: 0, delta: piece, logprobs: [], obfuscation: randomId(8) },
        true,
      );
    }
    push('response.output_text.done', { item_id: itemId, output_index: outputIndex, content_index: 0, text: answer.text, logprobs: [] });
    const part = { ...emptyPart, text: answer.text };
    push('response.content_part.done', { item_id: itemId, output_index: outputIndex, content_index: 0, part });
    const item = { id: itemId, type: 'message', status: 'completed', content: [part], role: 'assistant' };
    push('response.output_item.done', { output_index: outputIndex, item });
    output.push(item);
  }

  const inputTokens = estimateTokens(prompt) + 8;
  const reasoningTokens = input.reasoning ? estimateTokens(answer.reasoning) : 0;
  const outputTokens = estimateTokens(call ? toolArgsText(call.args) : answer.text) + reasoningTokens;
  push('response.completed', {
    response: response('completed', output, {
      input_tokens: inputTokens,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: outputTokens,
      output_tokens_details: { reasoning_tokens: reasoningTokens },
      total_tokens: inputTokens + outputTokens,
    }),
  });
  return frames;
}
