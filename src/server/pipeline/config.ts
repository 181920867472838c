/** The `streaming` block of a pipeline JSON config (IA-Modules streaming plan; snake_case as in the file). */
export interface PipelineStreamingConfig {
  /** false: the pipeline runs without emitting any stream event. Default true. */
  enabled?: boolean;
  /** false: no numeric `step_progress`; LLM tokens (`data.token`) still stream, they are content. Default true. */
  emit_progress?: boolean;
  /** Replay ring size of the execution's streaming context. Default 1024. */
  buffer_size?: number;
  /** > 0: progress/token events of a step are coalesced and flushed at most once per interval. Default 0. */
  flush_interval_ms?: number;
}

export interface PipelineConfig {
  streaming?: PipelineStreamingConfig;
  [key: string]: unknown;
}

export interface ResolvedStreamingConfig {
  enabled: boolean;
  emitProgress: boolean;
  bufferSize: number;
  flushIntervalMs: number;
}

export const DEFAULT_STREAMING_CONFIG: Readonly<ResolvedStreamingConfig> = Object.freeze({
  enabled: true,
  emitProgress: true,
  bufferSize: 1024,
  flushIntervalMs: 0,
});

/** Validates and fills in the `streaming` block; throws a TypeError naming the bad field. */
export function resolveStreamingConfig(config: PipelineConfig | undefined): ResolvedStreamingConfig {
  const streaming = config?.streaming;
  if (streaming === undefined) return { ...DEFAULT_STREAMING_CONFIG };
  if (typeof streaming !== 'object' || streaming === null) throw new TypeError('config.streaming must be an object');
  const bool = (key: 'enabled' | 'emit_progress', fallback: boolean) => {
    const value = streaming[key];
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') throw new TypeError(`config.streaming.${key} must be a boolean`);
    return value;
  };
  const int = (key: 'buffer_size' | 'flush_interval_ms', fallback: number, max: number) => {
    const value = streaming[key];
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
      throw new TypeError(`config.streaming.${key} must be an integer between 0 and ${max}`);
    }
    return value;
  };
  return {
    enabled: bool('enabled', DEFAULT_STREAMING_CONFIG.enabled),
    emitProgress: bool('emit_progress', DEFAULT_STREAMING_CONFIG.emitProgress),
    bufferSize: int('buffer_size', DEFAULT_STREAMING_CONFIG.bufferSize, 1_000_000),
    flushIntervalMs: int('flush_interval_ms', DEFAULT_STREAMING_CONFIG.flushIntervalMs, 60_000),
  };
}
