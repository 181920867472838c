import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { PipelineProgress } from '../src/components/index.js';
import type { PipelineStatus, PipelineStep } from '../src/core/store-types.js';

const step = (over: Partial<PipelineStep> & Pick<PipelineStep, 'id' | 'name' | 'status'>): PipelineStep => ({
  progress: 0,
  message: undefined,
  tokens: '',
  output: undefined,
  error: undefined,
  startedAt: undefined,
  durationMs: undefined,
  ...over,
});

const STEPS: PipelineStep[] = [
  step({ id: 'fetch', name: 'Fetch sources', status: 'completed', progress: 1, durationMs: 840, output: { documents: 12, bytes: 48213 } }),
  step({ id: 'summarize', name: 'Summarize', status: 'running', progress: 0.45, message: 'Summarizing document 6 of 12', tokens: 'The sources agree that streaming UIs feel' }),
  step({ id: 'review', name: 'Review', status: 'pending' }),
  step({ id: 'publish', name: 'Publish', status: 'failed', error: 'Upload refused: Authorization: Bearer sk-live-SECRET1234567890 invalid', durationMs: 1530 }),
];

const meta = {
  title: 'Components/PipelineProgress',
  component: PipelineProgress,
  args: { status: 'running', steps: STEPS, progress: 0.36, executionId: 'exec-1' },
  argTypes: { status: { control: 'select', options: ['idle', 'connecting', 'running', 'reconnecting', 'completed', 'failed', 'aborted'] } },
} satisfies Meta<typeof PipelineProgress>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Running: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const overall = canvas.getByRole('progressbar', { name: 'Pipeline progress' });
    await expect(overall).toHaveAttribute('aria-valuetext', '36%, 1 of 4 steps done');
    await expect(canvas.getByRole('progressbar', { name: 'Summarize progress' })).toHaveAttribute('aria-valuenow', '0.45');
    await expect(canvas.getByText('The sources agree that streaming UIs feel')).toBeInTheDocument();
    await expect(canvas.getByText('840 ms')).toBeInTheDocument();
    await expect(canvas.getByText('1.5 s')).toBeInTheDocument();
    await expect(canvasElement.querySelector('[data-sk="pipeline-step-output"]')?.textContent).toContain('"documents": 12');
    // Step errors are shown without credentials.
    const error = canvas.getByRole('alert');
    await expect(error).toHaveTextContent('Upload refused');
    await expect(error.textContent).not.toContain('SECRET');
  },
};

const STATUSES: PipelineStatus[] = ['idle', 'connecting', 'running', 'reconnecting', 'completed', 'failed', 'aborted'];

/** Every pipeline `data-state` and every step `data-state`. */
export const States: Story = {
  render: () => (
    <div style={{ display: 'grid', gap: '1.5rem' }}>
      {STATUSES.map((status) => (
        <section key={status} aria-label={`Pipeline ${status}`}>
          <PipelineProgress
            status={status}
            progress={status === 'completed' ? 1 : status === 'idle' || status === 'connecting' ? 0 : 0.5}
            steps={status === 'idle' || status === 'connecting' ? [] : STEPS.slice(0, 3)}
            labels={{ overall: `Pipeline ${status} progress` }}
          />
        </section>
      ))}
      <section aria-label="All step states">
        <PipelineProgress status="failed" progress={0.25} steps={STEPS} error="Pipeline failed at step publish" labels={{ overall: 'All steps progress' }} />
      </section>
    </div>
  ),
  play: async ({ canvasElement }) => {
    const roots = [...canvasElement.querySelectorAll('[data-sk="pipeline"]')].map((r) => r.getAttribute('data-state'));
    await expect(roots).toEqual([...STATUSES, 'failed']);
    const stepStates = new Set([...canvasElement.querySelectorAll('[data-sk="pipeline-step"]')].map((s) => s.getAttribute('data-state')));
    await expect(stepStates).toEqual(new Set(['pending', 'running', 'completed', 'failed']));
    await expect(within(canvasElement).getByRole('progressbar', { name: 'Pipeline connecting progress' })).toHaveAttribute('data-state', 'indeterminate');
  },
};

export const Completed: Story = {
  args: {
    status: 'completed',
    progress: 1,
    steps: STEPS.slice(0, 3).map((s) => ({ ...s, status: 'completed' as const, progress: 1, durationMs: 1200, message: undefined })),
  },
  play: async ({ canvasElement }) => {
    const overall = within(canvasElement).getByRole('progressbar', { name: 'Pipeline progress' });
    await expect(overall).toHaveAttribute('data-state', 'complete');
    await expect(within(canvasElement).getByText('3 / 3')).toBeInTheDocument();
  },
};

/** The same states in the dark theme (axe checks contrast there too). */
export const StatesDark: Story = { ...States, globals: { theme: 'dark' } };
