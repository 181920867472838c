import { redactCredentials, redactString } from '../redact/redact.js';
import type { FramedMessage, StreamFrame } from '../types.js';
import { reportListenerError } from './event-hub.js';

type FrameListener = (frame: StreamFrame) => void;

/**
 * Page-wide frame listeners: a devtool watching a stream store cannot reach the runs the store creates,
 * so it listens to every run's frames and picks its stream by `streamId`. On `globalThis` under a
 * `Symbol.for` key so that two copies of streamkit on one page share it (like the monitor registry).
 */
const GLOBAL_KEY = Symbol.for('streamkit.frames.listeners');

function globalListeners(): Set<FrameListener> {
  const g = globalThis as typeof globalThis & { [GLOBAL_KEY]?: Set<FrameListener> };
  g[GLOBAL_KEY] ??= new Set();
  return g[GLOBAL_KEY];
}

/**
 * Hears the frames of every run on the page from now on (each carries its `streamId`). While at least
 * one such listener exists every run frames for it, so devtools should only listen while shown.
 * Returns the function that stops listening.
 */
export function onStreamFrames(listener: FrameListener): () => void {
  const listeners = globalListeners();
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** Where a run's frames go: `options.onFrame`, the run's own subscribers, the page-wide listeners. */
export interface FrameTap {
  /** True when anyone listens. The runner checks it before doing any per-frame work. */
  readonly listening: boolean;
  /** One framed message of the current request's `attempt` (from 1). */
  emit(message: FramedMessage, attempt: number): void;
  subscribe(listener: FrameListener): () => void;
  /** The request of a fallback list now running. */
  setFallbackIndex(index: number): void;
}

export function createFrameTap(streamId: string, clock: () => number, onFrame: FrameListener | undefined): FrameTap {
  const own = new Set<FrameListener>();
  const page = globalListeners();
  let seq = 0;
  let fallbackIndex = 0;

  const deliver = (listener: FrameListener, frame: StreamFrame) => {
    try {
      listener(frame);
    } catch (e) {
      reportListenerError(e);
    }
  };

  return {
    get listening() {
      return onFrame !== undefined || own.size > 0 || page.size > 0;
    },
    emit(message, attempt) {
      const frame = { ...redactFrame(message), seq: seq++, t: clock(), attempt, fallbackIndex, streamId } as StreamFrame;
      if (onFrame !== undefined) deliver(onFrame, frame);
      for (const listener of own) deliver(listener, frame);
      for (const listener of page) deliver(listener, frame);
    },
    subscribe(listener) {
      own.add(listener);
      return () => {
        own.delete(listener);
      };
    },
    setFallbackIndex(index) {
      fallbackIndex = index;
    },
  };
}

/**
 * Frames are response data, never request headers, but a response may still echo something
 * key-shaped: the same redaction as everything else devtools show. Only runs while someone listens.
 */
function redactFrame(message: FramedMessage): FramedMessage {
  switch (message.kind) {
    case 'sse':
      return { kind: 'sse', event: message.event, id: redactString(message.id), data: redactString(message.data) };
    case 'ndjson':
      return { kind: 'ndjson', value: redactCredentials(message.value) };
    case 'text':
      return { kind: 'text', text: redactString(message.text) };
  }
}
