/**
 * Query parameter names that carry credentials. Names are compared lower-cased with `-`, `_`, `.`
 * removed, so `key`, `api_key`, `apiKey`, `access_token`, `X-Amz-Signature` are all caught. Redacting
 * a harmless parameter by mistake costs nothing; leaking a key costs a lot, so the net is wide.
 */
const SECRET_PARTS = ['key', 'token', 'secret', 'password', 'passwd', 'auth', 'signature', 'credential', 'session'];
const SECRET_NAMES = new Set(['sig', 'pwd', 'code', 'jwt']);

function isSecretParam(name: string): boolean {
  const n = name.toLowerCase().replace(/[-_.]/g, '');
  return SECRET_NAMES.has(n) || SECRET_PARTS.some((part) => n.includes(part));
}

export const REDACTED = 'REDACTED';

/**
 * The URL as events may show it: user info removed, credential-like query values replaced. Relative
 * URLs stay relative. Never throws.
 */
export function redactUrl(url: string | URL): string {
  const text = String(url);
  let parsed: URL;
  let relative = false;
  try {
    parsed = new URL(text);
  } catch {
    try {
      parsed = new URL(text, 'http://relative.invalid');
      relative = true;
    } catch {
      return '[invalid url]';
    }
  }
  parsed.username = '';
  parsed.password = '';
  const names = new Set(parsed.searchParams.keys());
  for (const name of names) {
    if (isSecretParam(name)) parsed.searchParams.set(name, REDACTED);
  }
  parsed.hash = '';
  if (relative) return parsed.pathname + parsed.search;
  return parsed.toString();
}

const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi;

/** Replaces every URL inside a message (e.g. a fetch error that quotes the request URL) by its redacted form. */
export function redactText(text: string): string {
  return text.replace(URL_IN_TEXT, (url) => redactUrl(url));
}

/**
 * A transport error safe to put on events: the message with URLs redacted. Runtime errors (undici,
 * browsers) quote the request URL, keys included; the original's `cause` (socket errors) is kept.
 */
export function redactError(error: unknown): unknown {
  if (!(error instanceof Error) || error.name === 'StreamError') return error;
  const message = redactText(error.message);
  if (message === error.message) return error;
  const safe = new Error(message, error.cause === undefined ? undefined : { cause: error.cause });
  safe.name = error.name;
  return safe;
}
