import { estimateTokens, piecesOf } from '../tokens.js';
import { randomId, type Frame, type ProviderStreamInput } from './frames.js';

/** Gemini sends a few tokens per chunk. */
const TOKENS_PER_CHUNK = 4;

/**
 * Gemini `streamGenerateContent?alt=sse`: `data: <GenerateContentResponse>` framed with CRLF,
 * thought parts (`thought: true`) before the answer, a `functionCall` part arriving whole,
 * cumulative `usageMetadata` on every chunk, and `finishReason` on the last one (no terminator).
 */
export function geminiStream(input: ProviderStreamInput): Frame[] {
  const { answer, prompt, chunk } = input;
  const responseId = randomId(23);
  const modelVersion = 'gemini-2.5-flash';
  const promptTokens = estimateTokens(prompt) + 4;
  let candidatesTokens = 0;
  let thoughtsTokens = 0;
  const frames: Frame[] = [];
  const push = (parts: unknown[], paced: boolean, finishReason?: string) => {
    const payload = {
      candidates: [{ content: { parts, role: 'model' }, ...(finishReason ? { finishReason } : {}), index: 0 }],
      usageMetadata: {
        promptTokenCount: promptTokens,
        candidatesTokenCount: candidatesTokens,
        totalTokenCount: promptTokens + candidatesTokens + thoughtsTokens,
        promptTokensDetails: [{ modality: 'TEXT', tokenCount: promptTokens }],
        ...(thoughtsTokens > 0 ? { thoughtsTokenCount: thoughtsTokens } : {}),
      },
      modelVersion,
      responseId,
    };
    frames.push({ text: `data: ${JSON.stringify(payload)}\r\n\r\n`, paced });
  };
  const grouped = (text: string) => {
    const pieces = piecesOf(text, chunk);
    if (chunk !== undefined) return pieces;
    const groups: string[] = [];
    for (let i = 0; i < pieces.length; i += TOKENS_PER_CHUNK) groups.push(pieces.slice(i, i + TOKENS_PER_CHUNK).join(''));
    return groups;
  };
  if (input.reasoning && answer.reasoning !== '') {
    for (const piece of grouped(answer.reasoning)) {
      thoughtsTokens += estimateTokens(piece);
      push([{ text: piece, thought: true }], true);
    }
  }
  const call = answer.toolCall;
  if (call) {
    candidatesTokens += estimateTokens(JSON.stringify(call.args));
    push([{ functionCall: { name: call.name, args: call.args }, thoughtSignature: `Cq${randomId(40)}` }], true);
  } else {
    for (const piece of grouped(answer.text)) {
      candidatesTokens += estimateTokens(piece);
      push([{ text: piece }], true);
    }
  }
  push([{ text: '' }], false, 'STOP');
  return frames;
}
