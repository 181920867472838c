import type { StoredEvent, StreamingContext, SubscribeOptions } from './context/types.js';
import { encodeNDJSON } from './ndjson.js';
import { encodeSSE, type SSEMessage } from './sse.js';
import { subscribeIterator } from './subscribers/iterator.js';

/** Anything the response helpers can stream. */
export type StreamItem = SSEMessage | StoredEvent | { event_type: string; [key: string]: unknown } | string;

/** A subscription to a streaming context, resumed after `lastEventId` when given. */
export interface ContextSource extends SubscribeOptions {
  context: StreamingContext;
}

/**
 * A source: an async iterable, a function that receives an AbortSignal (aborted when the client
 * goes away) and returns one, or a streaming context subscription.
 */
export type StreamSource =
  | AsyncIterable<StreamItem>
  | Iterable<StreamItem>
  | ((signal: AbortSignal) => AsyncIterable<StreamItem> | Iterable<StreamItem>)
  | ContextSource;

function isStoredEvent(item: object): item is StoredEvent {
  return typeof (item as StoredEvent).sse === 'function' && typeof (item as StoredEvent).seq === 'number';
}

/** SSE text for one item: stored events keep their ids, wire events are named by `event_type`, strings are data. */
export function encodeSSEItem(item: StreamItem): string {
  if (typeof item === 'string') return encodeSSE({ data: item });
  if (isStoredEvent(item)) return item.sse();
  if ('event_type' in item && typeof item.event_type === 'string') {
    return encodeSSE({ event: item.event_type, data: JSON.stringify(item) });
  }
  return encodeSSE(item as SSEMessage);
}

/** NDJSON line for one item: stored events become `{ id, ...payload }`. */
export function encodeNDJSONItem(item: StreamItem): string {
  if (typeof item === 'string') return encodeNDJSON(item);
  if (isStoredEvent(item)) return encodeNDJSON({ id: item.id, ...item.payload });
  if ('event_type' in item) return encodeNDJSON(item);
  const message = item as SSEMessage;
  let data: unknown = message.data;
  try {
    data = JSON.parse(message.data);
  } catch {
    // not JSON: keep the text
  }
  return encodeNDJSON({ ...(message.id !== undefined ? { id: message.id } : {}), ...(message.event ? { event: message.event } : {}), data });
}

function isContextSource(source: StreamSource): source is ContextSource {
  return typeof source === 'object' && source !== null && 'context' in source && typeof (source as ContextSource).context?.subscribe === 'function';
}

/** Opens a source as an async iterator whose `return()` (and the signal) stop it. */
export function openSource(source: StreamSource, signal: AbortSignal): AsyncIterator<StreamItem> {
  if (isContextSource(source)) {
    const { context, ...options } = source;
    return subscribeIterator(context, { ...options, signal });
  }
  const iterable = typeof source === 'function' ? source(signal) : source;
  if (Symbol.asyncIterator in iterable) return (iterable as AsyncIterable<StreamItem>)[Symbol.asyncIterator]();
  const sync = (iterable as Iterable<StreamItem>)[Symbol.iterator]();
  return {
    next: () => Promise.resolve(sync.next()),
    return: () => Promise.resolve(sync.return?.() ?? { value: undefined, done: true }),
  };
}

/** Calls `return()` without letting a throwing/slow generator cleanup escape. */
export function closeIterator(iterator: AsyncIterator<unknown>): void {
  try {
    const result = iterator.return?.();
    if (result && typeof (result as Promise<unknown>).catch === 'function') (result as Promise<unknown>).catch(() => undefined);
  } catch {
    // cleanup failures are not the caller's problem
  }
}

/** The caller's last event for a failure; a throwing `onError` gives none (the stream still ends cleanly). */
export function lastEventFor(onError: ((error: unknown) => SSEMessage | undefined) | undefined, error: unknown): SSEMessage | undefined {
  try {
    return onError?.(error);
  } catch {
    return undefined;
  }
}
