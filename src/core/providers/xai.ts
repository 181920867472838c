import { createChatCompletionsDecoder } from './openai-chat.js';

/**
 * `xai`: xAI (Grok) speaks Chat Completions plus `delta.reasoning_content` for reasoning models.
 * Its usage is passed on as reported: xAI's `completion_tokens` excludes reasoning tokens (which
 * are in `completion_tokens_details.reasoning_tokens`), unlike OpenAI's.
 */
export const xaiDecoder = createChatCompletionsDecoder({ name: 'xai' });
