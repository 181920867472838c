import { StreamError, toStreamError } from '../errors.js';
import { decoderNameOf } from '../decoders/auto.js';
import { resolveDecoder } from '../decoders/registry.js';
import type { Decoder, DecoderInstance, Emit, FramedMessage, Protocol, StreamEventPayload, StreamOptions, StreamRequest } from '../types.js';
import { isClearlyNotAStream, protocolFromContentType } from './content-type.js';
import type { FrameTap } from './frame-tap.js';
import { createFramer, type Framer } from './framer.js';
import { createIdleWatch, type IdleWatch } from './idle-watch.js';
import type { MetricsRecorder } from './metrics.js';
import { redactError } from '../redact/redact-error.js';
import { backoffDelay, type RetryPolicy } from './retry-policy.js';
import type { TimerSet } from './timers.js';
import {
  buildFetchInit,
  isUnsupportedCacheError,
  httpErrorFrom,
  methodOf,
  readBodyExcerpt,
  readerFromResponse,
  readerFromSource,
  readWithSignal,
  scrubExcerpt,
  type ChunkReader,
} from './transport.js';

/** Ids remembered for duplicate suppression after a resume (a FIFO window, so memory stays fixed). */
const REMEMBERED_IDS = 1024;
/** Methods that may be re-sent from scratch even after body bytes were read. */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface RunnerContext {
  options: StreamOptions;
  timers: TimerSet;
  /** Aborted by abort(), the caller's signal or the total timeout; its reason is the StreamError to report. */
  signal: AbortSignal;
  retryPolicy: RetryPolicy;
  /** Consecutive reconnects without a new event that resume may make. */
  resumeBudget: number;
  metrics: MetricsRecorder;
  /** Last-Event-ID for the first connection (options.lastEventId on the first request of a list). */
  initialLastEventId: string | undefined;
  /** Devtools' view of the frames; consulted per frame only through its `listening` flag. */
  frames: FrameTap;
}

export interface RunnerHooks {
  /** One decoded event; `lastEventId` is the SSE id in effect ('' without ids). May throw to fail the run. */
  onDecoded(event: StreamEventPayload, lastEventId: string): void;
  /** A transport chunk was read (before it is framed): events decoded from it share this time. */
  onChunkArrived(): void;
  /** A transport chunk was fully framed and decoded. */
  onChunk(): void;
  /** About to wait `delayMs` and try again (a retry from scratch, or a resume by id). */
  onRetry(attempt: number, delayMs: number, error: StreamError): void;
}

export interface RequestRunner {
  /** Resolves when the stream reached its terminal event (or a clean end where that is success). */
  run(): Promise<void>;
  readonly decoder: DecoderInstance | undefined;
  /** The decoder in use ('openai', 'pipeline', ...; what 'auto' picked once it saw a message). */
  readonly decoderName: string | undefined;
  readonly lastEventId: string;
  /** Decoder events delivered for this request. */
  readonly decodedEvents: number;
}

type EndReason = 'terminated' | 'body-ended';

/**
 * One request of a run: connection attempts with timeouts, retries from scratch (only while nothing
 * was decoded, and for non-idempotent methods only before any body byte), and resume by Last-Event-ID
 * with the same framer and decoder, suppressing replayed ids.
 */
export function createRequestRunner(request: StreamRequest, ctx: RunnerContext, hooks: RunnerHooks): RequestRunner {
  const { options, timers, metrics, frames } = ctx;
  /** Connection attempts of this request so far (the current one's number while it runs). */
  let attemptNumber = 0;
  let decoderSpec: Decoder | undefined;
  let decoder: DecoderInstance | undefined;
  let framer: Framer | undefined;
  let decodedEvents = 0;
  let streamBytes = 0;
  let lastEventId = ctx.initialLastEventId ?? '';
  let serverRetryMs: number | undefined;
  /** The runtime's fetch rejected `cache: 'no-store'`: later attempts leave it out. */
  let cacheUnsupported = false;
  // Resume bookkeeping: ids already delivered, and whether we are still inside a possible replay.
  const deliveredIds = new Set<string>();
  const idRing: Array<string | undefined> = new Array<string | undefined>(REMEMBERED_IDS);
  let idRingPos = 0;
  let replayWindow = lastEventId !== '';
  let progressSinceReconnect = false;

  const isSource = request.url === undefined && request.source !== undefined;
  const method = methodOf(request);

  const emit: Emit = (event) => {
    decodedEvents++;
    hooks.onDecoded(event, lastEventId);
  };

  const rememberId = (id: string) => {
    if (deliveredIds.has(id)) return;
    const evicted = idRing[idRingPos];
    if (evicted !== undefined) deliveredIds.delete(evicted);
    idRing[idRingPos] = id;
    idRingPos = (idRingPos + 1) % REMEMBERED_IDS;
    deliveredIds.add(id);
  };

  const onMessage = (message: FramedMessage) => {
    // Frames as received, replayed duplicates included (the decoder skips those below).
    if (frames.listening) frames.emit(message, attemptNumber);
    if (message.kind === 'sse' && message.id !== '') {
      // After a reconnect the server may replay events we already have: skip ids already delivered until
      // the first new id shows the replay is over (an id-less event inherits the previous id).
      if (replayWindow && deliveredIds.has(message.id)) return;
      replayWindow = false;
      rememberId(message.id);
      lastEventId = message.id;
    } else {
      replayWindow = false;
    }
    progressSinceReconnect = true;
    decoder!.push(message, emit);
  };

  const makeFramer = (protocol: Protocol): Framer =>
    createFramer(
      protocol,
      {
        onMessage,
        onRetry: (ms) => {
          serverRetryMs = ms;
        },
      },
      { maxBufferSize: options.maxBufferSize },
    );

  /** Protocol for a fetched response, or a `protocol` error when the content type cannot be a stream. */
  const protocolFor = async (response: Response): Promise<Protocol> => {
    const contentType = response.headers.get('content-type');
    const announced = protocolFromContentType(contentType);
    const explicit = request.protocol !== undefined && request.protocol !== 'auto' ? request.protocol : undefined;
    if ((explicit || !announced) && isClearlyNotAStream(contentType)) {
      const bodyExcerpt = scrubExcerpt(await readBodyExcerpt(response), request);
      throw new StreamError('protocol', `Expected a stream but the server sent ${contentType ?? 'no content type'}`, {
        status: response.status,
        retryable: false,
        bodyExcerpt,
      });
    }
    return explicit ?? announced ?? decoderSpec!.protocol ?? 'sse';
  };

  /**
   * For a source with no protocol from the request or the decoder: look at the first characters.
   * Undecided (undefined) while they could still be the start of an SSE field name, unless `force`.
   */
  const sniffProtocol = (head: ReadonlyArray<string | Uint8Array>, force: boolean): Protocol | undefined => {
    const decoder = new TextDecoder();
    let text = '';
    for (const c of head) {
      text += typeof c === 'string' ? c : decoder.decode(c, { stream: true });
      if (text.length >= 16) break;
    }
    text = text.replace(/^\uFEFF/, '');
    if (/^(data|event|id|retry):|^:/.test(text)) return 'sse';
    if (/^\s*[{["]/.test(text)) return 'ndjson';
    const maybeSSE = ['data:', 'event:', 'id:', 'retry:'].some((f) => f.startsWith(text));
    if (!force && (maybeSSE || text.trim() === '')) return undefined;
    return 'text';
  };

  /** Opens one connection and reads it to its end; throws StreamErrors (or the signal's reason). */
  const attempt = async (attemptSignal: AbortSignal, abortAttempt: (reason: StreamError) => void): Promise<EndReason> => {
    let reader: ChunkReader;
    let idle: IdleWatch | undefined;
    const watchIdle = () =>
      createIdleWatch(timers, options.idleTimeoutMs, () =>
        abortAttempt(new StreamError('timeout-idle', `No data for ${options.idleTimeoutMs} ms`, { retryable: true })),
      );

    if (isSource) {
      reader = readerFromSource(request.source!);
      const explicit = request.protocol !== undefined && request.protocol !== 'auto' ? request.protocol : decoderSpec!.protocol;
      if (explicit) framer ??= makeFramer(explicit);
    } else {
      const fetchImpl = request.fetch ?? globalThis.fetch;
      if (typeof fetchImpl !== 'function') throw new StreamError('network', 'No fetch implementation available', { retryable: false });
      const fetchOnce = (omitCache: boolean) => {
        const { url, init } = buildFetchInit(request, { signal: attemptSignal, lastEventId: lastEventId || undefined, omitCache });
        return fetchImpl(url, init);
      };
      let cancelConnect: (() => void) | undefined;
      if (options.connectTimeoutMs !== undefined && options.connectTimeoutMs > 0) {
        cancelConnect = timers.set(
          () => abortAttempt(new StreamError('timeout-connect', `No response within ${options.connectTimeoutMs} ms`, { retryable: true })),
          options.connectTimeoutMs,
        );
      }
      let response: Response;
      try {
        try {
          response = await fetchOnce(cacheUnsupported);
        } catch (error) {
          if (cacheUnsupported || !isUnsupportedCacheError(error)) throw error;
          cacheUnsupported = true; // remembered for the retries of this run
          response = await fetchOnce(true);
        }
      } finally {
        cancelConnect?.();
      }
      // Reading an error body or an excerpt may stall too: the idle timeout bounds it.
      idle = watchIdle();
      try {
        if (!response.ok) throw await httpErrorFrom(response, async (r) => scrubExcerpt(await readBodyExcerpt(r), request));
        const protocol = await protocolFor(response);
        framer ??= makeFramer(protocol);
      } finally {
        idle.stop();
      }
      reader = readerFromResponse(response);
    }

    // Chunks held back until a source's protocol can be sniffed.
    let held: Array<string | Uint8Array> = [];
    const feed = (chunks: ReadonlyArray<string | Uint8Array>, f: Framer) => {
      for (const c of chunks) f.feed(c);
      if (f.error) throw f.error;
      hooks.onChunk();
    };
    idle = watchIdle();
    try {
      for (;;) {
        const { done, value } = await readWithSignal(reader, attemptSignal);
        if (done) {
          if (held.length > 0) feed(held, (framer = makeFramer(sniffProtocol(held, true)!)));
          return decoder!.terminated ? 'terminated' : 'body-ended';
        }
        const size = typeof value === 'string' ? utf8Length(value) : value.byteLength;
        if (size === 0) continue;
        hooks.onChunkArrived();
        idle.touch();
        metrics.chunk(size);
        streamBytes += size;
        if (framer) feed([value], framer);
        else {
          held.push(value);
          const sniffed = sniffProtocol(held, false);
          if (sniffed === undefined) continue;
          feed(held, (framer = makeFramer(sniffed)));
          held = [];
        }
        if (decoder!.terminated) return 'terminated';
      }
    } finally {
      idle.stop();
      reader.cancel();
    }
  };

  /** Reads the run signal's reason when the run was stopped, so aborts/total timeouts win over symptoms. */
  const stopReason = (): StreamError | undefined => (ctx.signal.aborted ? toStreamError(ctx.signal.reason, 'aborted') : undefined);

  const run = async (): Promise<void> => {
    decoderSpec = resolveDecoder(request.provider);
    decoder = decoderSpec.create();
    let retries = 0;
    let resumeFailures = 0;

    for (;;) {
      attemptNumber++;
      const attemptController = new AbortController();
      const abortAttempt = (reason: StreamError) => attemptController.abort(reason);
      const onRunAbort = () => attemptController.abort(ctx.signal.reason);
      if (ctx.signal.aborted) throw stopReason()!;
      ctx.signal.addEventListener('abort', onRunAbort, { once: true });
      let failure: StreamError;
      try {
        const reason = await attempt(attemptController.signal, abortAttempt);
        if (reason === 'terminated') {
          decoder.end?.(emit);
          return;
        }
        // Clean end of body. Before the terminal event it is a disconnect: resume when we can.
        if (canResume()) {
          failure = new StreamError('network', 'The stream ended before its terminal event', { retryable: true });
        } else {
          framer?.end();
          if (framer?.error) throw framer.error;
          decoder.end?.(emit);
          if (decoder.terminated) return;
          throw new StreamError('network', 'The stream ended before its terminal event', { retryable: true });
        }
      } catch (e) {
        const stopped = stopReason();
        if (stopped) throw stopped;
        failure = attemptController.signal.aborted ? toStreamError(attemptController.signal.reason) : toStreamError(redactError(e));
        // A failure that ended the run for good (parse errors, provider errors, clean end above).
        if (failure.code !== 'network' && failure.code !== 'timeout-connect' && failure.code !== 'timeout-idle' && failure.code !== 'http') {
          throw failure;
        }
        if (!failure.retryable) throw failure;
      } finally {
        ctx.signal.removeEventListener('abort', onRunAbort);
      }

      // Decide between resume by id, a retry from scratch, or giving up.
      if (progressSinceReconnect) resumeFailures = 0;
      if (canResume() && resumeFailures < ctx.resumeBudget) {
        resumeFailures++;
        framer?.reset();
        replayWindow = true;
        progressSinceReconnect = false;
        const delay = failure.retryAfterMs ?? serverRetryMs ?? backoffDelay(ctx.retryPolicy, resumeFailures, failure);
        await pause(attemptNumber, delay, failure);
        continue;
      }
      const canRetryFromScratch =
        !isSource && decodedEvents === 0 && lastEventId === '' && (IDEMPOTENT.has(method) || streamBytes === 0) && retries + 1 < ctx.retryPolicy.maxAttempts;
      if (!canRetryFromScratch) throw failure;
      retries++;
      // Nothing was decoded: start over with fresh framing and decoding state.
      framer = undefined;
      decoder = decoderSpec.create();
      await pause(attemptNumber, backoffDelay(ctx.retryPolicy, retries, failure), failure);
    }
  };

  const canResume = () => !isSource && options.resume !== 'off' && lastEventId !== '';

  const pause = async (attemptNumber: number, delayMs: number, error: StreamError) => {
    metrics.retry();
    hooks.onRetry(attemptNumber, delayMs, error);
    try {
      await timers.sleep(delayMs, ctx.signal);
    } catch {
      throw stopReason() ?? error;
    }
  };

  return {
    run,
    get decoder() {
      return decoder;
    },
    get decoderName() {
      return decoderSpec ? decoderNameOf(decoderSpec, decoder) : undefined;
    },
    get lastEventId() {
      return lastEventId;
    },
    get decodedEvents() {
      return decodedEvents;
    },
  };
}

/** UTF-8 byte length of a string chunk (for the `bytes` metric of text sources) without encoding it. */
function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
