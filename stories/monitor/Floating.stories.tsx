import type { Meta, StoryObj } from '@storybook/react-vite';
import { useEffect } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { StreamMonitor } from '../../src/components/monitor/index.js';
import '../../src/components/monitor/monitor.css';
import { registerStream } from '../../src/core/registry/stream-registry.js';
import { replayEvents } from '../../src/core/replay/replay.js';
import { createStreamStore } from '../../src/core/store/stream-store.js';
import { makeChatRecording, makePipelineRecording } from './recordings.js';

const meta = {
  title: 'Monitor/Floating',
  component: StreamMonitor.Floating,
  parameters: { layout: 'fullscreen' },
} satisfies Meta<typeof StreamMonitor.Floating>;

export default meta;
type Story = StoryObj<typeof meta>;

const chat = makeChatRecording({ tokens: 200, gapMs: 40 });
const pipeline = makePipelineRecording();

/**
 * Two streams registered by hand, and one stream store created while the panel is mounted
 * (automatic registration: no registerStream call for it).
 */
function Page({ defaultOpen = false }: { defaultOpen?: boolean }) {
  useEffect(() => {
    const runs = [replayEvents(chat, { timing: 'original' }), replayEvents(pipeline, { timing: 'fast' })];
    const unregister = [registerStream(runs[0] as never, { name: 'Chat replay' }), registerStream(runs[1] as never, { name: 'Pipeline replay' })];
    // Created after StreamMonitor.Floating turned automatic registration on (child effects run first).
    const store = createStreamStore(replayEvents(makeChatRecording({ tokens: 20 }), { timing: 'fast' }));
    return () => {
      unregister.forEach((off) => off());
      runs.forEach((run) => run.abort());
      store.getState().stop();
    };
  }, []);
  return (
    <main style={{ padding: '1rem', minHeight: '90vh' }}>
      <h1>An app with streams</h1>
      <p>The stream monitor lives in the corner.</p>
      <StreamMonitor.Floating defaultOpen={defaultOpen} />
    </main>
  );
}

/** Toggle with the keyboard, pick a stream, Escape closes and gives focus back to the toggle. */
export const Keyboard: Story = {
  render: () => <Page />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const toggle = await canvas.findByRole('button', { name: 'Streams (3)' });
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await userEvent.tab();
    await expect(toggle).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    const dialog = await canvas.findByRole('dialog', { name: 'Stream monitor' });
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const picker = within(dialog).getByRole('combobox', { name: 'Stream' });
    const labels = [...(picker as HTMLSelectElement).options].map((o) => o.textContent ?? '');
    await expect(labels.slice(0, 2)).toEqual(['Chat replay (run)', 'Pipeline replay (run)']);
    // The store was registered automatically (no registerStream call in the page for it).
    await expect(labels[2]).toMatch(/^store \d+ \(store\)$/);
    // Tab moves from the toggle into the open panel.
    await userEvent.tab();
    await expect(picker).toHaveFocus();
    await userEvent.selectOptions(picker, (picker as HTMLSelectElement).options[0]?.value ?? '');
    await expect(within(dialog).getByRole('heading', { name: 'Chat replay' })).toBeInTheDocument();
    await userEvent.selectOptions(picker, (picker as HTMLSelectElement).options[1]?.value ?? '');
    await expect(within(dialog).getByRole('heading', { name: 'Pipeline replay' })).toBeInTheDocument();
    await waitFor(() => expect(within(dialog).getByRole('tab', { name: 'Steps' })).toBeInTheDocument(), { timeout: 10_000 });

    within(dialog).getByRole('tab', { name: 'Status' }).focus();
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(canvas.queryByRole('dialog')).toBeNull());
    await expect(toggle).toHaveFocus();
    await userEvent.keyboard(' ');
    await expect(await canvas.findByRole('dialog', { name: 'Stream monitor' })).toBeInTheDocument();
    await userEvent.click(within(canvas.getByRole('dialog')).getByRole('button', { name: 'Close' }));
    await expect(canvas.queryByRole('dialog')).toBeNull();
  },
};

/** Open from the start (for screenshots and axe on the open panel). */
export const Open: Story = {
  render: () => <Page defaultOpen />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const dialog = await canvas.findByRole('dialog', { name: 'Stream monitor' });
    await expect(within(dialog).getByRole('tablist')).toBeInTheDocument();
  },
};
