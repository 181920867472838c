import { redactText } from '../../core/redact/redact.js';

/**
 * Kept for the public API: the components redact with the one core module (`redactString` /
 * `redactCredentials` from 'streamkit'), so StreamError, PipelineProgress and StreamMonitor scrub the
 * same credentials the same way (`[REDACTED]`). URLs quoted in messages get the wide parameter net
 * and lose their user info, as in transport errors.
 */
export function redactSecrets(text: string): string {
  return redactText(text);
}
