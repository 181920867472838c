import { useMemo } from 'react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
import { JSONForm, PartialJSON, PipelineProgress, StreamError, StreamText, type JSONSchema } from '../src/components/index.js';
import { StreamMarkdown } from '../src/components/stream-markdown/index.js';
import { StreamError as CoreStreamError } from '../src/core/errors.js';
import type { PipelineStep } from '../src/core/store-types.js';
import type { StreamRequest } from '../src/core/types.js';
import { useStream } from '../src/react/index.js';
import { HOSTILE_MARKDOWN, HOSTILE_STRINGS, HUGE_TOKEN, hostileObject, inspect } from './support/hostile.js';

const ALL_TOKENS = HOSTILE_STRINGS.join(' ');

function hostileSchema(): JSONSchema {
  const properties: Record<string, JSONSchema> = {};
  HOSTILE_STRINGS.forEach((s, i) => {
    properties[s] = i % 3 === 0 ? { type: 'string', title: s, description: s } : i % 3 === 1 ? { type: 'string', enum: [s, 'ok'] } : { type: 'array', items: { type: 'string' }, title: s };
  });
  return { type: 'object', properties };
}

function hostileFormValue(): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  HOSTILE_STRINGS.forEach((s, i) => {
    value[s] = i % 3 === 0 ? s : i % 3 === 1 ? s : [s, s];
  });
  return value;
}

const toolSteps = (): PipelineStep[] =>
  HOSTILE_STRINGS.slice(0, 6).map((s, i) => ({
    id: `step-${i}`,
    name: s,
    status: i % 2 === 0 ? 'completed' : 'failed',
    progress: 1,
    message: s,
    tokens: s,
    output: { [s]: s },
    error: i % 2 === 0 ? undefined : `${s} Authorization: Bearer sk-test-SECRETSECRET`,
    startedAt: undefined,
    durationMs: 10,
  }));

/** Every component fed hostile payloads as tokens, JSON keys and values, tool/step names, error messages and links. */
function AllSurfaces() {
  const obj = useMemo(hostileObject, []);
  const schema = useMemo(hostileSchema, []);
  const formValue = useMemo(hostileFormValue, []);
  const steps = useMemo(toolSteps, []);
  const toolCalls = useMemo(() => HOSTILE_STRINGS.map((name, i) => ({ id: `call_${i}`, name, args: { [name]: name }, argsText: JSON.stringify({ [name]: name }), index: i })), []);
  const error = useMemo(
    () =>
      new CoreStreamError('provider', HOSTILE_STRINGS.join(' | ') + ' Authorization: Bearer sk-live-SECRETSECRET', {
        providerCode: `<img src=x onerror="window.__pwned=1">`,
        bodyExcerpt: HOSTILE_STRINGS.join('\n'),
        status: 500,
      }),
    [],
  );
  return (
    <div style={{ display: 'grid', gap: '1.5rem' }} data-testid="surfaces">
      <section aria-label="Tokens">
        <StreamText text={ALL_TOKENS} status="streaming" announce="off" />
      </section>
      <section aria-label="Markdown">
        <StreamMarkdown text={HOSTILE_MARKDOWN} status="done" />
      </section>
      <section aria-label="JSON keys and values">
        <PartialJSON aria-label="Hostile JSON" value={obj} complete defaultExpandDepth={3} />
      </section>
      <section aria-label="Tool calls">
        <PartialJSON aria-label="Hostile tool calls" value={toolCalls} openPath={[3, 'args']} defaultExpandDepth={2} />
      </section>
      <section aria-label="Form">
        <JSONForm aria-label="Hostile form" jsonSchema={schema} value={formValue} complete />
      </section>
      <section aria-label="Pipeline">
        <PipelineProgress status="failed" progress={0.5} steps={steps} error={HOSTILE_STRINGS[1] as string} />
      </section>
      <section aria-label="Error">
        <StreamError error={error} onRetry={() => undefined} />
      </section>
    </div>
  );
}

const meta = {
  title: 'Security/Hostile payloads',
  component: AllSurfaces,
  parameters: { layout: 'padded' },
} satisfies Meta<typeof AllSurfaces>;

export default meta;
type Story = StoryObj<typeof meta>;

async function assertNothingExecuted(root: HTMLElement) {
  // Give any image error handler or lazy renderer time to fire before judging.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const report = inspect(root);
  await expect(report.pwned).toBe(false);
  await expect(report.scripts).toBe(0);
  await expect(report.eventAttributes).toEqual([]);
  await expect(report.unsafeUrls).toEqual([]);
  await expect(report.foreignElements).toEqual([]);
  await expect(root.querySelectorAll('a[href^="javascript:" i], a[href^="data:" i], [src^="javascript:" i], [src^="data:" i]')).toHaveLength(0);
}

export const AllComponents: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    // Markdown renders through streamdown (lazy): wait for its only allowed link.
    await waitFor(() => expect(canvas.getByRole('link', { name: 'safe link' })).toHaveAttribute('href', 'https://example.com/ok'), { timeout: 30_000 });
    await expect(canvas.getAllByRole('link')).toHaveLength(1);
    // Payloads are visible as text, not interpreted.
    await expect(canvasElement.querySelector('[data-sk="stream-text-content"]')?.textContent).toBe(ALL_TOKENS);
    await expect(canvas.getByRole('tree', { name: 'Hostile JSON' })).toHaveTextContent('<script>window.__pwned=1</script>');
    await expect(canvas.getByRole('tree', { name: 'Hostile JSON' })).toHaveTextContent('__proto__');
    // Bidi controls stay inside an isolated box.
    await expect(getComputedStyle(canvasElement.querySelector('[data-sk="stream-text-content"]') as Element).unicodeBidi).toBe('isolate');
    // Credentials are redacted from errors.
    const alerts = canvas.getAllByRole('alert');
    for (const alert of alerts) await expect(alert.textContent).not.toContain('SECRETSECRET');
    await assertNothingExecuted(canvasElement);
  },
};

/** A 1 MB token (and one in a JSON value): rendered whole, as text, without freezing the page. */
export const HugeToken: Story = {
  render: () => (
    <div style={{ display: 'grid', gap: '1rem' }}>
      <div style={{ maxHeight: '6rem', overflow: 'hidden' }}>
        <StreamText text={`${HUGE_TOKEN}<script>window.__pwned=1</script>`} status="done" announce="off" />
      </div>
      <PartialJSON aria-label="Huge value" value={{ [HOSTILE_STRINGS[0] as string]: HUGE_TOKEN.slice(0, 100_000) }} complete />
    </div>
  ),
  play: async ({ canvasElement }) => {
    const content = canvasElement.querySelector('[data-sk="stream-text-content"]');
    await expect(content?.textContent?.length).toBe(1_000_000 + '<script>window.__pwned=1</script>'.length);
    await expect(content?.childNodes).toHaveLength(1);
    await expect(content?.firstChild?.nodeType).toBe(Node.TEXT_NODE);
    await assertNothingExecuted(canvasElement);
  },
};

function streamOf(tokens: readonly string[]): ReadableStream<string> {
  let i = 0;
  return new ReadableStream<string>({
    pull(controller) {
      const next = tokens[i++];
      if (next === undefined) controller.close();
      else controller.enqueue(next);
    },
  });
}

/** The same payloads injected as tokens through the real stream engine (`useStream` with a `source`). */
function ThroughTheEngine() {
  const request = useMemo<StreamRequest>(
    () => ({ source: streamOf([...HOSTILE_STRINGS.map((s) => `${s} `), HUGE_TOKEN.slice(0, 200_000), ' ', HOSTILE_MARKDOWN]), protocol: 'text', provider: 'raw' }),
    [],
  );
  const s = useStream(request, { key: 'hostile-source' });
  return (
    <div style={{ display: 'grid', gap: '1rem' }}>
      <p data-status={s.status}>Status: {s.status}</p>
      <div style={{ maxHeight: '12rem', overflow: 'auto' }} tabIndex={0} role="region" aria-label="Streamed tokens">
        <StreamText text={s.text} status={s.status} announce="off" />
      </div>
      {/* The markdown part of the stream (after the plain tokens), rendered as markdown. */}
      <StreamMarkdown text={s.text.includes('[js link]') ? s.text.slice(s.text.indexOf('[js link]')) : ''} status={s.status} />
      <StreamError error={s.error} />
    </div>
  );
}

export const ThroughStreamEngine: Story = {
  render: () => <ThroughTheEngine />,
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(canvasElement.querySelector('[data-status]')).toHaveAttribute('data-status', 'done'), { timeout: 60_000 });
    const text = canvasElement.querySelector('[data-sk="stream-text-content"]')?.textContent ?? '';
    await expect(text.startsWith(HOSTILE_STRINGS[0] as string)).toBe(true);
    await expect(text.length).toBeGreaterThan(200_000);
    await waitFor(() => expect(within(canvasElement).getByRole('link', { name: 'safe link' })).toBeInTheDocument(), { timeout: 30_000 });
    await assertNothingExecuted(canvasElement);
  },
};
