/** A path into a JSON value: object keys and array indices. */
export type JSONPath = ReadonlyArray<string | number>;

export function isPathPrefix(prefix: JSONPath, path: JSONPath): boolean {
  if (prefix.length > path.length) return false;
  for (let i = 0; i < prefix.length; i++) if (prefix[i] !== path[i]) return false;
  return true;
}

export interface CompletionSource {
  /** Per-path answer, e.g. `useStreamJSON().isComplete`. Wins over the other two. */
  isComplete?: ((path: JSONPath) => boolean) | undefined;
  /**
   * The path still being written (the `json` event's `openPath`). Everything not on the way to it is
   * final: a value at P is complete unless P is a prefix of `openPath`.
   */
  openPath?: JSONPath | undefined;
  /** The whole value is complete. Without `openPath`, `false` marks everything as streaming. */
  complete?: boolean | undefined;
}

/** One rule for "is this field final?" shared by PartialJSON and JSONForm. */
export function completionOf(source: CompletionSource): (path: JSONPath) => boolean {
  const { isComplete, openPath, complete } = source;
  if (isComplete) return isComplete;
  if (complete === true) return () => true;
  if (openPath) return (path) => !isPathPrefix(path, openPath);
  if (complete === false) return () => false;
  return () => true;
}

export function getAtPath(value: unknown, path: JSONPath): unknown {
  let node = value;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

/** A stable string for a path (keys may contain any character, so JSON rather than joining). */
export function pathKey(path: JSONPath): string {
  return JSON.stringify(path);
}
