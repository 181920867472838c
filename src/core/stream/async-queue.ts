import { StreamError } from '../errors.js';

/**
 * A single-consumer push queue exposed as an AsyncIterator. Items are kept in an array with a moving
 * head (no O(n) shift). `limit` bounds how far a slow consumer may lag: past it the consumer gets a
 * `max-buffer` StreamError instead of the process growing without bound.
 */
export interface AsyncQueue<T> extends AsyncIterableIterator<T> {
  push(item: T): void;
  /** No more items: the consumer ends after draining what is queued. */
  end(): void;
  /** Ends now, dropping what is queued. */
  close(): void;
}

export function createAsyncQueue<T>(limit = Number.POSITIVE_INFINITY, onReturn?: () => void): AsyncQueue<T> {
  let items: T[] = [];
  let head = 0;
  let ended = false;
  let overflow: StreamError | undefined;
  let waiting: ((r: IteratorResult<T>) => void) | undefined;
  let waitingReject: ((e: unknown) => void) | undefined;

  const settle = () => {
    if (!waiting) return;
    const resolve = waiting;
    const reject = waitingReject!;
    waiting = undefined;
    waitingReject = undefined;
    if (overflow) return reject(overflow);
    if (head < items.length) return resolve({ done: false, value: take() });
    if (ended) resolve({ done: true, value: undefined });
    else {
      waiting = resolve;
      waitingReject = reject;
    }
  };

  const take = (): T => {
    const item = items[head]!;
    items[head] = undefined as T;
    head++;
    if (head > 1024 && head * 2 > items.length) {
      items = items.slice(head);
      head = 0;
    }
    return item;
  };

  const queue: AsyncQueue<T> = {
    push(item) {
      if (ended || overflow) return;
      if (items.length - head >= limit) {
        overflow = new StreamError('max-buffer', `Event iterator fell more than ${limit} events behind`, { retryable: false });
        settle();
        return;
      }
      items.push(item);
      settle();
    },
    end() {
      ended = true;
      settle();
    },
    close() {
      ended = true;
      items = [];
      head = 0;
      settle();
    },
    next() {
      if (overflow) return Promise.reject(overflow);
      if (head < items.length) return Promise.resolve({ done: false, value: take() });
      if (ended) return Promise.resolve({ done: true, value: undefined });
      return new Promise<IteratorResult<T>>((resolve, reject) => {
        waiting = resolve;
        waitingReject = reject;
      });
    },
    return() {
      queue.close();
      onReturn?.();
      return Promise.resolve({ done: true, value: undefined });
    },
    [Symbol.asyncIterator]() {
      return queue;
    },
  };
  return queue;
}
