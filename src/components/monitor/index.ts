import { StreamMonitorFloating } from './floating.js';
import { StreamMonitor as StreamMonitorBase } from './stream-monitor.js';

/** `<StreamMonitor run|store|pipeline|events|source />` and `<StreamMonitor.Floating />`. */
export const StreamMonitor = Object.assign(StreamMonitorBase, { Floating: StreamMonitorFloating });

export { StreamMonitorFloating };
export type { StreamMonitorProps, MonitorTab } from './stream-monitor.js';
export type { StreamMonitorFloatingProps } from './floating.js';
export type { ReplayTiming } from './export-import.js';
export { downloadText } from './export-import.js';
