import type { StreamState } from '../store-types.js';
import type { StreamEvent, Usage } from '../types.js';
import { createToolCallAccumulator } from '../stream/tool-call-accumulator.js';
import { appendBounded } from './event-ring.js';

/**
 * Folds events into pending changes between two store publishes. Everything is O(1) per event
 * (deltas go to arrays); `drain()` turns the pending changes into ONE state patch.
 */
export interface StreamAccumulator {
  apply(event: StreamEvent): void;
  /** True when something changed since the last drain. */
  readonly dirty: boolean;
  /** The id of the last event folded in (the resume point for what has been drained so far). */
  readonly lastEventId: string | undefined;
  drain(state: StreamState): Partial<StreamState>;
  /** Forgets everything, optionally seeding text (a resumed stream starts from what was shown). */
  reset(seed?: { text?: string; reasoning?: string; lastEventId?: string | undefined }): void;
}

export function createStreamAccumulator(maxEvents: number): StreamAccumulator {
  let textParts: string[] = [];
  let reasoningParts: string[] = [];
  let events: StreamEvent[] = [];
  let toolCalls = createToolCallAccumulator();
  let toolsDirty = false;
  let json: { value: unknown; complete: boolean; openPath: ReadonlyArray<string | number> | undefined } | undefined;
  let usage: Usage | undefined;
  let finishReason: string | undefined;
  let streamId: string | undefined;
  let lastEventId: string | undefined;
  let idDirty = false;
  let dirty = false;

  return {
    get dirty() {
      return dirty;
    },
    get lastEventId() {
      return lastEventId;
    },
    apply(event) {
      dirty = true;
      events.push(event);
      // Between two publishes (a throttled background tab) keep the pending log bounded too.
      if (events.length >= maxEvents * 2) events = events.slice(events.length - maxEvents);
      if (event.streamId !== streamId) streamId = event.streamId;
      const id = event.type === 'pipeline' && event.eventId !== undefined ? event.eventId : event.lastEventId;
      if (id !== undefined && id !== lastEventId) {
        lastEventId = id;
        idDirty = true;
      }
      switch (event.type) {
        case 'text':
          // Extra choices of an n>1 request are not part of the main text (they stay in `events`).
          if (event.choice === undefined || event.choice === 0) textParts.push(event.delta);
          break;
        case 'reasoning':
          reasoningParts.push(event.delta);
          break;
        case 'tool-call':
        case 'tool-call-end':
          toolCalls.apply(event);
          toolsDirty = true;
          break;
        case 'json':
          json = { value: event.value, complete: event.complete, openPath: event.openPath };
          break;
        case 'metadata':
          if (typeof event.finishReason === 'string') finishReason = event.finishReason;
          break;
        case 'usage':
          usage = event.usage;
          break;
        case 'done':
          if (event.finishReason !== undefined) finishReason = event.finishReason;
          break;
        default:
          break;
      }
    },
    drain(state) {
      const patch: Partial<StreamState> = {};
      if (!dirty) return patch;
      dirty = false;
      if (textParts.length > 0) {
        patch.text = state.text + textParts.join('');
        textParts = [];
      }
      if (reasoningParts.length > 0) {
        patch.reasoning = state.reasoning + reasoningParts.join('');
        reasoningParts = [];
      }
      if (events.length > 0) {
        patch.events = appendBounded(state.events, events, maxEvents);
        events = [];
      }
      if (toolsDirty) {
        toolsDirty = false;
        // Until tool-call-end parses them, args stay undefined: argsText is the live view.
        patch.toolCalls = toolCalls.calls(false);
      }
      if (json !== undefined) {
        if (json.value !== state.json) patch.json = json.value;
        if (json.complete !== state.jsonComplete) patch.jsonComplete = json.complete;
        const openPath = json.complete ? undefined : json.openPath;
        if (openPath !== state.jsonOpenPath) patch.jsonOpenPath = openPath;
      }
      if (usage !== undefined && usage !== state.usage) patch.usage = usage;
      if (finishReason !== undefined && finishReason !== state.finishReason) patch.finishReason = finishReason;
      if (streamId !== undefined && streamId !== state.streamId) patch.streamId = streamId;
      if (idDirty) {
        idDirty = false;
        patch.lastEventId = lastEventId;
      }
      return patch;
    },
    reset(seed) {
      textParts = seed?.text ? [seed.text] : [];
      reasoningParts = seed?.reasoning ? [seed.reasoning] : [];
      events = [];
      toolCalls = createToolCallAccumulator();
      toolsDirty = false;
      json = undefined;
      usage = undefined;
      finishReason = undefined;
      streamId = undefined;
      lastEventId = seed?.lastEventId;
      idDirty = lastEventId !== undefined;
      dirty = textParts.length > 0 || reasoningParts.length > 0 || idDirty;
    },
  };
}
