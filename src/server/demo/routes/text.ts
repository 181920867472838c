import type { IncomingMessage, ServerResponse } from 'node:http';
import { encodeSSE, encodeSSERetry, SSE_HEADERS } from '../../sse.js';
import { CORS_HEADERS, disconnectSignal, sendJSON } from '../http.js';
import { assertKnownParams, KnobError, parseKnobs } from '../knobs.js';
import { playFrames } from '../player.js';
import type { Frame } from '../providers/frames.js';
import { isSampleKind, sampleAnswer } from '../samples.js';
import { piecesOf } from '../tokens.js';

/** The text the route streams for a kind (tool answers stream their arguments JSON). */
export function demoText(kind: string, prompt = ''): string {
  if (!isSampleKind(kind)) throw new KnobError('kind', 'kind must be one of prose, markdown, json, tool');
  const answer = sampleAnswer(kind, prompt);
  return answer.toolCall ? JSON.stringify(answer.toolCall.args) : answer.text;
}

/**
 * `GET /api/demo/text`: plain SSE, one text piece per event with `id: <n>` (1-based piece index),
 * then `event: done` / `data: [DONE]`. `Last-Event-ID: n` (header, or `lastEventId` query for
 * clients that cannot set headers) continues with piece n+1: the text is deterministic, so a
 * resumed stream is exactly the rest of it.
 */
export async function handleText(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const params = url.searchParams;
  let knobs;
  let pieces: string[];
  let after = 0;
  try {
    assertKnownParams(params, ['kind', 'prompt', 'lastEventId']);
    knobs = parseKnobs(params);
    pieces = piecesOf(demoText(params.get('kind') ?? 'prose', params.get('prompt') ?? ''), knobs.chunk);
    const header = req.headers['last-event-id'];
    const lastEventId = (Array.isArray(header) ? header[0] : header) ?? params.get('lastEventId') ?? '';
    if (lastEventId !== '') {
      if (!/^\d{1,9}$/.test(lastEventId) || Number(lastEventId) > pieces.length) {
        throw new KnobError('Last-Event-ID', `Last-Event-ID must be an event id of this stream (0..${pieces.length})`);
      }
      after = Number(lastEventId);
    }
  } catch (error) {
    if (error instanceof KnobError) return sendJSON(res, 400, { error: { code: 'invalid_parameter', param: error.param, message: error.message } });
    throw error;
  }
  if (knobs.status !== undefined) {
    return sendJSON(res, knobs.status, { error: { code: 'simulated', message: `Simulated HTTP ${knobs.status}` } }, { 'Retry-After': '1' });
  }
  const frames: Frame[] = [];
  for (let i = after; i < pieces.length; i += 1) {
    frames.push({ text: encodeSSE({ id: String(i + 1), data: pieces[i] as string }), paced: true });
  }
  frames.push({ text: encodeSSE({ event: 'done', data: '[DONE]' }), paced: false });
  // `retry:` rides on the first event so fault counting (dropAfter) only counts events.
  const first = frames[0] as Frame;
  frames[0] = { ...first, text: encodeSSERetry(1000) + first.text };
  const signal = disconnectSignal(res);
  res.writeHead(200, { ...CORS_HEADERS, ...SSE_HEADERS });
  res.flushHeaders();
  // A resumed stream continues at full pace: no second time-to-first-token.
  await playFrames(res, frames, after > 0 ? { ...knobs, ttftMs: 0 } : knobs, signal);
}
