import { OutgoingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { OverflowPolicy, StoredEvent, Subscriber, SubscriptionHandle } from '../context/types.js';
import { heartbeatInterval, encodeSSE, encodeSSEComment, encodeSSERetry, sseHeadersFor } from '../sse.js';
import { waitForDrain } from '../write-sse.js';

export interface SSESubscriberOptions {
  /** Heartbeat comment interval; `false` disables. Default 15 s. */
  heartbeatMs?: number | false;
  /** Sent as `retry:` once when the stream starts. */
  retryMs?: number;
  /** Extra headers when this subscriber writes the head (e.g. CORS). */
  headers?: OutgoingHttpHeaders;
  maxQueue?: number;
  overflow?: OverflowPolicy;
  /** Called when the subscription ended (any reason). */
  onEnd?(reason: string): void;
}

/*
 * Fan-out hot path. With 1,000 subscribers every event costs 1,000 socket writes, so the per-write
 * work matters more than anything else here. `res.write()` on a chunked HTTP/1.1 response frames
 * each write anew (hex length, CRLF, data, CRLF: four buffered pieces and a writev per socket on
 * the next tick). Instead, each event is framed ONCE as a complete HTTP chunk, shared by every
 * subscriber, and written straight to the socket: one buffer, one write, no allocation per socket.
 * This path is taken only when it is byte-for-byte what `res.write()` would send: an HTTP/1.1
 * chunked response whose headers are on the wire and whose `write` nobody wrapped (compression
 * middleware does); anything else (HTTP/1.0, HTTP/2, a patched response) goes through `res.write()`.
 */

/** The last event framed, shared by all subscribers (they receive the same event back to back). */
let framedEvent: StoredEvent | undefined;
let framedBlock: Buffer = Buffer.alloc(0);
let framedChunk: Buffer = Buffer.alloc(0);

function frame(event: StoredEvent): void {
  if (event === framedEvent) return;
  const bytes = event.sseBytes();
  const block = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength); // a view, no copy
  const head = `${block.length.toString(16)}\r\n`;
  const chunk = Buffer.allocUnsafe(head.length + block.length + 2);
  chunk.write(head, 0, 'latin1');
  chunk.set(block, head.length);
  chunk[chunk.length - 2] = 13;
  chunk[chunk.length - 1] = 10;
  framedEvent = event;
  framedBlock = block;
  framedChunk = chunk;
}

/*
 * Per-tick coalescing. A socket's first write in a tick goes out at once (lowest latency); if the
 * producer emits again in the same tick (a burst: several events in one callback or microtask
 * chain), the socket is corked and uncorked once at the end of the tick, so a burst costs one
 * syscall per socket instead of one per event (what `res.write()` does with its own cork).
 */
let tick = 0;
let tickEndScheduled = false;
const corkedSockets: Socket[] = [];

function endTick(): void {
  tickEndScheduled = false;
  tick += 1;
  for (let i = 0; i < corkedSockets.length; i += 1) (corkedSockets[i] as Socket).uncork();
  corkedSockets.length = 0;
}

/** Resolves when the socket drained, or the response closed (then nothing more is written). */
function waitForSocketDrain(socket: Socket, res: ServerResponse): Promise<void> {
  if (socket.destroyed || res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      socket.off('drain', done);
      res.off('close', done);
      resolve();
    };
    socket.on('drain', done);
    res.on('close', done);
  });
}

/**
 * Streams a context to a Node `ServerResponse`: each event's shared SSE encoding is written once;
 * when the write reports a full buffer the subscription waits for 'drain' (later events queue,
 * bounded). A client disconnect unsubscribes; the context closing ends the response; a queue
 * overflow ends it too, so the client reconnects with Last-Event-ID and replays from the ring.
 */
export function sseSubscriber(res: ServerResponse, options: SSESubscriberOptions = {}): Subscriber {
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let handle: SubscriptionHandle | undefined;
  /** Whether events may bypass `res.write()` (decided once the headers are out). */
  let direct = false;
  let lastWriteTick = -1;
  let corkedTick = -1;
  const onClose = () => handle?.unsubscribe();

  const stopTimers = () => {
    if (heartbeat !== undefined) clearInterval(heartbeat);
    heartbeat = undefined;
    res.off('close', onClose);
  };

  const subscriber: Subscriber = {
    kind: 'sse',
    attach(subscription) {
      handle = subscription;
      if (res.destroyed) {
        subscription.unsubscribe();
        return;
      }
      res.on('close', onClose);
      if (!res.headersSent) res.writeHead(200, Object.assign(sseHeadersFor(res), options.headers));
      // Also when the caller wrote the head: `headersSent` is true before the head reached the
      // socket, and direct writes must never overtake it.
      res.flushHeaders();
      direct =
        res.chunkedEncoding === true &&
        res.write === OutgoingMessage.prototype.write &&
        !('stream' in res) &&
        res.req?.method !== 'HEAD';
      // Each event should leave at once, not wait for Nagle (Node's http server sets this by default, other servers may not).
      if (direct) res.socket?.setNoDelay(true);
      if (options.retryMs !== undefined) res.write(encodeSSERetry(options.retryMs));
      const heartbeatMs = heartbeatInterval(options.heartbeatMs);
      if (heartbeatMs !== undefined) {
        const comment = encodeSSEComment('heartbeat');
        heartbeat = setInterval(() => {
          // Skipped while backed up: a heartbeat only matters on an idle connection.
          if (!res.destroyed && !res.writableNeedDrain && !(direct && res.socket?.writableNeedDrain)) res.write(comment);
        }, heartbeatMs);
        heartbeat.unref();
      }
    },
    onGap(gap) {
      res.write(
        encodeSSE({
          event: 'stream_gap',
          data: JSON.stringify({
            execution_id: gap.executionId,
            requested_seq: gap.requestedSeq,
            oldest_seq: gap.oldestSeq,
            missed: gap.missed,
          }),
        }),
      );
    },
    deliver(event) {
      if (res.destroyed || res.writableEnded) throw new Error('response closed');
      frame(event);
      // `res.socket` is null while a pipelined response waits for its turn: then res.write() buffers.
      const socket = direct ? res.socket : null;
      if (socket === null) return res.write(framedBlock) ? undefined : waitForDrain(res);
      if (socket.destroyed) throw new Error('response closed');
      if (lastWriteTick !== tick) {
        lastWriteTick = tick;
        if (!tickEndScheduled) {
          tickEndScheduled = true;
          process.nextTick(endTick);
        }
      } else if (corkedTick !== tick) {
        corkedTick = tick;
        socket.cork();
        corkedSockets.push(socket);
      }
      return socket.write(framedChunk) ? undefined : waitForSocketDrain(socket, res);
    },
    end(reason) {
      stopTimers();
      if (reason === 'error') res.destroy();
      else if (!res.destroyed && !res.writableEnded) res.end();
      options.onEnd?.(reason);
    },
  };
  if (options.maxQueue !== undefined) Object.assign(subscriber, { maxQueue: options.maxQueue });
  if (options.overflow !== undefined) Object.assign(subscriber, { overflow: options.overflow });
  return subscriber;
}
