import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';
import { websocketSubscriber } from '../subscribers/websocket.js';
import { admitStream, type Rejection, type StreamAccessOptions, type StreamIdentity } from './admission.js';
import { executionLookup, type ExecutionAccessOptions } from './endpoint.js';
import { createStreamLimiter, type StreamLimiter } from './limiter.js';

export interface PipelineWebSocketOptions<Identity extends StreamIdentity = StreamIdentity> extends ExecutionAccessOptions<Identity> {
  highWaterMark?: number;
}

export interface PipelineWebSocketHandler {
  /** For `server.on('upgrade', handler.handleUpgrade)`. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  readonly limiter: StreamLimiter;
  /** The `ws` server (loaded lazily: `ws` is an optional peer dependency of streamkit/server). */
  readonly wss: Promise<WebSocketServer>;
  close(): void;
}

function rejectUpgrade(socket: Duplex, rejection: Rejection): void {
  const body = JSON.stringify({ error: { code: rejection.code, message: rejection.message } });
  const headers = [
    `HTTP/1.1 ${rejection.status} ${STATUS_CODES[rejection.status] ?? 'Error'}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    ...Object.entries(rejection.headers).map(([key, value]) => `${key}: ${value}`),
  ];
  socket.end(`${headers.join('\r\n')}\r\n\r\n${body}`);
}

/**
 * WebSocket endpoint for one execution's events (`ws` package), behind the same checks as the SSE
 * endpoint (400/401/403/404/429, answered as plain HTTP before the upgrade). Each event is one JSON
 * text message `{ id, event, data }`; `?lastEventId=` (browsers cannot set headers on a
 * WebSocket) resumes after that event.
 */
export function createPipelineWebSocketHandler<Identity extends StreamIdentity = StreamIdentity>(
  options: PipelineWebSocketOptions<Identity>,
): PipelineWebSocketHandler {
  const limiter = options.limiter ?? createStreamLimiter({ maxPerUser: options.maxStreamsPerUser ?? 5 });
  const getExecution = executionLookup(options);
  const access: StreamAccessOptions<Identity> = { ...options, limiter, getExecution };
  // Imported on first use so that importing streamkit/server does not require `ws`.
  // Clients only listen; a tiny maxPayload keeps a hostile client from making us buffer anything.
  let wssPromise: Promise<WebSocketServer> | undefined;
  let closed = false;
  const getServer = () => {
    wssPromise ??= import('ws').then(({ WebSocketServer }) => new WebSocketServer({ noServer: true, maxPayload: 4096 }));
    return wssPromise;
  };

  return {
    limiter,
    get wss() {
      return getServer();
    },
    handleUpgrade(req, socket, head) {
      socket.on('error', () => socket.destroy());
      Promise.all([admitStream(req, access), getServer()]).then(
        ([admission, wss]) => {
          if (!admission.ok) {
            rejectUpgrade(socket, admission);
            return;
          }
          if (socket.destroyed || closed) {
            admission.release();
            socket.destroy();
            return;
          }
          wss.handleUpgrade(req, socket, head, (ws) => {
            ws.on('close', () => admission.release());
            ws.on('message', () => undefined); // clients have nothing to say; ignore rather than fail
            const subscriber = websocketSubscriber(ws, {
              ...(options.highWaterMark !== undefined ? { highWaterMark: options.highWaterMark } : {}),
              ...(options.maxQueue !== undefined ? { maxQueue: options.maxQueue } : {}),
              ...(options.overflow !== undefined ? { overflow: options.overflow } : {}),
            });
            admission.execution.context.subscribe(subscriber, { lastEventId: admission.lastEventId });
          });
        },
        () => rejectUpgrade(socket, { ok: false, status: 500, code: 'internal', message: 'could not admit the stream', headers: {} }),
      );
    },
    close() {
      closed = true;
      void wssPromise?.then((wss) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
      });
    },
  };
}
