import type { Emit } from '../types.js';
import { parseToolArgs } from './shared.js';

/**
 * Tracks streamed tool calls for one run: announces each call with a `tool-call` event carrying the
 * first argument fragment, forwards later fragments, and closes it once with `tool-call-end`
 * carrying the parsed arguments. Argument fragments are kept in an array and joined once at the end.
 */

interface OpenCall {
  id: string;
  name: string;
  index: number;
  parts: string[];
  length: number;
}

export interface ToolCallTracker {
  /** Starts a call under `key` (the provider's own handle: block index, item id...). */
  open(key: string | number, id: string, name: string, index: number, emit: Emit, firstArgs?: string): void;
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
    emit({ type: 'tool-call-end', id: call.id, name: call.name, args: parseToolArgs(text), index: call.index });
  }

  return {
    open(key, id, name, index, emit, firstArgs = '') {
      if (open.has(key)) close(key, emit);
      const call: OpenCall = { id, name, index, parts: [], length: 0 };
      if (firstArgs.length > 0) {
        call.parts.push(firstArgs);
        call.length = firstArgs.length;
      }
      open.set(key, call);
      emit({ type: 'tool-call', id, name, argsDelta: firstArgs, index });
    },
    isOpen: (key) => open.has(key),
    argsLength: (key) => open.get(key)?.length ?? 0,
    append(key, delta, emit) {
      const call = open.get(key);
      if (call === undefined || delta.length === 0) return;
      call.parts.push(delta);
      call.length += delta.length;
      emit({ type: 'tool-call', id: call.id, name: call.name, argsDelta: delta, index: call.index });
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
