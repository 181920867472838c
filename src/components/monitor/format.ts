import { redactString, redactText, redactUrl } from '../../core/redact/redact.js';
import type { StreamEvent } from '../../core/types.js';

const SUMMARY_MAX = 160;

export function formatMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms === 0) return '0 ms';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function formatNumber(n: number | undefined, digits = 0): string {
  if (n === undefined || !Number.isFinite(n)) return '—';
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function formatUsd(usd: number | undefined): string {
  if (usd === undefined || !Number.isFinite(usd)) return '—';
  if (usd === 0) return '$0';
  if (usd < 0.01) return `$${usd.toPrecision(2)}`;
  return `$${usd.toFixed(usd < 1 ? 4 : 2)}`;
}

function clip(text: string, max = SUMMARY_MAX): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** JSON-quoted so whitespace and control characters are visible in a one-line row. */
function quote(text: string): string {
  return clip(JSON.stringify(redactString(text)));
}

function compactJSON(value: unknown): string {
  try {
    return clip(redactString(JSON.stringify(value) ?? String(value)));
  } catch {
    return '[unserialisable]';
  }
}

/**
 * One line describing an event for the timeline, already redacted. Plain text only: the caller
 * renders it as a text node.
 */
export function summarizeEvent(event: StreamEvent): string {
  switch (event.type) {
    case 'start':
      return `${event.request.method} ${redactUrl(event.request.url)} (${event.request.provider})`;
    case 'text':
    case 'reasoning':
      return quote(event.delta);
    case 'tool-call':
      return `${event.name}#${event.id} ${quote(event.argsDelta)}`;
    case 'tool-call-end':
      return `${event.name}#${event.id} args ${compactJSON(event.args)}`;
    case 'json':
      return `${event.complete ? 'complete' : 'partial'} ${compactJSON(event.value)}`;
    case 'metadata': {
      const { type: _t, seq: _s, t: _tt, streamId: _id, ...rest } = event;
      return compactJSON(rest);
    }
    case 'usage':
      return `in ${event.usage.inputTokens} / out ${event.usage.outputTokens}${event.usage.estimated ? ' (estimated)' : ''}`;
    case 'progress':
      return `${Math.round(event.value * 100)}%${event.message ? ` ${redactString(event.message)}` : ''}`;
    case 'pipeline':
      return `${event.kind}${event.stepId ? ` ${event.stepId}` : ''} ${compactJSON(event.data)}`;
    case 'retry':
      return `attempt ${event.attempt} in ${formatMs(event.delayMs)}: ${event.error?.code ?? ''} ${redactText(event.error?.message ?? '')}`;
    case 'error':
      return `${event.error?.code ?? 'error'}: ${clip(redactText(event.error?.message ?? ''))}`;
    case 'done':
      return `${event.finishReason ?? event.result?.finishReason ?? 'done'} · ${formatNumber(event.result?.text.length)} chars`;
  }
}

/** Lower-cased text a filter query is matched against: type, summary and (for deltas) the raw delta. */
const searchCache = new WeakMap<StreamEvent, string>();
export function searchTextOf(event: StreamEvent): string {
  let text = searchCache.get(event);
  if (text === undefined) {
    text = `${event.type} ${summarizeEvent(event)}`.toLowerCase();
    searchCache.set(event, text);
  }
  return text;
}
