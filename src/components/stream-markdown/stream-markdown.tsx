import { forwardRef, lazy, Suspense, useMemo, type ComponentProps, type HTMLAttributes, type ReactNode } from 'react';
import type { StreamStatus, StreamStoreState } from '../../core/store-types.js';
import { useStoreSlice, type ReadableStore } from '../shared/use-store-slice.js';
import { isActiveStatus } from '../stream-text/stream-text.js';
import { allowedUrl, DEFAULT_IMAGE_PROTOCOLS, DEFAULT_LINK_PROTOCOLS, type UrlPolicy } from './url-policy.js';

/**
 * `streamdown` is an optional peer dependency, loaded on first use so that apps which never render
 * markdown do not need it. When it is missing the import fails with an error that says what to do.
 */
const Streamdown = lazy(() =>
  import('streamdown').then(
    (mod) => ({ default: mod.Streamdown }),
    (cause: unknown) => {
      throw new Error('<StreamMarkdown> needs the optional peer dependency "streamdown": run `npm install streamdown`.', { cause });
    },
  ),
);

type StreamdownProps = ComponentProps<typeof Streamdown>;

export interface StreamMarkdownProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children'>, UrlPolicy {
  /** The markdown streamed so far. Ignored when `store` is given. */
  text?: string;
  status?: StreamStatus;
  store?: ReadableStore<Pick<StreamStoreState, 'text' | 'status'>>;
  /** Shown while `streamdown` loads; defaults to the raw text (as text). */
  fallback?: ReactNode;
}

/**
 * Markdown while it streams (unterminated fences, half links) rendered by `streamdown`. Raw HTML in
 * the markdown is dropped, never rendered; links and images pass only through a protocol allowlist,
 * and a disallowed link is shown as plain text.
 */
export const StreamMarkdown = forwardRef<HTMLDivElement, StreamMarkdownProps>(function StreamMarkdown(
  { text: textProp, status: statusProp, store, linkProtocols = DEFAULT_LINK_PROTOCOLS, imageProtocols = DEFAULT_IMAGE_PROTOCOLS, allowRelative = false, fallback, ...props },
  ref,
) {
  const storeText = useStoreSlice(store, (s) => s.text);
  const storeStatus = useStoreSlice(store, (s) => s.status);
  const text = (store ? storeText : textProp) ?? '';
  const status = (store ? storeStatus : statusProp) ?? 'idle';
  const active = isActiveStatus(status);

  const options = useMemo((): Partial<StreamdownProps> => {
    const linkOk = (url: unknown) => allowedUrl(url, linkProtocols, allowRelative);
    const imageOk = (url: unknown) => allowedUrl(url, imageProtocols, allowRelative);
    const components: StreamdownProps['components'] = {
      a: ({ href, children }) => {
        const safe = linkOk(href);
        if (safe === undefined) return <span data-sk="stream-markdown-blocked-link">{children}</span>;
        return (
          <a href={safe} rel="noopener noreferrer nofollow ugc" data-sk="stream-markdown-link">
            {children}
          </a>
        );
      },
      img: ({ src, alt }) => {
        const safe = imageOk(src);
        const label = typeof alt === 'string' ? alt : '';
        if (safe === undefined) return label === '' ? null : <span data-sk="stream-markdown-blocked-image">{label}</span>;
        return <img src={safe} alt={label} loading="lazy" referrerPolicy="no-referrer" decoding="async" />;
      },
    };
    return {
      // No raw HTML: skipped at the markdown stage, and no rehype-raw to turn any back into elements.
      skipHtml: true,
      rehypePlugins: [],
      // First gate for every URL attribute; the link/img components check again before rendering.
      urlTransform: (url: string, key: string) => (key === 'src' ? imageOk(url) : linkOk(url)) ?? '',
      components,
      controls: false,
      linkSafety: { enabled: false },
    };
  }, [linkProtocols, imageProtocols, allowRelative]);

  return (
    <div ref={ref} data-sk="stream-markdown" data-state={status} aria-busy={active || undefined} {...props}>
      <Suspense fallback={fallback ?? <p data-sk="stream-markdown-fallback">{text}</p>}>
        <Streamdown {...options} mode={active ? 'streaming' : 'static'} isAnimating={active} parseIncompleteMarkdown>
          {text}
        </Streamdown>
      </Suspense>
    </div>
  );
});
