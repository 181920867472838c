import { createWriteStream } from 'node:fs';
import type { OverflowPolicy, Subscriber } from '../context/types.js';

export interface FileSubscriberOptions {
  maxQueue?: number;
  /** Default 'drop-oldest' is wrong for a log: default here is 'disconnect' (the log stops, visibly). */
  overflow?: OverflowPolicy;
  /** Resolves when the file is flushed and closed. */
  onClosed?(error?: unknown): void;
}

/**
 * Appends every event as one NDJSON line `{ "id": "<executionId>:<seq>", ...wire event }` for
 * debugging and replay (read it back line by line; `id` restores the SSE id).
 */
export function fileSubscriber(path: string, options: FileSubscriberOptions = {}): Subscriber & { readonly closed: Promise<void> } {
  const stream = createWriteStream(path, { flags: 'a', encoding: 'utf8' });
  let failure: unknown;
  stream.on('error', (error) => {
    failure = error;
  });
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  stream.on('close', () => {
    options.onClosed?.(failure);
    resolveClosed();
  });
  return {
    kind: 'file',
    closed,
    ...(options.maxQueue !== undefined ? { maxQueue: options.maxQueue } : {}),
    overflow: options.overflow ?? 'disconnect',
    deliver(event) {
      if (failure !== undefined) throw failure;
      const line = `{"id":${JSON.stringify(event.id)},${event.json().slice(1)}\n`;
      if (stream.write(line)) return undefined;
      return new Promise<void>((resolve, reject) => {
        const onDrain = () => {
          stream.off('error', onError);
          resolve();
        };
        const onError = (error: unknown) => {
          stream.off('drain', onDrain);
          reject(error);
        };
        stream.once('drain', onDrain);
        stream.once('error', onError);
      });
    },
    end() {
      stream.end();
    },
  };
}
