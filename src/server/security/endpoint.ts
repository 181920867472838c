import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { OverflowPolicy } from '../context/types.js';
import type { Execution, ExecutionRegistry } from '../registry.js';
import { sseHeadersFor } from '../sse.js';
import { sseSubscriber } from '../subscribers/sse.js';
import { admitStream, type Rejection, type StreamAccessOptions, type StreamIdentity } from './admission.js';
import { createStreamLimiter, type StreamLimiter } from './limiter.js';

/** What the SSE endpoint and the WebSocket handler share: where executions are, who may stream, limits. */
export interface ExecutionAccessOptions<Identity extends StreamIdentity = StreamIdentity>
  extends Omit<StreamAccessOptions<Identity>, 'limiter' | 'getExecution'> {
  /** Where executions live (e.g. createExecutionRegistry()); or give `getExecution`. */
  registry?: ExecutionRegistry;
  getExecution?(executionId: string): Execution | undefined | Promise<Execution | undefined>;
  /** Per-user cap on concurrent streams (429 beyond). Default 5. Ignored when `limiter` is given. */
  maxStreamsPerUser?: number;
  /** Share one limiter between the SSE endpoint and the WebSocket handler. */
  limiter?: StreamLimiter;
  /** Events queued per subscriber before the overflow policy applies. */
  maxQueue?: number;
  overflow?: OverflowPolicy;
}

export interface PipelineEndpointOptions<Identity extends StreamIdentity = StreamIdentity> extends ExecutionAccessOptions<Identity> {
  /** Extra response headers (e.g. CORS) on streams and errors. */
  headers?: OutgoingHttpHeaders;
  heartbeatMs?: number | false;
  retryMs?: number;
}

export type NodeHandler = ((req: IncomingMessage, res: ServerResponse) => Promise<void>) & { readonly limiter: StreamLimiter };

export function executionLookup(options: { registry?: ExecutionRegistry; getExecution?: (id: string) => Execution | undefined | Promise<Execution | undefined> }) {
  const { registry, getExecution } = options;
  if (getExecution) return getExecution;
  if (registry) return (id: string) => registry.get(id);
  throw new TypeError('give either registry or getExecution');
}

export function sendRejection(res: ServerResponse, rejection: Rejection, headers: OutgoingHttpHeaders = {}): void {
  const body = JSON.stringify({ error: { code: rejection.code, message: rejection.message } });
  res.writeHead(rejection.status, {
    ...headers,
    ...rejection.headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

/**
 * A Node http handler streaming one execution's events as SSE, behind the security checks:
 * 400 (bad execution id / query / Last-Event-ID), 401 (no identity), 404, 403 (another user's
 * execution), 429 with Retry-After (per-user stream cap). Resumes after Last-Event-ID.
 */
export function createPipelineEndpoint<Identity extends StreamIdentity = StreamIdentity>(
  options: PipelineEndpointOptions<Identity>,
): NodeHandler {
  const limiter = options.limiter ?? createStreamLimiter({ maxPerUser: options.maxStreamsPerUser ?? 5 });
  const getExecution = executionLookup(options);
  const access: StreamAccessOptions<Identity> = { ...options, limiter, getExecution };
  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendRejection(res, { ok: false, status: 405, code: 'method_not_allowed', message: 'use GET', headers: { Allow: 'GET' } }, options.headers);
      return;
    }
    let admission;
    try {
      admission = await admitStream(req, access);
    } catch {
      // getExecution failed; its error may hold internals, so the client gets a generic 500
      admission = { ok: false as const, status: 500, code: 'internal', message: 'could not open the stream', headers: {} };
    }
    if (!admission.ok) {
      sendRejection(res, admission, options.headers);
      return;
    }
    if (res.destroyed || req.method === 'HEAD') {
      // HEAD answers the checks and the headers only; a body-less stream must not hold a slot.
      admission.release();
      if (!res.destroyed) {
        res.writeHead(200, { ...sseHeadersFor(res), ...options.headers });
        res.end();
      }
      return;
    }
    const subscriber = sseSubscriber(res, {
      ...(options.headers ? { headers: options.headers } : {}),
      ...(options.heartbeatMs !== undefined ? { heartbeatMs: options.heartbeatMs } : {}),
      ...(options.retryMs !== undefined ? { retryMs: options.retryMs } : {}),
      ...(options.maxQueue !== undefined ? { maxQueue: options.maxQueue } : {}),
      ...(options.overflow !== undefined ? { overflow: options.overflow } : {}),
      onEnd: () => admission.release(),
    });
    admission.execution.context.subscribe(subscriber, { lastEventId: admission.lastEventId });
  };
  return Object.assign(handler, { limiter });
}
