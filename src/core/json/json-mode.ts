import { StreamError } from '../errors.js';
import type { StandardSchemaV1 } from '../types.js';
import { jsonEqual } from './json-equal.js';
import type { JSONPath } from './json-path.js';
import { createPartialJSONParser } from './partial-json-parser.js';
import { reparseSnapshot } from './reparse.js';
import { describeIssues, issueHead, validateWithSchema, type SchemaIssue } from './standard-schema.js';

export interface JSONModeOptions {
  /** Standard Schema v1 (zod 4, valibot, arktype, ...) the final value must satisfy. */
  schema?: StandardSchemaV1;
  /**
   * 'incremental' (default): the linear streaming parser, structurally shared snapshots, atoms shown
   * only when complete. 'reparse': snapshots from `partial-json` re-parsing the whole text (O(n²)),
   * with its partial-number semantics; errors and the final value still come from the strict parser.
   */
  strategy?: 'incremental' | 'reparse';
  /**
   * Also validate while streaming: each time a top-level field (or top-level array element) completes,
   * the completed fields are validated and issues about them are reported in `take().issues`.
   * Issues about fields that have not arrived yet are not reported until `finish()`.
   */
  validatePartial?: boolean;
  /**
   * Accept what models commonly emit around JSON (a ```json fence, trailing commas, raw newlines in
   * strings). Default true in JSON mode; false makes JSON mode strict.
   */
  lenient?: boolean;
}

export type JSONModeOption = true | JSONModeOptions;

export interface JSONModeSnapshot {
  /** Structurally shared snapshot (incremental) or the latest re-parse (reparse); undefined until known. */
  value: unknown;
  /** The top-level value has finished. */
  complete: boolean;
  /** Path of the value still being written (empty when complete). */
  openPath: JSONPath;
  /** Issues from `validatePartial` about completed fields (empty otherwise). */
  issues: readonly SchemaIssue[];
}

export interface JSONMode {
  /** Feeds one text delta. Throws StreamError('parse') as soon as the text cannot be JSON. */
  write(delta: string): void;
  /** Something visible changed since the last `take()`. */
  readonly changed: boolean;
  /** The current snapshot; marks it taken (`changed` becomes false). */
  take(): JSONModeSnapshot;
  /**
   * Ends the input. Resolves with the final value (the schema's output when a schema is given).
   * Rejects with StreamError('parse') when the text is truncated or invalid, and with a
   * `JSONValidationError` (code 'validation', `issues`, and the parsed `value`) when the schema fails.
   */
  finish(): Promise<{ value: unknown }>;
}

/** A 'validation' StreamError that keeps the parsed value that failed the schema. */
export class JSONValidationError extends StreamError {
  /** The complete parsed JSON value (before any schema transformation). */
  readonly value: unknown;

  constructor(issues: readonly SchemaIssue[], value: unknown) {
    super('validation', `JSON output does not match the schema: ${describeIssues(issues)}`, { issues, retryable: false });
    this.value = value;
  }
}

/**
 * JSON mode for a stream: text deltas in, snapshots out (taken at most once per batch/frame by the
 * caller), one final value. Duplicate output is kept once: once the top-level value completes, any
 * further top-level value that is identical is ignored (a provider repeating the complete object, or
 * `{...}{...}`); a different one is a 'parse' error, because two answers cannot be reconciled.
 */
export function createJSONMode(option: JSONModeOption): JSONMode {
  const settings: JSONModeOptions = option === true ? {} : option;
  const schema = settings.schema;
  const reparse = settings.strategy === 'reparse';
  const validatePartial = settings.validatePartial === true && schema !== undefined;

  let failure: unknown;
  let first: { value: unknown } | undefined;
  let takenRevision = -1;
  let frozenRevision = 0; // bumps once when the first value completes, then never again

  // validatePartial: completed top-level members and the issues about them.
  const completedMembers = new Map<string | number, unknown>();
  let rootIsArray = false;
  let partialIssues: readonly SchemaIssue[] = [];
  let issuesRevision = 0;
  let takenIssuesRevision = 0;
  let validationRun = 0;

  const parser = createPartialJSONParser({
    lenient: settings.lenient ?? true,
    multiple: true,
    onCompleteDepth: validatePartial ? 1 : 0,
    onComplete(path, value) {
      if (path.length === 0) {
        if (first === undefined) {
          first = { value };
          frozenRevision++;
        } else if (!jsonEqual(first.value, value)) {
          throw new StreamError('parse', 'A second, different JSON value followed the first one');
        }
        return;
      }
      if (first !== undefined) return; // members of an ignored repeat
      const key = path[0] as string | number;
      rootIsArray = typeof key === 'number';
      completedMembers.set(key, value);
      validateCompletedMembers();
    },
  });

  // Reparse strategy state: the accumulated text, joined lazily when a snapshot is taken.
  const pieces: string[] = [];
  let textRevision = 0;
  let reparsed: unknown = undefined;

  function validateCompletedMembers(): void {
    if (schema === undefined) return;
    const run = ++validationRun;
    const keys = new Set<PropertyKey>();
    let candidate: unknown;
    if (rootIsArray) {
      const items: unknown[] = [];
      for (const [key, value] of completedMembers) {
        items[key as number] = value;
        keys.add(key);
      }
      candidate = items;
    } else {
      const fields: Record<string, unknown> = {};
      for (const [key, value] of completedMembers) {
        Object.defineProperty(fields, key, { value, writable: true, enumerable: true, configurable: true });
        keys.add(key);
      }
      candidate = fields;
    }
    const apply = (result: StandardSchemaV1.Result<unknown>): void => {
      if (run !== validationRun) return; // a newer validation is under way
      const issues = (result.issues ?? []).filter((issue) => {
        const head = issueHead(issue);
        if (head === undefined || typeof head === 'symbol') return false;
        // Schemas report array indices as numbers or strings: match both spellings.
        return keys.has(head) || keys.has(String(head)) || keys.has(Number(head));
      });
      if (issues.length === 0 && partialIssues.length === 0) return;
      partialIssues = issues;
      issuesRevision++;
    };
    let outcome: ReturnType<typeof validateWithSchema>;
    try {
      outcome = validateWithSchema(schema, candidate);
    } catch {
      // A schema that throws is reported once, by the final validation, as a 'validation' error:
      // thrown from here it would surface as a 'parse' error of perfectly valid JSON.
      return;
    }
    if (outcome instanceof Promise) outcome.then(apply, () => undefined);
    else apply(outcome);
  }

  function currentRevision(): number {
    if (first !== undefined) return -2 - frozenRevision;
    return reparse ? textRevision : parser.revision;
  }

  return {
    write(delta: string): void {
      if (failure !== undefined) throw failure;
      if (delta === '') return;
      try {
        parser.write(delta);
      } catch (error) {
        failure = error instanceof StreamError ? error : new StreamError('parse', String(error), { cause: error });
        throw failure;
      }
      if (reparse && first === undefined) {
        pieces.push(delta);
        textRevision++;
      }
    },

    get changed(): boolean {
      if (failure !== undefined) return false;
      return currentRevision() !== takenRevision || issuesRevision !== takenIssuesRevision;
    },

    take(): JSONModeSnapshot {
      takenRevision = currentRevision();
      takenIssuesRevision = issuesRevision;
      if (first !== undefined) return { value: first.value, complete: true, openPath: [], issues: partialIssues };
      let value: unknown;
      if (reparse) {
        const text = pieces.length === 1 ? (pieces[0] as string) : pieces.join('');
        pieces.length = 0;
        pieces.push(text);
        const result = reparseSnapshot(text);
        if (result.ok) reparsed = result.value;
        value = reparsed;
      } else {
        value = parser.value;
      }
      return { value, complete: false, openPath: parser.openPath, issues: partialIssues };
    },

    async finish(): Promise<{ value: unknown }> {
      if (failure !== undefined) throw failure;
      try {
        parser.end();
      } catch (error) {
        failure = error;
        throw error;
      }
      // end() succeeded, so the first top-level value completed.
      const value = (first as { value: unknown }).value;
      if (schema === undefined) return { value };
      let result: StandardSchemaV1.Result<unknown>;
      try {
        result = await validateWithSchema(schema, value);
      } catch (error) {
        // Still a 'validation' failure (with the value kept), not a network error the UI would retry.
        const reason = error instanceof Error ? error.message : String(error);
        throw new JSONValidationError([{ message: `The schema threw: ${reason}` }], value);
      }
      if (result.issues !== undefined) throw new JSONValidationError(result.issues, value);
      return { value: result.value };
    },
  };
}
