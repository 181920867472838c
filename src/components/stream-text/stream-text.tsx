import { createContext, forwardRef, useContext, useEffect, useRef, useState, type HTMLAttributes, type ReactNode } from 'react';
import type { StreamStatus, StreamStoreState } from '../../core/store-types.js';
import { Slot, withContent } from '../shared/slot.js';
import { useStoreSlice, type ReadableStore } from '../shared/use-store-slice.js';
import { visuallyHidden } from '../shared/visually-hidden.js';
import { createAnnouncer, createSentenceScanner } from './announcer.js';

export type AnnouncePolicy = 'off' | 'completion' | 'sentences';

/** Statuses during which text may still arrive: the caret shows and the root is `aria-busy`. */
export function isActiveStatus(status: StreamStatus): boolean {
  return status === 'connecting' || status === 'streaming' || status === 'reconnecting';
}

interface StreamTextContextValue {
  text: string;
  status: StreamStatus;
}

const StreamTextContext = createContext<StreamTextContextValue | null>(null);

function useStreamTextContext(part: string): StreamTextContextValue {
  const ctx = useContext(StreamTextContext);
  if (!ctx) throw new Error(`<StreamText.${part}> must be rendered inside <StreamText.Root>`);
  return ctx;
}

type DivProps = Omit<HTMLAttributes<HTMLDivElement>, 'children'>;

export interface StreamTextRootProps extends DivProps {
  /** The streamed text (e.g. `useStream().text`). Ignored when `store` is given. */
  text?: string;
  status?: StreamStatus;
  /** Read text and status straight from a stream store instead of props. */
  store?: ReadableStore<Pick<StreamStoreState, 'text' | 'status'>>;
  asChild?: boolean;
  children?: ReactNode;
}

const Root = forwardRef<HTMLDivElement, StreamTextRootProps>(function StreamTextRoot(
  { text: textProp, status: statusProp, store, asChild, children, ...props },
  ref,
) {
  const storeText = useStoreSlice(store, (s) => s.text);
  const storeStatus = useStoreSlice(store, (s) => s.status);
  const text = (store ? storeText : textProp) ?? '';
  const status = (store ? storeStatus : statusProp) ?? 'idle';
  const Comp = asChild ? Slot : 'div';
  return (
    <StreamTextContext.Provider value={{ text, status }}>
      <Comp
        ref={ref}
        data-sk="stream-text"
        data-state={status}
        aria-busy={isActiveStatus(status) || undefined}
        {...props}
      >
        {children}
      </Comp>
    </StreamTextContext.Provider>
  );
});

export interface StreamTextContentProps extends Omit<HTMLAttributes<HTMLSpanElement>, 'children'> {
  asChild?: boolean;
  /** With `asChild`: the element that hosts the text. */
  children?: ReactNode;
}

/** The text itself, as a text node (never HTML). Deliberately not a live region: see `Status`. */
const Content = forwardRef<HTMLSpanElement, StreamTextContentProps>(function StreamTextContent({ asChild, children, ...props }, ref) {
  const { text, status } = useStreamTextContext('Content');
  const Comp = asChild ? Slot : 'span';
  return (
    <Comp ref={ref} data-sk="stream-text-content" data-state={status} {...props}>
      {withContent(asChild, children, text)}
    </Comp>
  );
});

export interface StreamTextCaretProps extends Omit<HTMLAttributes<HTMLSpanElement>, 'children'> {
  asChild?: boolean;
  /** Keep the caret element mounted when idle/done (it gets `data-state` to style it away). */
  forceMount?: boolean;
}

/** An empty element the theme draws as a blinking caret; only rendered while text may still arrive. */
const Caret = forwardRef<HTMLSpanElement, StreamTextCaretProps>(function StreamTextCaret({ asChild, forceMount, ...props }, ref) {
  const { status } = useStreamTextContext('Caret');
  if (!forceMount && !isActiveStatus(status)) return null;
  const Comp = asChild ? Slot : 'span';
  return <Comp ref={ref} data-sk="stream-text-caret" data-state={status} aria-hidden="true" {...props} />;
});

export interface StreamTextMessages {
  start: string;
  done: string;
  error: string;
  aborted: string;
}

export const defaultStreamTextMessages: StreamTextMessages = {
  start: 'Generating response.',
  done: 'Response complete.',
  error: 'Response failed.',
  aborted: 'Response stopped.',
};

export interface StreamTextStatusProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  /**
   * What screen readers hear: `'off'` nothing; `'completion'` the start and then the whole text once
   * done; `'sentences'` the start, complete sentences as they stream (throttled), then the end.
   */
  announce?: AnnouncePolicy;
  /** Minimum time between two announcements, ms. Default 1500. */
  intervalMs?: number;
  messages?: Partial<StreamTextMessages>;
}

/** A visually hidden `role="status"` region that speaks the stream according to `announce`. */
const Status = forwardRef<HTMLDivElement, StreamTextStatusProps>(function StreamTextStatus(
  { announce = 'completion', intervalMs = 1500, messages, style, ...props },
  ref,
) {
  const { text, status } = useStreamTextContext('Status');
  const message = useAnnouncements(text, status, announce, intervalMs, { ...defaultStreamTextMessages, ...messages });
  return (
    <div
      ref={ref}
      role="status"
      aria-live="polite"
      aria-atomic="true"
      data-sk="stream-text-status"
      data-state={status}
      style={{ ...visuallyHidden, ...style }}
      {...props}
    >
      {announce === 'off' ? '' : message}
    </div>
  );
});

function useAnnouncements(
  text: string,
  status: StreamStatus,
  policy: AnnouncePolicy,
  intervalMs: number,
  messages: StreamTextMessages,
): string {
  const [message, setMessage] = useState('');
  const announcerRef = useRef<ReturnType<typeof createAnnouncer> | null>(null);
  const scannerRef = useRef(createSentenceScanner());
  const spokenToRef = useRef(0);
  const prevStatusRef = useRef<StreamStatus>('idle');
  const prevTextRef = useRef('');

  useEffect(() => {
    const announcer = createAnnouncer({ intervalMs, onAnnounce: setMessage });
    announcerRef.current = announcer;
    return () => announcer.dispose();
  }, [intervalMs]);

  useEffect(() => {
    const announcer = announcerRef.current;
    if (!announcer || policy === 'off') return;
    const scanner = scannerRef.current;
    const prevStatus = prevStatusRef.current;
    // A shorter text or a text that no longer extends the old one is a new run: start counting again.
    if (text.length < prevTextRef.current.length || !text.startsWith(prevTextRef.current.slice(0, 64))) {
      scanner.reset();
      spokenToRef.current = 0;
    }
    prevTextRef.current = text;
    prevStatusRef.current = status;

    if (isActiveStatus(status) && !isActiveStatus(prevStatus)) {
      scanner.reset();
      spokenToRef.current = 0;
      announcer.say(messages.start);
    }
    if (policy === 'sentences' && isActiveStatus(status)) {
      const boundary = scanner.scan(text);
      if (boundary > spokenToRef.current) {
        announcer.say(text.slice(spokenToRef.current, boundary));
        spokenToRef.current = boundary;
      }
    }
    if (status !== prevStatus) {
      if (status === 'done') {
        const rest = policy === 'completion' ? text : text.slice(spokenToRef.current);
        spokenToRef.current = text.length;
        announcer.say(`${rest} ${messages.done}`);
      } else if (status === 'error') announcer.say(messages.error);
      else if (status === 'aborted') announcer.say(messages.aborted);
    }
  }, [text, status, policy, messages.start, messages.done, messages.error, messages.aborted]);

  return message;
}

export interface StreamTextProps extends StreamTextRootProps {
  announce?: AnnouncePolicy;
  announceIntervalMs?: number;
  messages?: Partial<StreamTextMessages>;
}

/** Streamed text with a CSS caret and a screen-reader announcement policy. Compose the parts for control. */
function StreamTextDefault({ announce = 'completion', announceIntervalMs, messages, children, ...props }: StreamTextProps) {
  return (
    <Root {...props}>
      <Content />
      <Caret />
      <Status announce={announce} {...(announceIntervalMs === undefined ? {} : { intervalMs: announceIntervalMs })} {...(messages ? { messages } : {})} />
      {children}
    </Root>
  );
}

export const StreamText = Object.assign(StreamTextDefault, { Root, Content, Caret, Status });
