import type { Meta, StoryObj } from '@storybook/react-vite';
import { useEffect, useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { StreamMonitor } from '../../src/components/monitor/index.js';
import '../../src/components/monitor/monitor.css';
import { createStream } from '../../src/core/stream/create-stream.js';
import { SECRET } from './recordings.js';

const meta = {
  title: 'Monitor/Raw frames',
  parameters: { layout: 'padded' },
} satisfies Meta;

export default meta;
type Story = StoryObj<typeof meta>;

const LONG = { timeout: 15_000 };

const chunk = (content: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ id: 'chatcmpl-raw', object: 'chat.completion.chunk', model: 'gpt-4o-mini', choices: [{ index: 0, delta: { content }, finish_reason: null }], ...extra });

/** A Chat Completions stream as the wire carries it: ids, a named event, a heartbeat, a key echoed by a proxy. */
const WIRE = [
  ': keep-alive\n\n',
  `id: 1\ndata: ${chunk('Hello')}\n\n`,
  `id: 2\ndata: ${chunk(', wörld ☀', { debug: `Bearer ${SECRET}` })}\n\n`,
  `event: message\nid: 3\ndata: ${chunk('!')}\n\n`,
  'id: 4\ndata: [DONE]\n\n',
];

/**
 * A byte source that waits for `open` (so the monitor is subscribed before the first frame, as it
 * would be for a run registered at creation) and then cuts the wire at awkward places.
 */
function gatedSource(open: Promise<void>): AsyncIterable<string> {
  return (async function* () {
    await open;
    const text = WIRE.join('');
    for (let i = 0; i < text.length; i += 23) {
      yield text.slice(i, i + 23);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  })();
}

function RawFramesDemo() {
  const [gate] = useState(() => {
    let open!: () => void;
    const promise = new Promise<void>((resolve) => (open = resolve));
    return { promise, open };
  });
  const [run] = useState(() => createStream({ source: gatedSource(gate.promise), protocol: 'sse', provider: 'openai' }, { streamId: 'raw-frames-demo' }));
  // A parent's effects run after its children's: the monitor has subscribed by now.
  useEffect(() => gate.open(), [gate]);
  return <StreamMonitor run={run} name="Chat (live frames)" defaultTab="raw" />;
}

/** The Raw tab of a live run shows the SSE frames as received (event, id, data), then the decoded events on request. */
export const LiveFrames: Story = {
  render: () => <RawFramesDemo />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByText('done')).toBeInTheDocument(), LONG);
    const frames = canvas.getByRole('region', { name: 'Raw frames as received' });
    await waitFor(() => expect(frames.querySelectorAll('.sk-monitor__raw-line')).toHaveLength(4), LONG);
    const lines = [...frames.querySelectorAll('.sk-monitor__raw-line')].map((line) => line.textContent ?? '');
    await expect(lines[0]).toContain(`event: message  id: 1  data: ${chunk('Hello')}`);
    await expect(lines[1]).toContain('id: 2  data: ');
    await expect(lines[1]).toContain('wörld ☀');
    await expect(lines[1]).toContain('Bearer [REDACTED]');
    await expect(lines[2]).toContain(`id: 3  data: ${chunk('!')}`);
    await expect(lines[3]).toContain('id: 4  data: [DONE]');
    // Every frame of this run came on the first attempt.
    for (const line of lines) await expect(line).toContain('#1');
    await expect(canvasElement.innerHTML).not.toContain(SECRET);

    // The decoded events are one click away (the export format).
    await userEvent.click(canvas.getByRole('button', { name: 'Events' }));
    await expect(canvas.getByRole('button', { name: 'Events' })).toHaveAttribute('aria-pressed', 'true');
    const events = canvas.getByRole('region', { name: 'Raw events as JSON lines' });
    await expect(events).toHaveTextContent('"type":"text"');
    await userEvent.click(canvas.getByRole('button', { name: 'Frames' }));
    await expect(canvas.getByRole('region', { name: 'Raw frames as received' })).toBeInTheDocument();
  },
};
