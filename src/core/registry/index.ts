export {
  autoRegisterStream,
  clearRegistry,
  configureRegistry,
  getRegisteredStreams,
  isAutoRegisterEnabled,
  registerStream,
  setAutoRegister,
  subscribeRegistry,
} from './stream-registry.js';
export type { RegisterOptions, RegisteredStream, RegistryOptions } from './stream-registry.js';
export { isFrameSource, monitorTargetKind, observeStream } from './observe-stream.js';
// Transport frames for devtools (a store's runs are only reachable page-wide).
export { onStreamFrames } from '../stream/frame-tap.js';
export type { MonitorSnapshot, MonitorSource, MonitorTarget, MonitorTargetKind, ObserveOptions, ReadableStoreLike } from './observe-stream.js';
export { createEventLog } from './event-log.js';
export type { EventLog } from './event-log.js';
export { createStatsAccumulator } from './event-stats.js';
export type { ErrorSummary, StatsAccumulator, StatsOptions, StreamStats } from './event-stats.js';
