import type { EventSink, StreamEvent } from '../types.js';

/** Events waiting for the consumer before the source is read further (backpressure). */
const HIGH_WATER_MARK = 1024;

/**
 * Runs an async source through a synchronous sink and exposes the sink's output as an async
 * iterable. The source is pumped independently of the consumer so that time-based batches (a timer
 * firing while the source is quiet) reach the consumer on time, not only when the next event comes.
 */
export function bridgeAsync(
  source: AsyncIterable<StreamEvent>,
  connect: (deliver: (event: StreamEvent) => void) => EventSink,
): AsyncIterable<StreamEvent> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<StreamEvent> {
      const queue: (StreamEvent | undefined)[] = [];
      let head = 0;
      let finished = false;
      let stopped = false;
      let failure: { error: unknown } | undefined;
      let wakeConsumer: (() => void) | undefined;
      let resumePump: (() => void) | undefined;
      let started = false;

      const wake = (): void => {
        const resolve = wakeConsumer;
        wakeConsumer = undefined;
        resolve?.();
      };
      const sink = connect((event) => {
        if (stopped) return;
        queue.push(event);
        wake();
      });
      const iterator = source[Symbol.asyncIterator]();

      async function pump(): Promise<void> {
        try {
          while (!stopped) {
            const step = await iterator.next();
            if (step.done === true || stopped) break;
            sink.push(step.value);
            if (queue.length - head >= HIGH_WATER_MARK) {
              await new Promise<void>((resolve) => (resumePump = resolve));
            }
          }
          if (!stopped) sink.flush();
        } catch (error) {
          failure = { error };
        } finally {
          finished = true;
          sink.close();
          wake();
        }
      }

      function take(): StreamEvent | undefined {
        if (head >= queue.length) return undefined;
        const event = queue[head];
        queue[head++] = undefined;
        if (head === queue.length) {
          queue.length = 0;
          head = 0;
        } else if (head >= HIGH_WATER_MARK && head * 2 >= queue.length) {
          queue.splice(0, head);
          head = 0;
        }
        if (resumePump !== undefined && queue.length - head < HIGH_WATER_MARK / 2) {
          const resume = resumePump;
          resumePump = undefined;
          resume();
        }
        return event;
      }

      return {
        async next(): Promise<IteratorResult<StreamEvent>> {
          if (!started) {
            started = true;
            void pump();
          }
          for (;;) {
            const event = take();
            if (event !== undefined) return { value: event, done: false };
            if (failure !== undefined) {
              const { error } = failure;
              failure = undefined;
              stopped = true;
              throw error;
            }
            if (finished || stopped) return { value: undefined, done: true };
            await new Promise<void>((resolve) => (wakeConsumer = resolve));
          }
        },
        async return(): Promise<IteratorResult<StreamEvent>> {
          if (!stopped) {
            stopped = true;
            queue.length = 0;
            head = 0;
            sink.close();
            const resume = resumePump;
            resumePump = undefined;
            resume?.();
            // Not awaited: an async generator blocked in `await` would hold this call until its next
            // value; the source is told to stop, the consumer is not kept waiting for it.
            if (typeof iterator.return === 'function') {
              void Promise.resolve()
                .then(() => iterator.return?.())
                .catch(() => undefined);
            }
            wake();
          }
          return { value: undefined, done: true };
        },
      };
    },
  };
}
