// streamkit/react — hooks (thin bindings over the core stores) and components.
export { useStream } from './use-stream.js';
export type { UseStreamResult } from './use-stream.js';
export { useStreamJSON } from './use-stream-json.js';
export type { DeepPartial, UseStreamJSONOptions, UseStreamJSONResult } from './use-stream-json.js';
export { usePipelineStream } from './use-pipeline-stream.js';
export type { UsePipelineStreamResult } from './use-pipeline-stream.js';
export { StreamProvider, useStreamStore, useOptionalStreamStore } from './stream-provider.js';
export type { StreamProviderProps } from './stream-provider.js';
export type { StreamHookOptions } from './hook-options.js';

export * from '../components/index.js';
export { StreamMonitor, StreamMonitorFloating, downloadText } from '../components/monitor/index.js';
export type { StreamMonitorProps, StreamMonitorFloatingProps, MonitorTab, ReplayTiming } from '../components/monitor/index.js';
