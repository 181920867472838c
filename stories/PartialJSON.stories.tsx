import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { PartialJSON } from '../src/components/index.js';
import { SAMPLE_RECIPE, useSimulatedJSON } from './support/simulated-json.js';

const PARTIAL = { title: 'Lemon pasta', servings: 2, tags: ['quick', 'week'], author: { name: 'Ad' } };

const meta = {
  title: 'Components/PartialJSON',
  component: PartialJSON,
  args: { value: PARTIAL, openPath: ['tags', 1], 'aria-label': 'Recipe' },
} satisfies Meta<typeof PartialJSON>;

export default meta;
type Story = StoryObj<typeof meta>;

const item = (root: HTMLElement, path: Array<string | number>) =>
  root.querySelector<HTMLElement>(`[role="treeitem"][data-path='${JSON.stringify(path)}']`);

/** Fields on the open path are `streaming`; everything else is `complete`. */
export const Streaming: Story = {
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('tree', { name: 'Recipe' })).toHaveAttribute('data-state', 'streaming');
    await expect(item(canvasElement, ['title'])).toHaveAttribute('data-state', 'complete');
    await expect(item(canvasElement, ['tags'])).toHaveAttribute('data-state', 'streaming');
    await expect(item(canvasElement, ['tags', 0])).toHaveAttribute('data-state', 'complete');
    await expect(item(canvasElement, ['tags', 1])).toHaveAttribute('data-state', 'streaming');
    await expect(item(canvasElement, ['author', 'name'])).toHaveAttribute('data-state', 'complete');
  },
};

/** Every `data-state`: streaming and complete fields, and the empty tree before anything arrived. */
export const States: Story = {
  render: () => (
    <div style={{ display: 'grid', gap: '1rem' }}>
      <PartialJSON aria-label="Nothing yet" value={undefined} complete={false} />
      <PartialJSON aria-label="Streaming" value={PARTIAL} openPath={['author', 'name']} />
      <PartialJSON aria-label="Complete" value={SAMPLE_RECIPE} complete />
    </div>
  ),
  play: async ({ canvasElement }) => {
    const trees = within(canvasElement).getAllByRole('tree');
    await expect(trees.map((t) => t.getAttribute('data-state'))).toEqual(['streaming', 'streaming', 'complete']);
    const states = new Set([...canvasElement.querySelectorAll('[role="treeitem"]')].map((i) => i.getAttribute('data-state')));
    await expect(states).toEqual(new Set(['streaming', 'complete']));
  },
};

/** WAI-ARIA tree keyboard pattern: arrows move, Right/Left expand and collapse, Home/End jump. */
export const KeyboardNavigation: Story = {
  args: { value: SAMPLE_RECIPE, complete: true, openPath: undefined },
  play: async ({ canvasElement }) => {
    const title = item(canvasElement, ['title']) as HTMLElement;
    await expect(title).toHaveAttribute('tabindex', '0');
    await userEvent.tab();
    await expect(title).toHaveFocus();
    await userEvent.keyboard('{ArrowDown}');
    await expect(item(canvasElement, ['servings'])).toHaveFocus();
    // Move to "tags" (an array) and collapse/expand it.
    await userEvent.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}');
    const tags = item(canvasElement, ['tags']) as HTMLElement;
    await expect(tags).toHaveFocus();
    await expect(tags).toHaveAttribute('aria-expanded', 'true');
    await userEvent.keyboard('{ArrowLeft}');
    await expect(tags).toHaveAttribute('aria-expanded', 'false');
    await expect(item(canvasElement, ['tags', 0])).toBeNull();
    await userEvent.keyboard('{ArrowRight}');
    await expect(tags).toHaveAttribute('aria-expanded', 'true');
    await userEvent.keyboard('{ArrowRight}');
    await expect(item(canvasElement, ['tags', 0])).toHaveFocus();
    await userEvent.keyboard('{ArrowLeft}');
    await expect(tags).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    await expect(tags).toHaveAttribute('aria-expanded', 'false');
    await userEvent.keyboard('{End}');
    await expect(item(canvasElement, ['notes'])).toHaveFocus();
    await userEvent.keyboard('{Home}');
    await expect(title).toHaveFocus();
    // Roving tabindex: exactly one item is in the tab order.
    await expect(canvasElement.querySelectorAll('[role="treeitem"][tabindex="0"]')).toHaveLength(1);
  },
};

export const ClickToCollapse: Story = {
  args: { value: SAMPLE_RECIPE, complete: true, openPath: undefined },
  play: async ({ canvasElement }) => {
    const author = item(canvasElement, ['author']) as HTMLElement;
    await userEvent.click(within(author).getByText('{2 keys}'));
    await expect(author).toHaveAttribute('aria-expanded', 'false');
    await expect(author).toHaveFocus();
  },
};

function Simulated() {
  const { value, openPath, complete } = useSimulatedJSON(SAMPLE_RECIPE, 5, 25);
  return <PartialJSON aria-label="Streaming recipe" value={value} openPath={openPath} complete={complete} />;
}

/** A simulated stream of the value: fields appear, grow, and turn complete. */
export const SimulatedStream: Story = {
  render: () => <Simulated />,
  play: async ({ canvasElement }) => {
    const tree = within(canvasElement).getByRole('tree');
    await waitFor(() => expect(tree).toHaveAttribute('data-state', 'complete'), { timeout: 20_000 });
    await expect(item(canvasElement, ['notes'])).toHaveTextContent('"Zest the lemon before juicing it."');
    await expect(canvasElement.querySelector('[data-state="streaming"]')).toBeNull();
  },
};

/** The same states in the dark theme (axe checks contrast there too). */
export const StatesDark: Story = { ...States, globals: { theme: 'dark' } };
