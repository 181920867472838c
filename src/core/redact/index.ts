export { REDACTED, errorToPlain, isSecretHeader, isSecretParam, redactCredentials, redactHeaders, redactString, redactUrl } from './redact.js';
export type { RedactOptions } from './redact.js';
