import { useMemo } from 'react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor } from 'storybook/test';
import { PipelineProgress, StreamError } from '../src/components/index.js';
import { usePipelineStream } from '../src/react/index.js';
import type { StreamRequest } from '../src/core/types.js';
import { demoUrl, knobArgTypes, type DemoKnobArgs } from './support/live-url.js';
import { Stats, ToolButton, Toolbar } from './support/Toolbar.js';

interface PipelineArgs extends DemoKnobArgs {
  steps: number;
  stepMs: number;
}

/** `usePipelineStream` over `/api/demo/pipeline`: steps, progress, LLM tokens, outputs; resumes by event id. */
function LivePipeline(args: PipelineArgs) {
  const url = demoUrl('/api/demo/pipeline', args, { steps: args.steps, stepMs: args.stepMs });
  const request = useMemo<StreamRequest>(() => ({ url }), [url]);
  const p = usePipelineStream(request, { resume: 'auto', retry: { maxAttempts: 20, baseDelayMs: 100, maxDelayMs: 500 } });
  return (
    <section aria-label="Live pipeline">
      <Toolbar>
        <ToolButton onClick={() => p.start()}>Start</ToolButton>
        <ToolButton onClick={p.stop}>Stop</ToolButton>
        <ToolButton onClick={p.retry}>Retry</ToolButton>
      </Toolbar>
      <PipelineProgress status={p.status} steps={p.steps} progress={p.progress} error={p.error} currentStep={p.currentStep} executionId={p.executionId} />
      <div style={{ marginTop: '1rem' }}>
        <StreamError error={typeof p.error === 'string' ? { code: 'provider', message: p.error } : p.error} onRetry={p.retry} />
      </div>
      <Stats
        items={[
          ['status', p.status],
          ['execution', p.executionId ?? '–'],
          ['checkpoints', p.checkpoints.length],
          ['reconnects', p.events.filter((e) => e.type === 'retry').length],
        ]}
      />
    </section>
  );
}

const meta = {
  title: 'Playground/Pipeline',
  component: LivePipeline,
  args: { steps: 4, stepMs: 800, tps: 40, chunk: 0, dropAfter: 0, status: 'none', stallMs: 0 },
  argTypes: {
    steps: { control: { type: 'range', min: 1, max: 12 } },
    stepMs: { control: { type: 'number', min: 0, max: 10000, step: 100 } },
    ...knobArgTypes,
  },
  parameters: { layout: 'padded' },
} satisfies Meta<typeof LivePipeline>;

export default meta;
type Story = StoryObj<typeof meta>;

const stat = (el: HTMLElement, name: string) => el.querySelector(`[data-stat="${name}"]`)?.textContent ?? '';

/** Interactive: steps, step duration, token speed and faults. */
export const Playground: Story = {};

export const LivePipelineRun: Story = {
  args: { steps: 3, stepMs: 150, tps: 400 },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(stat(canvasElement, 'status')).toBe('completed'), { timeout: 60_000 });
    const steps = [...canvasElement.querySelectorAll('[data-sk="pipeline-step"]')];
    await expect(steps).toHaveLength(3);
    await expect(steps.every((s) => s.getAttribute('data-state') === 'completed')).toBe(true);
    await expect(canvasElement.querySelector('[data-sk="pipeline"]')).toHaveAttribute('data-state', 'completed');
  },
};

/** The connection drops every few events; the same execution resumes with Last-Event-ID. */
export const ResumeAfterDrop: Story = {
  args: { steps: 3, stepMs: 150, tps: 400, dropAfter: 40 },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(stat(canvasElement, 'status')).toBe('completed'), { timeout: 60_000 });
    await expect(Number(stat(canvasElement, 'reconnects'))).toBeGreaterThanOrEqual(1);
    const steps = [...canvasElement.querySelectorAll('[data-sk="pipeline-step"]')];
    await expect(steps.every((s) => s.getAttribute('data-state') === 'completed')).toBe(true);
  },
};
