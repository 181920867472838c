import { seededRandom } from '../helpers/seeded-random.js';
/** Test helpers for the server module: real http servers on 127.0.0.1 and an independent SSE oracle. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createParser, type EventSourceMessage } from 'eventsource-parser';

export interface TestServer {
  server: Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1:0; `close()` destroys open sockets so no test waits for keep-alive. */
export async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<TestServer> {
  const server = createServer(handler);
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Reads a fetch Response body as SSE with eventsource-parser (not our own code). */
export async function readSSE(
  response: Response,
  onEvent?: (event: EventSourceMessage, all: EventSourceMessage[]) => boolean | void,
): Promise<{ events: EventSourceMessage[]; comments: string[]; retry?: number; cut: boolean }> {
  const events: EventSourceMessage[] = [];
  const comments: string[] = [];
  let retry: number | undefined;
  let stop = false;
  const parser = createParser({
    onEvent(event) {
      events.push(event);
      if (onEvent?.(event, events) === true) stop = true;
    },
    onComment(comment) {
      comments.push(comment);
    },
    onRetry(ms) {
      retry = ms;
    },
  });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let cut = false;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      parser.feed(decoder.decode(value, { stream: true }));
      if (stop) {
        await reader.cancel();
        break;
      }
    }
  } catch {
    cut = true; // connection destroyed mid-body
  }
  return { events, comments, ...(retry !== undefined ? { retry } : {}), cut };
}

export { seededRandom };

/** Polls until `check()` is truthy (generous timeout; no speed assertions). */
export async function waitFor(check: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
