import type { StreamEventPayload, StreamMetrics, StreamResult, Usage } from '../types.js';
import { createToolCallAccumulator } from './tool-call-accumulator.js';

/**
 * Accumulates the run's result from decoder events. Text keeps choice 0 only (extra choices of an n>1
 * request are events, not the result). Pieces are kept in arrays and joined once.
 */
export interface ResultBuilder {
  apply(event: StreamEventPayload): void;
  /** Output text + reasoning + tool-call arguments, for token estimation. */
  outputText(): string;
  text(): string;
  readonly model: string | undefined;
  build(extra: { usage: Usage; metrics: StreamMetrics; json?: unknown; hasJson: boolean; lastEventId?: string | undefined }): StreamResult;
}

export function createResultBuilder(): ResultBuilder {
  const textParts: string[] = [];
  const reasoningParts: string[] = [];
  const toolCalls = createToolCallAccumulator();
  let finishReason: string | undefined;
  let model: string | undefined;
  let responseId: string | undefined;

  return {
    apply(event) {
      switch (event.type) {
        case 'text':
          if (event.choice === undefined || event.choice === 0) textParts.push(event.delta);
          break;
        case 'reasoning':
          reasoningParts.push(event.delta);
          break;
        case 'tool-call':
        case 'tool-call-end':
          toolCalls.apply(event);
          break;
        case 'metadata':
          if (typeof event.finishReason === 'string') finishReason = event.finishReason;
          if (typeof event.model === 'string') model = event.model;
          if (typeof event.responseId === 'string') responseId = event.responseId;
          break;
        default:
          break;
      }
    },
    outputText() {
      return textParts.join('') + reasoningParts.join('') + toolCalls.argsText();
    },
    text() {
      return textParts.join('');
    },
    get model() {
      return model;
    },
    build({ usage, metrics, json, hasJson, lastEventId }) {
      const result: StreamResult = { text: textParts.join(''), toolCalls: toolCalls.calls(true), usage, metrics };
      if (reasoningParts.length > 0) result.reasoning = reasoningParts.join('');
      if (hasJson) result.json = json;
      if (finishReason !== undefined) result.finishReason = finishReason;
      if (lastEventId) result.lastEventId = lastEventId;
      if (model !== undefined) result.model = model;
      if (responseId !== undefined) result.responseId = responseId;
      return result;
    },
  };
}
