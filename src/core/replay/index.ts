export { ReplayParseError, STREAM_EVENT_TYPES, exportEventsNDJSON, parseEventsNDJSON, serializeEvent } from './ndjson.js';
export { createReplaySource, replayEvents, resultFromEvents } from './replay.js';
export type { ReplayOptions } from './replay.js';
export { replayDecoder } from './replay-decoder.js';
