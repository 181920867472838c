/** Link and image protocols allowed by default: nothing that can run code or smuggle content. */
export const DEFAULT_LINK_PROTOCOLS: readonly string[] = ['https:', 'mailto:'];
export const DEFAULT_IMAGE_PROTOCOLS: readonly string[] = ['https:'];

export interface UrlPolicy {
  /** Protocols (with the colon) links may use. Default `https:` and `mailto:`. */
  linkProtocols?: readonly string[];
  /** Protocols images may load from. Default `https:`. */
  imageProtocols?: readonly string[];
  /** Allow relative URLs (resolved by the browser against the page). Default false. */
  allowRelative?: boolean;
}

// Control characters and whitespace browsers strip inside schemes (`java\tscript:`) are removed
// before parsing, so the check sees what the browser would navigate to.
const STRIPPED = /[\u0000-\u0020\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;

/** The URL to render, or undefined when the policy does not allow it. Never throws. */
export function allowedUrl(raw: unknown, protocols: readonly string[], allowRelative = false): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const cleaned = raw.replace(STRIPPED, '');
  if (cleaned === '') return undefined;
  let url: URL;
  try {
    url = new URL(cleaned);
  } catch {
    // Not absolute. Relative URLs only when asked for, and never scheme-like ones nor protocol-relative
    // ones: browsers read `//host`, `/\host` and `\\host` alike as another origin.
    if (!allowRelative || /^[a-z][a-z0-9+.-]*:/i.test(cleaned) || /^[\\/]{2}/.test(cleaned)) return undefined;
    return cleaned;
  }
  const protocol = url.protocol.toLowerCase();
  return protocols.some((p) => p.toLowerCase() === protocol) ? url.href : undefined;
}
