import type { IncomingMessage, ServerResponse } from 'node:http';
import { assertKnownParams, KnobError, parseKnobs } from '../knobs.js';
import { BodyError, CORS_HEADERS, disconnectSignal, readJSONBody, sendJSON } from '../http.js';
import { playFrames } from '../player.js';
import { anthropicStream } from '../providers/anthropic.js';
import type { ProviderStream } from '../providers/frames.js';
import { geminiStream } from '../providers/gemini.js';
import { openaiChatStream, xaiChatStream } from '../providers/openai-chat.js';
import { openaiResponsesStream } from '../providers/openai-responses.js';
import { isSampleKind, sampleAnswer, type SampleKind } from '../samples.js';

export const DEMO_PROVIDERS = ['openai', 'openai-responses', 'anthropic', 'xai', 'gemini'] as const;
export type DemoProvider = (typeof DEMO_PROVIDERS)[number];

const STREAMS: Record<DemoProvider, ProviderStream> = {
  openai: openaiChatStream,
  'openai-responses': openaiResponsesStream,
  anthropic: anthropicStream,
  xai: xaiChatStream,
  gemini: geminiStream,
};

/** Content types as each provider sends them. */
const CONTENT_TYPES: Record<DemoProvider, string> = {
  openai: 'text/event-stream; charset=utf-8',
  'openai-responses': 'text/event-stream; charset=utf-8',
  anthropic: 'text/event-stream; charset=utf-8',
  xai: 'text/event-stream',
  gemini: 'text/event-stream',
};

function isProvider(value: unknown): value is DemoProvider {
  return typeof value === 'string' && (DEMO_PROVIDERS as readonly string[]).includes(value);
}

/** Each provider's error body shape, so clients exercise their real error paths. */
function providerErrorBody(provider: DemoProvider, status: number): unknown {
  const message = `Simulated HTTP ${status} from the streamkit demo server`;
  switch (provider) {
    case 'anthropic':
      return { type: 'error', error: { type: status === 529 || status === 503 ? 'overloaded_error' : 'api_error', message } };
    case 'gemini':
      return { error: { code: status, message, status: status === 503 ? 'UNAVAILABLE' : 'INTERNAL' } };
    default:
      return { error: { message, type: status === 429 ? 'rate_limit_exceeded' : 'server_error', param: null, code: null } };
  }
}

export interface ChatRequestBody {
  prompt: string;
  kind: SampleKind;
}

function parseBody(body: unknown, params: URLSearchParams): ChatRequestBody {
  const source = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const prompt = source['prompt'] ?? params.get('prompt') ?? '';
  const kind = source['kind'] ?? params.get('kind') ?? 'prose';
  if (typeof prompt !== 'string' || prompt.length > 20_000) throw new KnobError('prompt', 'prompt must be a string of at most 20000 characters');
  if (!isSampleKind(kind)) throw new KnobError('kind', 'kind must be one of prose, markdown, json, tool');
  return { prompt, kind };
}

/**
 * `POST /api/demo/chat?provider=...` with `{ prompt, kind? }` (GET with `?prompt=&kind=` works too,
 * for EventSource): the sample answer in the provider's exact wire format.
 */
export async function handleChat(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const params = url.searchParams;
  let provider: DemoProvider;
  let knobs;
  let request: ChatRequestBody;
  let reasoning: boolean;
  try {
    assertKnownParams(params, ['provider', 'prompt', 'kind', 'reasoning']);
    const providerParam = params.get('provider') ?? 'openai';
    if (!isProvider(providerParam)) throw new KnobError('provider', `provider must be one of ${DEMO_PROVIDERS.join(', ')}`);
    provider = providerParam;
    knobs = parseKnobs(params);
    const reasoningParam = params.get('reasoning');
    if (reasoningParam !== null && reasoningParam !== '0' && reasoningParam !== '1') throw new KnobError('reasoning', 'reasoning must be 0 or 1');
    reasoning = reasoningParam !== '0';
    const body = req.method === 'POST' ? await readJSONBody(req) : undefined;
    request = parseBody(body, params);
  } catch (error) {
    if (error instanceof KnobError) return sendJSON(res, 400, { error: { code: 'invalid_parameter', param: error.param, message: error.message } });
    if (error instanceof BodyError) return sendJSON(res, error.status, { error: { code: 'invalid_body', message: error.message } });
    throw error;
  }
  if (knobs.status !== undefined) {
    return sendJSON(res, knobs.status, providerErrorBody(provider, knobs.status), { 'Retry-After': '1' });
  }
  const answer = sampleAnswer(request.kind, request.prompt);
  const frames = STREAMS[provider]({ answer, prompt: request.prompt, reasoning, ...(knobs.chunk !== undefined ? { chunk: knobs.chunk } : {}) });
  const signal = disconnectSignal(res);
  res.writeHead(200, {
    ...CORS_HEADERS,
    'Content-Type': CONTENT_TYPES[provider],
    'Cache-Control': 'no-cache, no-transform',
    'X-Accel-Buffering': 'no',
    Connection: 'keep-alive',
    'X-Request-Id': `req_${globalThis.crypto.randomUUID().replace(/-/g, '')}`,
  });
  res.flushHeaders();
  await playFrames(res, frames, knobs, signal);
}
