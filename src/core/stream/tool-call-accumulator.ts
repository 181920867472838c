import type { StreamEventPayload, ToolCall } from '../types.js';

type ToolCallEvent = Extract<StreamEventPayload, { type: 'tool-call' | 'tool-call-end' }>;

interface TrackedCall {
  /** The correlation id events carry ('' until one arrives). */
  id: string;
  /** The decoder made `id` up (the provider sent none): calls report `null`. */
  idSynthesized: boolean;
  name: string;
  index: number;
  /** Argument deltas not yet joined into `argsText` (joined once per read, never per delta). */
  pending: string[];
  argsText: string;
  ended: boolean;
  args: unknown;
}

/**
 * Tool calls folded from `tool-call` / `tool-call-end` events: one implementation for the run's
 * result and for the store, so both show the same calls. (The decoders' side, which turns a
 * provider's deltas into those events, is providers/tool-calls.ts.)
 *
 * Events find their call by id when they carry one (a call keeps its id even if a provider were to
 * renumber it), else by index. A new id at an index already taken by a call with another id starts a
 * new call: some providers reuse indexes across calls. Deltas are kept as pieces and joined once per
 * read, so folding is O(1) per event.
 */
export interface ToolCallAccumulator {
  apply(event: ToolCallEvent): void;
  /** Every argument text so far, concatenated (for token estimation). */
  argsText(): string;
  /**
   * The calls in the order they started. `final: false` (the live view) leaves `args` undefined
   * until a call's end event parsed them; `final: true` (the result) parses the text of a call that
   * never ended: the JSON when valid, `{}` when empty, else the text.
   */
  calls(final: boolean): ToolCall[];
}

export function createToolCallAccumulator(): ToolCallAccumulator {
  const calls: TrackedCall[] = [];
  const byIndex = new Map<number, TrackedCall>();
  const byId = new Map<string, TrackedCall>();

  function find(index: number, id: string): TrackedCall {
    const known = id === '' ? undefined : byId.get(id);
    if (known !== undefined) return known;
    const atIndex = byIndex.get(index);
    if (atIndex !== undefined && (id === '' || atIndex.id === '')) return atIndex;
    const created: TrackedCall = { id: '', idSynthesized: false, name: '', index, pending: [], argsText: '', ended: false, args: undefined };
    calls.push(created);
    byIndex.set(index, created);
    return created;
  }

  function joined(call: TrackedCall): string {
    if (call.pending.length > 0) {
      call.argsText += call.pending.join('');
      call.pending = [];
    }
    return call.argsText;
  }

  return {
    apply(event) {
      const call = find(event.index, event.id);
      if (event.id !== '' && call.id === '') {
        call.id = event.id;
        call.idSynthesized = event.idSynthesized === true;
        byId.set(event.id, call);
      }
      if (event.name !== '' && call.name === '') call.name = event.name;
      if (event.type === 'tool-call') {
        if (event.argsDelta !== '') call.pending.push(event.argsDelta);
      } else {
        call.ended = true;
        call.args = event.args;
      }
    },
    argsText() {
      let out = '';
      for (const call of calls) out += joined(call);
      return out;
    },
    calls(final) {
      return calls.map((call) => {
        const argsText = joined(call);
        const args = call.ended ? call.args : final ? parseArgs(argsText) : undefined;
        // A made-up id (or none at all) is reported as null: calls compare with what the provider sent.
        const id = call.idSynthesized || call.id === '' ? null : call.id;
        return { id, name: call.name, args, argsText, index: call.index };
      });
    },
  };
}

function parseArgs(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
