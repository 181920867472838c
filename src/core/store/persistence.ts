/**
 * Resume-on-mount: what a stream store keeps in storage so that a reloaded page can reattach to the
 * same server stream with `Last-Event-ID`. The text received so far is stored together with the id
 * of the last event folded into it, as ONE record: the server replays only what came after that id,
 * so the page shows the stored text plus the replay, and nothing twice.
 */
export interface PersistStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface PersistOptions {
  /** Default: `sessionStorage` when it exists (a tab's reload keeps it; other tabs do not see it). */
  storage?: PersistStorage;
  /** Storage key (or a getter read at each start); default `streamkit:` + the request key. */
  key?: string | (() => string);
  /** Minimum milliseconds between writes while streaming (default 250); the final state is always written. */
  throttleMs?: number;
}

export interface PersistedStream {
  v: 1;
  streamId: string;
  url: string;
  lastEventId: string;
  text: string;
  reasoning: string;
}

export const DEFAULT_PERSIST_THROTTLE_MS = 250;

/** The default storage, touched only when asked for (never at import time, never during SSR). */
export function defaultPersistStorage(): PersistStorage | undefined {
  try {
    const storage = (globalThis as { sessionStorage?: PersistStorage }).sessionStorage;
    return storage ?? undefined;
  } catch {
    // Access throws in sandboxed iframes and with storage disabled.
    return undefined;
  }
}

export function readPersisted(storage: PersistStorage, key: string): PersistedStream | undefined {
  try {
    const raw = storage.getItem(key);
    if (raw === null) return undefined;
    const value = JSON.parse(raw) as Partial<PersistedStream>;
    if (
      value.v !== 1 ||
      typeof value.streamId !== 'string' ||
      typeof value.url !== 'string' ||
      typeof value.lastEventId !== 'string' ||
      typeof value.text !== 'string'
    ) {
      return undefined;
    }
    return {
      v: 1,
      streamId: value.streamId,
      url: value.url,
      lastEventId: value.lastEventId,
      text: value.text,
      reasoning: typeof value.reasoning === 'string' ? value.reasoning : '',
    };
  } catch {
    return undefined;
  }
}

export function writePersisted(storage: PersistStorage, key: string, value: PersistedStream): void {
  try {
    storage.setItem(key, JSON.stringify(value));
  } catch {
    // Quota exceeded or storage disabled: resume is best effort, streaming goes on.
  }
}

export function removePersisted(storage: PersistStorage, key: string): void {
  try {
    storage.removeItem(key);
  } catch {
    // ignore: see writePersisted
  }
}
