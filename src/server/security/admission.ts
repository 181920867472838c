import type { IncomingMessage } from 'node:http';
import type { Execution } from '../registry.js';
import { isValidExecutionId, parseEventId } from '../wire.js';
import type { StreamLimiter } from './limiter.js';

/** Who is asking; `id` is compared with an execution's `ownerId`. */
export interface StreamIdentity {
  id: string;
  [key: string]: unknown;
}

export interface StreamAccessOptions<Identity extends StreamIdentity = StreamIdentity> {
  /**
   * Returns the caller's identity (from a session cookie, a bearer token, ...) or null when the
   * request is not authenticated (-> 401). Must not throw for bad credentials: return null.
   */
  authorize(request: IncomingMessage, executionId: string): Identity | null | undefined | Promise<Identity | null | undefined>;
  /** Finds the execution (-> 404 when undefined). */
  getExecution(executionId: string): Execution | undefined | Promise<Execution | undefined>;
  /** Default: the execution has no owner or its `ownerId` equals `identity.id` (else 403). */
  canAccess?(identity: Identity, execution: Execution): boolean;
  /** Shared between the SSE and WebSocket endpoints so the cap covers both. */
  limiter: StreamLimiter;
  /** Seconds in Retry-After of a 429. Default 5. */
  retryAfterSeconds?: number;
  /** Where the execution id is: default the `executionId` query parameter, else the last path segment. */
  executionIdFrom?(url: URL, request: IncomingMessage): string | null | undefined;
  /** Query parameters accepted besides `executionId` and `lastEventId`. */
  allowedQueryParams?: readonly string[];
}

export interface Rejection {
  ok: false;
  status: number;
  code: string;
  message: string;
  headers: Record<string, string>;
}

export interface Admission<Identity extends StreamIdentity = StreamIdentity> {
  ok: true;
  identity: Identity;
  execution: Execution;
  executionId: string;
  /** Validated resume id ('' when none). */
  lastEventId: string;
  /** Call once when the stream ends (frees the user's slot). */
  release(): void;
}

function reject(status: number, code: string, message: string, headers: Record<string, string> = {}): Rejection {
  return { ok: false, status, code, message, headers };
}

function defaultExecutionId(url: URL): string | null {
  const fromQuery = url.searchParams.get('executionId');
  if (fromQuery !== null) return fromQuery;
  const segments = url.pathname.split('/').filter(Boolean);
  const last = segments[segments.length - 1];
  return last === undefined ? null : decodeURIComponentSafe(last);
}

function decodeURIComponentSafe(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

const MAX_PARAM_LENGTH = 300;

/**
 * The checks every stream endpoint runs, in order: execution id and query validation (400),
 * authentication (401), existence (404), ownership (403), per-user concurrency (429). Shared by the
 * SSE endpoint and the WebSocket upgrade handler.
 */
export async function admitStream<Identity extends StreamIdentity>(
  request: IncomingMessage,
  options: StreamAccessOptions<Identity>,
): Promise<Admission<Identity> | Rejection> {
  let url: URL;
  try {
    url = new URL(request.url ?? '/', 'http://localhost');
  } catch {
    return reject(400, 'invalid_url', 'the request URL could not be parsed');
  }
  const allowed = new Set(['executionId', 'lastEventId', ...(options.allowedQueryParams ?? [])]);
  for (const [key, value] of url.searchParams) {
    if (!allowed.has(key)) return reject(400, 'invalid_query', `unknown query parameter "${key.slice(0, 40)}"; allowed: ${[...allowed].join(', ')}`);
    if (value.length > MAX_PARAM_LENGTH) return reject(400, 'invalid_query', `query parameter "${key}" is longer than ${MAX_PARAM_LENGTH} characters`);
  }
  if (url.searchParams.getAll('lastEventId').length > 1 || url.searchParams.getAll('executionId').length > 1) {
    return reject(400, 'invalid_query', 'executionId and lastEventId may appear at most once');
  }
  const executionId = (options.executionIdFrom ?? defaultExecutionId)(url, request);
  if (!isValidExecutionId(executionId)) {
    return reject(400, 'invalid_execution_id', 'execution id must be 1-128 characters of A-Z, a-z, 0-9, "_" or "-"');
  }
  const header = request.headers['last-event-id'];
  const lastEventId = (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get('lastEventId') ?? '';
  if (lastEventId !== '') {
    const parsed = parseEventId(lastEventId);
    if (!parsed || parsed.executionId !== executionId) {
      return reject(400, 'invalid_last_event_id', `Last-Event-ID must be "<executionId>:<seq>" for execution ${executionId}`);
    }
  }

  let identity: Identity | null | undefined;
  try {
    identity = await options.authorize(request, executionId);
  } catch {
    identity = null; // an authorizer that throws denies; its error may hold credentials, so it is not echoed
  }
  if (!identity || typeof identity.id !== 'string' || identity.id === '') {
    return reject(401, 'unauthorized', 'authentication required', { 'WWW-Authenticate': 'Bearer' });
  }
  const execution = await options.getExecution(executionId);
  if (!execution) return reject(404, 'unknown_execution', `execution ${executionId} not found`);
  const canAccess = options.canAccess ?? ((who: Identity, ex: Execution) => ex.ownerId === undefined || ex.ownerId === who.id);
  if (!canAccess(identity, execution)) return reject(403, 'forbidden', 'this execution belongs to another user');
  const release = options.limiter.acquire(identity.id);
  if (!release) {
    const retryAfter = options.retryAfterSeconds ?? 5;
    return reject(429, 'too_many_streams', `at most ${options.limiter.maxPerUser} concurrent streams per user`, { 'Retry-After': String(retryAfter) });
  }
  return { ok: true, identity, execution, executionId, lastEventId, release };
}
