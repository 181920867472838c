import { createStore } from 'zustand/vanilla';
import { StreamError, toStreamError } from '../errors.js';
import { createScheduler, type SchedulerMode } from '../processor/scheduler.js';
import { createStream } from '../stream/create-stream.js';
import type { JSONValidation, StreamState, StreamStatus, StreamStore, StreamStoreState } from '../store-types.js';
import type { StandardSchemaV1, StreamEvent, StreamOptions, StreamRequest, StreamResult, StreamRun } from '../types.js';
import { DEFAULT_MAX_EVENTS } from './event-ring.js';
import {
  DEFAULT_PERSIST_THROTTLE_MS,
  defaultPersistStorage,
  readPersisted,
  removePersisted,
  writePersisted,
  type PersistOptions,
  type PersistStorage,
} from './persistence.js';
import { requestKey } from './request-key.js';
import { redactText, redactUrl } from '../redact/redact.js';
import { notifyStoreCreated } from './store-registry.js';
import { createStreamAccumulator } from './stream-accumulator.js';

export { createStream };

type RequestInput = StreamRequest | readonly StreamRequest[];
/**
 * What a store streams: a request (or a fallback list), a getter called at every start (so a UI can
 * hand in its latest request without recreating the store), an existing run to observe, or nothing.
 */
export type StreamStoreInput = RequestInput | (() => RequestInput | null | undefined) | StreamRun | null | undefined;
export type CreateStreamFunction = (request: StreamRequest | readonly StreamRequest[], options: StreamOptions) => StreamRun;
export type StartOverrides = Partial<StreamRequest> & { options?: Partial<StreamOptions> };

export interface StreamStoreOptions extends Omit<StreamOptions, 'batch'> {
  /** How store notifications are batched: 'frame' (default), 'microtask', 'sync', ms, or a custom clock. */
  batch?: SchedulerMode;
  /** Size of the `events` ring (default 1000). */
  maxEvents?: number;
  /** Start the request as soon as the store is created (default false: call `start()`). */
  autoStart?: boolean;
  /** Resume-on-reload: keep `{streamId, url, lastEventId, text}` in storage (see persistence.ts). */
  persist?: PersistOptions | boolean;
  /** The stream factory (default createStream); injectable for tests and custom transports. */
  createStream?: CreateStreamFunction;
  /** Sees every event synchronously as it arrives, before notification batching (extension point). */
  tap?: (event: StreamEvent) => void;
  /** Called when the store's generation changes: start / retry / reset (extension point). */
  onGeneration?: (kind: 'start' | 'reset') => void;
}

const ACTIVE: ReadonlySet<StreamStatus> = new Set(['connecting', 'streaming', 'reconnecting']);

export function isStreamRun(value: unknown): value is StreamRun {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as StreamRun).subscribe === 'function' &&
    typeof (value as StreamRun).abort === 'function' &&
    'result' in value
  );
}

export function initialStreamState(): StreamState {
  return {
    status: 'idle',
    text: '',
    reasoning: '',
    json: undefined,
    jsonComplete: false,
    toolCalls: [],
    events: [],
    usage: undefined,
    metrics: undefined,
    error: undefined,
    lastEventId: undefined,
    streamId: undefined,
    finishReason: undefined,
    result: undefined,
    jsonOpenPath: undefined,
    validation: undefined,
  };
}

function mergeRequest(base: StreamRequest, overrides: Partial<StreamRequest>): StreamRequest {
  const merged: StreamRequest = { ...base, ...overrides };
  if (base.headers !== undefined && overrides.headers !== undefined) {
    const headers = new Headers(base.headers);
    new Headers(overrides.headers).forEach((value, name) => headers.set(name, value));
    merged.headers = headers;
  }
  return merged;
}

function schemaOf(options: Pick<StreamOptions, 'json'>): StandardSchemaV1 | undefined {
  return typeof options.json === 'object' && options.json !== null ? options.json.schema : undefined;
}

/** The request's URL as persisted: redacted, so a `?api_key=` never lands in storage (still stable per URL). */
function urlOf(request: StreamRequest): string {
  return request.url === undefined ? '' : redactUrl(String(request.url));
}

/**
 * A zustand vanilla store over one stream at a time (DESIGN.md, createStreamStore). Deltas are
 * folded in as they arrive but subscribers are notified at most once per scheduler tick ('frame'
 * by default); the terminal state (final text AND status) is published in one update, so nobody
 * ever sees 'done' with text missing, and `onComplete` runs after that update.
 */
export function createStreamStore(input: StreamStoreInput, options: StreamStoreOptions = {}): StreamStore {
  const {
    batch = 'frame',
    maxEvents = DEFAULT_MAX_EVENTS,
    autoStart = false,
    persist,
    createStream: create = createStream,
    tap,
    onGeneration,
    onComplete: storeOnComplete,
    onError: storeOnError,
    ...streamOptions
  } = options;
  // The store (not createStream) calls these, right after the state they describe is published.
  let onComplete = storeOnComplete;
  let onError = storeOnError;

  const observedRun = isStreamRun(input) ? input : undefined;
  const resolveRequest = (): RequestInput | undefined => {
    if (observedRun !== undefined || input === null || input === undefined) return undefined;
    if (typeof input === 'function') return input() ?? undefined;
    return input as RequestInput;
  };

  const accumulator = createStreamAccumulator(maxEvents);
  const scheduler = createScheduler(batch, publish);

  let run: StreamRun | undefined;
  let unsubscribe: (() => void) | undefined;
  let generation = 0;
  let lastStart: StartOverrides | undefined;
  let activeSchema: StandardSchemaV1 | undefined = schemaOf(streamOptions);

  // ---------------------------------------------------------------- persistence (resume on reload)
  const persistOptions: PersistOptions | undefined = persist === true ? {} : persist === false ? undefined : persist;
  let persistStorage: PersistStorage | undefined;
  let persistUrl = '';
  let persistTimer: ReturnType<typeof setTimeout> | undefined;
  let lastPersistAt = 0;
  let persistedId: string | undefined;
  const persistKey = (): string => {
    const key = persistOptions?.key;
    if (typeof key === 'function') return key();
    // Redacted: the default key holds the URL (and body), and storage is no place for credentials.
    return key ?? `streamkit:${redactText(requestKey(resolveRequest()))}`;
  };
  const storage = (): PersistStorage | undefined => {
    if (persistOptions === undefined) return undefined;
    persistStorage ??= persistOptions.storage ?? defaultPersistStorage();
    return persistStorage;
  };
  function persistNow(): void {
    if (persistTimer !== undefined) clearTimeout(persistTimer);
    persistTimer = undefined;
    const target = storage();
    const state = store.getState();
    if (target === undefined || state.lastEventId === undefined || state.streamId === undefined) return;
    if (state.lastEventId === persistedId) return;
    persistedId = state.lastEventId;
    lastPersistAt = Date.now();
    writePersisted(target, persistKey(), {
      v: 1,
      streamId: state.streamId,
      url: persistUrl,
      lastEventId: state.lastEventId,
      text: state.text,
      reasoning: state.reasoning,
    });
  }
  function schedulePersist(): void {
    if (persistOptions === undefined || persistTimer !== undefined) return;
    const wait = (persistOptions.throttleMs ?? DEFAULT_PERSIST_THROTTLE_MS) - (Date.now() - lastPersistAt);
    if (wait <= 0) persistNow();
    else persistTimer = setTimeout(persistNow, wait);
  }
  function forgetPersisted(): void {
    if (persistTimer !== undefined) clearTimeout(persistTimer);
    persistTimer = undefined;
    persistedId = undefined;
    const target = storage();
    if (target !== undefined) removePersisted(target, persistKey());
  }

  // ---------------------------------------------------------------- publishing
  function publish(): void {
    if (!accumulator.dirty) return;
    store.setState(accumulator.drain(store.getState()));
    schedulePersist();
  }

  /** Publishes pending changes together with `patch` in ONE update (status changes, terminal state). */
  function publishWith(patch: Partial<StreamState>): void {
    scheduler.cancel();
    store.setState({ ...accumulator.drain(store.getState()), ...patch });
  }

  function detach(): StreamRun | undefined {
    const previous = run;
    unsubscribe?.();
    unsubscribe = undefined;
    run = undefined;
    return previous;
  }

  function settleDone(current: StreamRun, result: StreamResult): void {
    if (current !== run) return;
    detach();
    const patch: Partial<StreamState> = {
      status: 'done',
      result,
      usage: result.usage,
      metrics: result.metrics,
      error: undefined,
    };
    if (result.finishReason !== undefined) patch.finishReason = result.finishReason;
    if (result.lastEventId !== undefined && result.lastEventId !== '') patch.lastEventId = result.lastEventId;
    if (result.json !== undefined && store.getState().json === undefined) {
      patch.json = result.json;
      patch.jsonComplete = true;
    }
    if (activeSchema !== undefined) patch.validation = { status: 'pending' };
    publishWith(patch);
    if (persistOptions !== undefined) forgetPersisted();
    if (activeSchema !== undefined) validateFinal(activeSchema, generation);
    onComplete?.(result);
  }

  function settleFailure(current: StreamRun, reason: unknown): void {
    if (current !== run) return;
    detach();
    const error = toStreamError(reason);
    if (error.code === 'aborted') {
      publishWith({ status: 'aborted', error: undefined });
      if (persistOptions !== undefined) forgetPersisted();
      return;
    }
    const patch: Partial<StreamState> = { status: 'error', error };
    if (error.partial?.metrics !== undefined) patch.metrics = error.partial.metrics;
    if (error.partial?.usage !== undefined && store.getState().usage === undefined) patch.usage = error.partial.usage;
    if (error.code === 'validation' && error.issues !== undefined) {
      patch.validation = { status: 'invalid', issues: error.issues as readonly StandardSchemaV1.Issue[] };
    }
    publishWith(patch);
    // The persisted record stays: a reload can still resume this stream after the error.
    if (persistOptions !== undefined) persistNow();
    onError?.(error);
  }

  function validateFinal(schema: StandardSchemaV1, forGeneration: number): void {
    const value = store.getState().json;
    const apply = (validation: JSONValidation): void => {
      if (forGeneration === generation) store.setState({ validation });
    };
    const toValidation = (outcome: StandardSchemaV1.Result<unknown>): JSONValidation =>
      outcome.issues !== undefined ? { status: 'invalid', issues: outcome.issues } : { status: 'valid', value: outcome.value };
    const failed = (error: unknown): JSONValidation => ({
      status: 'invalid',
      issues: [{ message: error instanceof Error ? error.message : String(error) }],
    });
    try {
      const outcome = schema['~standard'].validate(value);
      if (outcome instanceof Promise) outcome.then((o) => apply(toValidation(o)), (e: unknown) => apply(failed(e)));
      else apply(toValidation(outcome));
    } catch (error) {
      apply(failed(error));
    }
  }

  function onEvent(current: StreamRun, event: StreamEvent): void {
    if (current !== run) return;
    tap?.(event);
    accumulator.apply(event);
    const status = store.getState().status;
    switch (event.type) {
      case 'done':
        settleDone(current, event.result);
        return;
      case 'error':
        settleFailure(current, event.error);
        return;
      case 'retry':
        publishWith({ status: 'reconnecting' });
        return;
      case 'start':
        break;
      default:
        // The first real event after (re)connecting switches the status, published at once (TTFT).
        if (status === 'connecting' || status === 'reconnecting') {
          publishWith({ status: 'streaming' });
          return;
        }
    }
    scheduler.request();
  }

  let announced = false;
  function attach(current: StreamRun): void {
    // Devtools hear about a store when it first streams, not when it is built: stores built during
    // SSR or a discarded StrictMode render never start, and must not be retained by a registry.
    if (!announced) {
      announced = true;
      notifyStoreCreated(store, observedRun !== undefined ? { run: observedRun } : {});
    }
    run = current;
    unsubscribe = current.subscribe((event) => onEvent(current, event));
    current.result.then(
      (result) => settleDone(current, result),
      (reason: unknown) => settleFailure(current, reason),
    );
  }

  // ---------------------------------------------------------------- actions
  function start(overrides?: StartOverrides): void {
    const previous = detach();
    previous?.abort();
    scheduler.cancel();
    generation++;
    lastStart = overrides;

    const { options: optionOverrides, ...requestOverrides } = overrides ?? {};
    const base = resolveRequest() ?? {};
    const request: StreamRequest | StreamRequest[] = Array.isArray(base)
      ? (base as readonly StreamRequest[]).map((r) => mergeRequest(r, requestOverrides))
      : mergeRequest(base as StreamRequest, requestOverrides);
    const first = Array.isArray(request) ? request[0] : request;
    if (first === undefined || (first.url === undefined && first.source === undefined)) {
      store.setState({ ...initialStreamState(), status: 'error', error: new StreamError('protocol', 'No request to start: give a url or a source') });
      return;
    }
    const { onComplete: runOnComplete, onError: runOnError, ...runOptionOverrides } = optionOverrides ?? {};
    onComplete = runOnComplete ?? storeOnComplete;
    onError = runOnError ?? storeOnError;
    const runOptions: StreamOptions = { ...streamOptions, ...runOptionOverrides };
    activeSchema = schemaOf(runOptions);

    // Resume after a reload: continue the persisted stream after its last event, showing its text once.
    persistUrl = urlOf(first);
    let seed: { text: string; reasoning: string; lastEventId: string } | undefined;
    const target = storage();
    if (target !== undefined) {
      const saved = readPersisted(target, persistKey());
      if (saved !== undefined && saved.url === persistUrl) {
        seed = saved;
        runOptions.lastEventId = saved.lastEventId;
        runOptions.streamId = saved.streamId;
        persistedId = saved.lastEventId;
      } else if (saved !== undefined) {
        forgetPersisted();
      }
    }

    accumulator.reset(seed);
    onGeneration?.('start');
    const fresh: StreamState = { ...initialStreamState(), status: 'connecting' };
    if (seed !== undefined) fresh.streamId = runOptions.streamId;
    store.setState({ ...fresh, ...accumulator.drain(fresh) });

    let next: StreamRun;
    try {
      next = create(request, runOptions);
    } catch (error) {
      store.setState({ status: 'error', error: toStreamError(error, 'protocol') });
      return;
    }
    attach(next);
  }

  function stop(): void {
    const previous = detach();
    if (previous === undefined) return;
    previous.abort();
    publishWith({ status: 'aborted' });
    if (persistOptions !== undefined) forgetPersisted();
  }

  function retry(): void {
    // A fresh request, not a resume: forget the persisted resume point first.
    if (persistOptions !== undefined) forgetPersisted();
    start(lastStart);
  }

  function reset(): void {
    const previous = detach();
    previous?.abort();
    scheduler.cancel();
    generation++;
    accumulator.reset();
    if (persistOptions !== undefined) forgetPersisted();
    onGeneration?.('reset');
    store.setState(initialStreamState());
  }

  const store = createStore<StreamStoreState>()(() => ({ ...initialStreamState(), start, stop, retry, reset }));

  if (observedRun !== undefined) {
    generation++;
    store.setState({ status: 'connecting' });
    attach(observedRun);
  } else if (autoStart && resolveRequest() !== undefined) {
    start();
  }
  return store;
}

/** True while a run is in flight (connecting, streaming or reconnecting). */
export function isActiveStatus(status: StreamStatus): boolean {
  return ACTIVE.has(status);
}
