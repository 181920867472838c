import { forwardRef, useCallback, useMemo, useState, type HTMLAttributes, type KeyboardEvent, type ReactNode } from 'react';
import { completionOf, pathKey, type CompletionSource, type JSONPath } from '../shared/json-path.js';

export type PartialJSONNodeState = 'streaming' | 'complete';

type ValueType = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null' | 'undefined';

function typeOf(value: unknown): ValueType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const t = typeof value;
  if (t === 'object') return 'object';
  if (t === 'string' || t === 'number' || t === 'boolean') return t;
  return 'undefined';
}

function entriesOf(value: unknown): Array<[string | number, unknown]> {
  if (Array.isArray(value)) return value.map((v, i) => [i, v]);
  if (value !== null && typeof value === 'object') return Object.entries(value as Record<string, unknown>);
  return [];
}

/** What a collapsed or leaf row shows. Always text: values are rendered as text nodes, never markup. */
function preview(value: unknown, type: ValueType): string {
  switch (type) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
    case 'boolean':
      return String(value);
    case 'null':
      return 'null';
    case 'array': {
      const n = (value as unknown[]).length;
      return `[${n} ${n === 1 ? 'item' : 'items'}]`;
    }
    case 'object': {
      const n = Object.keys(value as object).length;
      return `{${n} ${n === 1 ? 'key' : 'keys'}}`;
    }
    default:
      return '…';
  }
}

export interface PartialJSONProps extends Omit<HTMLAttributes<HTMLUListElement>, 'children'>, CompletionSource {
  /** The partial value (e.g. `useStreamJSON().value` or the store's `json`). */
  value: unknown;
  /** Containers deeper than this start collapsed. Default 3. */
  defaultExpandDepth?: number;
  /** Label of the badge on fields still being written. */
  streamingLabel?: ReactNode;
  /** Text of the placeholder row before anything arrived. */
  emptyLabel?: ReactNode;
}

interface TreeContext {
  isComplete: (path: JSONPath) => boolean;
  isExpanded: (key: string, depth: number) => boolean;
  toggle: (key: string, depth: number) => void;
  focusedKey: string;
  setFocusedKey: (key: string) => void;
  streamingLabel: ReactNode;
}

/**
 * The partial value as a WAI-ARIA tree: each field marked `data-state="streaming|complete"`,
 * containers collapsible, arrow keys / Home / End / Enter / Space to move and toggle.
 */
export const PartialJSON = forwardRef<HTMLUListElement, PartialJSONProps>(function PartialJSON(
  {
    value,
    isComplete,
    openPath,
    complete,
    defaultExpandDepth = 3,
    streamingLabel = 'streaming',
    emptyLabel = 'Waiting for data…',
    onKeyDown,
    ...props
  },
  ref,
) {
  const completion = useMemo(() => completionOf({ isComplete, openPath, complete }), [isComplete, openPath, complete]);
  // Only explicit user choices are stored; everything else follows defaultExpandDepth.
  const [overrides, setOverrides] = useState<ReadonlyMap<string, boolean>>(() => new Map());
  const [focusedKey, setFocusedKey] = useState<string>('');

  const isExpanded = useCallback(
    (key: string, depth: number) => overrides.get(key) ?? depth < defaultExpandDepth,
    [overrides, defaultExpandDepth],
  );
  const toggle = useCallback(
    (key: string, depth: number) => {
      const next = !isExpanded(key, depth);
      setOverrides((prev) => new Map(prev).set(key, next));
      // Collapsing hides the focused descendant: keep keyboard focus reachable on the container.
      if (!next && focusedKey !== key && focusedKey.startsWith(`${key.slice(0, -1)},`)) setFocusedKey(key);
    },
    [isExpanded, focusedKey],
  );

  const type = typeOf(value);
  const rootEntries: Array<[string | number | undefined, unknown, JSONPath]> =
    type === 'object' || type === 'array' ? entriesOf(value).map(([k, v]) => [k, v, [k]]) : [[undefined, value, []]];
  const firstKey = rootEntries[0] ? pathKey(rootEntries[0][2]) : '';
  // The remembered item may be gone (a new run replaced the value) or hidden: then the first item
  // is the tab stop, so the tree always stays reachable with Tab.
  const tabStop = focusedKey !== '' && isRenderedItem(value, focusedKey, isExpanded) ? focusedKey : firstKey;
  const ctx: TreeContext = {
    isComplete: completion,
    isExpanded,
    toggle,
    focusedKey: tabStop,
    setFocusedKey,
    streamingLabel,
  };

  const handleKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    onKeyDown?.(event);
    if (event.defaultPrevented) return;
    const tree = event.currentTarget;
    const current = (event.target as HTMLElement).closest<HTMLElement>('[role="treeitem"]');
    if (!current || !tree.contains(current)) return;
    const items = [...tree.querySelectorAll<HTMLElement>('[role="treeitem"]')];
    const index = items.indexOf(current);
    const expanded = current.getAttribute('aria-expanded');
    const key = current.dataset['path'] ?? '';
    const depth = Number(current.getAttribute('aria-level') ?? '1') - 1;
    const focus = (el: HTMLElement | null | undefined) => {
      if (!el) return;
      setFocusedKey(el.dataset['path'] ?? '');
      el.focus();
    };
    let handled = true;
    switch (event.key) {
      case 'ArrowDown':
        focus(items[index + 1]);
        break;
      case 'ArrowUp':
        focus(items[index - 1]);
        break;
      case 'Home':
        focus(items[0]);
        break;
      case 'End':
        focus(items[items.length - 1]);
        break;
      case 'ArrowRight':
        if (expanded === 'false') toggle(key, depth);
        else if (expanded === 'true') focus(current.querySelector<HTMLElement>('[role="group"] > [role="treeitem"]'));
        break;
      case 'ArrowLeft':
        if (expanded === 'true') toggle(key, depth);
        else focus(current.parentElement?.closest<HTMLElement>('[role="treeitem"]'));
        break;
      case 'Enter':
      case ' ':
        if (expanded !== null) toggle(key, depth);
        break;
      default:
        handled = false;
    }
    if (handled) event.preventDefault();
  };

  return (
    <ul ref={ref} role="tree" data-sk="partial-json" data-state={completion([]) ? 'complete' : 'streaming'} onKeyDown={handleKeyDown} {...props}>
      {type === 'undefined' ? (
        <li role="treeitem" tabIndex={0} data-sk="partial-json-item" data-state="streaming" data-path="[]" aria-level={1}>
          <div data-sk="partial-json-row">
            <span data-sk="partial-json-value" data-type="undefined">
              {emptyLabel}
            </span>
          </div>
        </li>
      ) : (
        rootEntries.map(([name, child, path]) => <TreeNode key={pathKey(path)} ctx={ctx} name={name} value={child} path={path} depth={0} />)
      )}
    </ul>
  );
});

/** Whether the item at `key` (a pathKey) is rendered: it exists in `value` and its ancestors are expanded. */
function isRenderedItem(value: unknown, key: string, isExpanded: (key: string, depth: number) => boolean): boolean {
  let path: unknown;
  try {
    path = JSON.parse(key);
  } catch {
    return false;
  }
  if (!Array.isArray(path)) return false;
  const rootType = typeOf(value);
  if (path.length === 0) return rootType !== 'object' && rootType !== 'array' && rootType !== 'undefined';
  let node = value;
  for (let i = 0; i < path.length; i++) {
    if (i > 0 && !isExpanded(pathKey(path.slice(0, i) as JSONPath), i - 1)) return false;
    const step = path[i] as string | number;
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, step)) return false;
    node = (node as Record<string | number, unknown>)[step];
  }
  return true;
}

interface TreeNodeProps {
  ctx: TreeContext;
  name: string | number | undefined;
  value: unknown;
  path: JSONPath;
  depth: number;
}

function TreeNode({ ctx, name, value, path, depth }: TreeNodeProps) {
  const key = pathKey(path);
  const type = typeOf(value);
  const container = type === 'object' || type === 'array';
  const expanded = container && ctx.isExpanded(key, depth);
  const state: PartialJSONNodeState = ctx.isComplete(path) ? 'complete' : 'streaming';
  return (
    <li
      role="treeitem"
      aria-level={depth + 1}
      aria-expanded={container ? expanded : undefined}
      tabIndex={ctx.focusedKey === key ? 0 : -1}
      data-sk="partial-json-item"
      data-state={state}
      data-type={type}
      data-path={key}
      onFocus={(event) => {
        if (event.target === event.currentTarget) ctx.setFocusedKey(key);
      }}
    >
      <div
        data-sk="partial-json-row"
        onClick={(event) => {
          const item = event.currentTarget.parentElement;
          item?.focus();
          if (container) ctx.toggle(key, depth);
        }}
      >
        {container && (
          <span data-sk="partial-json-toggle" aria-hidden="true">
            ▸
          </span>
        )}
        {name !== undefined && (
          <bdi data-sk="partial-json-key" data-index={typeof name === 'number' ? '' : undefined}>
            {String(name)}
          </bdi>
        )}
        <span data-sk="partial-json-value" data-type={type}>
          {preview(value, type)}
        </span>
        {state === 'streaming' && <span data-sk="partial-json-badge">{ctx.streamingLabel}</span>}
      </div>
      {expanded && (
        <ul role="group" data-sk="partial-json-group">
          {entriesOf(value).map(([childName, child]) => {
            const childPath = [...path, childName];
            return <TreeNode key={pathKey(childPath)} ctx={ctx} name={childName} value={child} path={childPath} depth={depth + 1} />;
          })}
        </ul>
      )}
    </li>
  );
}
