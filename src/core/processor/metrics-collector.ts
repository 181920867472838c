import type { StreamEvent, StreamEventType } from '../types.js';

/** What a metrics tap saw. Cheap counters only: observing an event is a handful of additions. */
export interface ProcessorMetrics {
  events: number;
  byType: Record<StreamEventType, number>;
  /** Characters of text / reasoning / tool-call argument deltas. */
  textChars: number;
  reasoningChars: number;
  toolArgsChars: number;
  /** `t` (ms since the run started) of the first and last observed event. */
  firstT: number | undefined;
  lastT: number | undefined;
  /** `t` of the first text / reasoning / tool-call delta. */
  ttftMs: number | undefined;
  /** Events per second of stream time (lastT - firstT); undefined until that span is > 0. */
  eventsPerSec: number | undefined;
}

export interface MetricsCollector {
  observe(event: StreamEvent): void;
  snapshot(): ProcessorMetrics;
  reset(): void;
}

function zeroCounts(): Record<StreamEventType, number> {
  return {
    start: 0,
    text: 0,
    reasoning: 0,
    'tool-call': 0,
    'tool-call-end': 0,
    json: 0,
    metadata: 0,
    usage: 0,
    progress: 0,
    pipeline: 0,
    retry: 0,
    error: 0,
    done: 0,
  };
}

export function createMetricsCollector(): MetricsCollector {
  let events = 0;
  let counts = zeroCounts();
  let textChars = 0;
  let reasoningChars = 0;
  let toolArgsChars = 0;
  let firstT: number | undefined;
  let lastT: number | undefined;
  let ttftMs: number | undefined;

  return {
    observe(event) {
      events++;
      const type = event.type;
      // Unknown types (a custom decoder's extension) are counted in `events` only.
      if (counts[type] !== undefined) counts[type]++;
      if (firstT === undefined) firstT = event.t;
      lastT = event.t;
      if (type === 'text') textChars += event.delta.length;
      else if (type === 'reasoning') reasoningChars += event.delta.length;
      else if (type === 'tool-call') toolArgsChars += event.argsDelta.length;
      else return;
      if (ttftMs === undefined) ttftMs = event.t;
    },
    snapshot() {
      const span = firstT !== undefined && lastT !== undefined ? lastT - firstT : 0;
      return {
        events,
        byType: { ...counts },
        textChars,
        reasoningChars,
        toolArgsChars,
        firstT,
        lastT,
        ttftMs,
        eventsPerSec: span > 0 ? (events / span) * 1000 : undefined,
      };
    },
    reset() {
      events = 0;
      counts = zeroCounts();
      textChars = 0;
      reasoningChars = 0;
      toolArgsChars = 0;
      firstT = undefined;
      lastT = undefined;
      ttftMs = undefined;
    },
  };
}
