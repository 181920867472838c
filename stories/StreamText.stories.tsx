import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
import { StreamText } from '../src/components/index.js';
import type { StreamStatus } from '../src/core/store-types.js';
import { SAMPLE_PROSE, tokenize, useSimulatedText } from './support/simulated.js';

const meta = {
  title: 'Components/StreamText',
  component: StreamText,
  args: { text: SAMPLE_PROSE, status: 'streaming', announce: 'completion' },
  argTypes: {
    status: { control: 'select', options: ['idle', 'connecting', 'streaming', 'reconnecting', 'done', 'error', 'aborted'] },
    announce: { control: 'inline-radio', options: ['off', 'completion', 'sentences'] },
  },
} satisfies Meta<typeof StreamText>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Streaming: Story = {
  play: async ({ canvasElement }) => {
    const root = canvasElement.querySelector('[data-sk="stream-text"]');
    await expect(root).toHaveAttribute('data-state', 'streaming');
    await expect(root).toHaveAttribute('aria-busy', 'true');
    await expect(canvasElement.querySelector('[data-sk="stream-text-caret"]')).toBeInTheDocument();
    // The text is not a live region; the hidden status region is the only one.
    const content = canvasElement.querySelector('[data-sk="stream-text-content"]');
    await expect(content).not.toHaveAttribute('aria-live');
    await expect(within(canvasElement).getAllByRole('status')).toHaveLength(1);
  },
};

export const Done: Story = {
  args: { status: 'done' },
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector('[data-sk="stream-text-caret"]')).toBeNull();
    await expect(canvasElement.querySelector('[data-sk="stream-text"]')).not.toHaveAttribute('aria-busy');
  },
};

const STATES: StreamStatus[] = ['idle', 'connecting', 'streaming', 'reconnecting', 'done', 'error', 'aborted'];

/** Every `data-state` side by side. */
export const States: Story = {
  render: () => (
    <dl style={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '0.75rem 1.5rem', margin: 0 }}>
      {STATES.map((status) => (
        <div key={status} style={{ display: 'contents' }}>
          <dt style={{ fontFamily: 'var(--sk-font-mono)', color: 'var(--sk-fg-muted)' }}>{status}</dt>
          <dd style={{ margin: 0 }}>
            <StreamText status={status} text={status === 'idle' ? '' : 'The quick brown fox jumps'} announce="off" />
          </dd>
        </div>
      ))}
    </dl>
  ),
  play: async ({ canvasElement }) => {
    const roots = [...canvasElement.querySelectorAll('[data-sk="stream-text"]')];
    await expect(roots.map((r) => r.getAttribute('data-state'))).toEqual(STATES);
    const carets = [...canvasElement.querySelectorAll('[data-sk="stream-text-caret"]')].map((c) => c.getAttribute('data-state'));
    await expect(carets).toEqual(['connecting', 'streaming', 'reconnecting']);
  },
};

const TOKENS = tokenize(SAMPLE_PROSE);

function Simulated({ announce }: { announce: 'off' | 'completion' | 'sentences' }) {
  const { text, status } = useSimulatedText(TOKENS, 25);
  return <StreamText text={text} status={status} announce={announce} />;
}

/** A simulated stream: the caret shows while text arrives and goes away when it is done. */
export const CaretWhileStreaming: Story = {
  render: (args) => <Simulated announce={args.announce ?? 'completion'} />,
  play: async ({ canvasElement }) => {
    const root = canvasElement.querySelector('[data-sk="stream-text"]') as HTMLElement;
    await waitFor(() => expect(root).toHaveAttribute('data-state', 'streaming'), { timeout: 10_000 });
    const caret = canvasElement.querySelector('[data-sk="stream-text-caret"]') as HTMLElement;
    await expect(caret).toBeInTheDocument();
    await expect(getComputedStyle(caret).display).not.toBe('none');
    await waitFor(() => expect(root).toHaveAttribute('data-state', 'done'), { timeout: 20_000 });
    await expect(canvasElement.querySelector('[data-sk="stream-text-caret"]')).toBeNull();
    await expect(canvasElement.querySelector('[data-sk="stream-text-content"]')?.textContent).toBe(SAMPLE_PROSE);
    // Completion policy: the status region ends up with the whole text and the completion message.
    await waitFor(() => expect(within(canvasElement).getByRole('status')).toHaveTextContent('Response complete.'), { timeout: 5_000 });
  },
};

/** Sentence announcements: complete sentences are spoken, throttled, then the end. */
export const AnnounceSentences: Story = {
  args: { announce: 'sentences' },
  render: (args) => <Simulated announce={args.announce ?? 'sentences'} />,
  play: async ({ canvasElement }) => {
    const status = within(canvasElement).getByRole('status');
    await waitFor(() => expect(status).toHaveTextContent('Streaming interfaces show an answer'), { timeout: 15_000 });
    await waitFor(() => expect(status).toHaveTextContent('Response complete.'), { timeout: 20_000 });
  },
};

const MANY_SENTENCES = Array.from({ length: 30 }, (_, i) => `Sentence number ${i + 1} is short.`).join(' ');
const MANY_TOKENS = tokenize(MANY_SENTENCES);

function FastSentences() {
  const { text, status } = useSimulatedText(MANY_TOKENS, 15);
  return <StreamText text={text} status={status} announce="sentences" />;
}

/** A fast stream of many sentences: announcements are batched, never closer than ~1.5 s apart. */
export const AnnouncementThrottle: Story = {
  render: () => <FastSentences />,
  play: async ({ canvasElement }) => {
    const region = within(canvasElement).getByRole('status');
    const times: number[] = [];
    const observer = new MutationObserver(() => times.push(performance.now()));
    observer.observe(region, { childList: true, characterData: true, subtree: true });
    await waitFor(() => expect(region).toHaveTextContent('Response complete.'), { timeout: 30_000 });
    observer.disconnect();
    // Every sentence was spoken (batched), far fewer announcements than sentences.
    await expect(times.length).toBeLessThan(30);
    for (let i = 1; i < times.length; i++) {
      await expect((times[i] as number) - (times[i - 1] as number)).toBeGreaterThanOrEqual(1400);
    }
    await expect(region).toHaveTextContent('Sentence number 30 is short.');
  },
};

/** Headless parts with `asChild`: the content renders as a user's own element. */
export const Composed: Story = {
  render: (args) => (
    <StreamText.Root text={args.text ?? ''} status={args.status ?? 'streaming'}>
      <StreamText.Content asChild>
        <p className="my-answer" style={{ margin: 0, display: 'inline' }} />
      </StreamText.Content>
      <StreamText.Caret />
      <StreamText.Status announce="off" />
    </StreamText.Root>
  ),
  play: async ({ canvasElement }) => {
    const p = canvasElement.querySelector('p.my-answer');
    await expect(p).toHaveAttribute('data-sk', 'stream-text-content');
    await expect(p?.textContent).toBe(SAMPLE_PROSE);
  },
};

/** The same states in the dark theme (axe checks contrast there too). */
export const StatesDark: Story = { ...States, globals: { theme: 'dark' } };
