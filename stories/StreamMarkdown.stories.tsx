import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
import { StreamMarkdown } from '../src/components/stream-markdown/index.js';
import { tokenize, useSimulatedText } from './support/simulated.js';

const DOC = [
  '# Streaming markdown',
  '',
  'Markdown renders **while it streams**, with [a safe link](https://example.com/docs) and `inline code`.',
  '',
  '- unterminated fences are closed for display',
  '- half-written links stay text until complete',
  '',
  '```ts',
  'const run = createStream({ url: "/api/demo/chat" });',
  '```',
  '',
  'Write to [the team](mailto:team@example.com).',
].join('\n');

const meta = {
  title: 'Components/StreamMarkdown',
  component: StreamMarkdown,
  args: { text: DOC, status: 'done' },
  argTypes: { status: { control: 'select', options: ['idle', 'connecting', 'streaming', 'reconnecting', 'done', 'error', 'aborted'] } },
} satisfies Meta<typeof StreamMarkdown>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Complete: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByRole('heading', { name: 'Streaming markdown' })).toBeInTheDocument(), { timeout: 10_000 });
    await expect(canvas.getByRole('link', { name: 'a safe link' })).toHaveAttribute('href', 'https://example.com/docs');
    await expect(canvas.getByRole('link', { name: 'the team' })).toHaveAttribute('href', 'mailto:team@example.com');
  },
};

/** Cut mid-fence: the open fence renders as code while it streams. */
export const UnterminatedFence: Story = {
  args: { text: 'Some **bold text** and code:\n\n```js\nconst x = 1;', status: 'streaming' },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(canvasElement.querySelector('pre code')).toHaveTextContent('const x = 1;'), { timeout: 30_000 });
    await expect(canvasElement.querySelector('[data-sk="stream-markdown"]')).toHaveAttribute('data-state', 'streaming');
  },
};

/** Cut mid-link: the half link is shown as text, never as a link with a broken address. */
export const HalfLink: Story = {
  args: { text: 'Read **the docs** at [the guide](https://exa', status: 'streaming' },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(within(canvasElement).getByText('the docs')).toBeInTheDocument(), { timeout: 30_000 });
    await expect(within(canvasElement).queryByRole('link')).toBeNull();
    await expect(canvasElement).toHaveTextContent('the guide');
  },
};

/** Only `https:` and `mailto:` links by default; raw HTML is never rendered. */
export const UnsafeInput: Story = {
  args: {
    text: [
      '[js](javascript:alert(1)) [data](data:text/html,<script>alert(1)</script>) [plain http](http://example.com) [ok](https://example.com)',
      '',
      '<script>window.__pwned = true</script><img src=x onerror="window.__pwned = true"> <b>bold html</b>',
      '',
      '![tracker](http://example.com/x.png) ![inline](data:image/png;base64,AAAA)',
    ].join('\n'),
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByRole('link', { name: 'ok' })).toBeInTheDocument(), { timeout: 10_000 });
    await expect(canvas.getAllByRole('link')).toHaveLength(1);
    await expect(canvas.getByText('js')).toHaveAttribute('data-sk', 'stream-markdown-blocked-link');
    await expect(canvasElement.querySelector('script, img, b, iframe')).toBeNull();
    await expect((window as { __pwned?: boolean }).__pwned).toBeUndefined();
  },
};

/** Custom allowlist: also allow `http:`. */
export const CustomAllowlist: Story = {
  args: { text: '[plain http](http://example.com) and [js](javascript:alert(1))', linkProtocols: ['https:', 'http:'] },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByRole('link', { name: 'plain http' })).toHaveAttribute('href', 'http://example.com/'), { timeout: 10_000 });
    await expect(canvas.getAllByRole('link')).toHaveLength(1);
  },
};

const STATES = ['idle', 'connecting', 'streaming', 'reconnecting', 'done', 'error', 'aborted'] as const;

export const States: Story = {
  render: () => (
    <div style={{ display: 'grid', gap: '0.5rem' }}>
      {STATES.map((status) => (
        <StreamMarkdown key={status} status={status} text={`**${status}**: some _markdown_`} />
      ))}
    </div>
  ),
  play: async ({ canvasElement }) => {
    const roots = [...canvasElement.querySelectorAll('[data-sk="stream-markdown"]')].map((r) => r.getAttribute('data-state'));
    await expect(roots).toEqual([...STATES]);
  },
};

const DOC_TOKENS = tokenize(DOC);

function Simulated() {
  const { text, status } = useSimulatedText(DOC_TOKENS, 20);
  return <StreamMarkdown text={text} status={status} />;
}

export const SimulatedStream: Story = {
  render: () => <Simulated />,
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(canvasElement.querySelector('[data-sk="stream-markdown"]')).toHaveAttribute('data-state', 'done'), { timeout: 20_000 });
    await waitFor(() => expect(within(canvasElement).getByRole('link', { name: 'the team' })).toBeInTheDocument(), { timeout: 10_000 });
  },
};

/** The same states in the dark theme (axe checks contrast there too). */
export const StatesDark: Story = { ...States, globals: { theme: 'dark' } };
