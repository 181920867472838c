// Character-level helpers of the partial JSON parser: escapes, the raw-string and whole-container
// fast paths (decoded by the engine's JSON.parse), and marking finished values complete.
import { markComplete } from './complete-nodes.js';

export const ESCAPES: Record<number, string> = {
  0x22: '"',
  0x5c: '\\',
  0x2f: '/',
  0x62: '\b',
  0x66: '\f',
  0x6e: '\n',
  0x72: '\r',
  0x74: '\t',
};

/** 1 for the characters that may follow a backslash (except `u`). */
export const SIMPLE_ESCAPE: Uint8Array = simpleEscapeTable();

function simpleEscapeTable(): Uint8Array {
  const table = new Uint8Array(128);
  for (const c of '"\\/bfnrt') table[c.charCodeAt(0)] = 1;
  return table;
}

export function isHexDigit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

export function isHex4(text: string, at: number): boolean {
  return (
    isHexDigit(text.charCodeAt(at)) &&
    isHexDigit(text.charCodeAt(at + 1)) &&
    isHexDigit(text.charCodeAt(at + 2)) &&
    isHexDigit(text.charCodeAt(at + 3))
  );
}

/**
 * The decoded content of the already validated string text between the opening quote at `quote`
 * and `end` (exclusive). Escapes are decoded by the engine's JSON.parse, which is much faster than
 * decoding them piece by piece.
 */
export function decodeRaw(text: string, quote: number, end: number, hasEscapes: boolean): string {
  if (!hasEscapes) return text.slice(quote + 1, end);
  return JSON.parse(text.charCodeAt(end) === 0x22 ? text.slice(quote, end + 1) : `${text.slice(quote, end)}"`) as string;
}

/**
 * Makes the engine store `s` as one flat buffer. Reading a character forces engines that build
 * strings as ropes (V8, JavaScriptCore) to flatten them in place; elsewhere this is a cheap read.
 */
export function flatten(s: string): void {
  s.charCodeAt(0);
}

export const INVALID: unique symbol = Symbol('invalid');

export function tryParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return INVALID;
  }
}

/**
 * Index of the bracket closing the container that opens at `start`, scanning only brackets and
 * strings; -1 when it does not close before `len`; -2 when it would break `maxDepth` or
 * `maxStringLength` (the slow path then reports the limit at the right offset).
 */
export function findContainerEnd(text: string, start: number, len: number, depthBudget: number, maxStringLength: number): number {
  let depth = 0;
  for (let j = start; j < len; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x22) {
      // Jump from quote to quote with the engine's (vectorised) search; a quote preceded by an odd
      // number of backslashes is escaped.
      const open = j;
      for (;;) {
        j = text.indexOf('"', j + 1);
        if (j === -1 || j >= len) return -1;
        let backslashes = 0;
        while (text.charCodeAt(j - 1 - backslashes) === 0x5c) backslashes++;
        if ((backslashes & 1) === 0) break;
      }
      if (j - open - 1 > maxStringLength) return -2;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > depthBudget) return -2;
    } else if (c === 0x5d || c === 0x7d) {
      if (--depth === 0) return j;
    }
  }
  return -1;
}

/** Marks every container of a complete value as complete (frozen). Iterative: no recursion. */
export function freezeTree(value: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  const pending: object[] = [value];
  while (pending.length > 0) {
    const node = pending.pop() as object;
    markComplete(node);
    if (Array.isArray(node)) {
      for (let k = 0; k < node.length; k++) {
        const child: unknown = node[k];
        if (typeof child === 'object' && child !== null) pending.push(child);
      }
    } else {
      for (const key in node) {
        const child: unknown = (node as Record<string, unknown>)[key];
        if (typeof child === 'object' && child !== null) pending.push(child);
      }
    }
  }
}

export function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

export function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

export function describeChar(c: number): string {
  return JSON.stringify(String.fromCharCode(c));
}
