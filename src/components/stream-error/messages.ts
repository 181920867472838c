import type { StreamErrorCode } from '../../core/errors.js';

/** One plain-language message per error code. UI picks by `code`, never by parsing error text. */
export const defaultErrorMessages: Record<StreamErrorCode, string> = {
  network: 'The connection was lost. Check your network and try again.',
  http: 'The server answered with an error.',
  'timeout-connect': 'The server took too long to respond.',
  'timeout-idle': 'The response stalled: no data arrived for a while.',
  'timeout-total': 'The response took longer than allowed.',
  parse: 'The response could not be read.',
  provider: 'The model provider reported an error.',
  protocol: 'The server sent a response in an unexpected format.',
  'max-buffer': 'The response was too large to process.',
  validation: 'The response did not match the expected structure.',
  aborted: 'The response was stopped.',
};

export const unknownErrorMessage = 'Something went wrong.';
