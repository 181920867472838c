import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { z } from 'zod';
import { JSONForm, type JSONSchema } from '../src/components/index.js';
import { SAMPLE_RECIPE, useSimulatedJSON } from './support/simulated-json.js';

const RECIPE_SCHEMA: JSONSchema = {
  type: 'object',
  properties: {
    title: { type: 'string', title: 'Recipe title', description: 'A short name for the dish.' },
    servings: { type: 'integer', minimum: 1 },
    vegetarian: { type: 'boolean' },
    difficulty: { type: 'string', enum: ['easy', 'medium', 'hard'] },
    tags: { type: 'array', items: { type: 'string' } },
    author: {
      type: 'object',
      properties: { name: { type: 'string' }, email: { type: 'string', format: 'email' } },
      required: ['name'],
    },
    notes: { type: 'string' },
  },
  required: ['title', 'servings'],
};

const meta = {
  title: 'Components/JSONForm',
  component: JSONForm,
  args: { jsonSchema: RECIPE_SCHEMA, value: SAMPLE_RECIPE, complete: true, onSubmit: fn(), 'aria-label': 'Recipe' },
} satisfies Meta<typeof JSONForm>;

export default meta;
type Story = StoryObj<typeof meta>;

const field = (root: HTMLElement, path: Array<string | number>) =>
  root.querySelector<HTMLElement>(`[data-sk="json-form-field"][data-path='${JSON.stringify(path)}']`);

/** Editing once complete; `onSubmit` receives the streamed value with the edits applied. */
export const EditAndSubmit: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const title = canvas.getByLabelText(/Recipe title/);
    await expect(title).toHaveValue('Lemon pasta');
    await expect(title).not.toHaveAttribute('readonly');
    await userEvent.clear(title);
    await userEvent.type(title, 'Lemon spaghetti');
    const servings = canvas.getByLabelText(/Servings/);
    await userEvent.clear(servings);
    await userEvent.type(servings, '4');
    await userEvent.click(canvas.getByLabelText(/Vegetarian/));
    await userEvent.selectOptions(canvas.getByLabelText(/Difficulty/), 'hard');
    await userEvent.click(canvas.getByRole('button', { name: 'Add tags' }));
    await userEvent.type(canvas.getByLabelText('Tags 3'), 'citrus');
    await userEvent.click(canvas.getByRole('button', { name: 'Remove Tags 1' }));
    await userEvent.clear(canvas.getByLabelText(/^Name/));
    await userEvent.type(canvas.getByLabelText(/^Name/), 'Grace');
    await userEvent.click(canvas.getByRole('button', { name: 'Submit' }));
    await expect(args.onSubmit).toHaveBeenCalledTimes(1);
    await expect(args.onSubmit).toHaveBeenCalledWith({
      ...SAMPLE_RECIPE,
      title: 'Lemon spaghetti',
      servings: 4,
      vegetarian: false,
      difficulty: 'hard',
      tags: ['weeknight', 'citrus'],
      author: { name: 'Grace', email: 'ada@example.com' },
    });
  },
};

/** Every field `data-state`: pending (nothing yet), streaming (read-only), complete (editable). */
export const States: Story = {
  args: {
    value: { title: 'Lemon pasta', servings: 2, tags: ['quick', 'week'] },
    complete: false,
    openPath: ['tags', 1],
  },
  play: async ({ canvasElement }) => {
    await expect(field(canvasElement, ['title'])).toHaveAttribute('data-state', 'complete');
    await expect(field(canvasElement, ['tags'])).toHaveAttribute('data-state', 'streaming');
    await expect(field(canvasElement, ['notes'])).toHaveAttribute('data-state', 'pending');
    await expect(field(canvasElement, ['vegetarian'])).toHaveAttribute('data-state', 'pending');
    const canvas = within(canvasElement);
    await expect(canvas.getByLabelText('Tags 2')).toHaveAttribute('readonly');
    await expect(canvas.getByRole('button', { name: 'Submit' })).toBeDisabled();
    await expect(canvasElement.querySelector('form')).toHaveAttribute('data-state', 'streaming');
  },
};

export const PendingFields: Story = {
  args: { value: { title: 'Lem' }, complete: false, isComplete: (path) => path.length === 1 && path[0] === 'servings' ? false : path.length > 0 && path[0] !== 'title' && path[0] !== 'notes' },
  play: async ({ canvasElement }) => {
    await expect(field(canvasElement, ['title'])).toHaveAttribute('data-state', 'streaming');
    await expect(field(canvasElement, ['notes'])).toHaveAttribute('data-state', 'pending');
    await expect(field(canvasElement, ['servings'])).toHaveAttribute('data-state', 'pending');
    await expect(within(canvasElement).getByLabelText(/Recipe title/)).toHaveAttribute('readonly');
  },
};

const ZodRecipe = z.object({
  title: z.string().describe('A short name for the dish.'),
  servings: z.number().int(),
  difficulty: z.enum(['easy', 'medium', 'hard']),
  vegetarian: z.boolean().optional(),
});

/** A Standard Schema that exposes JSON Schema (zod 4) works directly. */
export const FromZodSchema: Story = {
  args: { jsonSchema: undefined, schema: ZodRecipe, value: { title: 'Soup', servings: 3, difficulty: 'medium' } },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByLabelText(/Title/)).toHaveValue('Soup');
    await expect(canvas.getByLabelText(/Difficulty/)).toHaveDisplayValue('medium');
    await userEvent.click(canvas.getByRole('button', { name: 'Submit' }));
    await expect(args.onSubmit).toHaveBeenCalledWith({ title: 'Soup', servings: 3, difficulty: 'medium' });
  },
};

function Simulated({ onSubmit }: { onSubmit: (v: unknown) => void }) {
  const { value, openPath, complete } = useSimulatedJSON(SAMPLE_RECIPE, 4, 25);
  return <JSONForm aria-label="Recipe" jsonSchema={RECIPE_SCHEMA} value={value} openPath={openPath} complete={complete} onSubmit={onSubmit} />;
}

/** The form fills in as the JSON streams, then becomes editable. */
export const SimulatedStream: Story = {
  render: (args) => <Simulated onSubmit={args.onSubmit ?? (() => undefined)} />,
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const submit = canvas.getByRole('button', { name: 'Submit' });
    await expect(submit).toBeDisabled();
    await waitFor(() => expect(submit).toBeEnabled(), { timeout: 20_000 });
    await expect(canvas.getByLabelText(/Notes/)).toHaveValue(SAMPLE_RECIPE.notes);
    await userEvent.click(submit);
    await expect(args.onSubmit).toHaveBeenCalledWith(SAMPLE_RECIPE);
  },
};

/** The same states in the dark theme (axe checks contrast there too). */
export const StatesDark: Story = { ...States, globals: { theme: 'dark' } };
