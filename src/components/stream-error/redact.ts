/**
 * Removes anything that looks like a credential before text reaches the screen. Error messages and
 * response excerpts come from servers and libraries we do not control, so the UI scrubs them again.
 */
const PATTERNS: Array<[RegExp, string]> = [
  // Header lines: Authorization, Proxy-Authorization, Cookie, Set-Cookie, x-api-key, api-key, x-goog-api-key.
  [/\b((?:proxy-)?authorization|cookie|set-cookie|x-api-key|api-key|x-goog-api-key)(\s*[:=]\s*)("?)[^\r\n"]*\3/gi, '$1$2$3[redacted]$3'],
  // Bearer / Basic tokens wherever they appear.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, '$1 [redacted]'],
  // Provider key shapes: OpenAI / Anthropic (sk-, sk-proj-, sk-ant-), xAI (xai-), Google (AIza...).
  [/\bsk-[A-Za-z0-9_-]{8,}/g, 'sk-[redacted]'],
  [/\bxai-[A-Za-z0-9_-]{8,}/g, 'xai-[redacted]'],
  [/\bAIza[0-9A-Za-z_-]{20,}/g, 'AIza[redacted]'],
  // key=value pairs in URLs, JSON and prose: api_key, apikey, access_token, token, secret, password.
  [
    /(["']?\b(?:api[_-]?key|apikey|access[_-]?token|refresh[_-]?token|client[_-]?secret|secret|password|token|key)\b["']?\s*[:=]\s*)(["']?)[^\s"'&,}]+\2/gi,
    '$1$2[redacted]$2',
  ],
];

export function redactSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
