import type { Emit, StreamEventPayload } from '../types.js';
import { parseToolArgs } from './shared.js';

/**
 * Tracks streamed tool calls for one run: announces each call with a `tool-call` event carrying the
 * first argument fragment, forwards later fragments, and closes it once with `tool-call-end`
 * carrying the parsed arguments. Argument fragments are kept in an array and joined once at the end.
 * A call opened with a made-up correlation id (the provider sent none) has every event flagged
 * `idSynthesized: true`, so the result can report the id as the provider sent it (none).
 */

type ToolCallEvent = Extract<StreamEventPayload, { type: 'tool-call' }>;
type ToolCallEndEvent = Extract<StreamEventPayload, { type: 'tool-call-end' }>;

interface OpenCall {
  id: string;
  name: string;
  index: number;
  parts: string[];
  length: number;
  idSynthesized: boolean;
}

export interface ToolCallTracker {
  /**
   * Starts a call under `key` (the provider's own handle: block index, item id...). `idSynthesized`:
   * `id` was made up by the decoder because the provider sent none.
   */
  open(key: string | number, id: string, name: string, index: number, emit: Emit, firstArgs?: string, idSynthesized?: boolean): void;
  isOpen(key: string | number): boolean;
  /** Characters of arguments streamed so far for the open call under `key` (0 when none / not open). */
  argsLength(key: string | number): number;
  append(key: string | number, delta: string, emit: Emit): void;
  /** Updates a name that arrived after the call opened (later events carry it). */
  rename(key: string | number, name: string): void;
  /** Ends the call; `finalArgs` (the provider's complete argument text) wins over the fragments when given. */
  close(key: string | number, emit: Emit, finalArgs?: string): void;
  /** Ends every open call, in the order they were opened. */
  closeAll(emit: Emit): void;
  /** Ends the open calls whose streamed arguments already parse as JSON; leaves truncated ones open. */
  closeComplete(emit: Emit): void;
  readonly openCount: number;
}

export function createToolCallTracker(): ToolCallTracker {
  const open = new Map<string | number, OpenCall>();

  function close(key: string | number, emit: Emit, finalArgs?: string): void {
    const call = open.get(key);
    if (call === undefined) return;
    open.delete(key);
    const text = finalArgs ?? call.parts.join('');
    const event: ToolCallEndEvent = { type: 'tool-call-end', id: call.id, name: call.name, args: parseToolArgs(text), index: call.index };
    if (call.idSynthesized) event.idSynthesized = true;
    emit(event);
  }

  function emitDelta(call: OpenCall, argsDelta: string, emit: Emit): void {
    const event: ToolCallEvent = { type: 'tool-call', id: call.id, name: call.name, argsDelta, index: call.index };
    if (call.idSynthesized) event.idSynthesized = true;
    emit(event);
  }

  return {
    open(key, id, name, index, emit, firstArgs = '', idSynthesized = false) {
      if (open.has(key)) close(key, emit);
      const call: OpenCall = { id, name, index, parts: [], length: 0, idSynthesized };
      if (firstArgs.length > 0) {
        call.parts.push(firstArgs);
        call.length = firstArgs.length;
      }
      open.set(key, call);
      emitDelta(call, firstArgs, emit);
    },
    isOpen: (key) => open.has(key),
    argsLength: (key) => open.get(key)?.length ?? 0,
    append(key, delta, emit) {
      const call = open.get(key);
      if (call === undefined || delta.length === 0) return;
      call.parts.push(delta);
      call.length += delta.length;
      emitDelta(call, delta, emit);
    },
    rename(key, name) {
      const call = open.get(key);
      if (call !== undefined && name.length > 0) call.name = name;
    },
    close,
    closeAll(emit) {
      for (const key of [...open.keys()]) close(key, emit);
    },
    closeComplete(emit) {
      for (const [key, call] of [...open.entries()]) {
        const text = call.parts.join('');
        if (text.trim().length === 0 || isCompleteJSON(text)) close(key, emit, text);
      }
    },
    get openCount() {
      return open.size;
    },
  };
}

function isCompleteJSON(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
