import { StreamError } from '../errors.js';
import { markComplete, isCompleteNode } from './complete-nodes.js';
import {
  ESCAPES,
  SIMPLE_ESCAPE,
  INVALID,
  decodeRaw,
  describeChar,
  findContainerEnd,
  flatten,
  freezeTree,
  isHex4,
  isHighSurrogate,
  isWhitespace,
  tryParse,
} from './json-text.js';
import type { JSONPath } from './json-path.js';

/**
 * Incremental partial JSON parser.
 *
 * One pass over every character, O(chunk) work per write, an explicit stack (no recursion) and
 * immutable, structurally shared snapshots:
 * - containers still being written are copied on write, at most once per snapshot read ("epoch"):
 *   after `.value` hands a snapshot out, the next change copies the open containers on the path to
 *   the change, never anything else (an open object is copied from a private template with a stable
 *   shape, at a clone site chosen by depth and key count: see CLONE_SITES);
 * - a closed container is frozen and never touched again, so it keeps its identity in every later
 *   snapshot (and `isComplete(node)` is `Object.isFrozen(node)`);
 * - fast paths: a string that opens and closes within one chunk is decoded by the engine's JSON.parse,
 *   and so is a whole container that closes within the chunk it opened in (after a cheap bracket
 *   scan); invalid text falls back to the character-by-character path for the exact error offset.
 *
 * Partial value rules (what a snapshot may show):
 * - keys appear only when complete, together with the first visible state of their value;
 * - strings only grow; a cut escape (`\`, `\u12`) or a trailing half surrogate pair is held back;
 * - numbers, true/false/null appear only when complete (a number completes at its delimiter);
 * - nothing shown ever disappears or changes except a growing string and containers gaining members.
 *   (One documented exception: a duplicate key replaces the earlier value when the new one completes,
 *   as JSON.parse does; the new value is held back until then.)
 */
export interface PartialJSONParserOptions {
  /** Deepest container nesting accepted; deeper input fails with a 'max-buffer' StreamError. Default: unlimited. */
  maxDepth?: number;
  /** Longest string or key (UTF-16 code units); longer fails with a 'max-buffer' StreamError. Default: unlimited. */
  maxStringLength?: number;
  /**
   * Accept what language models commonly emit around JSON: trailing commas, a surrounding markdown
   * code fence (```json ... ```), raw newlines / carriage returns / tabs inside strings, a leading BOM.
   */
  lenient?: boolean;
  /**
   * Accept a sequence of top-level values (`{...}{...}` or one per line). `value` shows the value
   * being written; every finished top-level value is reported through `onComplete([], value)`.
   */
  multiple?: boolean;
  /** Called when any value finishes (strings, numbers, literals, containers), with its path. */
  onComplete?(path: JSONPath, value: unknown): void;
  /**
   * Report completions through `onComplete` only for paths up to this length (0: only the top-level
   * value). Saves building a path for every value when only shallow completions matter. Default: all.
   */
  onCompleteDepth?: number;
}

export interface PartialJSONParser {
  /** Feeds the next piece of text. Throws StreamError('parse') at the first invalid character. */
  write(chunk: string): void;
  /** Current snapshot; `undefined` until something is known. Same object until something changes. */
  readonly value: unknown;
  /** Finishes the input and returns the final value; throws StreamError('parse') if truncated/invalid. */
  end(): unknown;
  /** True once that object/array has closed (its identity then never changes again). */
  isComplete(node: unknown): boolean;
  /** Path of the value still being written (the deepest open container, plus the member in progress). */
  readonly openPath: JSONPath;
  /** True once the top-level value has finished. */
  readonly done: boolean;
  /** Characters consumed so far (offsets in error messages count the same way). */
  readonly offset: number;
  /** Changes whenever the visible value or the open path may have changed (cheap change detection). */
  readonly revision: number;
}

// Parser states.
const S_START = 0; // before the top-level value: whitespace, a value, (lenient) a code fence or BOM
const S_VALUE = 1; // a value is required (after ':' or ',')
const S_VALUE_OR_CLOSE = 2; // after '[' (or after ',' in lenient mode): a value or ']'
const S_KEY_OR_CLOSE = 3; // after '{' (or after ',' in lenient mode): a key or '}'
const S_KEY = 4; // after ',' in an object: a key is required
const S_COLON = 5;
const S_AFTER = 6; // after a member: ',' or the closing bracket
const S_STRING = 7;
const S_ESCAPE = 8;
const S_UNICODE = 9;
const S_NUMBER = 10;
const S_LITERAL = 11;
const S_DONE = 12; // the top-level value finished: only whitespace (or a closing fence) may follow
const S_FENCE_OPEN = 13;
const S_FENCE_INFO = 14;
const S_FENCE_CLOSE = 15;
const S_FENCE_DONE = 16;

// Number sub-states (strict JSON grammar).
const N_MINUS = 0;
const N_ZERO = 1;
const N_INT = 2;
const N_DOT = 3;
const N_FRAC = 4;
const N_EXP = 5;
const N_EXP_SIGN = 6;
const N_EXP_DIGITS = 7;
const N_BEGIN = 8; // at the first character ('-' or a digit, already checked)

type Container = unknown[] | Record<string, unknown>;

/** One open container. A class so that every frame has the same shape (fast property access). */
class Frame {
  isArray: boolean;
  node: Container;
  /** The snapshot epoch in which `node` was created or copied; older nodes are shared and copied on write. */
  epoch: number;
  /** Objects: the key of the member being written. */
  key = '';
  /** Objects: the current key already existed (duplicate key): its new value is held back until complete. */
  memberHeld = false;
  /** This container is the held-back value of a duplicate key: it is not attached to its parent yet. */
  held: boolean;
  /**
   * Objects: a private mirror of `node` that is never handed out. Copies are made from it rather than
   * from the last snapshot (see CLONE_SITES); `null` for arrays.
   */
  template: Record<string, unknown> | null;
  /** Objects: number of distinct keys (selects the clone site). */
  size = 0;
  /** Objects: the clone site for this depth and key count. */
  site: Cloner;

  constructor(isArray: boolean, node: Container, epoch: number, held: boolean, depth: number) {
    this.isArray = isArray;
    this.node = node;
    this.epoch = epoch;
    this.held = held;
    this.template = isArray ? null : {};
    this.site = cloneSite(depth, 0);
  }
}

type Cloner = (source: Record<string, unknown>) => Record<string, unknown>;

/**
 * Thirty-two textually distinct (hence separately inline-cached) object spreads. A copy made with
 * `{ ...object }` is fast only while its call site has seen at most four object shapes; one shared
 * site sees every shape of the document and falls back to a generic copy several times slower. A
 * site per (depth, key count) sees one or two shapes in the usual regular (schema-shaped) LLM
 * output; an irregular document only loses the speed-up, never correctness.
 * Copies are always made from the frame's private template (whose shape comes from adding keys one
 * by one, so it is stable); copying a copy would give the site a new shape on every read.
 */
const CLONE_SITES: Cloner[] = [
  (o) => ({ ...o }), (o) => ({ ...o }), (o) => ({ ...o }), (o) => ({ ...o }),
  (o) => ({ ...o }), (o) => ({ ...o }), (o) => ({ ...o }), (o) => ({ ...o }),
  (o) => ({ ...o }), (o) => ({ ...o }), (o) => ({ ...o }), (o) => ({ ...o }),
  (o) => ({ ...o }), (o) => ({ ...o }), (o) => ({ ...o }), (o) => ({ ...o }),
  (o) => ({ ...o }), (o) => ({ ...o }), (o) => ({ ...o }), (o) => ({ ...o }),
  (o) => ({ ...o }), (o) => ({ ...o }), (o) => ({ ...o }), (o) => ({ ...o }),
  (o) => ({ ...o }), (o) => ({ ...o }), (o) => ({ ...o }), (o) => ({ ...o }),
  (o) => ({ ...o }), (o) => ({ ...o }), (o) => ({ ...o }), (o) => ({ ...o }),
];

function cloneSite(depth: number, size: number): Cloner {
  return CLONE_SITES[(depth * 7 + size) & 31] as Cloner;
}

function setKey(node: Record<string, unknown>, key: string, value: unknown): void {
  // Assigning `__proto__` would call the prototype setter: define it as plain data instead.
  if (key === '__proto__') {
    Object.defineProperty(node, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    node[key] = value;
  }
}


const MAX_SMI = 0x3fffffff; // limits stay small integers so the engine never deoptimises on a double

class PartialJSONParserCore {
  private readonly maxDepth: number;
  private readonly maxStringLength: number;
  private readonly lenient: boolean;
  private readonly multiple: boolean;
  private readonly onComplete: ((path: JSONPath, value: unknown) => void) | undefined;
  private readonly onCompleteDepth: number;

  private readonly stack: Frame[] = [];
  state = S_START;
  /** Characters of earlier chunks. */
  consumed = 0;
  failure: StreamError | undefined = undefined;
  ended = false;

  // Snapshot bookkeeping.
  root: unknown = undefined;
  rootDone = false;
  private epoch = 0;
  private dirty = false;
  revision = 0;

  // The string being read. `strFull` holds the text materialised so far (a rope: `+` is O(1) in
  // engines), `strPieces` the slices read since; they are joined once per snapshot or at the end.
  strIsKey = false;
  private strFull = '';
  private readonly strPieces: string[] = [];
  private strLength = 0;
  /** Last code unit of `strFull`, kept apart: reading it from a rope would flatten the rope. */
  private strLastCode = 0;
  /** Length of `strFull` when it was last flattened. */
  private strFlatLength = 0;
  strAttached = false; // the value string is visible in the snapshot
  private strShownLength = 0;
  private hexValue = 0;
  private hexCount = 0;

  // Number and literal being read.
  private numState = N_MINUS;
  private numText = '';
  private litWord = '';
  private litIndex = 0;
  private litValue: unknown = null;

  // Lenient code fence.
  private fenceOpened = false;
  private fenceTicks = 0;

  constructor(options: PartialJSONParserOptions) {
    this.maxDepth = Math.min(options.maxDepth ?? MAX_SMI, MAX_SMI);
    this.maxStringLength = Math.min(options.maxStringLength ?? MAX_SMI, MAX_SMI);
    this.lenient = options.lenient === true;
    this.multiple = options.multiple === true;
    this.onComplete = options.onComplete;
    // -1 without a callback: no completion needs reporting, so every container may take the fast path.
    this.onCompleteDepth = options.onComplete === undefined ? -1 : Math.min(options.onCompleteDepth ?? MAX_SMI, MAX_SMI);
  }

  private fail(message: string, at: number, code: 'parse' | 'max-buffer' = 'parse'): never {
    this.failure = new StreamError(code, `${message} at offset ${this.consumed + at}`);
    throw this.failure;
  }

  /** Replaces (or appends) the member in progress of frame `d`, copying shared containers upwards. */
  private setMember(d: number, value: unknown, isNew: boolean): void {
    this.dirty = true;
    this.revision++;
    for (;;) {
      const f = this.stack[d] as Frame;
      let node = f.node;
      let copied = false;
      if (f.isArray) {
        if (f.epoch !== this.epoch) {
          node = (node as unknown[]).slice();
          f.node = node;
          f.epoch = this.epoch;
          copied = true;
        }
        const arr = node as unknown[];
        if (isNew) arr.push(value);
        else arr[arr.length - 1] = value;
      } else {
        const template = f.template as Record<string, unknown>;
        setKey(template, f.key, value);
        if (isNew && !f.memberHeld) f.site = cloneSite(d, ++f.size);
        if (f.epoch !== this.epoch) {
          node = f.site(template);
          f.node = node;
          f.epoch = this.epoch;
          copied = true;
        } else {
          setKey(node as Record<string, unknown>, f.key, value);
        }
      }
      if (!copied || f.held) return;
      if (d === 0) {
        this.root = node;
        return;
      }
      value = node;
      isNew = false;
      d--;
    }
  }

  private pathTo(depth: number, withMember: boolean, memberAttached: boolean): JSONPath {
    const path: JSONPath = [];
    for (let k = 0; k < depth; k++) {
      const f = this.stack[k] as Frame;
      const isLast = k === depth - 1;
      if (isLast && !withMember) break;
      const attached = isLast ? memberAttached : !this.stack[k + 1]!.held;
      if (f.isArray) {
        const length = (f.node as unknown[]).length;
        path.push(attached ? length - 1 : length);
      } else {
        path.push(f.key);
      }
    }
    return path;
  }

  /** A scalar (or a closed string) finished. */
  private completeValue(value: unknown, alreadyShown: boolean): number {
    const d = this.stack.length;
    if (d === 0) {
      this.root = value;
      this.dirty = true;
      this.revision++;
      return this.finishRoot(value);
    }
    const top = d - 1;
    this.setMember(top, value, !alreadyShown);
    if (this.onComplete !== undefined && d <= this.onCompleteDepth) this.onComplete(this.pathTo(d, true, true), value);
    return S_AFTER;
  }

  private finishRoot(value: unknown): number {
    this.rootDone = true;
    if (this.onComplete !== undefined) this.onComplete([], value);
    return S_DONE;
  }

  private openContainer(isArray: boolean, at: number): void {
    if (this.stack.length >= this.maxDepth) this.fail(`Nesting deeper than maxDepth (${this.maxDepth})`, at, 'max-buffer');
    const node: Container = isArray ? [] : {};
    const d = this.stack.length;
    const parent = d === 0 ? undefined : this.stack[d - 1];
    const held = parent !== undefined && parent.memberHeld;
    this.stack.push(new Frame(isArray, node, this.epoch, held, d));
    if (parent === undefined) {
      this.root = node;
      this.dirty = true;
      this.revision++;
    } else if (!held) {
      this.setMember(d - 1, node, true);
    } else {
      this.revision++;
    }
  }

  private closeContainer(): number {
    const f = this.stack.pop() as Frame;
    const node = f.node;
    markComplete(node);
    this.revision++;
    const d = this.stack.length;
    if (d === 0) return this.finishRoot(node);
    // A held-back duplicate-key value replaces the earlier value now that it is complete. Otherwise
    // the parent already references `node`: every copy of it was propagated upwards.
    if (f.held) this.setMember(d - 1, node, false);
    if (this.onComplete !== undefined && d <= this.onCompleteDepth) this.onComplete(this.pathTo(d, true, true), node);
    return S_AFTER;
  }

  private startString(isKey: boolean): void {
    this.strIsKey = isKey;
    this.strFull = '';
    // Setting an array's length is a runtime call: only when there is something to drop.
    if (this.strPieces.length !== 0) this.strPieces.length = 0;
    this.strLength = 0;
    this.strLastCode = 0;
    this.strAttached = false;
    this.strShownLength = 0;
    if (!isKey) this.revision++;
  }

  private addStringPiece(piece: string, at: number): void {
    this.strLength += piece.length;
    if (this.strLength > this.maxStringLength) this.fail(`String longer than maxStringLength (${this.maxStringLength})`, at, 'max-buffer');
    this.strPieces.push(piece);
  }

  private takeString(): string {
    const pieces = this.strPieces;
    const n = pieces.length;
    if (n === 0) return this.strFull;
    // pop() for the usual single piece: setting `length` is a runtime call in V8.
    let tail: string;
    if (n === 1) {
      tail = pieces.pop() as string;
    } else {
      tail = pieces.join('');
      pieces.length = 0;
    }
    if (tail.length > 0) this.strLastCode = tail.charCodeAt(tail.length - 1);
    if (this.strFull === '') {
      this.strFull = tail;
      this.strFlatLength = tail.length;
      return tail;
    }
    // `+` makes a rope node (O(1)); a snapshot read after every few characters would otherwise grow
    // one rope node per read. Once the text appended since the last flattening reaches the size of the
    // flat part, flatten (doubling: amortised O(1) per character, rope depth stays bounded).
    const full = this.strFull + tail;
    this.strFull = full;
    if (full.length >= 2 * this.strFlatLength) {
      flatten(full);
      this.strFlatLength = full.length;
    }
    return full;
  }

  /** Shows the string value in progress in the snapshot (called when a snapshot is read). */
  private materialiseString(): void {
    if (this.strAttached && this.strPieces.length === 0) return;
    const d = this.stack.length;
    if (d > 0 && (this.stack[d - 1] as Frame).memberHeld) return;
    const full = this.takeString();
    // Hold back a trailing high surrogate: its other half may be in the next chunk.
    const shown = isHighSurrogate(this.strLastCode) ? full.slice(0, -1) : full;
    if (this.strAttached && shown.length === this.strShownLength) return;
    this.strShownLength = shown.length;
    if (d === 0) {
      this.root = shown;
      this.dirty = true;
      this.revision++;
    } else {
      this.setMember(d - 1, shown, !this.strAttached);
    }
    this.strAttached = true;
  }

  private keyFinished(key: string): void {
    const f = this.stack[this.stack.length - 1] as Frame;
    f.key = key;
    f.memberHeld = Object.prototype.hasOwnProperty.call(f.node, key);
    this.revision++;
  }

  write(text: string): void {
    if (this.failure !== undefined) throw this.failure;
    if (this.ended) throw new StreamError('parse', 'write() after end()');
    const len = text.length;
    let i = 0;
    let st = this.state;
    const lenient = this.lenient;
    // Index of the opening quote when the string in progress opened in this chunk (raw fast path).
    let rawStart = -1;
    let rawEscapes = false;
    // Set once a container was found not to close within this chunk: scanning ahead again for the
    // containers inside it would cost O(chunk) each.
    let noFastPath = false;
    try {
      outer: while (i < len) {
        switch (st) {
          case S_STRING: {
            // Fast path: a string that opened in this chunk is scanned raw (escapes only validated)
            // and decoded at once by the engine's JSON.parse when it closes. Otherwise (it continues
            // from an earlier chunk, or an escape is cut by the chunk end) the text is kept as
            // decoded pieces.
            let start = i;
            let c = 0;
            for (;;) {
              while (i < len) {
                c = text.charCodeAt(i);
                if (c === 0x22 || c === 0x5c || c < 0x20) break;
                i++;
              }
              if (i === len) break;
              if (c === 0x5c) {
                if (rawStart < 0 || i + 1 >= len) break;
                const e = text.charCodeAt(i + 1);
                if (e === 0x75) {
                  if (i + 5 < len && isHex4(text, i + 2)) {
                    i += 6;
                    rawEscapes = true;
                    continue;
                  }
                } else if (e < 128 && SIMPLE_ESCAPE[e] === 1) {
                  i += 2;
                  rawEscapes = true;
                  continue;
                }
                break; // an invalid or cut escape: the slow path reports or holds it
              }
              if (c < 0x20 && lenient && (c === 0x0a || c === 0x0d || c === 0x09)) {
                // A raw newline (lenient): JSON.parse would reject it, so leave the raw fast path.
                if (rawStart >= 0) {
                  this.addStringPiece(decodeRaw(text, rawStart, i, rawEscapes), i);
                  rawStart = -1;
                  start = i;
                }
                i++;
                continue;
              }
              break;
            }
            if (i === len) {
              if (rawStart >= 0) {
                this.addStringPiece(decodeRaw(text, rawStart, i, rawEscapes), i);
                rawStart = -1;
              } else if (i > start) {
                this.addStringPiece(text.slice(start, i), i);
              }
              break outer;
            }
            if (c === 0x22) {
              let s: string;
              if (rawStart >= 0) {
                s = decodeRaw(text, rawStart, i, rawEscapes);
                rawStart = -1;
                if (s.length > this.maxStringLength) this.fail(`String longer than maxStringLength (${this.maxStringLength})`, i, 'max-buffer');
              } else {
                if (i > start) this.addStringPiece(text.slice(start, i), i);
                s = this.takeString();
                // Built from pieces, it is a rope of one small string and one rope node per piece
                // (about 14 bytes per character read 4 at a time); the finished value lives as long
                // as the document, so store it flat: the collector copies it once, not per piece.
                flatten(s);
              }
              i++;
              if (this.strIsKey) {
                this.keyFinished(s);
                st = S_COLON;
              } else {
                st = this.completeValue(s, this.strAttached);
              }
              continue;
            }
            if (c === 0x5c) {
              if (rawStart >= 0) {
                this.addStringPiece(decodeRaw(text, rawStart, i, rawEscapes), i);
                rawStart = -1;
              } else if (i > start) {
                this.addStringPiece(text.slice(start, i), i);
              }
              i++;
              st = S_ESCAPE;
              continue;
            }
            this.fail(`Unescaped control character ${describeChar(c)} in string`, i);
          }
          case S_ESCAPE: {
            const c = text.charCodeAt(i);
            if (c === 0x75) {
              this.hexValue = 0;
              this.hexCount = 0;
              st = S_UNICODE;
            } else {
              const decoded = ESCAPES[c];
              if (decoded === undefined) this.fail(`Invalid escape ${describeChar(c)}`, i);
              this.addStringPiece(decoded, i);
              st = S_STRING;
            }
            i++;
            continue;
          }
          case S_UNICODE: {
            while (i < len) {
              const c = text.charCodeAt(i);
              let digit: number;
              if (c >= 0x30 && c <= 0x39) digit = c - 0x30;
              else if (c >= 0x61 && c <= 0x66) digit = c - 0x57;
              else if (c >= 0x41 && c <= 0x46) digit = c - 0x37;
              else this.fail(`Invalid unicode escape digit ${describeChar(c)}`, i);
              this.hexValue = this.hexValue * 16 + digit;
              i++;
              if (++this.hexCount === 4) {
                this.addStringPiece(String.fromCharCode(this.hexValue), i);
                st = S_STRING;
                continue outer;
              }
            }
            break outer;
          }
          case S_NUMBER: {
            const start = i;
            let ns = this.numState;
            let c = 0;
            scan: while (i < len) {
              c = text.charCodeAt(i);
              switch (ns) {
                case N_INT:
                case N_FRAC:
                case N_EXP_DIGITS:
                  if (c >= 0x30 && c <= 0x39) {
                    i++;
                    continue scan;
                  }
                  if (ns !== N_EXP_DIGITS && (c === 0x65 || c === 0x45)) ns = N_EXP;
                  else if (ns === N_INT && c === 0x2e) ns = N_DOT;
                  else break scan;
                  break;
                case N_BEGIN:
                  ns = c === 0x2d ? N_MINUS : c === 0x30 ? N_ZERO : N_INT;
                  break;
                case N_MINUS:
                  if (c === 0x30) ns = N_ZERO;
                  else if (c >= 0x31 && c <= 0x39) ns = N_INT;
                  else this.fail(`Invalid number: unexpected ${describeChar(c)}`, i);
                  break;
                case N_ZERO:
                  if (c === 0x2e) ns = N_DOT;
                  else if (c === 0x65 || c === 0x45) ns = N_EXP;
                  else break scan;
                  break;
                case N_DOT:
                  if (c >= 0x30 && c <= 0x39) ns = N_FRAC;
                  else this.fail(`Invalid number: expected a digit after "." but got ${describeChar(c)}`, i);
                  break;
                case N_EXP:
                  if (c === 0x2b || c === 0x2d) ns = N_EXP_SIGN;
                  else if (c >= 0x30 && c <= 0x39) ns = N_EXP_DIGITS;
                  else this.fail(`Invalid number: expected an exponent but got ${describeChar(c)}`, i);
                  break;
                default: // N_EXP_SIGN
                  if (c >= 0x30 && c <= 0x39) ns = N_EXP_DIGITS;
                  else this.fail(`Invalid number: expected an exponent digit but got ${describeChar(c)}`, i);
              }
              i++;
            }
            this.numState = ns;
            if (i === len) {
              this.numText += text.slice(start, i);
              break outer;
            }
            // The delimiter at `i` ends the number; it is processed by the next state.
            const numberText = this.numText === '' ? text.slice(start, i) : this.numText + text.slice(start, i);
            this.numText = '';
            st = this.completeValue(Number(numberText), false);
            continue;
          }
          case S_LITERAL: {
            const word = this.litWord;
            while (i < len) {
              if (text.charCodeAt(i) !== word.charCodeAt(this.litIndex)) {
                this.fail(`Unexpected character ${describeChar(text.charCodeAt(i))} in literal "${word}"`, i);
              }
              i++;
              if (++this.litIndex === word.length) {
                st = this.completeValue(this.litValue, false);
                continue outer;
              }
            }
            break outer;
          }
          case S_AFTER: {
            let c = text.charCodeAt(i);
            while (isWhitespace(c)) {
              if (++i === len) break outer;
              c = text.charCodeAt(i);
            }
            const top = this.stack[this.stack.length - 1] as Frame;
            if (c === 0x2c) {
              if (top.isArray) st = this.lenient ? S_VALUE_OR_CLOSE : S_VALUE;
              else st = this.lenient ? S_KEY_OR_CLOSE : S_KEY;
            } else if (c === (top.isArray ? 0x5d : 0x7d)) {
              st = this.closeContainer();
            } else {
              this.fail(`Unexpected character ${describeChar(c)} after ${top.isArray ? 'an array element' : 'an object member'}`, i);
            }
            i++;
            continue;
          }
          case S_KEY_OR_CLOSE:
          case S_KEY: {
            let c = text.charCodeAt(i);
            while (isWhitespace(c)) {
              if (++i === len) break outer;
              c = text.charCodeAt(i);
            }
            if (c === 0x22) {
              this.startString(true);
              rawStart = i;
              rawEscapes = false;
              st = S_STRING;
            } else if (c === 0x7d && st === S_KEY_OR_CLOSE) {
              st = this.closeContainer();
            } else {
              this.fail(`Unexpected character ${describeChar(c)}: expected ${st === S_KEY ? 'a key' : 'a key or "}"'}`, i);
            }
            i++;
            continue;
          }
          case S_COLON: {
            let c = text.charCodeAt(i);
            while (isWhitespace(c)) {
              if (++i === len) break outer;
              c = text.charCodeAt(i);
            }
            if (c !== 0x3a) this.fail(`Unexpected character ${describeChar(c)}: expected ":"`, i);
            i++;
            st = S_VALUE;
            continue;
          }
          case S_START:
          case S_VALUE:
          case S_VALUE_OR_CLOSE: {
            let c = text.charCodeAt(i);
            while (isWhitespace(c)) {
              if (++i === len) break outer;
              c = text.charCodeAt(i);
            }
            if (c === 0x22) {
              this.startString(false);
              rawStart = i;
              rawEscapes = false;
              st = S_STRING;
              i++;
            } else if (c === 0x7b || c === 0x5b) {
              // Fast path: a container that closes within this chunk is complete, so the engine's
              // JSON.parse can build it. Invalid (or lenient-only) text falls back to the
              // character-by-character path, which reports the exact offset.
              if (!noFastPath && this.stack.length + 1 > this.onCompleteDepth) {
                const close = findContainerEnd(text, i, len, this.maxDepth - this.stack.length, this.maxStringLength);
                if (close >= 0) {
                  const value = tryParse(text.slice(i, close + 1));
                  if (value !== INVALID) {
                    freezeTree(value);
                    i = close + 1;
                    st = this.completeValue(value, false);
                    continue;
                  }
                  noFastPath = true; // the error (or lenient syntax) is inside: no point retrying nested
                } else if (close === -1) {
                  noFastPath = true; // the rest of the chunk is inside this container
                }
              }
              this.openContainer(c === 0x5b, i);
              st = c === 0x5b ? S_VALUE_OR_CLOSE : S_KEY_OR_CLOSE;
              i++;
            } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
              // The number this.state reads this character again, so the number's text starts here.
              this.numState = N_BEGIN;
              this.numText = '';
              st = S_NUMBER;
              if (this.stack.length > 0) this.revision++;
            } else if (c === 0x74 || c === 0x66 || c === 0x6e) {
              this.litWord = c === 0x74 ? 'true' : c === 0x66 ? 'false' : 'null';
              this.litValue = c === 0x74 ? true : c === 0x66 ? false : null;
              this.litIndex = 1;
              st = S_LITERAL;
              i++;
              if (this.stack.length > 0) this.revision++;
            } else if (c === 0x5d && st === S_VALUE_OR_CLOSE) {
              st = this.closeContainer();
              i++;
            } else if (st === S_START && this.lenient && c === 0x60 && !this.fenceOpened) {
              this.fenceOpened = true;
              this.fenceTicks = 0;
              st = S_FENCE_OPEN;
            } else if (st === S_START && this.lenient && c === 0xfeff && this.consumed + i === 0) {
              i++;
            } else {
              this.fail(`Unexpected character ${describeChar(c)}: expected a value`, i);
            }
            continue;
          }
          case S_DONE: {
            let c = text.charCodeAt(i);
            while (isWhitespace(c)) {
              if (++i === len) break outer;
              c = text.charCodeAt(i);
            }
            if (this.lenient && this.fenceOpened && c === 0x60) {
              this.fenceTicks = 0;
              st = S_FENCE_CLOSE;
            } else if (this.multiple) {
              this.rootDone = false;
              st = S_START;
            } else {
              this.fail(`Unexpected character ${describeChar(c)} after the end of the JSON value`, i);
            }
            continue;
          }
          case S_FENCE_OPEN: {
            const c = text.charCodeAt(i);
            if (c === 0x60) {
              this.fenceTicks++;
              i++;
            } else if (this.fenceTicks >= 3) {
              st = S_FENCE_INFO;
            } else {
              this.fail(`Unexpected character ${describeChar(c)} in a code fence`, i);
            }
            continue;
          }
          case S_FENCE_INFO: {
            // The info string (`json`) runs to the end of the line.
            const nl = text.indexOf('\n', i);
            if (nl === -1) break outer;
            i = nl + 1;
            st = S_START;
            continue;
          }
          case S_FENCE_CLOSE: {
            const c = text.charCodeAt(i);
            if (c === 0x60) {
              this.fenceTicks++;
              i++;
            } else if (this.fenceTicks >= 3 && isWhitespace(c)) {
              st = S_FENCE_DONE;
            } else {
              this.fail(`Unexpected character ${describeChar(c)} in the closing code fence`, i);
            }
            continue;
          }
          default: {
            // S_FENCE_DONE: only whitespace may follow the closing fence.
            const c = text.charCodeAt(i);
            if (!isWhitespace(c)) this.fail(`Unexpected character ${describeChar(c)} after the closing code fence`, i);
            i++;
            continue;
          }
        }
      }
    } finally {
      this.state = st;
    }
    this.consumed += len;
  }

  end(): unknown {
    if (this.failure !== undefined) throw this.failure;
    if (this.ended) return this.root;
    if (this.state === S_NUMBER && this.stack.length === 0) {
      if (this.numState === N_ZERO || this.numState === N_INT || this.numState === N_FRAC || this.numState === N_EXP_DIGITS) {
        const value = Number(this.numText);
        this.numText = '';
        this.state = this.completeValue(value, false);
      }
    }
    const finished =
      this.state === S_DONE ||
      this.state === S_FENCE_DONE ||
      (this.state === S_FENCE_CLOSE && this.fenceTicks >= 3) ||
      (this.multiple && this.state === S_START && this.rootDone);
    // The offset of an end-of-input error points just past the last character.
    if (!finished) this.fail('Unexpected end of JSON input', 0);
    this.ended = true;
    if (this.dirty) {
      this.epoch++;
      this.dirty = false;
    }
    return this.root;
  }

  /** The current snapshot (materialises the string in progress; hands out the open containers). */
  snapshot(): unknown {
    const st = this.state;
    if ((st === S_STRING || st === S_ESCAPE || st === S_UNICODE) && !this.strIsKey) this.materialiseString();
    if (this.dirty) {
      // Everything reachable from `root` is now shared: the next change copies it first.
      this.epoch++;
      this.dirty = false;
    }
    return this.root;
  }

  currentRevision(): number {
    const st = this.state;
    if ((st === S_STRING || st === S_ESCAPE || st === S_UNICODE) && !this.strIsKey) this.materialiseString();
    return this.revision;
  }

  openPath(): JSONPath {
    const st = this.state;
    const inString = (st === S_STRING || st === S_ESCAPE || st === S_UNICODE) && !this.strIsKey;
    const inMember = inString || st === S_NUMBER || st === S_LITERAL;
    return this.pathTo(this.stack.length, inMember, inString && this.strAttached);
  }
}

/**
 * What `createPartialJSONParser` returns. A class, so the getters live on one shared prototype: an
 * object literal with getters is created in dictionary mode (slow properties), which turns every
 * `parser.value` read in the caller's loop into a generic lookup. `write` and `end` are own arrow
 * functions so they keep working when destructured.
 */
class PartialJSONParserHandle implements PartialJSONParser {
  readonly #core: PartialJSONParserCore;
  readonly write: (chunk: string) => void;
  readonly end: () => unknown;
  readonly isComplete: (node: unknown) => boolean = isCompleteNode;

  constructor(core: PartialJSONParserCore) {
    this.#core = core;
    this.write = (chunk: string) => core.write(chunk);
    this.end = () => core.end();
  }

  get value(): unknown {
    return this.#core.snapshot();
  }

  get openPath(): JSONPath {
    return this.#core.openPath();
  }

  get done(): boolean {
    return this.#core.rootDone;
  }

  get offset(): number {
    return this.#core.consumed;
  }

  get revision(): number {
    return this.#core.currentRevision();
  }
}

export function createPartialJSONParser(options: PartialJSONParserOptions = {}): PartialJSONParser {
  // One core class shared by every parser keeps the engine's type feedback monomorphic across instances.
  return new PartialJSONParserHandle(new PartialJSONParserCore(options));
}

/**
 * One-shot helper: the snapshot of a (possibly truncated) JSON text, by the partial value rules.
 * Throws StreamError('parse') if the text cannot be the start of a JSON value.
 */
export function parsePartialJSON(text: string, options?: Omit<PartialJSONParserOptions, 'multiple'>): unknown {
  const parser = createPartialJSONParser(options);
  parser.write(text);
  return parser.value;
}
