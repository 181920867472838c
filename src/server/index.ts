// streamkit/server: produce SSE / NDJSON / WebSocket streams for streamkit clients (Node >= 20;
// `sseResponse` also runs wherever Web `Response` exists).

export { encodeSSE, encodeSSEComment, encodeSSERetry, sseHeadersFor, SSE_HEADERS, DEFAULT_HEARTBEAT_MS } from './sse.js';
export type { SSEMessage } from './sse.js';
export { encodeNDJSON, NDJSON_HEADERS } from './ndjson.js';
export { sseResponse, ndjsonResponse } from './sse-response.js';
export type { StreamResponseInit } from './sse-response.js';
export { writeSSE, writeNDJSON, waitForDrain } from './write-sse.js';
export type { WriteStreamOptions, WriteStreamResult } from './write-sse.js';
export type { StreamSource, StreamItem, ContextSource } from './source.js';

export {
  EXECUTION_ID_PATTERN,
  isValidExecutionId,
  formatEventId,
  parseEventId,
  pipelineWireEvent,
} from './wire.js';
export type { PipelineWireEvent, ContextEvent } from './wire.js';

export { createStreamingContext } from './context/streaming-context.js';
export type {
  StreamingContext,
  StreamingContextOptions,
  StoredEvent,
  Subscriber,
  SubscribeOptions,
  Subscription,
  SubscriptionHandle,
  SubscriptionEndReason,
  OverflowPolicy,
  ReplayGap,
  ResumeStatus,
  ContextStats,
  LatencySummary,
} from './context/types.js';

export { sseSubscriber } from './subscribers/sse.js';
export type { SSESubscriberOptions } from './subscribers/sse.js';
export { websocketSubscriber, websocketMessage } from './subscribers/websocket.js';
export type { WebSocketSubscriberOptions } from './subscribers/websocket.js';
export { callbackSubscriber } from './subscribers/callback.js';
export type { CallbackSubscriberOptions } from './subscribers/callback.js';
export { fileSubscriber } from './subscribers/file.js';
export type { FileSubscriberOptions } from './subscribers/file.js';
export { metricsSubscriber } from './subscribers/metrics.js';
export type { MetricsSubscriber, PipelineMetricsSnapshot, StepMetrics } from './subscribers/metrics.js';
export { subscribeIterator } from './subscribers/iterator.js';
export type { ContextIterator } from './subscribers/iterator.js';

export { runPipeline } from './pipeline/runner.js';
export type { PipelineStep, StepContext, RunPipelineOptions, PipelineRunResult } from './pipeline/runner.js';
export { resolveStreamingConfig, DEFAULT_STREAMING_CONFIG } from './pipeline/config.js';
export type { PipelineConfig, PipelineStreamingConfig, ResolvedStreamingConfig } from './pipeline/config.js';

export { createExecutionRegistry } from './registry.js';
export type { Execution, ExecutionRegistry } from './registry.js';
export { createStreamLimiter } from './security/limiter.js';
export type { StreamLimiter } from './security/limiter.js';
export { admitStream } from './security/admission.js';
export type { StreamIdentity, StreamAccessOptions, Admission, Rejection } from './security/admission.js';
export { createPipelineEndpoint } from './security/endpoint.js';
export type { PipelineEndpointOptions, NodeHandler } from './security/endpoint.js';
export { createPipelineWebSocketHandler } from './security/websocket.js';
export type { PipelineWebSocketOptions, PipelineWebSocketHandler } from './security/websocket.js';

export { createDemoMiddleware } from './demo/middleware.js';
export type { DemoMiddlewareOptions, ConnectMiddleware } from './demo/middleware.js';
export { sampleAnswer, SAMPLE_KINDS } from './demo/samples.js';
export type { SampleAnswer, SampleKind, SampleToolCall } from './demo/samples.js';
