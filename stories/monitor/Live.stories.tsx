import type { Meta, StoryObj } from '@storybook/react-vite';
import { useEffect, useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { StreamMonitor } from '../../src/components/monitor/index.js';
import '../../src/components/monitor/monitor.css';
import { StreamText } from '../../src/components/stream-text/stream-text.js';
import { createPipelineStore } from '../../src/core/store/pipeline-store.js';
import { createStreamStore } from '../../src/core/store/stream-store.js';
import type { StreamRequest } from '../../src/core/types.js';
import { API_KEY, SECRET } from './recordings.js';

type Provider = 'openai' | 'openai-responses' | 'anthropic' | 'xai' | 'gemini';

interface LiveArgs {
  provider: Provider;
  tps: number;
  dropAfter: number;
}

const meta = {
  title: 'Monitor/Live demo streams',
  parameters: { layout: 'padded' },
  args: { provider: 'openai', tps: 400, dropAfter: 0 },
  argTypes: {
    provider: { control: 'select', options: ['openai', 'openai-responses', 'anthropic', 'xai', 'gemini'] },
    tps: { control: { type: 'range', min: 10, max: 2000, step: 10 } },
    dropAfter: { control: { type: 'number', min: 0 } },
  },
} satisfies Meta<LiveArgs>;

export default meta;
type Story = StoryObj<LiveArgs>;

const LIVE = { timeout: 30_000 };

function LiveChat({ provider, tps, dropAfter }: LiveArgs) {
  const [store] = useState(() => {
    const params = new URLSearchParams({ provider, tps: String(tps) });
    if (dropAfter > 0) params.set('dropAfter', String(dropAfter));
    return createStreamStore({
      url: `/api/demo/chat?${params}`,
      method: 'POST',
      body: { prompt: 'Explain streaming interfaces', kind: 'prose' },
      provider,
    } satisfies StreamRequest);
  });
  useEffect(() => {
    store.getState().start();
    return () => store.getState().stop();
  }, [store]);
  return (
    <div style={{ display: 'grid', gap: '1rem' }}>
      <StreamText store={store} />
      <StreamMonitor store={store} name={`Live ${provider} chat`} />
    </div>
  );
}

/** The monitor attached to a live stream from the demo server (provider wire format decoded by streamkit). */
export const Chat: Story = {
  render: (args) => <LiveChat key={`${args.provider}-${args.tps}-${args.dropAfter}`} {...args} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const monitor = canvasElement.querySelector('.sk-monitor') as HTMLElement;
    await waitFor(() => expect(monitor).toHaveAttribute('data-state', 'done'), LIVE);
    const overview = canvas.getByRole('tabpanel', { name: 'Status' });
    await expect(overview).toHaveTextContent('Output tokens');
    await expect(overview).not.toHaveTextContent('Time to first token—');
    await expect(canvas.getByRole('tab', { name: /^Events \((\d{1,3},)*\d+\)/ })).toBeInTheDocument();
    // A store's runs are not reachable, yet the Raw tab shows its frames as received (page-wide frame listener).
    await userEvent.click(canvas.getByRole('tab', { name: 'Raw' }));
    const frames = canvas.getByRole('region', { name: 'Raw frames as received' });
    await waitFor(() => expect(frames.querySelectorAll('.sk-monitor__raw-line').length).toBeGreaterThan(0), LIVE);
    await expect(frames.querySelector('.sk-monitor__raw-line')).toHaveTextContent(/(data|ndjson|text): /);
  },
};

function LivePipeline() {
  const [store] = useState(() => createPipelineStore({ url: '/api/demo/pipeline?steps=3&tps=400' }));
  useEffect(() => {
    store.getState().start();
    return () => store.getState().stop();
  }, [store]);
  return <StreamMonitor pipeline={store} name="Live pipeline" defaultTab="steps" />;
}

/** A live pipeline: the step timeline fills in as steps start and complete. */
export const Pipeline: Story = {
  render: () => <LivePipeline />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getAllByRole('listitem').length).toBeGreaterThanOrEqual(3), LIVE);
    await waitFor(
      () => expect(canvas.getAllByRole('listitem').every((li) => li.getAttribute('data-state') === 'completed')).toBe(true),
      LIVE,
    );
  },
};

function LiveSecret() {
  const [store] = useState(() =>
    createStreamStore({
      url: `/api/demo/text?api_key=${API_KEY}&tps=500`,
      headers: { Authorization: `Bearer ${SECRET}`, 'x-api-key': SECRET },
    }),
  );
  useEffect(() => {
    store.getState().start();
    return () => store.getState().stop();
  }, [store]);
  return <StreamMonitor store={store} name="Request with credentials" />;
}

/** A live request carrying `Authorization: Bearer …` and `?api_key=…`: the secrets never reach the DOM. */
export const CredentialsInRequest: Story = {
  render: () => <LiveSecret />,
  play: async ({ canvasElement }) => {
    const monitor = canvasElement.querySelector('.sk-monitor') as HTMLElement;
    await waitFor(() => expect(['done', 'error']).toContain(monitor.getAttribute('data-state')), LIVE);
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('tabpanel', { name: 'Status' })).toHaveTextContent('/api/demo/text');
    for (const tab of ['Events', 'Raw', 'Status']) {
      canvas.getByRole('tab', { name: new RegExp(`^${tab}`) }).click();
      await expect(canvasElement.innerHTML).not.toContain(SECRET);
      await expect(canvasElement.innerHTML).not.toContain(API_KEY);
    }
  },
};
