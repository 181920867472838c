import { useMemo } from 'react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { JSONForm, PartialJSON, StreamError, type JSONSchema } from '../src/components/index.js';
import { useStreamJSON } from '../src/react/index.js';
import type { StreamRequest } from '../src/core/types.js';
import { demoUrl, knobArgTypes, type DemoKnobArgs } from './support/live-url.js';
import { Stats, ToolButton, Toolbar } from './support/Toolbar.js';

/** The shape of the demo server's `kind: "json"` answer. */
const RECIPE_SCHEMA: JSONSchema = {
  type: 'object',
  properties: {
    title: { type: 'string', title: 'Title' },
    servings: { type: 'integer', minimum: 1 },
    prepMinutes: { type: 'integer', title: 'Preparation (minutes)' },
    vegetarian: { type: 'boolean' },
    ingredients: {
      type: 'array',
      items: { type: 'object', properties: { name: { type: 'string' }, amount: { type: 'string' } } },
    },
    steps: { type: 'array', items: { type: 'string' }, description: 'In order.' },
    tags: { type: 'array', items: { type: 'string' } },
    rating: { type: ['integer', 'null'], minimum: 1, maximum: 5 },
  },
  required: ['title', 'servings'],
};

interface FormArgs extends DemoKnobArgs {
  provider: 'openai' | 'openai-responses' | 'anthropic' | 'xai' | 'gemini';
  onSubmit: (value: unknown) => void;
}

/** `useStreamJSON` over the demo server: the form fills in field by field, then becomes editable. */
function LiveJSONForm({ onSubmit, ...args }: FormArgs) {
  const url = demoUrl('/api/demo/chat', args, { provider: args.provider });
  const request = useMemo<StreamRequest>(() => ({ url, method: 'POST', body: { prompt: 'A vegetable side dish', kind: 'json' }, provider: args.provider }), [url, args.provider]);
  const s = useStreamJSON(request, { retry: { maxAttempts: 3, baseDelayMs: 250 } });
  return (
    <section aria-label="Live JSON form">
      <Toolbar>
        <ToolButton onClick={() => s.start()}>Start</ToolButton>
        <ToolButton onClick={s.stop}>Stop</ToolButton>
        <ToolButton onClick={s.retry}>Retry</ToolButton>
      </Toolbar>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(18rem, 1fr))', gap: '1.5rem', alignItems: 'start' }}>
        <JSONForm aria-label="Recipe" jsonSchema={RECIPE_SCHEMA} value={s.value} isComplete={s.isComplete} onSubmit={onSubmit} />
        <PartialJSON aria-label="Recipe JSON" value={s.value} isComplete={s.isComplete} />
      </div>
      <div style={{ marginTop: '1rem' }}>
        <StreamError error={s.error} onRetry={s.retry} />
      </div>
      <Stats items={[['status', s.status]]} />
    </section>
  );
}

const meta = {
  title: 'Playground/Partial JSON form',
  component: LiveJSONForm,
  args: { provider: 'openai', tps: 60, chunk: 0, dropAfter: 0, status: 'none', stallMs: 0, onSubmit: fn() },
  argTypes: { provider: { control: 'select', options: ['openai', 'openai-responses', 'anthropic', 'xai', 'gemini'] }, ...knobArgTypes },
  parameters: { layout: 'padded' },
} satisfies Meta<typeof LiveJSONForm>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Interactive: provider, speed and faults. */
export const Playground: Story = {};

export const LiveForm: Story = {
  args: { tps: 400 },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const submit = canvas.getByRole('button', { name: 'Submit' });
    await waitFor(() => expect(submit).toBeEnabled(), { timeout: 60_000 });
    const title = canvas.getByLabelText(/^Title/);
    await expect(title).toHaveValue('Lemon herb roasted vegetables');
    await userEvent.clear(title);
    await userEvent.type(title, 'Roasted vegetables');
    await userEvent.click(submit);
    await expect(args.onSubmit).toHaveBeenCalledTimes(1);
    const submitted = (args.onSubmit as ReturnType<typeof fn>).mock.calls[0]?.[0] as Record<string, unknown>;
    await expect(submitted['title']).toBe('Roasted vegetables');
    await expect(submitted['servings']).toBe(4);
    await expect(submitted['tags']).toEqual(['side dish', 'quick', 'gluten-free']);
    await expect(canvasElement.querySelector('[role="tree"]')).toHaveAttribute('data-state', 'complete');
  },
};
