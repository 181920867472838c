import { StreamError } from '../errors.js';
import { providerDecoders } from '../providers/index.js';
import type { Decoder, StreamRequest } from '../types.js';
import { createAutoDecoder } from './auto.js';
import { pipelineDecoder } from './pipeline.js';
import { rawDecoder } from './raw.js';

const builtIn: Record<string, Decoder> = { raw: rawDecoder, pipeline: pipelineDecoder };

const autoDecoder = createAutoDecoder(() => Object.values(providerDecoders).filter((d): d is Decoder => d !== undefined));

/**
 * The decoder for a request's `provider`: a Decoder object as given; 'raw' and 'pipeline' built in;
 * provider names from the `providerDecoders` table; 'auto' or absent -> detect from the first message.
 * An unknown name is a `protocol` StreamError (not retryable: asking again will not help).
 */
export function resolveDecoder(provider: StreamRequest['provider']): Decoder {
  if (provider === undefined || provider === 'auto') return autoDecoder;
  if (typeof provider === 'object') return provider;
  const found = builtIn[provider] ?? providerDecoders[provider];
  if (found) return found;
  throw new StreamError('protocol', `Unknown provider "${String(provider)}"`, { retryable: false });
}

export function providerName(provider: StreamRequest['provider']): string {
  if (provider === undefined) return 'auto';
  return typeof provider === 'object' ? provider.name : provider;
}
