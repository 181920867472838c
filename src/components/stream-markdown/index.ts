// streamkit/markdown — its own entry so that apps which never render markdown never resolve the
// optional `streamdown` peer dependency (bundlers resolve even lazy imports at build time).
export { StreamMarkdown } from './stream-markdown.js';
export type { StreamMarkdownProps } from './stream-markdown.js';
export { allowedUrl, DEFAULT_LINK_PROTOCOLS, DEFAULT_IMAGE_PROTOCOLS } from './url-policy.js';
export type { UrlPolicy } from './url-policy.js';
