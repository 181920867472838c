import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { ProgressBar } from '../src/components/index.js';

const meta = {
  title: 'Components/ProgressBar',
  component: ProgressBar,
  args: { value: 0.4, 'aria-label': 'Upload' },
  argTypes: { value: { control: { type: 'range', min: 0, max: 1, step: 0.01 } } },
  decorators: [(Story) => <div style={{ maxWidth: 420 }}><Story /></div>],
} satisfies Meta<typeof ProgressBar>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {
  play: async ({ canvasElement }) => {
    const bar = within(canvasElement).getByRole('progressbar', { name: 'Upload' });
    await expect(bar).toHaveAttribute('aria-valuenow', '0.4');
    await expect(bar).toHaveAttribute('aria-valuemin', '0');
    await expect(bar).toHaveAttribute('aria-valuemax', '1');
    await expect(bar).toHaveAttribute('aria-valuetext', '40%');
    await expect(bar).toHaveAttribute('data-state', 'loading');
  },
};

export const StepsOfTotal: Story = {
  args: { value: 2, max: 5, 'aria-label': 'Pipeline', getValueText: (v: number, max: number) => `Step ${v} of ${max}` },
  play: async ({ canvasElement }) => {
    const bar = within(canvasElement).getByRole('progressbar', { name: 'Pipeline' });
    await expect(bar).toHaveAttribute('aria-valuetext', 'Step 2 of 5');
    await expect(bar).toHaveAttribute('aria-valuenow', '2');
  },
};

/** Every `data-state`: indeterminate (no value), loading and complete. */
export const States: Story = {
  render: () => (
    <div style={{ display: 'grid', gap: '1rem' }}>
      <ProgressBar aria-label="Indeterminate" value={null} valueText="Waiting for the server" />
      <ProgressBar aria-label="Loading" value={0.35} />
      <ProgressBar aria-label="Complete" value={1} />
    </div>
  ),
  play: async ({ canvasElement }) => {
    const bars = within(canvasElement).getAllByRole('progressbar');
    await expect(bars.map((b) => b.getAttribute('data-state'))).toEqual(['indeterminate', 'loading', 'complete']);
    await expect(bars[0]).not.toHaveAttribute('aria-valuenow');
    await expect(bars[0]).toHaveAttribute('aria-valuetext', 'Waiting for the server');
    await expect(bars[2]).toHaveAttribute('aria-valuetext', '100%');
  },
};

/** Out-of-range values are clamped; the indicator carries the fraction as a CSS variable. */
export const Clamped: Story = {
  args: { value: 7, 'aria-label': 'Clamped' },
  play: async ({ canvasElement }) => {
    const bar = within(canvasElement).getByRole('progressbar');
    await expect(bar).toHaveAttribute('aria-valuenow', '1');
    await expect(bar.style.getPropertyValue('--sk-progress')).toBe('1');
  },
};

/** The same states in the dark theme (axe checks contrast there too). */
export const StatesDark: Story = { ...States, globals: { theme: 'dark' } };
