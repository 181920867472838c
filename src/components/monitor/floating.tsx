import { useEffect, useId, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import { getRegisteredStreams, setAutoRegister, subscribeRegistry, type RegisteredStream } from '../../core/registry/stream-registry.js';
import type { ModelPrice } from '../../core/types.js';
import { StreamMonitor } from './stream-monitor.js';

export interface StreamMonitorFloatingProps {
  /** Open on mount. Default false. */
  defaultOpen?: boolean;
  /** Corner of the viewport. Default 'bottom-right'. */
  position?: 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left';
  /**
   * Turn on automatic registration (hooks register their streams) while mounted. Default true.
   * Without it only streams registered with `registerStream` appear.
   */
  autoRegister?: boolean;
  /** Text of the toggle button. Default 'Streams'. */
  label?: string;
  prices?: Record<string, ModelPrice> | undefined;
}

const noStreams: readonly RegisteredStream[] = [];

/**
 * A corner panel listing every stream registered on the page, with the full monitor for the
 * selected one. Toggle button (aria-expanded), Escape closes and returns focus to the toggle.
 */
export function StreamMonitorFloating({ defaultOpen = false, position = 'bottom-right', autoRegister = true, label = 'Streams', prices }: StreamMonitorFloatingProps) {
  const panelId = useId();
  const titleId = useId();
  const [open, setOpen] = useState(defaultOpen);
  const [selectedId, setSelectedId] = useState<string | undefined>(undefined);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const streams = useSyncExternalStore(subscribeRegistry, getRegisteredStreams, () => noStreams);

  useEffect(() => (autoRegister ? setAutoRegister(true) : undefined), [autoRegister]);

  // Follow the newest stream unless the user picked one that still exists.
  const selected = streams.find((s) => s.id === selectedId) ?? streams[streams.length - 1];

  const close = () => {
    setOpen(false);
    toggleRef.current?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape' && open) {
      event.stopPropagation();
      close();
    }
  };

  return (
    <div data-sk="monitor-floating" className="sk-monitor-floating" data-position={position} data-state={open ? 'open' : 'closed'} onKeyDown={onKeyDown}>
      {/* The toggle comes first in the DOM so Tab goes from it into the open panel; CSS puts the panel above it. */}
      <button
        ref={toggleRef}
        type="button"
        className="sk-monitor-floating__toggle"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpen((o) => !o)}
      >
        {label} ({streams.length})
      </button>
      {open ? (
        <div id={panelId} className="sk-monitor-floating__panel" role="dialog" aria-modal="false" aria-labelledby={titleId}>
          <div className="sk-monitor-floating__bar">
            <h2 id={titleId} className="sk-monitor-floating__title">
              Stream monitor
            </h2>
            {streams.length > 0 ? (
              <label className="sk-monitor__field">
                <span>Stream</span>
                <select value={selected?.id ?? ''} onChange={(e) => setSelectedId(e.currentTarget.value)}>
                  {streams.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name} ({s.kind})
                    </option>
                  ))}
                </select>
              </label>
            ) : null}
            <button type="button" className="sk-monitor__button" onClick={close}>
              Close
            </button>
          </div>
          {selected ? (
            <StreamMonitor key={selected.id} source={selected.source} name={selected.name} headingLevel={3} prices={prices} />
          ) : (
            <p className="sk-monitor__muted">
              No streams registered yet. Call <code>registerStream(runOrStore)</code>, or let the hooks register theirs (automatic registration is{' '}
              {autoRegister ? 'on' : 'off'}).
            </p>
          )}
        </div>
      ) : null}
    </div>
  );
}
