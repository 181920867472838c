import type { ReactNode } from 'react';

/** Playground buttons: plain buttons styled with the theme variables. */
export function Toolbar({ children }: { children: ReactNode }) {
  return (
    <div role="toolbar" aria-label="Stream controls" style={{ display: 'flex', gap: '0.5rem', flexWrap: 'wrap', marginBottom: '1rem' }}>
      {children}
    </div>
  );
}

export function ToolButton({ onClick, disabled, children }: { onClick: () => void; disabled?: boolean; children: ReactNode }) {
  return (
    <button
      type="button"
      onClick={onClick}
      disabled={disabled}
      style={{
        font: 'inherit',
        fontSize: '0.9rem',
        padding: '0.35rem 0.9rem',
        borderRadius: 6,
        border: '1px solid var(--sk-border)',
        background: disabled ? 'var(--sk-bg-subtle)' : 'var(--sk-bg)',
        color: 'var(--sk-fg)',
        cursor: disabled ? 'not-allowed' : 'pointer',
        opacity: disabled ? 0.6 : 1,
      }}
    >
      {children}
    </button>
  );
}

/** Small key/value readout of stream state (status, retries, timings). */
export function Stats({ items, label = 'Stream statistics' }: { items: Array<[string, ReactNode]>; label?: string }) {
  return (
    <dl
      title={label}
      style={{
        display: 'flex',
        flexWrap: 'wrap',
        gap: '0.25rem 1.25rem',
        fontSize: '0.8rem',
        color: 'var(--sk-fg-muted)',
        margin: '1rem 0 0',
        fontFamily: 'var(--sk-font-mono)',
      }}
    >
      {items.map(([k, v]) => (
        <div key={k} style={{ display: 'flex', gap: '0.35rem' }}>
          <dt>{k}</dt>
          <dd style={{ margin: 0, color: 'var(--sk-fg)' }} data-stat={k}>
            {v}
          </dd>
        </div>
      ))}
    </dl>
  );
}
