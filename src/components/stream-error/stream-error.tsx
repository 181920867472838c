import { createContext, forwardRef, useContext, type ButtonHTMLAttributes, type HTMLAttributes, type MouseEvent, type ReactNode } from 'react';
import type { StreamErrorCode } from '../../core/errors.js';
import { Slot, withContent } from '../shared/slot.js';
import { defaultErrorMessages, unknownErrorMessage } from './messages.js';
import { redactText } from '../../core/redact/redact.js';

/** Anything a hook may hand over as an error: a StreamError, any Error, or a plain message. */
export type ErrorLike =
  | { code?: string; message?: string; status?: number | undefined; retryable?: boolean; providerCode?: string | undefined; bodyExcerpt?: string | undefined }
  | Error
  | string;

export type StreamErrorState = 'retryable' | 'fatal';

interface ErrorView {
  code: string | undefined;
  status: number | undefined;
  providerCode: string | undefined;
  /** Already redacted. */
  message: string;
  /** Already redacted. */
  excerpt: string | undefined;
  retryable: boolean;
  /** The sentence for people, chosen by code. */
  summary: string;
}

export function describeError(error: ErrorLike, messages?: Partial<Record<StreamErrorCode, string>>): ErrorView {
  const obj = typeof error === 'string' ? { message: error } : (error as Record<string, unknown>);
  const code = typeof obj['code'] === 'string' ? (obj['code'] as string) : undefined;
  const status = typeof obj['status'] === 'number' ? (obj['status'] as number) : undefined;
  const known = code !== undefined && Object.hasOwn(defaultErrorMessages, code) ? (code as StreamErrorCode) : undefined;
  const chosen = known ? (messages?.[known] ?? defaultErrorMessages[known]) : unknownErrorMessage;
  const summary = known === 'http' && status !== undefined && messages?.http === undefined ? `${chosen} (HTTP ${status})` : chosen;
  const rawMessage = typeof obj['message'] === 'string' ? (obj['message'] as string) : '';
  const excerpt = typeof obj['bodyExcerpt'] === 'string' ? (obj['bodyExcerpt'] as string) : undefined;
  return {
    code,
    status,
    providerCode: typeof obj['providerCode'] === 'string' ? redactText(obj['providerCode'] as string) : undefined,
    message: redactText(rawMessage),
    excerpt: excerpt === undefined ? undefined : redactText(excerpt),
    retryable: typeof obj['retryable'] === 'boolean' ? (obj['retryable'] as boolean) : code !== 'aborted',
    summary,
  };
}

function stateOf(view: ErrorView): StreamErrorState {
  return view.retryable ? 'retryable' : 'fatal';
}

const ErrorContext = createContext<{ view: ErrorView; onRetry: (() => void) | undefined } | null>(null);

function useErrorContext(part: string) {
  const ctx = useContext(ErrorContext);
  if (!ctx) throw new Error(`<StreamError.${part}> must be rendered inside <StreamError.Root>`);
  return ctx;
}

export interface StreamErrorRootProps extends HTMLAttributes<HTMLDivElement> {
  /** The error to show (`useStream().error`). Nothing renders when it is undefined/null. */
  error: ErrorLike | null | undefined;
  onRetry?: () => void;
  /** Override the message for some codes. */
  messages?: Partial<Record<StreamErrorCode, string>>;
  asChild?: boolean;
}

const Root = forwardRef<HTMLDivElement, StreamErrorRootProps>(function StreamErrorRoot(
  { error, onRetry, messages, asChild, children, ...props },
  ref,
) {
  if (error === null || error === undefined) return null;
  const view = describeError(error, messages);
  const Comp = asChild ? Slot : 'div';
  return (
    <ErrorContext.Provider value={{ view, onRetry }}>
      <Comp
        ref={ref}
        role="alert"
        data-sk="stream-error"
        data-state={stateOf(view)}
        data-code={view.code}
        {...props}
      >
        {children}
      </Comp>
    </ErrorContext.Provider>
  );
});

const Message = forwardRef<HTMLParagraphElement, HTMLAttributes<HTMLParagraphElement> & { asChild?: boolean }>(function StreamErrorMessage(
  { asChild, children, ...props },
  ref,
) {
  const { view } = useErrorContext('Message');
  const Comp = asChild ? Slot : 'p';
  return (
    <Comp ref={ref} data-sk="stream-error-message" data-state={stateOf(view)} {...props}>
      {asChild ? withContent(asChild, children, view.summary) : (children ?? view.summary)}
    </Comp>
  );
});

export interface StreamErrorRetryProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  asChild?: boolean;
}

/** Calls `onRetry`; not rendered when there is no `onRetry`. */
const Retry = forwardRef<HTMLButtonElement, StreamErrorRetryProps>(function StreamErrorRetry({ asChild, children, onClick, ...props }, ref) {
  const { view, onRetry } = useErrorContext('Retry');
  if (!onRetry) return null;
  const Comp = asChild ? Slot : 'button';
  // The user's onClick runs first and does not replace the retry (preventDefault() skips it).
  const handleClick = (event: MouseEvent<HTMLButtonElement>) => {
    onClick?.(event);
    if (!event.defaultPrevented) onRetry();
  };
  return (
    <Comp ref={ref} type="button" data-sk="stream-error-retry" data-state={stateOf(view)} {...props} onClick={handleClick}>
      {asChild ? withContent(asChild, children, 'Try again') : (children ?? 'Try again')}
    </Comp>
  );
});

export interface StreamErrorDetailsProps extends HTMLAttributes<HTMLDetailsElement> {
  summary?: ReactNode;
  /** Render your own element (e.g. a `<div>`) instead of the native `<details>`; the list goes inside it. */
  asChild?: boolean;
}

/** A native disclosure with code, status and the (redacted) technical message. */
const Details = forwardRef<HTMLDetailsElement, StreamErrorDetailsProps>(function StreamErrorDetails(
  { summary = 'Details', asChild, children, ...props },
  ref,
) {
  const { view } = useErrorContext('Details');
  const list = (
    <dl>
      {view.code !== undefined && (
        <>
          <dt>Code</dt>
          <dd>{view.code}</dd>
        </>
      )}
      {view.status !== undefined && (
        <>
          <dt>Status</dt>
          <dd>{view.status}</dd>
        </>
      )}
      {view.providerCode !== undefined && (
        <>
          <dt>Provider code</dt>
          <dd>{view.providerCode}</dd>
        </>
      )}
      {view.message !== '' && (
        <>
          <dt>Message</dt>
          <dd>{view.message}</dd>
        </>
      )}
      {view.excerpt !== undefined && view.excerpt !== '' && (
        <>
          <dt>Response</dt>
          <dd>
            <code>{view.excerpt}</code>
          </dd>
        </>
      )}
    </dl>
  );
  if (asChild) {
    return (
      <Slot ref={ref as never} data-sk="stream-error-details" data-state={stateOf(view)} {...props}>
        {withContent(asChild, children, list)}
      </Slot>
    );
  }
  return (
    <details ref={ref} data-sk="stream-error-details" data-state={stateOf(view)} {...props}>
      <summary>{summary}</summary>
      {list}
      {children}
    </details>
  );
});

export interface StreamErrorProps extends Omit<StreamErrorRootProps, 'children'> {
  retryLabel?: ReactNode;
  detailsLabel?: ReactNode;
}

/** `role="alert"` with a message chosen by `error.code`, a retry button and a details disclosure. */
function StreamErrorDefault({ retryLabel, detailsLabel, ...props }: StreamErrorProps) {
  return (
    <Root {...props}>
      <Message />
      <Retry>{retryLabel}</Retry>
      <Details {...(detailsLabel === undefined ? {} : { summary: detailsLabel })} />
    </Root>
  );
}

export const StreamError = Object.assign(StreamErrorDefault, { Root, Message, Retry, Details });
