export type { Decoder } from '../../src/core/types.js';
export type { ScheduleFunction as ScheduleFunctionLike } from '../../src/core/processor/scheduler.js';
