import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { EventLog } from '../../core/registry/event-log.js';
import { serializeEvent } from '../../core/replay/ndjson.js';
import type { StreamEvent } from '../../core/types.js';

const lineCache = new WeakMap<StreamEvent, string>();
function lineOf(event: StreamEvent): string {
  let line = lineCache.get(event);
  if (line === undefined) {
    line = JSON.stringify(serializeEvent(event));
    lineCache.set(event, line);
  }
  return line;
}

export interface RawPanelProps {
  log: EventLog<StreamEvent>;
  logVersion: number;
}

/**
 * The events as JSON lines, exactly what the export writes (redacted). createStream does not hand
 * out transport frames, so these are the decoded events, not the provider's bytes.
 */
export function RawPanel({ log }: RawPanelProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const first = log.first;
  const virtualizer = useVirtualizer({
    count: log.size,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 22,
    overscan: 8,
  });
  return (
    <div className="sk-monitor__raw">
      <p className="sk-monitor__muted">Each decoded event as one JSON line (the export format), credentials redacted.</p>
      <div ref={scrollRef} className="sk-monitor__list sk-monitor__list--raw" role="region" aria-label="Raw events as JSON lines" tabIndex={0}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const event = log.at(first + item.index);
            if (!event) return null;
            return (
              <div
                key={item.key}
                className="sk-monitor__raw-line"
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: item.size, transform: `translateY(${item.start}px)` }}
              >
                {lineOf(event)}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
