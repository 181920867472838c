import type { PersistOptions } from '../core/store/persistence.js';
import type { StreamStoreOptions } from '../core/store/stream-store.js';

/** Options every streaming hook takes: StreamOptions + store knobs + the React lifecycle ones. */
export interface StreamHookOptions extends Omit<StreamStoreOptions, 'autoStart' | 'tap' | 'onGeneration' | 'persist'> {
  /**
   * Default true: a non-null request starts on mount and restarts only when `key` changes.
   * false: nothing is sent until `start()`.
   */
  auto?: boolean;
  /** Identity of the request (default: url + method + body). Changing it restarts an auto stream. */
  key?: string;
  /** Resume on mount after a reload (sessionStorage by default). See docs/react.md. */
  persist?: PersistOptions | boolean;
  /**
   * Default true: when the last component watching the stream unmounts, the stream is aborted (the
   * server sees the connection close). false keeps it running in the background.
   */
  abortOnUnmount?: boolean;
}

const HOOK_ONLY = new Set(['auto', 'key', 'persist', 'abortOnUnmount', 'batch', 'maxEvents', 'createStream']);

/** The per-run StreamOptions part of the hook options (what `start()` hands to the store). */
export function runOptionsOf(options: StreamHookOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(options)) if (!HOOK_ONLY.has(name) && value !== undefined) out[name] = value;
  return out;
}
