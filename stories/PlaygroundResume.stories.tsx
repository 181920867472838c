import { useMemo } from 'react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor } from 'storybook/test';
import { StreamError, StreamText } from '../src/components/index.js';
import { useStream } from '../src/react/index.js';
import type { StreamEvent, StreamRequest } from '../src/core/types.js';
import { sampleAnswer } from '../src/server/demo/samples.js';
import { demoUrl, knobArgTypes, type DemoKnobArgs } from './support/live-url.js';
import { Stats, ToolButton, Toolbar } from './support/Toolbar.js';

interface ResumeArgs extends DemoKnobArgs {
  resume: 'auto' | 'off';
}

function reconnects(events: readonly StreamEvent[]): number {
  return events.filter((e) => e.type === 'retry').length;
}

/**
 * `/api/demo/text` numbers its events, so a dropped connection is resumed with `Last-Event-ID`:
 * the status shows `reconnecting`, then the rest of the text arrives and nothing is repeated.
 */
function ResumableText(args: ResumeArgs) {
  const url = demoUrl('/api/demo/text', args);
  const request = useMemo<StreamRequest>(() => ({ url, provider: 'raw' }), [url]);
  const s = useStream(request, { resume: args.resume, retry: { maxAttempts: 20, baseDelayMs: 100, maxDelayMs: 500 } });
  return (
    <section aria-label="Resumable stream">
      <Toolbar>
        <ToolButton onClick={() => s.start()}>Start</ToolButton>
        <ToolButton onClick={s.stop}>Stop</ToolButton>
        <ToolButton onClick={s.retry}>Retry</ToolButton>
      </Toolbar>
      <div data-answer="">
        <StreamText text={s.text} status={s.status} announce="completion" />
      </div>
      <div style={{ marginTop: '1rem' }}>
        <StreamError error={s.error} onRetry={s.retry} />
      </div>
      <Stats
        items={[
          ['status', s.status],
          ['reconnects', reconnects(s.events)],
          ['last event id', s.lastEventId ?? '–'],
          ['characters', s.text.length],
        ]}
      />
    </section>
  );
}

const meta = {
  title: 'Playground/Resume after a drop',
  component: ResumableText,
  args: { tps: 60, dropAfter: 25, chunk: 0, status: 'none', stallMs: 0, resume: 'auto' },
  argTypes: { ...knobArgTypes, resume: { control: 'inline-radio', options: ['auto', 'off'] } },
  parameters: { layout: 'padded' },
} satisfies Meta<typeof ResumableText>;

export default meta;
type Story = StoryObj<typeof meta>;

const stat = (el: HTMLElement, name: string) => el.querySelector(`[data-stat="${name}"]`)?.textContent ?? '';

/** Interactive: try other drop points, speeds and `resume: off`. */
export const Playground: Story = {};

/** The connection is cut every 25 events; the client resumes each time and the final text is intact. */
export const ResumeAfterDrop: Story = {
  args: { tps: 300 },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(stat(canvasElement, 'status')).toBe('done'), { timeout: 60_000 });
    await expect(canvasElement.querySelector('[data-answer] [data-sk="stream-text-content"]')?.textContent).toBe(sampleAnswer('prose', '').text);
    await expect(Number(stat(canvasElement, 'reconnects'))).toBeGreaterThanOrEqual(1);
  },
};

/** With resume off a drop is an error that keeps the partial text; Try again starts over. */
export const DropWithoutResume: Story = {
  args: { tps: 300, resume: 'off' },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(stat(canvasElement, 'status')).toMatch(/^(error|done)$/), { timeout: 60_000 });
    const text = canvasElement.querySelector('[data-answer] [data-sk="stream-text-content"]')?.textContent ?? '';
    await expect(sampleAnswer('prose', '').text.startsWith(text)).toBe(true);
  },
};
