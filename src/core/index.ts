// streamkit — the framework-agnostic core. Runs in browsers, workers, Node >= 20 and edge runtimes.
export { StreamError, isStreamError, toStreamError } from './errors.js';
export type { StreamErrorCode, StreamErrorInit } from './errors.js';
export { estimateTokensHeuristic, finalizeUsage } from './usage.js';
export type * from './types.js';
export type * from './store-types.js';
