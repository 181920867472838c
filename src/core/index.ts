// streamkit — the framework-agnostic core. Runs in browsers, workers, Node >= 20 and edge runtimes.

// Errors and shared types
export { StreamError, isStreamError, toStreamError } from './errors.js';
export type { StreamErrorCode, StreamErrorInit } from './errors.js';
export type * from './types.js';
export type * from './store-types.js';

// Framing
export { createSSEParser, DEFAULT_SSE_MAX_BUFFER_SIZE } from './framing/sse-parser.js';
export type { ParsedSSEEvent, SSEParser, SSEParserOptions } from './framing/sse-parser.js';
export { createNDJSONParser, DEFAULT_NDJSON_MAX_LINE_LENGTH } from './framing/ndjson-parser.js';
export type { NDJSONParser, NDJSONParserOptions } from './framing/ndjson-parser.js';
export { createTextParser } from './framing/text-parser.js';
export type { TextParser, TextParserOptions } from './framing/text-parser.js';

// Partial JSON and JSON mode
export { createPartialJSONParser, parsePartialJSON } from './json/partial-json-parser.js';
export type { PartialJSONParser, PartialJSONParserOptions } from './json/partial-json-parser.js';
export { isCompleteNode } from './json/complete-nodes.js';
export type { JSONPath } from './json/json-path.js';
export { createJSONMode, JSONValidationError } from './json/json-mode.js';
export type { JSONMode, JSONModeOptions, JSONModeOption, JSONModeSnapshot } from './json/json-mode.js';

// The one orchestration path
export { createStream } from './stream/create-stream.js';
export { resolveDecoder } from './decoders/registry.js';
export { rawDecoder } from './decoders/raw.js';
export { pipelineDecoder } from './decoders/pipeline.js';

// Event processing and batching
export { createEventProcessor } from './processor/event-processor.js';
export type { EventProcessor, EventPredicate, EventMapper, EventTap, ProcessorStage } from './processor/event-processor.js';
export type { BatchOptions } from './processor/coalesce-batch.js';
export { createMetricsCollector } from './processor/metrics-collector.js';
export type { MetricsCollector, ProcessorMetrics } from './processor/metrics-collector.js';
export { createScheduler, setFrameScheduler, scheduleFrame, scheduleMicrotask, scheduleTimeout } from './processor/scheduler.js';
export type { Scheduler, ScheduleFunction, SchedulerMode } from './processor/scheduler.js';

// Stores (zustand vanilla)
export { createStreamStore, initialStreamState } from './store/stream-store.js';
export type { StreamStoreOptions, StreamStoreInput, StartOverrides, CreateStreamFunction } from './store/stream-store.js';
export { createPipelineStore } from './store/pipeline-store.js';
export type { PipelineStore, PipelineStoreState } from './store/pipeline-store.js';
export { reducePipelineEvent, initialPipelineState } from './store/pipeline-reducer.js';
export type { PipelineReduction, AppliedEventIds } from './store/pipeline-reducer.js';
export { isJSONPathComplete, toPathSegments } from './store/json-completeness.js';
export type { JSONPathInput } from './store/json-completeness.js';
export { requestKey } from './store/request-key.js';
export type { PersistOptions, PersistStorage, PersistedStream } from './store/persistence.js';
export { retainStore, observerCount } from './store/observers.js';
export { onStreamStoreCreated } from './store/store-registry.js';
export type { StoreCreatedListener } from './store/store-registry.js';

// Providers, usage, cost, presets
export {
  providerDecoders,
  openaiDecoder,
  openaiResponsesDecoder,
  anthropicDecoder,
  xaiDecoder,
  geminiDecoder,
  createChatCompletionsDecoder,
  createResponsesDecoder,
  createAnthropicDecoder,
  createGeminiDecoder,
} from './providers/index.js';
export { estimateTokensHeuristic, finalizeUsage } from './usage.js';
export type { FinalizeUsageInput } from './usage.js';
export { DEFAULT_PRICES, PRICE_TABLE_DATE } from './pricing/prices.js';
export { computeCostUsd } from './pricing/cost.js';
export type { CostInput } from './pricing/cost.js';
export { findModelPrice, normalizeModelName } from './pricing/lookup.js';
export { JSON_MODE, HIGH_THROUGHPUT, LOW_LATENCY } from './presets.js';

// Devtools: redaction, stream registry, NDJSON export/import and replay
export * from './redact/index.js';
export * from './registry/index.js';
export * from './replay/index.js';
