import { useVirtualizer } from '@tanstack/react-virtual';
import { useDeferredValue, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { EventLog } from '../../core/registry/event-log.js';
import { STREAM_EVENT_TYPES } from '../../core/replay/ndjson.js';
import type { StreamEvent, StreamEventType } from '../../core/types.js';
import { EventDetail } from './event-detail.js';
import { summarizeEvent } from './format.js';
import { useFilteredPositions } from './use-filtered-positions.js';

export interface TimelinePanelProps {
  log: EventLog<StreamEvent>;
  logVersion: number;
  /** Row height in px (rows are one line; fixed height keeps virtualization exact). Default 26. */
  rowHeight?: number;
}

/**
 * The event timeline: a virtualized listbox over the bounded log (only the visible rows are in the
 * DOM), filters by type and text, pause (freezes the view while recording continues) and follow-tail.
 */
export function TimelinePanel({ log, logVersion, rowHeight = 26 }: TimelinePanelProps) {
  const id = useId();
  const [type, setType] = useState<StreamEventType | 'all'>('all');
  const [queryInput, setQueryInput] = useState('');
  const query = useDeferredValue(queryInput);
  const [pausedAt, setPausedAt] = useState<number | undefined>(undefined);
  const [follow, setFollow] = useState(true);
  const [selected, setSelected] = useState<number | undefined>(undefined);
  const scrollRef = useRef<HTMLDivElement>(null);

  const view = useFilteredPositions(log, logVersion, { type, query }, pausedAt);
  const virtualizer = useVirtualizer({
    count: view.count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 8,
    getItemKey: (index) => view.positionAt(index) ?? index,
  });

  const following = follow && pausedAt === undefined;
  useEffect(() => {
    if (following && view.count > 0) virtualizer.scrollToIndex(view.count - 1, { align: 'end' });
  }, [following, view.count, virtualizer]);

  const selectedIndex = selected === undefined ? -1 : view.indexOf(selected);
  const selectedEvent = selected === undefined ? undefined : log.at(selected);
  const items = virtualizer.getVirtualItems();
  const activeRendered = selectedIndex >= 0 && items.some((item) => item.index === selectedIndex);

  const moveTo = (index: number) => {
    if (view.count === 0) return;
    const clamped = Math.max(0, Math.min(view.count - 1, index));
    const position = view.positionAt(clamped);
    if (position === undefined) return;
    setSelected(position);
    setFollow(false);
    virtualizer.scrollToIndex(clamped, { align: 'auto' });
  };

  const onListKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? rowHeight * 10) / rowHeight) - 1);
    const current = selectedIndex >= 0 ? selectedIndex : -1;
    const moves: Record<string, number> = {
      ArrowDown: current + 1,
      ArrowUp: current < 0 ? view.count - 1 : current - 1,
      PageDown: current + page,
      PageUp: current - page,
      Home: 0,
      End: view.count - 1,
    };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    moveTo(target);
  };

  const total = log.size;
  return (
    <div className="sk-monitor__timeline">
      <div className="sk-monitor__toolbar" role="group" aria-label="Timeline controls">
        <label className="sk-monitor__field">
          <span>Type</span>
          <select value={type} onChange={(e) => setType(e.currentTarget.value as StreamEventType | 'all')}>
            <option value="all">All types</option>
            {STREAM_EVENT_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label className="sk-monitor__field">
          <span>Filter</span>
          <input type="search" value={queryInput} placeholder="text in events" onChange={(e) => setQueryInput(e.currentTarget.value)} />
        </label>
        <button
          type="button"
          className="sk-monitor__button"
          aria-pressed={pausedAt !== undefined}
          onClick={() => setPausedAt((p) => (p === undefined ? log.total : undefined))}
        >
          {pausedAt === undefined ? 'Pause' : 'Resume'}
        </button>
        <button type="button" className="sk-monitor__button" aria-pressed={follow} onClick={() => setFollow((f) => !f)}>
          Follow tail
        </button>
        <span className="sk-monitor__count" data-testid="sk-monitor-count">
          {view.count.toLocaleString('en-US')} of {total.toLocaleString('en-US')} events
          {pausedAt !== undefined ? ' (paused)' : ''}
        </span>
      </div>
      <div
        ref={scrollRef}
        className="sk-monitor__list"
        role="listbox"
        aria-label="Events"
        tabIndex={0}
        aria-activedescendant={activeRendered ? `${id}-row-${selected}` : undefined}
        onKeyDown={onListKeyDown}
        // Scrolling up by hand means "stop following"; programmatic scrolls do not fire wheel events.
        onWheel={(e) => {
          if (e.deltaY < 0 && follow) setFollow(false);
        }}
        data-state={pausedAt === undefined ? 'live' : 'paused'}
      >
        {view.count === 0 ? (
          <div role="option" aria-selected={false} aria-disabled className="sk-monitor__empty">
            {total === 0 ? 'No events yet' : 'No events match the filter'}
          </div>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
            {items.map((item) => {
              const position = view.positionAt(item.index);
              const event = position === undefined ? undefined : log.at(position);
              if (position === undefined || event === undefined) return null;
              const isSelected = position === selected;
              return (
                <div
                  key={item.key}
                  id={`${id}-row-${position}`}
                  role="option"
                  aria-selected={isSelected}
                  aria-setsize={view.count}
                  aria-posinset={item.index + 1}
                  className="sk-monitor__row"
                  data-type={event.type}
                  data-state={isSelected ? 'selected' : undefined}
                  style={{ position: 'absolute', top: 0, left: 0, right: 0, height: item.size, transform: `translateY(${item.start}px)` }}
                  onClick={() => {
                    setSelected(position);
                    setFollow(false);
                  }}
                >
                  <span className="sk-monitor__seq">#{event.seq}</span>
                  <span className="sk-monitor__time">{event.t} ms</span>
                  <span className="sk-monitor__type" data-type={event.type}>
                    {event.type}
                  </span>
                  <span className="sk-monitor__summary">{summarizeEvent(event)}</span>
                </div>
              );
            })}
          </div>
        )}
      </div>
      {selectedEvent ? <EventDetail event={selectedEvent} /> : <p className="sk-monitor__muted">Select an event (click, or arrow keys in the list) to see its fields.</p>}
    </div>
  );
}
