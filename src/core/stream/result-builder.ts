import type { StreamEventPayload, StreamMetrics, StreamResult, ToolCall, Usage } from '../types.js';

interface ToolCallState {
  id: string;
  /** The decoder made `id` up (the provider sent none): the result reports `null`. */
  idSynthesized: boolean;
  name: string;
  index: number;
  argsParts: string[];
  ended: boolean;
  args: unknown;
}

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
  const calls: ToolCallState[] = [];
  const callByIndex = new Map<number, ToolCallState>();
  let finishReason: string | undefined;
  let model: string | undefined;
  let responseId: string | undefined;

  const callFor = (index: number, id: string): ToolCallState => {
    const existing = callByIndex.get(index);
    // A new id at an index already used by another call starts a new call (providers that reuse indexes).
    if (existing && (id === '' || existing.id === '' || existing.id === id)) return existing;
    const created: ToolCallState = { id, idSynthesized: false, name: '', index, argsParts: [], ended: false, args: undefined };
    calls.push(created);
    callByIndex.set(index, created);
    return created;
  };

  return {
    apply(event) {
      switch (event.type) {
        case 'text':
          if (event.choice === undefined || event.choice === 0) textParts.push(event.delta);
          break;
        case 'reasoning':
          reasoningParts.push(event.delta);
          break;
        case 'tool-call': {
          const call = callFor(event.index, event.id);
          if (event.id && !call.id) call.id = event.id;
          if (event.idSynthesized === true && call.id === event.id) call.idSynthesized = true;
          if (event.name && !call.name) call.name = event.name;
          if (event.argsDelta) call.argsParts.push(event.argsDelta);
          break;
        }
        case 'tool-call-end': {
          const call = callFor(event.index, event.id);
          if (event.id && !call.id) call.id = event.id;
          if (event.idSynthesized === true && call.id === event.id) call.idSynthesized = true;
          if (event.name && !call.name) call.name = event.name;
          call.ended = true;
          call.args = event.args;
          break;
        }
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
      let out = textParts.join('') + reasoningParts.join('');
      for (const c of calls) out += c.argsParts.join('');
      return out;
    },
    text() {
      return textParts.join('');
    },
    get model() {
      return model;
    },
    build({ usage, metrics, json, hasJson, lastEventId }) {
      const result: StreamResult = { text: textParts.join(''), toolCalls: calls.map(toToolCall), usage, metrics };
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

function toToolCall(state: ToolCallState): ToolCall {
  const argsText = state.argsParts.join('');
  // A made-up id (or none at all) is reported as null: results compare with what the provider sent.
  const id = state.idSynthesized || state.id === '' ? null : state.id;
  return { id, name: state.name, args: state.ended ? state.args : parseArgs(argsText), argsText, index: state.index };
}

/** Arguments of a call that never got its end event: parsed when valid JSON, `{}` when empty, else the text. */
function parseArgs(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
