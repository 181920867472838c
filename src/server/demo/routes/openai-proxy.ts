import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { BodyError, CORS_HEADERS, disconnectSignal, readJSONBody, sendJSON } from '../http.js';

export interface OpenAIProxyOptions {
  /** Defaults to process.env.OPENAI_API_KEY. Never logged, echoed or forwarded to the client. */
  apiKey?: string;
  /** Defaults to process.env.OPENAI_BASE_URL, else https://api.openai.com/v1. */
  baseUrl?: string;
  fetch?: typeof fetch;
}

/** Response headers worth passing on (never cookies or upstream auth details). */
const FORWARDED_HEADERS = ['content-type', 'retry-after', 'x-request-id', 'openai-processing-ms'];

/**
 * `POST /api/demo/openai-proxy`: forwards a Chat Completions body to a real OpenAI-compatible
 * endpoint with the server's key and streams the answer back unchanged. Only registered when a
 * key is configured.
 */
export function createOpenAIProxy(options: OpenAIProxyOptions = {}) {
  const apiKey = options.apiKey ?? process.env['OPENAI_API_KEY'];
  const baseUrl = (options.baseUrl ?? process.env['OPENAI_BASE_URL'] ?? 'https://api.openai.com/v1').replace(/(?<!\/)\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  if (!apiKey) return undefined;

  return async function handleOpenAIProxy(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') return sendJSON(res, 405, { error: { code: 'method_not_allowed', message: 'use POST' } }, { Allow: 'POST, OPTIONS' });
    let body: unknown;
    try {
      body = await readJSONBody(req, 256 * 1024);
    } catch (error) {
      if (error instanceof BodyError) return sendJSON(res, error.status, { error: { code: 'invalid_body', message: error.message } });
      throw error;
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return sendJSON(res, 400, { error: { code: 'invalid_body', message: 'body must be a Chat Completions request object' } });
    }
    const signal = disconnectSignal(res);
    let upstream: Response;
    try {
      upstream = await doFetch(`${baseUrl}/chat/completions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${apiKey}` },
        body: JSON.stringify(body),
        signal,
      });
    } catch {
      // The error may quote the request; say nothing about it beyond the fact.
      if (!signal.aborted) sendJSON(res, 502, { error: { code: 'upstream_unreachable', message: 'the upstream endpoint could not be reached' } });
      return;
    }
    const headers: Record<string, string> = { ...CORS_HEADERS, 'Cache-Control': 'no-cache, no-transform', 'X-Accel-Buffering': 'no' };
    for (const name of FORWARDED_HEADERS) {
      const value = upstream.headers.get(name);
      if (value !== null) headers[name] = value;
    }
    res.writeHead(upstream.status, headers);
    if (!upstream.body) {
      res.end();
      return;
    }
    const stream = Readable.fromWeb(upstream.body as import('node:stream/web').ReadableStream<Uint8Array>);
    stream.on('error', () => res.destroy());
    signal.addEventListener('abort', () => stream.destroy(), { once: true });
    stream.pipe(res);
  };
}
