import { describe, expect, it } from 'vitest';
import { HIGH_THROUGHPUT, JSON_MODE, LOW_LATENCY } from '../../src/core/presets.js';
import type { StreamOptions } from '../../src/core/types.js';

describe('presets', () => {
  it('are plain frozen option objects that spread into StreamOptions', () => {
    for (const preset of [JSON_MODE, HIGH_THROUGHPUT, LOW_LATENCY]) {
      expect(Object.getPrototypeOf(preset)).toBe(Object.prototype);
      expect(Object.isFrozen(preset)).toBe(true);
      const options: StreamOptions = { ...preset, idleTimeoutMs: 5 };
      expect(options.idleTimeoutMs).toBe(5);
    }
  });

  it('make the documented choices', () => {
    expect(JSON_MODE).toMatchObject({ json: true, batch: 'frame' });
    expect(HIGH_THROUGHPUT.batch).toBeTypeOf('number');
    expect(HIGH_THROUGHPUT.maxBufferSize).toBeGreaterThan(8 * 1024 * 1024);
    expect(LOW_LATENCY).toMatchObject({ batch: 'microtask', resume: 'auto' });
    expect(LOW_LATENCY.connectTimeoutMs).toBeLessThan(HIGH_THROUGHPUT.idleTimeoutMs!);
    // retries stay bounded in every preset
    for (const preset of [JSON_MODE, HIGH_THROUGHPUT, LOW_LATENCY]) {
      const retry = preset.retry;
      expect(retry && typeof retry === 'object' ? retry.maxAttempts : 0).toBeGreaterThan(0);
    }
  });
});
