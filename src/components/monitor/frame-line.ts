import { redactString } from '../../core/redact/redact.js';
import type { StreamFrame } from '../../core/types.js';

/** Control characters shown escaped so one frame stays one line (a multi-line SSE `data` shows `\n`). */
function visible(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/**
 * One frame as one line of text: its time and attempt, then the frame in its wire terms (`event:`,
 * `id:`, `data:` for SSE; the JSON value for NDJSON; the chunk for text). Redacted again here because
 * a frame source other than createStream may not have redacted it.
 */
export function frameLine(frame: StreamFrame): string {
  const head = `${frame.t.toFixed(1).padStart(8)} ms  #${frame.attempt}${frame.fallbackIndex > 0 ? `/${frame.fallbackIndex}` : ''}  `;
  let body: string;
  switch (frame.kind) {
    case 'sse':
      body = `event: ${visible(frame.event)}${frame.id !== '' ? `  id: ${visible(frame.id)}` : ''}  data: ${visible(frame.data)}`;
      break;
    case 'ndjson':
      body = `ndjson: ${JSON.stringify(frame.value) ?? 'undefined'}`;
      break;
    case 'text':
      body = `text: ${visible(frame.text)}`;
      break;
  }
  return redactString(head + body);
}
