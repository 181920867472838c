import type { Decoder } from '../types.js';

/**
 * Provider decoders by name. The decoder registry (src/core/decoders/registry.ts) looks names up
 * here; each provider module adds itself to this table.
 */
export const providerDecoders: Partial<Record<string, Decoder>> = {};
