/**
 * A path into a JSON value: object keys and array indices. `openPath` (the value still being
 * written) uses it: everything not on the open path is final, which is how `useStreamJSON` answers
 * `isComplete(path)`.
 */
export type JSONPath = Array<string | number>;
