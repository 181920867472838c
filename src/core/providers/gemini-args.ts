import { isRecord, asString, type JSONRecord } from './shared.js';

/**
 * Assembles function-call arguments that Vertex AI streams as `partialArgs`
 * (`streamFunctionCallArguments`): each entry sets the value at a JSONPath (`$.a.b[0].c`); a string
 * value with `willContinue` is continued by the next entries for the same path.
 */

export interface PartialArg {
  jsonPath?: unknown;
  stringValue?: unknown;
  numberValue?: unknown;
  boolValue?: unknown;
  nullValue?: unknown;
  willContinue?: unknown;
}

export interface PartialArgsAccumulator {
  apply(partialArgs: readonly unknown[]): void;
  readonly value: JSONRecord;
}

const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export function createPartialArgsAccumulator(): PartialArgsAccumulator {
  const root: JSONRecord = {};
  return {
    apply(partialArgs) {
      for (const entry of partialArgs) {
        if (!isRecord(entry)) continue;
        const path = parseJSONPath(asString(entry.jsonPath) ?? '');
        if (path === undefined || path.length === 0) continue;
        applyOne(root, path, entry);
      }
    },
    get value() {
      return root;
    },
  };
}

function applyOne(root: JSONRecord, path: ReadonlyArray<string | number>, arg: PartialArg): void {
  let container: JSONRecord | unknown[] = root;
  for (let i = 0; i < path.length - 1; i++) {
    const segment = path[i]!;
    const nextIsIndex = typeof path[i + 1] === 'number';
    const existing: unknown = readSlot(container, segment);
    if (typeof existing === 'object' && existing !== null) {
      container = existing as JSONRecord | unknown[];
    } else {
      const created: JSONRecord | unknown[] = nextIsIndex ? [] : {};
      writeSlot(container, segment, created);
      container = created;
    }
  }
  const leaf = path[path.length - 1]!;
  if (typeof arg.stringValue === 'string') {
    const existing = readSlot(container, leaf);
    // A string that was cut with willContinue grows with the next fragment for the same path.
    writeSlot(container, leaf, typeof existing === 'string' ? existing + arg.stringValue : arg.stringValue);
  } else if (typeof arg.numberValue === 'number') {
    writeSlot(container, leaf, arg.numberValue);
  } else if (typeof arg.boolValue === 'boolean') {
    writeSlot(container, leaf, arg.boolValue);
  } else if ('nullValue' in arg) {
    writeSlot(container, leaf, null);
  }
}

function readSlot(container: JSONRecord | unknown[], segment: string | number): unknown {
  if (Array.isArray(container)) return typeof segment === 'number' ? container[segment] : undefined;
  return typeof segment === 'string' && Object.prototype.hasOwnProperty.call(container, segment) ? container[segment] : undefined;
}

function writeSlot(container: JSONRecord | unknown[], segment: string | number, value: unknown): void {
  if (Array.isArray(container)) {
    if (typeof segment === 'number') container[segment] = value;
    return;
  }
  if (typeof segment === 'string') container[segment] = value;
}

/** `$.recipe.ingredients[0].name` -> ['recipe', 'ingredients', 0, 'name']; undefined when malformed or unsafe. */
export function parseJSONPath(path: string): Array<string | number> | undefined {
  if (!path.startsWith('$')) return undefined;
  const segments: Array<string | number> = [];
  let i = 1;
  while (i < path.length) {
    const c = path[i];
    if (c === '.') {
      let j = i + 1;
      while (j < path.length && path[j] !== '.' && path[j] !== '[') j++;
      const key = path.slice(i + 1, j);
      if (key.length === 0 || FORBIDDEN_KEYS.has(key)) return undefined;
      segments.push(key);
      i = j;
    } else if (c === '[') {
      const close = path.indexOf(']', i);
      if (close < 0) return undefined;
      const inner = path.slice(i + 1, close);
      if (/^\d+$/.test(inner)) segments.push(Number(inner));
      else {
        const quoted = /^['"](.*)['"]$/.exec(inner);
        if (quoted === null || FORBIDDEN_KEYS.has(quoted[1]!)) return undefined;
        segments.push(quoted[1]!);
      }
      i = close + 1;
    } else {
      return undefined;
    }
  }
  return segments;
}
