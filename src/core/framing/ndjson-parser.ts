import { StreamError } from '../errors.js';
import { createErrorReporter } from './error-reporter.js';
import { createUtf8StreamDecoder } from './utf8-stream.js';

/**
 * Incremental newline-delimited JSON parser (NDJSON / JSON Lines).
 *
 * Lines end at LF (a trailing CR is stripped, so CRLF works), blank lines are skipped, every other
 * line is one JSON value. A line that is not valid JSON gives a `parse` StreamError naming the
 * line number and parsing continues with the next line: one corrupt record never costs the rest of
 * the stream.
 */

export interface NDJSONParserOptions {
  onValue(value: unknown): void;
  /**
   * `parse` errors for invalid lines, `max-buffer` errors for over-long ones. Without this callback
   * feed()/end() throw the first such error after the whole chunk was consumed (later good lines are
   * still delivered first).
   */
  onError?(error: StreamError): void;
  /** Characters one line may have; a longer line is skipped with a `max-buffer` error. Default 8 MiB. */
  maxLineLength?: number;
}

export interface NDJSONParser {
  feed(chunk: string | Uint8Array): void;
  /** The stream ended: parses a final line without a newline, then resets for reuse. */
  end(): void;
}

export const DEFAULT_NDJSON_MAX_LINE_LENGTH = 8 * 1024 * 1024;

const CR = 13;
const BOM = 0xfeff;
const EXCERPT_LENGTH = 80;

export function createNDJSONParser(options: NDJSONParserOptions): NDJSONParser {
  const { onValue, onError } = options;
  const maxLineLength = options.maxLineLength ?? DEFAULT_NDJSON_MAX_LINE_LENGTH;
  if (!(maxLineLength > 0)) throw new RangeError(`maxLineLength must be a positive number, got ${String(maxLineLength)}`);
  const decoder = createUtf8StreamDecoder();

  /** Fragments of the unfinished line, joined once when its LF arrives. */
  const pending: string[] = [];
  let pendingLength = 0;
  /** 1-based number of the line being read, for error messages. */
  let lineNumber = 1;
  /** The current line already exceeded maxLineLength: drop it up to its LF. */
  let skipping = false;
  let atStreamStart = true;
  const errors = createErrorReporter(onError);

  function feedText(text: string): void {
    if (text.length === 0) return;
    let pos = 0;
    if (atStreamStart) {
      atStreamStart = false;
      // JSON.parse rejects a BOM; a stream may legitimately start with one.
      if (text.charCodeAt(0) === BOM) pos = 1;
    }
    let lf = text.indexOf('\n', pos);
    while (lf !== -1) {
      completeLine(text, pos, lf);
      lineNumber++;
      pos = lf + 1;
      lf = text.indexOf('\n', pos);
    }
    if (pos < text.length && !skipping) {
      const fragment = pos === 0 ? text : text.slice(pos);
      pending.push(fragment);
      pendingLength += fragment.length;
      if (pendingLength > maxLineLength) {
        pending.length = 0;
        pendingLength = 0;
        skipping = true;
        tooLong();
      }
    }
  }

  function completeLine(text: string, start: number, end: number): void {
    if (skipping) {
      skipping = false;
      return;
    }
    let line: string;
    if (pendingLength === 0) line = text.slice(start, end);
    else {
      if (start < end) pending.push(text.slice(start, end));
      line = pending.length === 1 ? (pending[0] as string) : pending.join('');
      pending.length = 0;
      pendingLength = 0;
    }
    parseLine(line);
  }

  function parseLine(raw: string): void {
    const line = raw.charCodeAt(raw.length - 1) === CR ? raw.slice(0, -1) : raw;
    if (line.length > maxLineLength) {
      tooLong();
      return;
    }
    if (isBlank(line)) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (cause) {
      const excerpt = line.length > EXCERPT_LENGTH ? `${line.slice(0, EXCERPT_LENGTH)}…` : line;
      const reason = cause instanceof Error ? cause.message : String(cause);
      errors.report(
        new StreamError('parse', `NDJSON line ${lineNumber} is not valid JSON (${reason}): ${excerpt}`, {
          cause,
          bodyExcerpt: excerpt,
          retryable: false,
        }),
      );
      return;
    }
    onValue(value);
  }

  function tooLong(): void {
    errors.report(
      new StreamError('max-buffer', `NDJSON line ${lineNumber} exceeds maxLineLength (${maxLineLength} characters); it was skipped`, {
        retryable: false,
      }),
    );
  }

  return {
    feed(chunk: string | Uint8Array): void {
      feedText(decoder.decode(chunk));
      errors.throwPending();
    },
    end(): void {
      feedText(decoder.flush());
      if (!skipping && pendingLength > 0) {
        const line = pending.join('');
        pending.length = 0;
        pendingLength = 0;
        parseLine(line);
      }
      pending.length = 0;
      pendingLength = 0;
      skipping = false;
      lineNumber = 1;
      atStreamStart = true;
      errors.throwPending();
    },
  };
}

/** JSON whitespace only (space, tab, CR, LF): such a line carries no value. */
function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 10) return false;
  }
  return true;
}
