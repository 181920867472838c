import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { EventLog } from '../../core/registry/event-log.js';
import { serializeEvent } from '../../core/replay/ndjson.js';
import type { StreamEvent, StreamFrame } from '../../core/types.js';
import { frameLine } from './frame-line.js';

// Lines are derived once per item: the logs hold the same objects until they are evicted.
const eventLineCache = new WeakMap<StreamEvent, string>();
function eventLine(event: StreamEvent): string {
  let line = eventLineCache.get(event);
  if (line === undefined) {
    line = JSON.stringify(serializeEvent(event));
    eventLineCache.set(event, line);
  }
  return line;
}
const frameLineCache = new WeakMap<StreamFrame, string>();
function cachedFrameLine(frame: StreamFrame): string {
  let line = frameLineCache.get(frame);
  if (line === undefined) {
    line = frameLine(frame);
    frameLineCache.set(frame, line);
  }
  return line;
}

export interface RawPanelProps {
  log: EventLog<StreamEvent>;
  logVersion: number;
  /** Transport frames, when the watched stream hands them out (live runs and stores; not recordings). */
  frames?: EventLog<StreamFrame> | undefined;
  framesVersion?: number;
}

type RawView = 'frames' | 'events';

/**
 * The raw view: the transport frames as received (SSE `event`/`id`/`data`, NDJSON values, text
 * chunks) when the stream provides them, else each decoded event as one JSON line (the export
 * format). Both are redacted and rendered as text.
 */
export function RawPanel({ log, frames, framesVersion = 0 }: RawPanelProps) {
  const hasFrames = frames !== undefined && frames.total > 0;
  const [chosen, setChosen] = useState<RawView>('frames');
  const view: RawView = hasFrames ? chosen : 'events';
  return (
    <div className="sk-monitor__raw">
      {hasFrames ? (
        <div className="sk-monitor__toolbar" role="group" aria-label="Raw view">
          <button type="button" className="sk-monitor__button" aria-pressed={view === 'frames'} onClick={() => setChosen('frames')}>
            Frames
          </button>
          <button type="button" className="sk-monitor__button" aria-pressed={view === 'events'} onClick={() => setChosen('events')}>
            Events
          </button>
        </div>
      ) : null}
      {view === 'frames' && frames ? (
        <>
          <p className="sk-monitor__muted">
            Each transport frame as received (time, attempt, then the frame), before decoding; credentials redacted.
          </p>
          <LineList label="Raw frames as received" log={frames} version={framesVersion} lineOf={cachedFrameLine} />
        </>
      ) : (
        <>
          <p className="sk-monitor__muted">
            Each decoded event as one JSON line (the export format), credentials redacted.
            {hasFrames ? null : ' Frames as received appear here for live runs and stores.'}
          </p>
          <LineList label="Raw events as JSON lines" log={log} version={log.version} lineOf={eventLine} />
        </>
      )}
    </div>
  );
}

interface LineListProps<T> {
  label: string;
  log: EventLog<T>;
  /** The log is mutable: its version tells when to re-render and follow the tail. */
  version: number;
  lineOf(item: T): string;
}

/** A virtualized, scrollable list of one-line items that follows the tail while new ones arrive. */
function LineList<T>({ label, log, version, lineOf }: LineListProps<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const first = log.first;
  const virtualizer = useVirtualizer({
    count: log.size,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 22,
    overscan: 8,
  });
  // Follow the tail while the reader is at the bottom; a reader who scrolled up is not yanked back.
  const pinned = useRef(true);
  const onScroll = () => {
    const element = scrollRef.current;
    if (element) pinned.current = element.scrollHeight - element.scrollTop - element.clientHeight < 8;
  };
  useEffect(() => {
    if (pinned.current && log.size > 0) virtualizer.scrollToIndex(log.size - 1, { align: 'end' });
  }, [version, log, virtualizer]);
  return (
    <div ref={scrollRef} className="sk-monitor__list sk-monitor__list--raw" role="region" aria-label={label} tabIndex={0} onScroll={onScroll}>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const entry = log.at(first + item.index);
          if (entry === undefined) return null;
          return (
            <div
              key={item.key}
              className="sk-monitor__raw-line"
              style={{ position: 'absolute', top: 0, left: 0, right: 0, height: item.size, transform: `translateY(${item.start}px)` }}
            >
              {lineOf(entry)}
            </div>
          );
        })}
      </div>
    </div>
  );
}
