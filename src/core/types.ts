import type { StreamError } from './errors.js';

// ---------------------------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------------------------

export interface ToolCall {
  /**
   * The provider's call id; `null` when the provider sent none (Gemini on most models). Events then
   * carry a correlation id streamkit made up (`idSynthesized: true`), which never reaches the result.
   */
  id: string | null;
  name: string;
  /** Parsed arguments (`{}` for a call without arguments); the raw text when it is not valid JSON. */
  args: unknown;
  /** The argument text exactly as streamed. */
  argsText: string;
  /** The provider's tool-call / content-block index. */
  index: number;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  reasoningTokens?: number;
  /** Input tokens read from the provider's prompt cache (billed at `ModelPrice.cachedInput`). */
  cachedInputTokens?: number;
  /**
   * Input tokens written to the prompt cache (Anthropic `cache_creation_input_tokens`), billed at
   * `ModelPrice.cacheWrite`. Outside `inputTokens` and `totalTokens`, as Anthropic counts them.
   * Present when the provider reported cache writes.
   */
  cacheWriteInputTokens?: number;
  /** True when the provider reported nothing and the numbers were estimated from the text. */
  estimated: boolean;
  /** USD, from the price table; absent for unknown models rather than wrong. */
  costUsd?: number;
}

export interface StreamMetrics {
  /** Milliseconds from start to the first text/reasoning/tool-call delta. */
  ttftMs?: number;
  durationMs: number;
  /** Transport chunks read (summed over attempts). */
  chunks: number;
  /** Events delivered to consumers. */
  events: number;
  outputTokensPerSec?: number;
  interTokenMs: { p50: number; p95: number; max: number };
  retries: number;
  /** Body bytes read (summed over attempts). */
  bytes: number;
}

export interface StreamResult {
  text: string;
  json?: unknown;
  reasoning?: string;
  toolCalls: ToolCall[];
  usage: Usage;
  finishReason?: string;
  metrics: StreamMetrics;
  lastEventId?: string;
  model?: string;
  responseId?: string;
}

// ---------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------

/** What the `start` event tells about the request: never headers, never credentials. */
export interface RequestSummary {
  url: string;
  method: string;
  provider: string;
  /** Position in a fallback list (0 when there is only one request). */
  attempt?: number;
  fallbackIndex?: number;
}

export type PipelineEventKind =
  | 'pipeline_start'
  | 'step_start'
  | 'step_progress'
  | 'step_output'
  | 'step_complete'
  | 'step_error'
  | 'pipeline_complete'
  | 'pipeline_error'
  | 'checkpoint_saved';

/** One pipeline wire event, camelCased (DESIGN.md "Pipeline events"). */
export interface PipelineEvent {
  kind: PipelineEventKind;
  executionId: string;
  stepId?: string;
  /** ISO 8601. */
  timestamp: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  /** The SSE id (`<executionId>:<seq>`) when the event came with one. */
  eventId?: string;
}

export type StreamEventPayload =
  | { type: 'start'; request: RequestSummary }
  | { type: 'text'; delta: string; index: number; /** set (> 0) for extra choices of an n>1 request */ choice?: number }
  | { type: 'reasoning'; delta: string; index: number }
  | {
      type: 'tool-call';
      id: string;
      name: string;
      argsDelta: string;
      index: number;
      /** True when the provider sent no id and `id` is a correlation id made up by the decoder. */
      idSynthesized?: boolean;
    }
  | { type: 'tool-call-end'; id: string; name: string; args: unknown; index: number; idSynthesized?: boolean }
  | {
      type: 'json';
      value: unknown;
      complete: boolean;
      /** Path of the value still being written (empty when complete): everything else is final. */
      openPath?: ReadonlyArray<string | number>;
    }
  | ({ type: 'metadata'; model?: string; responseId?: string; finishReason?: string } & Record<string, unknown>)
  | { type: 'usage'; usage: Usage }
  | { type: 'progress'; value: number; message?: string; stepId?: string }
  | ({ type: 'pipeline' } & PipelineEvent)
  | { type: 'retry'; attempt: number; delayMs: number; error: StreamError }
  | { type: 'error'; error: StreamError }
  | { type: 'done'; finishReason?: string; result: StreamResult };

export interface EventEnvelope {
  /** Monotonic per run, starting at 0. */
  seq: number;
  /** Milliseconds since the run started. */
  t: number;
  streamId: string;
  /**
   * The SSE `lastEventId` in effect when this event was decoded (absent when the server sends no ids).
   * Stores persist it with the text received so far, so a reloaded page resumes after exactly this event.
   */
  lastEventId?: string;
}

type WithEnvelope<T> = T extends unknown ? T & EventEnvelope : never;
export type StreamEvent = WithEnvelope<StreamEventPayload>;
export type StreamEventType = StreamEvent['type'];
export type StreamEventOf<K extends StreamEventType> = Extract<StreamEvent, { type: K }>;

// ---------------------------------------------------------------------------------------------
// Framing and decoders
// ---------------------------------------------------------------------------------------------

export type Protocol = 'sse' | 'ndjson' | 'text';

/** One framed message, as the framing layer hands it to a decoder. */
export type FramedMessage =
  | { kind: 'sse'; event: string; data: string; id: string }
  | { kind: 'ndjson'; value: unknown }
  | { kind: 'text'; text: string };

export type Emit = (event: StreamEventPayload) => void;

/** Usage as a provider reported it (field for field, never adjusted). */
export interface ReportedUsage {
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
  reasoningTokens?: number;
  cachedInputTokens?: number;
  cacheWriteInputTokens?: number;
}

/** Per-run decoding state. Created once per attempt (a resumed attempt keeps the same instance). */
export interface DecoderInstance {
  /**
   * One framed message in, zero or more events out through `emit`. Throw a StreamError
   * (`provider` for errors the provider reported, `parse`/`protocol` for bad payloads) to fail the run.
   */
  push(message: FramedMessage, emit: Emit): void;
  /** True once the provider's terminal event was seen. A clean end of body before it is a disconnect. */
  readonly terminated: boolean;
  /** Called once at the end of the body; may emit trailing events (e.g. unfinished tool calls). */
  end?(emit: Emit): void;
  /** Provider-reported usage, merged across partial reports; undefined when the stream had none. */
  readonly usage?: ReportedUsage | undefined;
}

export interface Decoder {
  readonly name: string;
  /** Framing to use when `protocol` is 'auto' and the content type does not settle it. */
  readonly protocol?: Protocol;
  create(): DecoderInstance;
  /** True when this first framed message looks like this decoder's format (`provider: 'auto'`). */
  detect?(message: FramedMessage): boolean;
}

export type ProviderName = 'openai' | 'openai-responses' | 'anthropic' | 'xai' | 'gemini' | 'pipeline' | 'raw';

// ---------------------------------------------------------------------------------------------
// Requests and options
// ---------------------------------------------------------------------------------------------

/** The fetch options a stream request passes through (see `StreamRequest.init`). */
export type StreamRequestInit = Omit<RequestInit, 'method' | 'headers' | 'body' | 'signal'>;

export interface StreamRequest {
  url?: string | URL;
  method?: string;
  headers?: HeadersInit;
  /** Objects (not BodyInit) are sent as JSON with `content-type: application/json`. */
  body?: BodyInit | object | null;
  fetch?: typeof fetch;
  /**
   * Other fetch options, passed through: `credentials` (cookies on a cross-origin stream), `mode`,
   * `referrerPolicy`, `keepalive`, `priority`, `cache`, ... streamkit sets `method`, `headers`, `body`
   * and `signal` itself. Without a `cache` here it asks for `cache: 'no-store'`, and retries once
   * without it on runtimes that reject the field (older edge runtimes).
   */
  init?: StreamRequestInit;
  protocol?: Protocol | 'auto';
  provider?: ProviderName | 'auto' | Decoder;
  /** Instead of `url`: any byte or text source. */
  source?: ReadableStream<Uint8Array | string> | AsyncIterable<string | Uint8Array>;
}

export interface RetryOptions {
  /** Total attempts including the first. Default 3. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** 0..1 share of the delay that is randomised; `true` = 1 (full jitter). Default true. */
  jitter?: boolean | number;
}

/** USD per 1M tokens. */
export interface ModelPrice {
  input: number;
  output: number;
  cachedInput?: number;
  /** Prompt-cache writes (Anthropic: 1.25x input for the 5-minute cache); absent: billed as input. */
  cacheWrite?: number;
  reasoning?: number;
}

export type BatchOption = 'frame' | 'microtask' | 'sync' | number;

/** Standard Schema v1 (https://standardschema.dev), as zod 4, valibot and arktype implement it. */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (
      value: unknown,
    ) =>
      | StandardSchemaV1.Result<Output>
      | Promise<StandardSchemaV1.Result<Output>>;
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  };
}
// eslint-disable-next-line @typescript-eslint/no-namespace
export declare namespace StandardSchemaV1 {
  type Result<Output> = { readonly value: Output; readonly issues?: undefined } | { readonly issues: readonly Issue[] };
  interface Issue {
    readonly message: string;
    readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
  }
}

export interface StreamCallbacks {
  onStart?(event: StreamEventOf<'start'>): void;
  onDelta?(delta: string, event: StreamEventOf<'text'> | StreamEventOf<'reasoning'>): void;
  onUsage?(usage: Usage): void;
  onComplete?(result: StreamResult): void;
  onError?(error: StreamError): void;
  onEvent?(event: StreamEvent): void;
}

export interface StreamOptions extends StreamCallbacks {
  connectTimeoutMs?: number;
  idleTimeoutMs?: number;
  totalTimeoutMs?: number;
  retry?: RetryOptions | false;
  resume?: 'auto' | 'off';
  json?: boolean | { schema?: StandardSchemaV1; strategy?: 'incremental' | 'reparse'; validatePartial?: boolean };
  processor?: EventProcessorLike;
  batch?: BatchOption;
  prices?: Record<string, ModelPrice>;
  /** Pluggable token counter for estimated usage (e.g. a lazily loaded BPE tokenizer). */
  estimateTokens?: (text: string) => number | Promise<number>;
  signal?: AbortSignal;
  /** Last-Event-ID to send on the first request (resume a stream seen before a reload). */
  lastEventId?: string;
  /** Upper bound for any framing buffer, in characters. Default 8 MiB. */
  maxBufferSize?: number;
  /** Correlation id; generated when absent. */
  streamId?: string;
  /**
   * Every transport frame (SSE message, NDJSON value, text chunk) as framed, before decoding: for
   * devtools. Nothing is done per frame unless a frame listener exists. See `StreamFrame`.
   */
  onFrame?(frame: StreamFrame): void;
}

/** What createStream needs of an event processor (see createEventProcessor). */
export interface EventProcessorLike {
  process(source: AsyncIterable<StreamEvent>): AsyncIterable<StreamEvent>;
  /**
   * The synchronous path createStream uses (no promise per event): events pushed into the sink come
   * out of `deliver` filtered, mapped and batched; `flush()` drains pending batches at the end.
   */
  connect?(deliver: (event: StreamEvent) => void): EventSink;
}

export interface EventSink {
  push(event: StreamEvent): void;
  flush(): void;
  close(): void;
}

export interface StreamRun extends AsyncIterable<StreamEvent> {
  readonly id: string;
  readonly result: Promise<StreamResult>;
  abort(reason?: unknown): void;
  subscribe(listener: (event: StreamEvent) => void): () => void;
}

// ---------------------------------------------------------------------------------------------
// Transport frames (devtools)
// ---------------------------------------------------------------------------------------------

/**
 * One framed message as received, before the decoder saw it (`createStream`'s `onFrame`,
 * `run.subscribeFrames`, `onStreamFrames`). SSE frames keep `event`, `id` and `data` exactly as
 * sent, except that credential-shaped text is redacted (`[REDACTED]`). Replayed duplicates after a
 * resume are frames too (the decoder skips them).
 */
export type StreamFrame = FramedMessage & {
  /** 0, 1, 2, ... per run. */
  seq: number;
  /** Milliseconds since the run started: when the chunk carrying the frame was read. */
  t: number;
  /** The connection attempt of the current request, from 1 (retries and resumes count up). */
  attempt: number;
  /** The request of a fallback list this frame came from (0 for a single request). */
  fallbackIndex: number;
  streamId: string;
};

/** A run that hands out its transport frames: the runs `createStream` returns (replays have none). */
export interface FrameSource {
  /** Frames from now on (none before); returns `unsubscribe`. Frames are only produced while someone listens. */
  subscribeFrames(listener: (frame: StreamFrame) => void): () => void;
}
