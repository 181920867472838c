// A scriptable token server for store and hook tests, on the shared real-http test helper.
// GET /tokens?n=20&delay=2&cut=5&fail=1&stall=3
//   streams `data: t<i> ` with `id: <i>` for i in [start, n) then `event: done`; honours Last-Event-ID
//   (continues after it); `stallonce=k` stalls after k events on the first request only; `cut=k` destroys the socket after k events on the FIRST connection only;
//   `fail=k` answers the first k requests with 503; `stall=k` stops writing after k events (stays open).
// GET /pipeline?order=...  pipeline wire events (see pipelineWire).
// POST /echo  streams the request body back as one token then done.
import type { ServerResponse } from 'node:http';
import { sleep, sseEvent, sseHeaders, replyStatus, startTestServer, stall, write, type TestServer } from '../helpers/http-server.js';

export interface PipelineWireEvent {
  type: string;
  step?: string;
  seq: number;
  data?: Record<string, unknown>;
}

export const EXECUTION = 'exec-1';

export function pipelineWire(e: PipelineWireEvent): string {
  return sseEvent({
    event: e.type,
    id: `${EXECUTION}:${e.seq}`,
    data: JSON.stringify({
      event_type: e.type,
      execution_id: EXECUTION,
      step_id: e.step ?? null,
      timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, e.seq)).toISOString(),
      data: e.data ?? {},
      metadata: {},
    }),
  });
}

export const tokenText = (from: number, to: number): string => {
  const parts: string[] = [];
  for (let i = from; i < to; i++) parts.push(`t${i} `);
  return parts.join('');
};

export async function startTokenServer(options: { pipeline?: PipelineWireEvent[] } = {}): Promise<TestServer & { attempts: () => number }> {
  let attempts = 0;
  let cutDone = false;
  const srv = await startTestServer(async (req, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/echo') {
      sseHeaders(res);
      await write(res, sseEvent({ data: `echo:${req.body}` }));
      await write(res, sseEvent({ event: 'done', data: '' }));
      res.end();
      return;
    }
    if (url.pathname === '/pipeline') {
      sseHeaders(res);
      const events = options.pipeline ?? [];
      const after = req.lastEventId !== undefined ? Number(req.lastEventId.split(':')[1]) : -1;
      for (const e of events) {
        if (e.seq <= after) continue;
        if (res.destroyed) return;
        await write(res, pipelineWire(e));
        await sleep(1);
      }
      res.end();
      return;
    }
    attempts++;
    const q = (name: string, fallback: number) => Number(url.searchParams.get(name) ?? fallback);
    const n = q('n', 20);
    const delay = q('delay', 0);
    const cut = q('cut', -1);
    const fail = q('fail', 0);
    const stallAt = q('stall', -1);
    const stallOnce = q('stallonce', -1);
    if (attempts <= fail) {
      replyStatus(res, 503, { retryAfter: 0 });
      return;
    }
    const start = req.lastEventId !== undefined ? Number(req.lastEventId) + 1 : 0;
    sseHeaders(res);
    let sent = 0;
    for (let i = start; i < n; i++) {
      if (res.destroyed) return;
      if (cut >= 0 && !cutDone && sent === cut) {
        cutDone = true;
        await sleep(10);
        res.socket?.destroy();
        return;
      }
      if ((stallAt >= 0 && sent === stallAt) || (stallOnce >= 0 && attempts === 1 && sent === stallOnce)) {
        await stall(res);
        return;
      }
      await write(res, sseEvent({ id: String(i), data: `t${i} ` }));
      sent++;
      if (delay > 0) await sleep(delay);
    }
    await write(res, sseEvent({ event: 'done', data: '' }));
    res.end();
  });
  return Object.assign(srv, { attempts: () => attempts });
}
