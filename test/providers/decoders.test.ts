import { describe, expect, it } from 'vitest';
import { StreamError } from '../../src/core/errors.js';
import { providerDecoders } from '../../src/core/providers/index.js';
import { resolveDecoder } from '../../src/core/decoders/registry.js';
import type { Decoder, StreamEventPayload } from '../../src/core/types.js';
import { CHUNKINGS, decodeBytes, type Decoded } from './harness.js';

const encoder = new TextEncoder();

/** SSE bytes as each provider frames them: `event:` line when given, `data:` JSON, blank line. */
function sse(events: Array<{ event?: string; data: unknown } | string>, lineEnd = '\n'): Uint8Array {
  const out: string[] = [];
  for (const e of events) {
    if (typeof e === 'string') out.push(`data: ${e}${lineEnd}${lineEnd}`);
    else {
      if (e.event) out.push(`event: ${e.event}${lineEnd}`);
      out.push(`data: ${typeof e.data === 'string' ? e.data : JSON.stringify(e.data)}${lineEnd}${lineEnd}`);
    }
  }
  return encoder.encode(out.join(''));
}

/** Decodes at every test chunking and checks they all agree; returns one of them. */
async function decode(decoder: Decoder, bytes: Uint8Array): Promise<Decoded> {
  const results: Decoded[] = [];
  for (const chunking of CHUNKINGS) results.push(await decodeBytes(decoder, chunking.split(bytes)));
  const [first, ...rest] = results;
  for (const r of rest) {
    expect(r.text).toBe(first!.text);
    expect(r.toolCalls).toEqual(first!.toolCalls);
    expect(r.error?.message).toBe(first!.error?.message);
  }
  return first!;
}

const openai = providerDecoders.openai!;
const responses = providerDecoders['openai-responses']!;
const anthropic = providerDecoders.anthropic!;
const gemini = providerDecoders.gemini!;
const xai = providerDecoders.xai!;

/** One framed chat chunk for sse(). */
function chunk(delta: Record<string, unknown>, extra: Record<string, unknown> = {}, index = 0): { data: unknown } {
  return { data: chunkPayload(delta, extra, index) };
}

function chunkPayload(delta: Record<string, unknown>, extra: Record<string, unknown> = {}, index = 0): unknown {
  return { id: 'chatcmpl-1', object: 'chat.completion.chunk', model: 'gpt-4o-2024-08-06', choices: [{ index, delta, finish_reason: null }], ...extra };
}

describe('openai (Chat Completions)', () => {
  it('interleaves several tool calls by index, id/name once then argument deltas', async () => {
    const bytes = sse([
      chunk({ role: 'assistant', content: null, tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'weather', arguments: '' } }] }),
      chunk({ tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'time', arguments: '{"tz":' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":"Pa' } }] }),
      chunk({ tool_calls: [{ index: 1, function: { arguments: '"UTC"}' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: 'ris ☀"}' } }] }),
      { data: { id: 'chatcmpl-1', choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] } },
      '[DONE]',
    ]);
    const d = await decode(openai, bytes);
    expect(d.toolCalls).toEqual([
      { id: 'call_a', name: 'weather', args: { city: 'Paris ☀' }, argsText: '{"city":"Paris ☀"}' },
      { id: 'call_b', name: 'time', args: { tz: 'UTC' }, argsText: '{"tz":"UTC"}' },
    ]);
    expect(d.finishReason).toBe('tool_calls');
    expect(d.terminated).toBe(true);
    // every call is closed exactly once
    expect(d.events.filter((e) => e.type === 'tool-call-end')).toHaveLength(2);
  });

  it('starts a new call when a server reuses index 0 with a new id; a call without arguments gets {}', async () => {
    const bytes = sse([
      chunk({ tool_calls: [{ index: 0, id: 'call_1', function: { name: 'a', arguments: '{"x":1}' } }] }),
      chunk({ tool_calls: [{ index: 0, id: 'call_2', function: { name: 'b' } }] }),
      { data: { choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] } },
      '[DONE]',
    ]);
    const d = await decode(openai, bytes);
    expect(d.toolCalls.map(({ id, name, args }) => ({ id, name, args }))).toEqual([
      { id: 'call_1', name: 'a', args: { x: 1 } },
      { id: 'call_2', name: 'b', args: {} },
    ]);
  });

  it('accepts tool arguments sent as an object by some compatible servers', async () => {
    const d = await decode(openai, sse([chunk({ tool_calls: [{ id: 'c1', function: { name: 'f', arguments: { q: 'x' } } }] }), '[DONE]']));
    expect(d.toolCalls).toEqual([{ id: 'c1', name: 'f', args: { q: 'x' }, argsText: '{"q":"x"}' }]);
  });

  it('splits Mistral typed content parts into text and reasoning', async () => {
    const bytes = sse([
      chunk({ content: [{ type: 'thinking', thinking: [{ type: 'text', text: 'Let me ' }], closed: true }] }),
      chunk({ content: [{ type: 'thinking', thinking: [{ type: 'text', text: 'add.' }] }, { type: 'text', text: '4' }] }),
      chunk({ content: '2' }),
      '[DONE]',
    ]);
    const d = await decode(openai, bytes);
    expect(d.reasoning).toBe('Let me add.');
    expect(d.text).toBe('42');
  });

  it('keeps the refusal out of the text and reports it as metadata', async () => {
    const bytes = sse([chunk({ refusal: "I can't" }), chunk({ refusal: ' help.' }), { data: { choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] } }, '[DONE]']);
    const d = await decode(openai, bytes);
    expect(d.text).toBe('');
    expect(d.events).toContainEqual({ type: 'metadata', finishReason: 'stop', refusal: "I can't help." });
  });

  it('routes choices > 0 with `choice` set, and only choice 0 into the text', async () => {
    const bytes = sse([chunk({ content: 'zero' }, {}, 0), chunk({ content: 'one' }, {}, 1), '[DONE]']);
    const d = await decode(openai, bytes);
    expect(d.text).toBe('zero');
    expect(d.events).toContainEqual({ type: 'text', delta: 'one', index: 1, choice: 1 });
  });

  it('skips Azure prompt_filter_results chunks, chunks without choices, blank data and comments', async () => {
    const bytes = encoder.encode(
      ': keep-alive\n\n' +
        'data: {"choices":[],"created":0,"id":"","model":"","object":"","prompt_filter_results":[{"prompt_index":0}]}\n\n' +
        'data: {"id":"x","object":"chat.completion.chunk"}\n\n' +
        'data: {"choices":[{"index":0}]}\n\n' +
        'data:\n\n' +
        `data: ${JSON.stringify(chunkPayload({ content: 'ok' }))}\n\n` +
        'data: [DONE]\n\n',
    );
    const d = await decode(openai, bytes);
    expect(d.text).toBe('ok');
    expect(d.error).toBeUndefined();
    expect(d.events.filter((e) => e.type === 'metadata')).toEqual([
      { type: 'metadata', responseId: 'x' },
      { type: 'metadata', model: 'gpt-4o-2024-08-06' },
    ]);
  });

  it('non-JSON data is a typed parse error, never a crash', async () => {
    const d = await decode(openai, sse([chunk({ content: 'a' }), '{"choices": [', '[DONE]']));
    expect(d.error).toBeInstanceOf(StreamError);
    expect(d.error?.code).toBe('parse');
    expect(d.text).toBe('a');
  });

  it('an in-stream error payload is a provider error with the provider code; rate limits are retryable', async () => {
    const d = await decode(
      openai,
      sse([chunk({ content: 'a' }), { data: { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } } }]),
    );
    expect(d.error?.code).toBe('provider');
    expect(d.error?.providerCode).toBe('rate_limit_exceeded');
    expect(d.error?.message).toBe('Rate limit reached');
    expect(d.error?.retryable).toBe(true);
    const quota = await decode(openai, sse([{ data: { error: { message: 'quota', type: 'insufficient_quota', code: null } } }]));
    expect(quota.error?.providerCode).toBe('insufficient_quota');
    expect(quota.error?.retryable).toBe(false);
  });

  it('without [DONE] the stream is not terminated and a truncated tool call stays open', async () => {
    const d = await decode(openai, sse([chunk({ tool_calls: [{ index: 0, id: 'c', function: { name: 'f', arguments: '{"a":' } }] })]));
    expect(d.terminated).toBe(false);
    expect(d.events.some((e) => e.type === 'tool-call-end')).toBe(false);
  });

  it('ignores anything after [DONE]; usage from x_groq when only that is present', async () => {
    const bytes = sse([
      chunk({ content: 'hi' }),
      { data: { choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], x_groq: { usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 } } } },
      '[DONE]',
      chunk({ content: 'late' }),
    ]);
    const d = await decode(openai, bytes);
    expect(d.text).toBe('hi');
    expect(d.usage).toMatchObject({ inputTokens: 3, outputTokens: 1, totalTokens: 4, estimated: false });
  });

  it('xai: reasoning_content and reasoning are both reasoning', async () => {
    const d = await decode(xai, sse([chunk({ reasoning_content: 'think ' }), chunk({ reasoning: 'more' }), chunk({ content: 'answer' }), '[DONE]']));
    expect(d.reasoning).toBe('think more');
    expect(d.text).toBe('answer');
  });

  it('needs SSE or NDJSON framing', () => {
    const instance = openai.create();
    expect(() => instance.push({ kind: 'text', text: 'hello' }, () => {})).toThrow(expect.objectContaining({ code: 'protocol' }));
  });

  it('decodes NDJSON-forwarded chunks too', () => {
    const events: StreamEventPayload[] = [];
    const instance = openai.create();
    instance.push({ kind: 'ndjson', value: chunkPayload({ content: 'nd' }) }, (e) => events.push(e));
    expect(events).toContainEqual({ type: 'text', delta: 'nd', index: 0 });
  });
});

describe('openai-responses', () => {
  const created = { event: 'response.created', data: { type: 'response.created', sequence_number: 0, response: { id: 'resp_1', model: 'gpt-5.1', status: 'in_progress', usage: null } } };

  it('skips unknown event types and decodes text, reasoning and whole-argument calls', async () => {
    const bytes = sse([
      created,
      { event: 'response.something_new', data: { type: 'response.something_new', sequence_number: 1, foo: 1 } },
      { event: 'response.reasoning_text.delta', data: { type: 'response.reasoning_text.delta', output_index: 0, delta: 'hmm' } },
      { event: 'response.output_text.delta', data: { type: 'response.output_text.delta', output_index: 1, delta: 'Hi' } },
      { event: 'response.output_text.done', data: { type: 'response.output_text.done', output_index: 1, text: 'Hi' } },
      // a call announced only when done, arguments whole
      {
        event: 'response.output_item.done',
        data: { type: 'response.output_item.done', output_index: 2, item: { id: 'fc_1', type: 'function_call', call_id: 'call_1', name: 'f', arguments: '{"a":1}' } },
      },
      // hosted tools are not function calls
      { event: 'response.output_item.done', data: { type: 'response.output_item.done', output_index: 3, item: { id: 'ws_1', type: 'web_search_call' } } },
      {
        event: 'response.completed',
        data: {
          type: 'response.completed',
          response: {
            id: 'resp_1',
            status: 'completed',
            output: [{ id: 'fc_1', type: 'function_call', call_id: 'call_1', name: 'f', arguments: '{"a":1}' }],
            usage: { input_tokens: 5, output_tokens: 7, total_tokens: 12 },
          },
        },
      },
    ]);
    const d = await decode(responses, bytes);
    expect(d.text).toBe('Hi');
    expect(d.reasoning).toBe('hmm');
    expect(d.toolCalls).toEqual([{ id: 'call_1', name: 'f', args: { a: 1 }, argsText: '{"a":1}' }]);
    expect(d.finishReason).toBe('completed');
    expect(d.usage).toMatchObject({ inputTokens: 5, outputTokens: 7, totalTokens: 12, estimated: false });
    expect(d.model).toBe('gpt-5.1');
  });

  it('response.incomplete ends normally with the incomplete reason', async () => {
    const bytes = sse([
      created,
      { event: 'response.output_text.delta', data: { type: 'response.output_text.delta', output_index: 0, delta: 'cut' } },
      { event: 'response.incomplete', data: { type: 'response.incomplete', response: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } } } },
    ]);
    const d = await decode(responses, bytes);
    expect(d.error).toBeUndefined();
    expect(d.finishReason).toBe('max_output_tokens');
    expect(d.terminated).toBe(true);
  });

  it('response.failed alone is a provider error with the response error code', async () => {
    const bytes = sse([created, { event: 'response.failed', data: { type: 'response.failed', response: { status: 'failed', error: { code: 'server_error', message: 'boom' } } } }]);
    const d = await decode(responses, bytes);
    expect(d.error).toMatchObject({ code: 'provider', providerCode: 'server_error', message: 'boom', retryable: true });
    expect(d.finishReason).toBe('failed');
  });

  it('a top-level error event ending the body is still reported', async () => {
    const d = await decode(responses, sse([created, { event: 'error', data: { type: 'error', sequence_number: 1, code: 'rate_limit_exceeded', message: 'slow down' } }]));
    expect(d.error).toMatchObject({ code: 'provider', providerCode: 'rate_limit_exceeded', message: 'slow down', retryable: true });
  });

  it('non-JSON data is a parse error', async () => {
    const d = await decode(responses, sse([created, { event: 'response.output_text.delta', data: 'not json' }]));
    expect(d.error?.code).toBe('parse');
  });
});

describe('anthropic', () => {
  const start = { event: 'message_start', data: { type: 'message_start', message: { id: 'msg_1', model: 'claude-sonnet-4-5-20250929', content: [], usage: { input_tokens: 10, output_tokens: 1 } } } };

  it('overloaded_error is a retryable provider error with the provider code', async () => {
    const bytes = sse([
      start,
      { event: 'content_block_start', data: { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } } },
      { event: 'content_block_delta', data: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hel' } } },
      { event: 'error', data: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } },
    ]);
    const d = await decode(anthropic, bytes);
    expect(d.text).toBe('Hel');
    expect(d.error).toMatchObject({ code: 'provider', providerCode: 'overloaded_error', message: 'Overloaded', retryable: true });
    const invalid = await decode(anthropic, sse([{ event: 'error', data: { type: 'error', error: { type: 'invalid_request_error', message: 'bad' } } }]));
    expect(invalid.error).toMatchObject({ providerCode: 'invalid_request_error', retryable: false });
  });

  it('skips ping, unknown events and server tools; takes whole tool input from content_block_start', async () => {
    const bytes = sse([
      start,
      { event: 'ping', data: { type: 'ping' } },
      { event: 'brand_new_event', data: { type: 'brand_new_event', x: 1 } },
      { event: 'content_block_start', data: { type: 'content_block_start', index: 0, content_block: { type: 'server_tool_use', id: 'srv', name: 'web_search', input: {} } } },
      { event: 'content_block_delta', data: { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"q":"x"}' } } },
      { event: 'content_block_stop', data: { type: 'content_block_stop', index: 0 } },
      { event: 'content_block_start', data: { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'toolu_1', name: 'get', input: { id: 7 } } } },
      { event: 'content_block_stop', data: { type: 'content_block_stop', index: 1 } },
      { event: 'content_block_start', data: { type: 'content_block_start', index: 2, content_block: { type: 'mystery_block' } } },
      { event: 'content_block_delta', data: { type: 'content_block_delta', index: 2, delta: { type: 'mystery_delta', v: 1 } } },
      { event: 'message_delta', data: { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 9 } } },
      { event: 'message_stop', data: { type: 'message_stop' } },
    ]);
    const d = await decode(anthropic, bytes);
    expect(d.error).toBeUndefined();
    expect(d.toolCalls).toEqual([{ id: 'toolu_1', name: 'get', args: { id: 7 }, argsText: '{"id":7}' }]);
    expect(d.finishReason).toBe('tool_use');
    // message_delta without input_tokens keeps message_start's; total is input + output
    expect(d.usage).toMatchObject({ inputTokens: 10, outputTokens: 9, totalTokens: 19, estimated: false });
  });

  it('decodes complete blocks inside message_start', async () => {
    const bytes = sse([
      {
        event: 'message_start',
        data: {
          type: 'message_start',
          message: {
            id: 'msg_2',
            model: 'claude-haiku-4-5',
            content: [
              { type: 'thinking', thinking: 'plan' },
              { type: 'text', text: 'Hello' },
              { type: 'tool_use', id: 'toolu_9', name: 'x', input: {} },
            ],
            usage: { input_tokens: 1, output_tokens: 2 },
          },
        },
      },
      { event: 'message_delta', data: { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 3 } } },
      { event: 'message_stop', data: { type: 'message_stop' } },
    ]);
    const d = await decode(anthropic, bytes);
    expect(d.reasoning).toBe('plan');
    expect(d.text).toBe('Hello');
    expect(d.toolCalls).toEqual([{ id: 'toolu_9', name: 'x', args: {}, argsText: '' }]);
  });

  it('takes the stop reason of a message that arrives complete in message_start', async () => {
    const bytes = sse([
      {
        event: 'message_start',
        data: {
          type: 'message_start',
          message: {
            id: 'msg_3',
            model: 'claude-sonnet-4-6',
            content: [
              { type: 'code_execution_tool_result', tool_use_id: 'srv_1', content: { stdout: 'x' } },
              { type: 'tool_use', id: 'toolu_f', name: 'lookup_customer', input: { id: 'customer_123' } },
            ],
            stop_reason: 'tool_use',
            usage: { input_tokens: 0, output_tokens: 0 },
          },
        },
      },
      { event: 'message_stop', data: { type: 'message_stop' } },
    ]);
    const d = await decode(anthropic, bytes);
    expect(d.finishReason).toBe('tool_use');
    expect(d.toolCalls).toEqual([{ id: 'toolu_f', name: 'lookup_customer', args: { id: 'customer_123' }, argsText: '{"id":"customer_123"}' }]);
    expect(d.terminated).toBe(true);
  });

  it('a missing message_stop is not a terminated stream', async () => {
    const d = await decode(anthropic, sse([start]));
    expect(d.terminated).toBe(false);
  });
});

describe('gemini', () => {
  it('thought parts are reasoning, CRLF framing, functionCall ids kept when sent', async () => {
    const bytes = sse(
      [
        { data: { candidates: [{ content: { parts: [{ text: 'think', thought: true }, { text: 'Hi ' }], role: 'model' }, index: 0 }], modelVersion: 'gemini-2.5-flash', responseId: 'r1' } },
        {
          data: {
            candidates: [{ content: { parts: [{ text: 'there' }, { functionCall: { id: 'fc-1', name: 'f', args: { a: [1, 2] } } }] }, finishReason: 'STOP', index: 0 }],
            usageMetadata: { promptTokenCount: 4, candidatesTokenCount: 5, totalTokenCount: 12, thoughtsTokenCount: 3, cachedContentTokenCount: 2 },
          },
        },
      ],
      '\r\n',
    );
    const d = await decode(gemini, bytes);
    expect(d.reasoning).toBe('think');
    expect(d.text).toBe('Hi there');
    expect(d.toolCalls).toEqual([{ id: 'fc-1', name: 'f', args: { a: [1, 2] }, argsText: '{"a":[1,2]}' }]);
    expect(d.finishReason).toBe('STOP');
    expect(d.usage).toMatchObject({ inputTokens: 4, outputTokens: 5, totalTokens: 12, reasoningTokens: 3, cachedInputTokens: 2 });
    expect(d.model).toBe('gemini-2.5-flash');
  });

  it('assembles Vertex partialArgs with nested paths, numbers and booleans', async () => {
    const part = (functionCall: unknown) => ({ data: { candidates: [{ content: { role: 'model', parts: [{ functionCall }] } }] } });
    const bytes = sse([
      part({ name: 'plan', willContinue: true }),
      part({ partialArgs: [{ jsonPath: '$.trip.city', stringValue: 'Ly', willContinue: true }], willContinue: true }),
      part({ partialArgs: [{ jsonPath: '$.trip.city', stringValue: 'on' }, { jsonPath: '$.trip.days', numberValue: 3 }], willContinue: true }),
      part({ partialArgs: [{ jsonPath: '$.stops[0]', stringValue: 'A' }, { jsonPath: '$.stops[1]', boolValue: true }, { jsonPath: '$.__proto__.x', stringValue: 'no' }], willContinue: true }),
      part({}),
      { data: { candidates: [{ content: { role: 'model', parts: [{ text: '' }] }, finishReason: 'STOP' }] } },
    ]);
    const d = await decode(gemini, bytes);
    expect(d.toolCalls).toHaveLength(1);
    expect(d.toolCalls[0]).toMatchObject({ name: 'plan', args: { trip: { city: 'Lyon', days: 3 }, stops: ['A', true] } });
    expect(Object.prototype).not.toHaveProperty('x');
  });

  it('streamed calls: keep-alive parts, a last fragment without willContinue, calls without arguments', async () => {
    const part = (functionCall: unknown) => ({ data: { candidates: [{ content: { role: 'model', parts: [{ functionCall }] } }] } });
    const bytes = sse(
      [
        part({ name: 'list' }),
        part({ name: 'save', willContinue: true }),
        part({ partialArgs: [{ jsonPath: '$.items[0].sku', stringValue: 'a-1', willContinue: true }], willContinue: true }),
        part({ willContinue: true }),
        part({ partialArgs: [{ jsonPath: '$.items[0].sku', stringValue: '' }], willContinue: true }),
        part({ partialArgs: [{ jsonPath: '$.items[1].price', numberValue: 0.5 }] }),
        part({ name: 'save', willContinue: true }),
        part({ partialArgs: [{ jsonPath: '$.note', nullValue: null }], willContinue: true }),
        part({}),
        { data: { candidates: [{ content: { role: 'model', parts: [{ text: '' }] }, finishReason: 'STOP' }], usageMetadata: { promptTokenCount: 1, candidatesTokenCount: 2, totalTokenCount: 3 } } },
      ],
      '\r\n',
    );
    const d = await decode(gemini, bytes);
    expect(d.toolCalls.map(({ name, args }) => ({ name, args }))).toEqual([
      { name: 'list', args: {} },
      { name: 'save', args: { items: [{ sku: 'a-1' }, { price: 0.5 }] } },
      { name: 'save', args: { note: null } },
    ]);
    // No ids on the wire: the result says null, the events keep distinct flagged correlation ids.
    expect(d.toolCalls.map((c) => c.id)).toEqual([null, null, null]);
    const ends = d.events.filter((e) => e.type === 'tool-call-end');
    expect(new Set(ends.map((e) => e.id)).size).toBe(3);
    expect(ends.every((e) => e.idSynthesized === true)).toBe(true);
    expect(d.finishReason).toBe('STOP');
  });

  it('an error payload is a provider error with the status as code', async () => {
    const d = await decode(gemini, sse([{ data: { error: { code: 429, message: 'Resource has been exhausted', status: 'RESOURCE_EXHAUSTED' } } }]));
    expect(d.error).toMatchObject({ code: 'provider', providerCode: 'RESOURCE_EXHAUSTED', status: 429, retryable: true });
  });

  it('a blocked prompt ends the stream with the block reason', async () => {
    const d = await decode(gemini, sse([{ data: { promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 5, totalTokenCount: 5 } } }]));
    expect(d.terminated).toBe(true);
    expect(d.events).toContainEqual(expect.objectContaining({ type: 'metadata', blockReason: 'SAFETY' }));
  });

  it('non-JSON data is a parse error; chunks without candidates are skipped', async () => {
    const d = await decode(gemini, sse([{ data: { modelVersion: 'm' } }, 'oops']));
    expect(d.error?.code).toBe('parse');
  });
});

describe('auto', () => {
  it('falls back to raw text for a stream that matches no provider format', async () => {
    const d = await decode(resolveDecoder('auto'), sse(['{"hello":"world"}']));
    expect(d.toolCalls).toEqual([]);
    expect(d.error).toBeUndefined();
  });

  it('detects a Gemini error-only stream and an Anthropic overload before message_start', async () => {
    const g = await decode(resolveDecoder('auto'), sse([{ data: { error: { code: 503, message: 'overloaded', status: 'UNAVAILABLE' } } }]));
    expect(g.error).toMatchObject({ code: 'provider', providerCode: 'UNAVAILABLE', retryable: true });
    const a = await decode(resolveDecoder('auto'), sse([{ event: 'error', data: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } }]));
    expect(a.error).toMatchObject({ code: 'provider', providerCode: 'overloaded_error', retryable: true });
  });
});
