import { StreamError, toStreamError } from '../errors.js';
import { providerName } from '../decoders/registry.js';
import { createJSONMode } from '../json/json-mode.js';
import { finalizeUsage } from '../usage.js';
import type {
  StreamEvent,
  FrameSource,
  StreamEventPayload,
  StreamOptions,
  StreamRequest,
  StreamResult,
  StreamRun,
  Usage,
} from '../types.js';
import { createStreamId, now } from './clock.js';
import { createEventHub, reportListenerError } from './event-hub.js';
import { createFrameTap } from './frame-tap.js';
import { createJSONWiring, type JSONWiring } from './json-wiring.js';
import { createMetricsRecorder } from './metrics.js';
import { promptTextOf } from './prompt-text.js';
import { redactUrl } from '../redact/redact.js';
import { createRequestRunner, type RequestRunner } from './request-runner.js';
import { createResultBuilder, type ResultBuilder } from './result-builder.js';
import { normalizeRetry } from './retry-policy.js';
import { createTimerSet } from './timers.js';
import { methodOf } from './transport.js';

type RunState = 'running' | 'done' | 'error' | 'aborted';

/**
 * The one orchestration path: transport -> framing -> decoder -> events, with retry, resume, timeouts,
 * abort, metrics, JSON mode, usage and provider fallback. See docs/create-stream.md.
 *
 * `request` may be a list: the requests are tried in order when one fails before its first token with
 * a retryable or provider error (after its own retries); never after a token was delivered.
 */
export function createStream(request: StreamRequest | readonly StreamRequest[], options: StreamOptions = {}): StreamRun & FrameSource {
  const requests: readonly StreamRequest[] = Array.isArray(request) ? request : [request as StreamRequest];
  if (requests.length === 0) throw new TypeError('createStream needs at least one request');

  const streamId = options.streamId ?? createStreamId();
  const startedAt = now();
  const elapsed = () => now() - startedAt;
  // Event times come from a clock read once per transport chunk (events decoded from one chunk arrived
  // together) and once per run-level event: reading the clock per event costs more than decoding it.
  let clock = 0;
  const tick = () => (clock = elapsed());
  const timers = createTimerSet();
  const runController = new AbortController();
  const metrics = createMetricsRecorder();
  const retryPolicy = normalizeRetry(options.retry);
  const resumeBudget = normalizeRetry(options.retry === false ? undefined : options.retry).maxAttempts;
  let state: RunState = 'running';
  // Frames share the time of their chunk, like decoded events.
  const frames = createFrameTap(streamId, () => clock, options.onFrame);

  const hub = createEventHub({
    streamId,
    elapsed: () => clock,
    processor: options.processor,
    onDelivered: (event) => {
      metrics.delivered();
      if (options.onEvent) safely(() => options.onEvent!(event));
    },
  });

  // Per-request state: replaced when a fallback request takes over.
  let builder: ResultBuilder = createResultBuilder();
  let json: JSONWiring | undefined;
  let runner: RequestRunner | undefined;
  let currentRequest: StreamRequest = requests[0]!;
  let tokenDelivered = false;

  /**
   * Publishes a payload with run-level bookkeeping (result, metrics, callbacks). Decoded events use the
   * time of their chunk (`fromChunk`); everything else reads the clock.
   */
  const publish = (payload: StreamEventPayload, lastEventId = '', fromChunk = false): StreamEvent | undefined => {
    if (state !== 'running') return undefined;
    if (!fromChunk) tick();
    builder.apply(payload);
    const event = hub.publish(payload, lastEventId);
    switch (event.type) {
      case 'text':
      case 'reasoning':
        tokenDelivered = true;
        metrics.delta(event.t);
        if (options.onDelta) safely(() => options.onDelta!(event.delta, event));
        break;
      case 'tool-call':
        tokenDelivered = true;
        metrics.delta(event.t);
        break;
      case 'start':
        if (options.onStart) safely(() => options.onStart!(event));
        break;
      default:
        break;
    }
    return event;
  };

  const buildResult = (usage: Usage, jsonValue: { value: unknown } | undefined): StreamResult =>
    builder.build({
      usage,
      metrics: metrics.snapshot(elapsed(), usage.outputTokens),
      ...(jsonValue ? { json: jsonValue.value, hasJson: true } : { hasJson: false }),
      lastEventId: runner?.lastEventId || options.lastEventId,
    });

  const computeUsage = (estimate: StreamOptions['estimateTokens']): Promise<Usage> =>
    finalizeUsage({
      reported: runner?.decoder?.usage,
      outputText: builder.outputText(),
      inputText: promptTextOf(currentRequest.body),
      model: builder.model,
      prices: options.prices,
      estimateTokens: estimate,
      provider: runner?.decoderName,
    });

  /** The partial result kept on errors (usage estimated with the fast heuristic, never a slow tokenizer). */
  const partialResult = async (): Promise<StreamResult> => {
    const usage = await computeUsage(undefined).catch(
      (): Usage => ({ inputTokens: 0, outputTokens: 0, totalTokens: 0, estimated: true }),
    );
    return buildResult(usage, options.json ? { value: json?.latest() } : undefined);
  };

  const execute = async (): Promise<StreamResult> => {
    // Let the caller subscribe or start iterating before the first event.
    await Promise.resolve();
    if (state !== 'running') throw runController.signal.reason;
    if (options.totalTimeoutMs !== undefined && options.totalTimeoutMs > 0) {
      const ms = options.totalTimeoutMs;
      timers.set(() => runController.abort(new StreamError('timeout-total', `The stream took longer than ${ms} ms`, { retryable: false })), ms);
    }

    for (let index = 0; index < requests.length; index++) {
      currentRequest = requests[index]!;
      builder = createResultBuilder();
      json?.cancel();
      json = undefined;
      if (options.json) {
        const mode = createJSONMode(options.json);
        json = createJSONWiring(mode, options.batch, (payload) => publish(payload, runner?.lastEventId));
      }
      const wiring = json;
      frames.setFallbackIndex(index);
      publish({ type: 'start', request: summarize(currentRequest, index) });
      runner = createRequestRunner(
        currentRequest,
        {
          options,
          timers,
          signal: runController.signal,
          retryPolicy,
          resumeBudget,
          metrics,
          initialLastEventId: index === 0 ? options.lastEventId : undefined,
          frames,
        },
        {
          onDecoded: (payload, lastEventId) => {
            if (state !== 'running') return;
            publish(payload, lastEventId, true);
            wiring?.observe(payload);
          },
          onChunkArrived: tick,
          onChunk: () => {
            if (state === 'running') wiring?.afterChunk();
          },
          onRetry: (attempt, delayMs, error) => {
            publish({ type: 'retry', attempt, delayMs, error });
          },
        },
      );
      try {
        await runner.run();
      } catch (e) {
        const error = toStreamError(e);
        const canFallBack =
          index < requests.length - 1 &&
          !tokenDelivered &&
          !runController.signal.aborted &&
          (error.retryable || error.code === 'provider');
        if (!canFallBack) throw error;
        continue;
      }
      return finish();
    }
    throw new StreamError('network', 'No request succeeded', { retryable: false });
  };

  const finish = async (): Promise<StreamResult> => {
    const jsonValue = json ? { value: await json.finish() } : undefined;
    const usage = await computeUsage(options.estimateTokens);
    if (state !== 'running') throw runController.signal.reason;
    publish({ type: 'usage', usage });
    if (options.onUsage) safely(() => options.onUsage!(usage));
    // A listener or onUsage may abort right here: then the run is aborted, never 'done' without a done event.
    if ((state as RunState) !== 'running') throw runController.signal.reason;
    const result = buildResult(usage, jsonValue);
    const done: StreamEventPayload = { type: 'done', result };
    if (result.finishReason !== undefined) done.finishReason = result.finishReason;
    publish(done);
    if (state === 'running') state = 'done';
    cleanup();
    await hub.finish();
    // Events delivered after the result was built (usage, done) count too.
    result.metrics.events = metrics.events;
    if (options.onComplete) safely(() => options.onComplete!(result));
    return result;
  };

  const fail = async (e: unknown): Promise<never> => {
    if (state === 'aborted') throw runController.signal.reason;
    const error = toStreamError(e);
    if (state !== 'running') throw error;
    error.partial ??= await partialResult();
    if (state !== 'running') throw runController.signal.reason;
    publish({ type: 'error', error });
    state = 'error';
    cleanup();
    await hub.finish();
    if (options.onError) safely(() => options.onError!(error));
    throw error;
  };

  const cleanup = () => {
    json?.cancel();
    timers.dispose();
    options.signal?.removeEventListener('abort', onExternalAbort);
  };

  const abort = (reason?: unknown) => {
    if (state !== 'running') return;
    state = 'aborted';
    const error = new StreamError('aborted', 'The stream was aborted', { retryable: false, cause: reason });
    runController.abort(error);
    cleanup();
    hub.close();
  };
  const onExternalAbort = () => abort(options.signal?.reason);

  const result: Promise<StreamResult> = (async () => {
    try {
      return await execute();
    } catch (e) {
      return fail(e);
    }
  })().catch(async (e: unknown) => {
    if (state !== 'aborted') throw e;
    const error = toStreamError(runController.signal.reason, 'aborted');
    error.partial ??= await partialResult();
    throw error;
  });
  // The result may reject; a caller that only iterates must not get an unhandled rejection for it.
  result.catch(() => {});

  if (options.signal) {
    if (options.signal.aborted) abort(options.signal.reason);
    else options.signal.addEventListener('abort', onExternalAbort, { once: true });
  }

  return {
    id: streamId,
    result,
    abort,
    subscribe: (listener) => hub.subscribe(listener),
    subscribeFrames: (listener) => frames.subscribe(listener),
    [Symbol.asyncIterator]: () => hub.iterator(),
  };
}

function summarize(request: StreamRequest, fallbackIndex: number) {
  return {
    url: request.url !== undefined ? redactUrl(normalizedUrl(request.url), { dropFragment: true }) : 'source',
    method: methodOf(request),
    provider: providerName(request.provider),
    fallbackIndex,
  };
}

/** An absolute URL as fetch will send it (`http://h` -> `http://h/`); anything else unchanged. */
function normalizedUrl(url: string | URL): string {
  if (typeof url !== 'string') return url.href;
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}

function safely(fn: () => void): void {
  try {
    fn();
  } catch (e) {
    reportListenerError(e);
  }
}
