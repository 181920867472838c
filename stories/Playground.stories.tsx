import { useMemo } from 'react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { PartialJSON, StreamError, StreamText } from '../src/components/index.js';
import { StreamMarkdown } from '../src/components/stream-markdown/index.js';
import { useStream, type StreamHookOptions } from '../src/react/index.js';
import type { StreamRequest } from '../src/core/types.js';
import { sampleAnswer, type SampleKind } from '../src/server/demo/samples.js';
import { demoUrl, knobArgTypes, type DemoKnobArgs } from './support/live-url.js';
import { Stats, ToolButton, Toolbar } from './support/Toolbar.js';

type Provider = 'openai' | 'openai-responses' | 'anthropic' | 'xai' | 'gemini';

interface LiveChatArgs extends DemoKnobArgs {
  /** Accessible name of the section (unique when several are shown). */
  label?: string;
  provider: Provider;
  kind: SampleKind;
  prompt: string;
  idleTimeoutMs: number;
  resume: 'auto' | 'off';
}

/**
 * A live stream from the demo server mounted into Storybook (`/api/demo/chat`), through `useStream`.
 * The components only render what the hook returns.
 */
function LiveChat(args: LiveChatArgs) {
  const url = demoUrl('/api/demo/chat', args, { provider: args.provider });
  const request = useMemo<StreamRequest>(
    () => ({ url, method: 'POST', body: { prompt: args.prompt, kind: args.kind }, provider: args.provider }),
    [url, args.prompt, args.kind, args.provider],
  );
  const options: StreamHookOptions = {
    retry: { maxAttempts: 3, baseDelayMs: 250, maxDelayMs: 2000 },
    resume: args.resume,
    json: args.kind === 'json',
    ...(args.idleTimeoutMs > 0 ? { idleTimeoutMs: args.idleTimeoutMs } : {}),
  };
  const s = useStream(request, options);
  // "Try again" drops the injected HTTP status so the retry can succeed and show recovery.
  const retryWithoutFault = () => s.start({ url: demoUrl('/api/demo/chat', { ...args, status: 'none' }, { provider: args.provider }) });

  return (
    <section aria-label={args.label ?? 'Live chat stream'}>
      <Toolbar>
        <ToolButton onClick={() => s.start()}>Start</ToolButton>
        <ToolButton onClick={s.stop} disabled={!(s.status === 'connecting' || s.status === 'streaming' || s.status === 'reconnecting')}>
          Stop
        </ToolButton>
        <ToolButton onClick={s.retry}>Retry</ToolButton>
        <ToolButton onClick={s.reset}>Reset</ToolButton>
      </Toolbar>
      {s.reasoning !== '' && (
        <details style={{ marginBottom: '0.75rem', color: 'var(--sk-fg-muted)' }}>
          <summary>Reasoning</summary>
          <StreamText text={s.reasoning} status={s.status} announce="off" />
        </details>
      )}
      <div data-answer="">
      {args.kind === 'markdown' ? (
        <StreamMarkdown text={s.text} status={s.status} />
      ) : args.kind === 'json' ? (
        <PartialJSON aria-label="Streamed JSON" value={s.json} openPath={s.jsonOpenPath} complete={s.jsonComplete} />
      ) : args.kind === 'tool' ? (
        <ul aria-label="Tool calls" style={{ fontFamily: 'var(--sk-font-mono)', fontSize: '0.875rem' }}>
          {s.toolCalls.map((call) => (
            <li key={call.id}>
              <bdi>{call.name}</bdi>(<code>{call.argsText}</code>)
            </li>
          ))}
        </ul>
      ) : (
        <StreamText text={s.text} status={s.status} announce="sentences" />
      )}
      </div>
      <div style={{ marginTop: '1rem' }}>
        <StreamError error={s.error} onRetry={retryWithoutFault} />
      </div>
      <Stats
        items={[
          ['status', s.status],
          ['ttft', s.metrics?.ttftMs === undefined ? '–' : `${Math.round(s.metrics.ttftMs)} ms`],
          ['tokens/s', s.metrics?.outputTokensPerSec === undefined ? '–' : Math.round(s.metrics.outputTokensPerSec)],
          ['retries', s.metrics?.retries ?? 0],
          ['usage', s.usage ? `${s.usage.inputTokens} in / ${s.usage.outputTokens} out${s.usage.estimated ? ' (est.)' : ''}` : '–'],
        ]}
      />
    </section>
  );
}

const meta = {
  title: 'Playground/Live chat',
  component: LiveChat,
  args: { provider: 'openai', kind: 'prose', prompt: 'Why do streaming interfaces feel fast?', tps: 80, chunk: 0, dropAfter: 0, status: 'none', stallMs: 0, idleTimeoutMs: 0, resume: 'auto' },
  argTypes: {
    provider: { control: 'select', options: ['openai', 'openai-responses', 'anthropic', 'xai', 'gemini'] },
    kind: { control: 'inline-radio', options: ['prose', 'markdown', 'json', 'tool'] },
    idleTimeoutMs: { control: { type: 'number', min: 0, step: 500 }, description: 'Fail when no data arrives for this long (0 = off)' },
    resume: { control: 'inline-radio', options: ['auto', 'off'] },
    ...knobArgTypes,
  },
  parameters: { layout: 'padded' },
} satisfies Meta<typeof LiveChat>;

export default meta;
type Story = StoryObj<typeof meta>;

const root = (canvasElement: HTMLElement) => canvasElement.querySelector('[data-answer] [data-sk="stream-text"], [data-answer] [data-sk="stream-markdown"]') as HTMLElement;
const stat = (canvasElement: HTMLElement, name: string) => canvasElement.querySelector(`[data-stat="${name}"]`)?.textContent ?? '';

/** The playground: change provider, speed, chunk size and faults in Controls; it restarts on change. */
export const Playground: Story = {};

/** Streams live from the demo server: every token arrives through `useStream`; the caret goes when done. */
export const LiveChatStream: Story = {
  args: { tps: 150 },
  play: async ({ canvasElement, args }) => {
    const expected = sampleAnswer(args.kind, args.prompt).text;
    await waitFor(() => expect(stat(canvasElement, 'status')).toBe('done'), { timeout: 45_000 });
    await expect(canvasElement.querySelector('[data-answer] [data-sk="stream-text-content"]')?.textContent).toBe(expected);
    await expect(canvasElement.querySelector('[data-answer] [data-sk="stream-text-caret"]')).toBeNull();
    await expect(root(canvasElement)).toHaveAttribute('data-state', 'done');
  },
};

/** The same answer in each provider's wire format. */
export const Providers: Story = {
  render: (args) => (
    <div style={{ display: 'grid', gap: '1.5rem' }}>
      {(['openai', 'openai-responses', 'anthropic', 'xai', 'gemini'] as const).map((provider) => (
        <div key={provider} data-provider={provider}>
          <h2 style={{ fontSize: '1rem', margin: '0 0 0.5rem' }}>{provider}</h2>
          <LiveChat {...args} provider={provider} label={`Live chat stream (${provider})`} />
        </div>
      ))}
    </div>
  ),
  args: { tps: 300, chunk: 12 },
  play: async ({ canvasElement, args }) => {
    const expected = sampleAnswer(args.kind, args.prompt).text;
    for (const provider of ['openai', 'openai-responses', 'anthropic', 'xai', 'gemini']) {
      const box = canvasElement.querySelector(`[data-provider="${provider}"]`) as HTMLElement;
      await waitFor(() => expect(stat(box, 'status')).toBe('done'), { timeout: 45_000 });
      await expect(box.querySelector('[data-answer] [data-sk="stream-text-content"]')?.textContent).toBe(expected);
    }
  },
};

/** Stop mid-stream (status `aborted`, partial text kept), then Retry streams the whole answer again. */
export const StopAndRetry: Story = {
  args: { tps: 25 },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const expected = sampleAnswer(args.kind, args.prompt).text;
    const content = () => canvasElement.querySelector('[data-answer] [data-sk="stream-text-content"]')?.textContent ?? '';
    await waitFor(() => expect(content().length).toBeGreaterThan(20), { timeout: 30_000 });
    await userEvent.click(canvas.getByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(stat(canvasElement, 'status')).toBe('aborted'), { timeout: 10_000 });
    const partial = content();
    await expect(partial.length).toBeLessThan(expected.length);
    await expect(expected.startsWith(partial)).toBe(true);
    await expect(canvasElement.querySelector('[data-answer] [data-sk="stream-text-caret"]')).toBeNull();
    await expect(canvas.queryByRole('alert')).toBeNull();
    await userEvent.click(canvas.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(stat(canvasElement, 'status')).toBe('done'), { timeout: 60_000 });
    await expect(content()).toBe(expected);
  },
};

/** The server answers 503: retries run out, StreamError offers "Try again", which then succeeds. */
export const HttpErrorThenRetry: Story = {
  args: { tps: 200, status: '503' },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const alert = await canvas.findByRole('alert', {}, { timeout: 45_000 });
    await expect(alert).toHaveAttribute('data-code', 'http');
    await expect(alert).toHaveTextContent('HTTP 503');
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(stat(canvasElement, 'status')).toBe('done'), { timeout: 45_000 });
    await expect(canvas.queryByRole('alert')).toBeNull();
    await expect(canvasElement.querySelector('[data-answer] [data-sk="stream-text-content"]')?.textContent).toBe(sampleAnswer(args.kind, args.prompt).text);
  },
};

/** Markdown answer rendered while it streams. */
export const LiveMarkdown: Story = {
  args: { kind: 'markdown', tps: 200 },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(stat(canvasElement, 'status')).toBe('done'), { timeout: 45_000 });
    await waitFor(() => expect(within(canvasElement).getByRole('heading', { name: 'Streaming checklist' })).toBeInTheDocument(), { timeout: 20_000 });
    await expect(within(canvasElement).getByRole('table')).toBeInTheDocument();
  },
};

/** A streamed tool call: name and arguments as text. */
export const LiveToolCall: Story = {
  args: { kind: 'tool', tps: 200 },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(stat(canvasElement, 'status')).toBe('done'), { timeout: 45_000 });
    await expect(within(canvasElement).getByRole('list', { name: 'Tool calls' })).toHaveTextContent('get_weather');
  },
};
