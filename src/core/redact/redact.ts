/**
 * Credential redaction for everything the monitor displays or exports.
 *
 * Three layers, applied together by `redactCredentials`:
 * - header names (`redactHeaders`): Authorization, cookies, `*-key`, `*token*`, `*secret*`, ...
 * - URL query parameters (`redactUrl`): `key`, `api_key`, `access_token`, `token`, `sig`, ...
 * - free text (`redactString`): `Bearer ...`, `sk-...`-style keys, `authorization: ...` lines,
 *   `"api_key": "..."` inside JSON excerpts, and credential query parameters inside any URL.
 *
 * Key-name rules for arbitrary objects are narrower than the header rules on purpose: a pipeline
 * event's `data.token` is an LLM token and `usage.outputTokens` is a count, not a credential.
 */

export const REDACTED = '[REDACTED]';

/** Header names that always carry credentials. */
const SECRET_HEADER = /^(?:authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key)$/i;
/** Header name shapes that carry credentials: `*-key`, `*_key`, `*token*`, `*secret*`, `*password*`, `*signature*`. */
const SECRET_HEADER_SHAPE = /(?:[-_]key$|apikey|token|secret|password|passwd|signature|credential|session)/i;

/** Query parameters that carry credentials. */
const SECRET_PARAM =
  /^(?:key|api[-_]?key|apikey|access[-_]?token|refresh[-_]?token|id[-_]?token|auth[-_]?token|token|auth|code|client[-_]?secret|secret|password|passwd|sig|signature|x-amz-signature|x-amz-credential|x-amz-security-token|x-goog-signature|x-goog-credential|session[-_]?token|jwt)$/i;

/**
 * Object keys whose string values are credentials. Deliberately not plain `token` or `tokens`
 * (LLM tokens and counts), see the file comment.
 */
const SECRET_OBJECT_KEY =
  /^(?:authorization|proxy[-_]?authorization|cookie|cookies|set[-_]?cookie|password|passwd|secret|client[-_]?secret|.*[-_]secret|api[-_]?key|apikey|x[-_]api[-_]key|.*[-_]api[-_]?key|access[-_]?token|refresh[-_]?token|id[-_]?token|auth[-_]?token|session[-_]?token|bearer|private[-_]?key|credentials?)$/i;

/** Keys whose value is a header collection (plain object, array of pairs or Headers). */
const HEADERS_KEY = /^(?:headers|requestHeaders|responseHeaders|header)$/i;

// ------------------------------------------------------------------------------- free text

interface TextRule {
  pattern: RegExp;
  replace: string | ((match: string, secret: string | undefined) => string);
}

/**
 * For `prefix(?:(secret shape)|rest of the run)` rules: the secret is redacted, the rest kept as is.
 * The second branch makes a start that is not a secret consume its run, so the search does not
 * restart at every later prefix inside it (`xai-xai-xai-...`, each restart rescanning the run to its
 * end, was quadratic). A later start inside the same run could only fail too: its run is a suffix.
 */
const redactSecretBranch = (match: string, secret: string | undefined): string => (secret === undefined ? match : REDACTED);

const PARAM_NAMES =
  'key|api[-_]?key|apikey|access[-_]?token|refresh[-_]?token|id[-_]?token|auth[-_]?token|token|client[-_]?secret|secret|password|passwd|sig|signature|x-amz-signature|x-amz-credential|x-amz-security-token|x-goog-signature|x-goog-credential|session[-_]?token|jwt';

const TEXT_RULES: readonly TextRule[] = [
  // `Authorization: Bearer abc`, `x-api-key: abc`, `Cookie: a=b; c=d` (header lines in excerpts/logs).
  {
    pattern:
      /\b((?:proxy-)?authorization|x-api-key|api-key|x-goog-api-key|cookie|set-cookie)(\s*[:=]\s*)(?:"[^"\r\n]*"|'[^'\r\n]*'|[^\r\n]+)/gi,
    replace: `$1$2${REDACTED}`,
  },
  // `Bearer abc.def` / `Basic dXNlcjpwYXNz` outside a header line. The token must contain a digit or a
  // symbol so that prose such as "Bearer authentication" or "Basic ideas" stays readable.
  {
    pattern: /\b(Bearer|Basic)\s+(?=[A-Za-z0-9\-._~+/]*[0-9\-_~+/])[A-Za-z0-9\-._~+/]{6,}=*/gi,
    replace: `$1 ${REDACTED}`,
  },
  // JSON or JS object excerpts: `"api_key": "abc"`, `apiKey: 'abc'`.
  {
    pattern:
      /(["']?(?:api[-_]?key|apikey|access[-_]?token|refresh[-_]?token|client[-_]?secret|secret|password|authorization|x-api-key)["']?\s*[:=]\s*)(["'])(?:(?!\2)[^\\\r\n]|\\.)*\2/gi,
    replace: `$1$2${REDACTED}$2`,
  },
  // Credential query parameters inside any URL or query string.
  { pattern: new RegExp(`([?&;](?:${PARAM_NAMES})=)[^&#\\s"'<>]*`, 'gi'), replace: `$1${REDACTED}` },
  // `password=hunter2`, `client_secret: abc`, `DB_PASSWORD=...` written in prose, logs or env dumps.
  // These names never label anything but a credential, so any unquoted value goes. (A lookbehind,
  // not a `(word_)*` prefix: a prefix chain would backtrack quadratically on `a-a-a-...` input.)
  {
    pattern:
      /(?<![A-Za-z])((?:password|passwd|pwd|secret|client[-_]?secret|api[-_]?key|apikey|access[-_]?token|refresh[-_]?token|auth[-_]?token|session[-_]?token|private[-_]?key)\s*[:=]\s*)(?!\[REDACTED\])(?!["'])[^\s"',;&<>]+/gi,
    replace: `$1${REDACTED}`,
  },
  // `token=...` / `key=...` / `auth=...` in prose: these words also label harmless things ("token = 42",
  // "key = name"), so only a credential-shaped value goes: 8+ characters, with a digit and a letter.
  {
    pattern: /\b((?:token|key|auth|sig|jwt)\s*=\s*)(?=[A-Za-z0-9._~+/-]*[0-9])(?=[A-Za-z0-9._~+/-]*[A-Za-z])[A-Za-z0-9._~+/-]{8,}=*/gi,
    replace: `$1${REDACTED}`,
  },
  // `https://user:password@host`. The scheme starts where no scheme character precedes it: with a
  // plain `\b` every letter of `a-a-a-...` would start a scan to the end of the run (quadratic).
  { pattern: /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:)[^@\s/]+@/gi, replace: `$1${REDACTED}@` },
  // Well-known key shapes: OpenAI/Anthropic `sk-...`, xAI `xai-...`, Google `AIza...`, GitHub, Slack, AWS.
  { pattern: /\bsk-[A-Za-z0-9_-]{6,}/g, replace: REDACTED },
  // xAI and Google keys, short test keys too; an xAI key must hold a digit so that names such as
  // `xai-tool-call` stay readable (the second branch keeps such a run, see redactSecretBranch).
  { pattern: /\bxai-(?:((?=[A-Za-z0-9_-]*[0-9])[A-Za-z0-9_-]{10,})|[A-Za-z0-9_-]*)/g, replace: redactSecretBranch },
  { pattern: /\bAIza[0-9A-Za-z_-]{16,}/g, replace: REDACTED },
  { pattern: /\bgh[pousr]_[A-Za-z0-9]{20,}/g, replace: REDACTED },
  { pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/g, replace: REDACTED },
  { pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, replace: REDACTED },
  // JSON Web Tokens (the second branch skips a run that is not one, see redactSecretBranch).
  {
    pattern: /\beyJ(?:([A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})|[A-Za-z0-9_-]*)/g,
    replace: redactSecretBranch,
  },
];

/** Cheap pre-check so the common case (an ordinary token delta) costs one scan, not twelve. */
const MAYBE_SECRET =
  /authorization|api-key|cookie|bearer|basic|token|key|secret|password|passwd|pwd|sig|jwt|sk-|xai-|AIza|gh[pousr]_|xox|AKIA|ASIA|eyJ|:\/\/[^/\s]*@|auth|code|credential/i;

/** Replaces credentials inside free text: bearer tokens, known key shapes, credential URL parameters. */
export function redactString(text: string): string {
  if (!MAYBE_SECRET.test(text)) return text;
  let out = text;
  for (const rule of TEXT_RULES) {
    rule.pattern.lastIndex = 0;
    out = typeof rule.replace === 'string' ? out.replace(rule.pattern, rule.replace) : out.replace(rule.pattern, rule.replace);
  }
  return out;
}

// ------------------------------------------------------------------------------- URLs

/**
 * Name fragments that make any query parameter a credential (compared lower-cased without `-`, `_`,
 * `.`): `X-Amz-Signature`, `upload_session`, `my.api.key`... Redacting a harmless parameter costs
 * nothing; leaking a key costs a lot, so this net is wider than the exact list above.
 */
const SECRET_PARAM_PARTS = ['key', 'token', 'secret', 'password', 'passwd', 'auth', 'signature', 'credential', 'session'];
const SECRET_PARAM_SHORT = new Set(['sig', 'pwd', 'code', 'jwt']);

/** True when a query parameter of this name carries a credential. */
export function isSecretParam(name: string): boolean {
  if (SECRET_PARAM.test(name)) return true;
  const n = name.toLowerCase().replace(/[-_.]/g, '');
  return SECRET_PARAM_SHORT.has(n) || SECRET_PARAM_PARTS.some((part) => n.includes(part));
}

/** True when a header of this name carries a credential. */
export function isSecretHeader(name: string): boolean {
  return SECRET_HEADER.test(name) || SECRET_HEADER_SHAPE.test(name);
}

export interface RedactUrlOptions {
  /**
   * Drop the `#fragment` altogether (it is never sent to the server, so a request summary does not
   * need it). By default it is kept, with credential parameters in it (`#access_token=...`) redacted.
   */
  dropFragment?: boolean;
}

/** `scheme://user:password@` or `scheme://token@` at the start of a URL. */
const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)[^/?#@\s]*@/i;

/** `a=1&key=2` with the credential values replaced. */
function redactParams(pairs: string): string {
  return pairs
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq === -1) return pair;
      let name = pair.slice(0, eq);
      try {
        name = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        // Keep the raw name: a malformed escape is not a reason to leak the value.
      }
      return isSecretParam(name) ? `${pair.slice(0, eq)}=${REDACTED}` : pair;
    })
    .join('&');
}

/**
 * Returns the URL with user info removed (user names can be tokens too), credential query (and
 * fragment) parameters replaced, and credential-shaped strings replaced. Relative URLs and non-URL
 * strings are handled as text. Never throws.
 */
export function redactUrl(url: string | URL, options: RedactUrlOptions = {}): string {
  let text = (typeof url === 'string' ? url : url.href).replace(USERINFO, '$1');
  let fragment = '';
  const hashStart = text.indexOf('#');
  if (hashStart !== -1) {
    fragment = options.dropFragment ? '' : `#${redactParams(text.slice(hashStart + 1))}`;
    text = text.slice(0, hashStart);
  }
  const queryStart = text.indexOf('?');
  if (queryStart !== -1) text = `${text.slice(0, queryStart)}?${redactParams(text.slice(queryStart + 1))}`;
  return redactString(text + fragment);
}

/** Absolute URLs inside free text (error messages that quote the request URL). */
const URL_IN_TEXT = /(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi;

/**
 * Free text with every URL in it redacted as `redactUrl` does (the wide parameter net, user info
 * removed), then the text rules of `redactString`. For messages that may quote a request URL.
 */
export function redactText(text: string): string {
  return redactString(text.includes('://') ? text.replace(URL_IN_TEXT, (found) => redactUrl(found)) : text);
}

// ------------------------------------------------------------------------------- headers

type HeaderPairs = ReadonlyArray<readonly [string, string]>;
interface HeadersLike {
  forEach(fn: (value: string, name: string) => void): void;
}

function isHeadersLike(value: unknown): value is HeadersLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { forEach?: unknown }).forEach === 'function' &&
    typeof (value as { get?: unknown }).get === 'function'
  );
}

/**
 * Returns a plain object copy of the headers with credential values replaced. Accepts a Headers
 * instance, an array of pairs or a plain record (the shapes of `HeadersInit`).
 */
export function redactHeaders(headers: HeadersInit | HeaderPairs | Record<string, unknown> | undefined | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers === undefined || headers === null) return out;
  const put = (name: string, value: unknown) => {
    const text = Array.isArray(value) ? value.map(String).join(', ') : String(value);
    out[name] = isSecretHeader(name) ? REDACTED : redactString(text);
  };
  if (isHeadersLike(headers)) headers.forEach((value, name) => put(name, value));
  else if (Array.isArray(headers)) {
    for (const pair of headers as HeaderPairs) if (pair.length >= 2) put(pair[0], pair[1]);
  } else for (const [name, value] of Object.entries(headers)) put(name, value);
  return out;
}

// ------------------------------------------------------------------------------- values

export interface RedactOptions {
  /** Maximum depth walked; deeper values are replaced by a marker rather than walked forever. Default 64. */
  maxDepth?: number;
}

/**
 * Deep copy of `value` with every credential replaced: secret keys, header collections, URLs and
 * credential-shaped text. Errors become `{ name, code, message, status, ... }` objects. Cycles are
 * cut. Values without credentials come back structurally equal (strings unchanged).
 */
export function redactCredentials<T>(value: T, options: RedactOptions = {}): T {
  const maxDepth = options.maxDepth ?? 64;
  const seen = new WeakSet<object>();

  const walk = (node: unknown, depth: number): unknown => {
    if (typeof node === 'string') return redactString(node);
    if (typeof node !== 'object' || node === null) return node;
    if (node instanceof URL) return redactUrl(node);
    if (seen.has(node)) return '[Circular]';
    if (depth >= maxDepth) return '[Too deep]';
    seen.add(node);
    try {
      if (isHeadersLike(node)) return redactHeaders(node as unknown as HeadersInit);
      if (Array.isArray(node)) return node.map((item) => walk(item, depth + 1));
      if (node instanceof Error) return walk(errorToPlain(node), depth);
      if (node instanceof Date) return node.toISOString();
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(node)) {
        if (SECRET_OBJECT_KEY.test(key) && child !== null && child !== undefined && typeof child !== 'number' && typeof child !== 'boolean') {
          out[key] = REDACTED;
        } else if (HEADERS_KEY.test(key) && typeof child === 'object' && child !== null) {
          out[key] = redactHeaders(child as HeadersInit);
        } else {
          out[key] = walk(child, depth + 1);
        }
      }
      return out;
    } finally {
      seen.delete(node);
    }
  };

  return walk(value, 0) as T;
}

/** The fields of an error worth showing or exporting, without cause chains or partial results. */
export function errorToPlain(error: Error): Record<string, unknown> {
  const e = error as Error & Record<string, unknown>;
  const plain: Record<string, unknown> = { name: e.name, message: e.message };
  for (const field of ['code', 'status', 'retryable', 'providerCode', 'retryAfterMs', 'bodyExcerpt'] as const) {
    if (e[field] !== undefined) plain[field] = e[field];
  }
  return plain;
}
