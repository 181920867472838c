import { createResponsesDecoder } from './openai-responses.js';

/** `openai-responses`: the OpenAI Responses API (OpenAI, Azure, Open Responses servers). */
export const openaiResponsesDecoder = createResponsesDecoder();
