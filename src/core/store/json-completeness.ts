export type JSONPathInput = string | ReadonlyArray<string | number>;

/** `'a.b.0'` -> `['a','b',0]`; arrays pass through. Numeric segments become numbers (array indices). */
export function toPathSegments(path: JSONPathInput): ReadonlyArray<string | number> {
  if (typeof path !== 'string') return path;
  if (path === '') return [];
  return path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function valueExists(root: unknown, path: ReadonlyArray<string | number>): boolean {
  let node: unknown = root;
  if (node === undefined) return false;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return false;
    const key = String(segment);
    if (!Object.prototype.hasOwnProperty.call(node, key)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return node !== undefined;
}

function isPrefixOf(path: ReadonlyArray<string | number>, openPath: ReadonlyArray<string | number>): boolean {
  if (path.length > openPath.length) return false;
  for (let i = 0; i < path.length; i++) if (String(path[i]) !== String(openPath[i])) return false;
  return true;
}

/**
 * Is the value at `path` final? True iff it exists and is not on the path still being written
 * (`openPath` and its ancestors are open); once the whole document is complete, everything that
 * exists is.
 */
export function isJSONPathComplete(
  value: unknown,
  complete: boolean,
  openPath: ReadonlyArray<string | number> | undefined,
  path: JSONPathInput,
): boolean {
  const segments = toPathSegments(path);
  if (!valueExists(value, segments)) return false;
  if (complete) return true;
  // Without an openPath we cannot tell what is still open: only the finished document is complete.
  if (openPath === undefined) return false;
  return !isPrefixOf(segments, openPath);
}
