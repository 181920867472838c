import { useId, useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface TabDefinition<K extends string> {
  key: K;
  label: string;
}

export interface MonitorTabsProps<K extends string> {
  tabs: ReadonlyArray<TabDefinition<K>>;
  selected: K;
  onSelect(key: K): void;
  label: string;
  /** Renders the selected panel's content; other panels stay in the DOM, empty and hidden. */
  children: (key: K) => ReactNode;
}

/**
 * WAI-ARIA tabs with automatic activation: one tab stop, arrows / Home / End move and select,
 * Enter and Space select (buttons do that natively).
 */
export function MonitorTabs<K extends string>({ tabs, selected, onSelect, label, children }: MonitorTabsProps<K>) {
  const baseId = useId();
  const refs = useRef(new Map<K, HTMLButtonElement>());
  const tabId = (key: K) => `${baseId}-tab-${key}`;
  const panelId = (key: K) => `${baseId}-panel-${key}`;

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = tabs.findIndex((t) => t.key === selected);
    let next: number | undefined;
    if (event.key === 'ArrowRight') next = (index + 1) % tabs.length;
    else if (event.key === 'ArrowLeft') next = (index - 1 + tabs.length) % tabs.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = tabs.length - 1;
    if (next === undefined) return;
    event.preventDefault();
    const key = tabs[next]?.key;
    if (key === undefined) return;
    onSelect(key);
    refs.current.get(key)?.focus();
  };

  return (
    <div className="sk-monitor__tabs">
      <div role="tablist" aria-label={label} className="sk-monitor__tablist" onKeyDown={onKeyDown}>
        {tabs.map((tab) => (
          <button
            key={tab.key}
            ref={(el) => {
              if (el) refs.current.set(tab.key, el);
              else refs.current.delete(tab.key);
            }}
            type="button"
            role="tab"
            id={tabId(tab.key)}
            aria-selected={tab.key === selected}
            aria-controls={panelId(tab.key)}
            tabIndex={tab.key === selected ? 0 : -1}
            className="sk-monitor__tab"
            data-state={tab.key === selected ? 'active' : 'inactive'}
            onClick={() => onSelect(tab.key)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      {tabs.map((tab) => (
        <div
          key={tab.key}
          role="tabpanel"
          id={panelId(tab.key)}
          aria-labelledby={tabId(tab.key)}
          hidden={tab.key !== selected}
          tabIndex={tab.key === selected ? 0 : -1}
          className="sk-monitor__panel"
          data-panel={tab.key}
        >
          {tab.key === selected ? children(tab.key) : null}
        </div>
      ))}
    </div>
  );
}
