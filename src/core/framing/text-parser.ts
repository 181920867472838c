import { createUtf8StreamDecoder } from './utf8-stream.js';

/**
 * Plain-text framing: the body is the text. Its only job is decoding bytes that may cut UTF-8
 * characters anywhere, so every onText call carries whole characters and never an empty string.
 * A byte-order mark at the start of the stream is dropped (string or byte input alike).
 */

export interface TextParserOptions {
  onText(text: string): void;
}

export interface TextParser {
  feed(chunk: string | Uint8Array): void;
  /** The stream ended: an incomplete trailing UTF-8 sequence is emitted as U+FFFD; the parser resets. */
  end(): void;
}

const BOM = 0xfeff;

export function createTextParser(options: TextParserOptions): TextParser {
  const { onText } = options;
  const decoder = createUtf8StreamDecoder();
  let atStreamStart = true;

  function emit(text: string): void {
    if (text.length === 0) return;
    if (atStreamStart) {
      atStreamStart = false;
      if (text.charCodeAt(0) === BOM) {
        if (text.length === 1) return;
        text = text.slice(1);
      }
    }
    onText(text);
  }

  return {
    feed(chunk: string | Uint8Array): void {
      emit(decoder.decode(chunk));
    },
    end(): void {
      emit(decoder.flush());
      atStreamStart = true;
    },
  };
}
