import type { Decoder } from '../types.js';
import { createAnthropicDecoder } from './anthropic.js';
import { createGeminiDecoder } from './gemini.js';
import { openaiDecoder } from './openai.js';
import { openaiResponsesDecoder } from './responses.js';
import { xaiDecoder } from './xai.js';

export const anthropicDecoder: Decoder = createAnthropicDecoder();
export const geminiDecoder: Decoder = createGeminiDecoder();
export { openaiDecoder, openaiResponsesDecoder, xaiDecoder };

/**
 * Provider decoders by name. The decoder registry (src/core/decoders/registry.ts) looks names up
 * here, and `provider: 'auto'` (decoders/auto.ts) asks each entry's `detect()` in this order.
 * Entries are listed statically (no self-registration by side effect) so the bundle stays
 * `sideEffects: false`-safe. Detection is exclusive between formats: event-typed streams
 * (Responses `response.*`, Anthropic `message_start`) never have `choices`, Gemini chunks have
 * `candidates`; `xai` shares the Chat Completions format, so `openai` (listed first) decodes it.
 */
export const providerDecoders: Partial<Record<string, Decoder>> = {
  openai: openaiDecoder,
  'openai-responses': openaiResponsesDecoder,
  anthropic: anthropicDecoder,
  gemini: geminiDecoder,
  xai: xaiDecoder,
};

export { createAnthropicDecoder, createGeminiDecoder };
export { createChatCompletionsDecoder } from './openai-chat.js';
export { createResponsesDecoder } from './openai-responses.js';
