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
export { monitorTargetKind, observeStream } from './observe-stream.js';
export type { MonitorSnapshot, MonitorSource, MonitorTarget, MonitorTargetKind, ObserveOptions, ReadableStoreLike } from './observe-stream.js';
export { createEventLog } from './event-log.js';
export type { EventLog } from './event-log.js';
export { createStatsAccumulator } from './event-stats.js';
export type { ErrorSummary, StatsAccumulator, StatsOptions, StreamStats } from './event-stats.js';
