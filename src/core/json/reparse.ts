import { Allow, parse } from 'partial-json';

/**
 * The `strategy: 'reparse'` snapshot: the whole accumulated text parsed again by `partial-json`
 * (O(n) per snapshot, O(n²) per stream) for users who want its semantics, partial numbers and
 * partial atoms included (`12` may later become `123`).
 */
export function reparseSnapshot(text: string): { ok: true; value: unknown } | { ok: false } {
  const body = stripCodeFence(text);
  if (body.trim() === '') return { ok: false };
  try {
    return { ok: true, value: parse(body, Allow.ALL) as unknown };
  } catch {
    // Nothing parseable yet (or a malformed prefix): the caller keeps its previous snapshot and the
    // strict incremental parser running alongside reports the actual error.
    return { ok: false };
  }
}

/** Removes a leading ```lang line and a trailing (possibly partial) closing fence. */
function stripCodeFence(text: string): string {
  const start = text.search(/\S/);
  if (start === -1 || !text.startsWith('```', start)) return text;
  const newline = text.indexOf('\n', start);
  if (newline === -1) return '';
  const body = text.slice(newline + 1);
  const close = body.lastIndexOf('`');
  if (close !== -1 && /^`{1,}\s*$/.test(body.slice(body.lastIndexOf('\n', close) + 1))) {
    return body.slice(0, body.lastIndexOf('\n', close) + 1);
  }
  return body;
}
