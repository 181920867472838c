import { createChatCompletionsDecoder } from './openai-chat.js';

/**
 * `openai`: Chat Completions streaming from OpenAI, Azure OpenAI and OpenAI-compatible servers
 * (Groq, DeepSeek, vLLM, Ollama, OpenRouter...). See openai-chat.ts for the field mapping.
 */
export const openaiDecoder = createChatCompletionsDecoder({ name: 'openai' });
