import type { Meta, StoryObj } from '@storybook/react-vite';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { StreamMonitor } from '../../src/components/monitor/index.js';
import '../../src/components/monitor/monitor.css';
import { StreamText } from '../../src/components/stream-text/stream-text.js';
import { parseEventsNDJSON } from '../../src/core/replay/ndjson.js';
import { replayEvents } from '../../src/core/replay/replay.js';
import { createStreamStore } from '../../src/core/store/stream-store.js';
import type { StreamStore } from '../../src/core/store-types.js';
import type { StreamEvent, StreamRun } from '../../src/core/types.js';
import { API_KEY, SECRET, makeBigRecording, makeChatRecording, makePipelineRecording, makeSecretRecording } from './recordings.js';

const meta = {
  title: 'Monitor/StreamMonitor',
  component: StreamMonitor,
  parameters: { layout: 'padded' },
} satisfies Meta<typeof StreamMonitor>;

export default meta;
type Story = StoryObj<typeof meta>;

const LONG = { timeout: 15_000 };

/** Captures what the Export button downloads (and keeps the test browser from saving files). */
async function captureExport(click: () => Promise<void>): Promise<string> {
  const originalCreate = URL.createObjectURL.bind(URL);
  const originalClick = HTMLAnchorElement.prototype.click;
  let blob: Blob | undefined;
  URL.createObjectURL = (object: Blob | MediaSource) => {
    if (object instanceof Blob) blob = object;
    return originalCreate(object);
  };
  HTMLAnchorElement.prototype.click = function click() {
    /* no download in tests */
  };
  try {
    await click();
  } finally {
    URL.createObjectURL = originalCreate;
    HTMLAnchorElement.prototype.click = originalClick;
  }
  if (!blob) throw new Error('Export did not create a Blob');
  return blob.text();
}

function uploadFile(input: HTMLInputElement, file: File): void {
  const transfer = new DataTransfer();
  transfer.items.add(file);
  input.files = transfer.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

function doneResult(events: readonly StreamEvent[]) {
  const done = events.at(-1);
  if (done?.type !== 'done') throw new Error('recording must end with done');
  return done.result;
}

// ------------------------------------------------------------------------------------------------

const chat = makeChatRecording({ tokens: 80, toolEvery: 25 });

/** A finished chat run: status, timings, sparkline, usage and cost. Tabs follow the WAI-ARIA pattern. */
export const Overview: Story = {
  args: { events: chat, name: 'Chat (recorded)' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const overview = canvas.getByRole('tabpanel', { name: 'Status' });
    await expect(within(overview).getByText('done')).toBeInTheDocument();
    await expect(overview).toHaveTextContent('Time to first token');
    await expect(overview).toHaveTextContent('gpt-4o-mini');
    await expect(overview).toHaveTextContent('$0.00032');
    await expect(overview).not.toHaveTextContent('estimated');
    await expect(canvas.getByRole('img', { name: /Deltas per 250 ms/ })).toBeInTheDocument();

    // Keyboard: Tab reaches the controls, arrows move between tabs, Home/End jump.
    await userEvent.tab();
    await expect(canvas.getByRole('button', { name: 'Export NDJSON' })).toHaveFocus();
    const statusTab = canvas.getByRole('tab', { name: 'Status' });
    statusTab.focus();
    await userEvent.keyboard('{ArrowRight}');
    const eventsTab = canvas.getByRole('tab', { name: /^Events/ });
    await expect(eventsTab).toHaveFocus();
    await expect(eventsTab).toHaveAttribute('aria-selected', 'true');
    await expect(canvas.getByRole('listbox', { name: 'Events' })).toBeInTheDocument();
    await userEvent.keyboard('{End}');
    await expect(canvas.getByRole('tab', { name: 'Raw' })).toHaveAttribute('aria-selected', 'true');
    await userEvent.keyboard('{Home}');
    await expect(statusTab).toHaveAttribute('aria-selected', 'true');
    await userEvent.keyboard('{ArrowLeft}');
    await expect(canvas.getByRole('tab', { name: 'Raw' })).toHaveFocus();
    // Only the selected tab is a tab stop.
    await expect(canvas.getAllByRole('tab').filter((t) => t.tabIndex === 0)).toHaveLength(1);
  },
};

/** The same panel in the dark theme (axe checks contrast there too). */
export const OverviewDark: Story = {
  args: { events: chat, name: 'Chat (dark)', defaultTab: 'events' },
  globals: { theme: 'dark' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const list = canvas.getByRole('listbox', { name: 'Events' });
    list.focus();
    await userEvent.keyboard('{ArrowDown}{ArrowDown}');
    await expect(canvas.getByRole('heading', { name: /Event #1 · metadata/ })).toBeInTheDocument();
  },
};

/** Estimated usage is marked as such. */
export const EstimatedUsage: Story = {
  args: { events: makeChatRecording({ tokens: 10, usageEstimated: true }), name: 'Estimated usage' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getAllByText('estimated').length).toBeGreaterThanOrEqual(2);
  },
};

/** The timeline is keyboard operable: arrows select events, the detail view shows the fields. */
export const TimelineKeyboard: Story = {
  args: { events: chat, name: 'Timeline', defaultTab: 'events' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const list = canvas.getByRole('listbox', { name: 'Events' });
    list.focus();
    await userEvent.keyboard('{ArrowDown}');
    await waitFor(() => expect(list.getAttribute('aria-activedescendant')).toBeTruthy());
    const active = canvasElement.querySelector(`#${CSS.escape(list.getAttribute('aria-activedescendant') ?? '')}`);
    await expect(active).toHaveAttribute('aria-selected', 'true');
    await expect(active).toHaveTextContent('#0');
    await expect(canvas.getByRole('heading', { name: /Event #0 · start/ })).toBeInTheDocument();
    await expect(canvas.getByRole('tree', { name: 'Event 0 fields' })).toBeInTheDocument();
    await userEvent.keyboard('{ArrowDown}{ArrowDown}');
    await expect(canvas.getByRole('heading', { name: /Event #2 · text/ })).toBeInTheDocument();
    await userEvent.keyboard('{End}');
    await waitFor(() => expect(canvas.getByRole('heading', { name: new RegExp(`Event #${chat.length - 1} · done`) })).toBeInTheDocument());

    // Pause with the keyboard (Space on a toggle button) and resume with Enter.
    const pause = canvas.getByRole('button', { name: 'Pause' });
    pause.focus();
    await userEvent.keyboard(' ');
    await expect(canvas.getByRole('button', { name: 'Resume' })).toHaveAttribute('aria-pressed', 'true');
    await userEvent.keyboard('{Enter}');
    await expect(canvas.getByRole('button', { name: 'Pause' })).toHaveAttribute('aria-pressed', 'false');
  },
};

// ------------------------------------------------------------------------------------------------

function BigMonitor() {
  const events = useMemo(() => makeBigRecording(100_000), []);
  return <StreamMonitor events={events} capacity={100_000} name="100,000 events" defaultTab="events" />;
}

/** 100,000 events: the timeline keeps fewer than 200 rows in the DOM and filters stay exact. */
export const HundredThousandEvents: Story = {
  render: () => <BigMonitor />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const events = makeBigRecording(100_000);
    const count = () => canvas.getByTestId('sk-monitor-count').textContent ?? '';
    await waitFor(() => expect(count()).toContain('100,000 of 100,000 events'), LONG);
    const rows = () => canvasElement.querySelectorAll('[role="listbox"] [role="option"]');
    await expect(rows().length).toBeGreaterThan(0);
    await expect(rows().length).toBeLessThan(200);

    // Type filter.
    const tools = events.filter((e) => e.type === 'tool-call');
    await expect(tools.length).toBeGreaterThan(10);
    await userEvent.selectOptions(canvas.getByRole('combobox', { name: 'Type' }), 'tool-call');
    await waitFor(() => expect(count()).toContain(`${tools.length.toLocaleString('en-US')} of 100,000 events`), LONG);
    await expect(rows().length).toBeLessThan(200);
    for (const row of rows()) await expect(row).toHaveAttribute('data-type', 'tool-call');

    // Text filter (combined with "all types").
    await userEvent.selectOptions(canvas.getByRole('combobox', { name: 'Type' }), 'all');
    const needles = events.filter((e) => e.type === 'text' && e.delta.includes('needle'));
    await expect(needles.length).toBeGreaterThan(10);
    await userEvent.type(canvas.getByRole('searchbox', { name: 'Filter' }), 'needle');
    await waitFor(() => expect(count()).toContain(`${needles.length.toLocaleString('en-US')} of 100,000 events`), LONG);
    for (const row of rows()) await expect(row).toHaveTextContent('needle');

    // The end of the filtered list is reachable and shows the last match.
    const list = canvas.getByRole('listbox', { name: 'Events' });
    list.focus();
    await userEvent.keyboard('{End}');
    const last = needles.at(-1) as StreamEvent;
    await waitFor(() => expect(canvas.getByRole('heading', { name: new RegExp(`Event #${last.seq} · text`) })).toBeInTheDocument(), LONG);
    await expect(rows().length).toBeLessThan(200);
  },
};

// ------------------------------------------------------------------------------------------------

function useStoreState(store: StreamStore) {
  return useSyncExternalStore(store.subscribe, store.getState, store.getState);
}

function ReplayedState({ store }: { store: StreamStore }) {
  const s = useStoreState(store);
  return (
    <section aria-label="Replayed into components">
      <h2>Replayed into StreamText</h2>
      <StreamText store={store} />
      <pre data-testid="replayed-state" tabIndex={0}>
        {JSON.stringify({ status: s.status, text: s.text, json: s.json, toolCalls: s.toolCalls, usage: s.usage })}
      </pre>
    </section>
  );
}

const replayRecording = makeChatRecording({ tokens: 120, toolEvery: 30, seed: 11 });

function ExportReplayDemo() {
  const [store, setStore] = useState<StreamStore | undefined>(undefined);
  return (
    <div style={{ display: 'grid', gap: '1rem' }}>
      <StreamMonitor events={replayRecording} name="Recorded chat" onReplay={(run: StreamRun) => setStore(createStreamStore(run))} />
      {store ? <ReplayedState store={store} /> : <p>Import the exported file to replay it here.</p>}
    </div>
  );
}

/** Export to NDJSON, import the file, replay it fast: the monitor and a StreamText show the same final state. */
export const ExportAndReplay: Story = {
  render: () => <ExportReplayDemo />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const text = await captureExport(() => userEvent.click(canvas.getByRole('button', { name: 'Export NDJSON' })));
    await expect(text.trim().split('\n')).toHaveLength(replayRecording.length);
    await expect(parseEventsNDJSON(text).map((e) => e.type)).toEqual(replayRecording.map((e) => e.type));

    await userEvent.selectOptions(canvas.getByRole('combobox', { name: 'Replay' }), 'fast');
    uploadFile(canvas.getByTestId('sk-monitor-import') as HTMLInputElement, new File([text], 'recording.ndjson', { type: 'application/x-ndjson' }));
    await waitFor(() => expect(canvas.getByRole('heading', { name: 'Replay: recording.ndjson' })).toBeInTheDocument(), LONG);

    const expected = doneResult(replayRecording);
    await waitFor(() => expect(JSON.parse(canvas.getByTestId('replayed-state').textContent ?? '{}').status).toBe('done'), LONG);
    const state = JSON.parse(canvas.getByTestId('replayed-state').textContent ?? '{}');
    await expect(state.text).toBe(expected.text);
    await expect(state.json).toEqual(expected.json);
    await expect(state.toolCalls).toEqual(expected.toolCalls);
    await expect(state.usage).toEqual(expected.usage);
    await waitFor(() => expect(canvasElement.querySelector('.sk-monitor')).toHaveAttribute('data-state', 'done'), LONG);

    // A broken file is reported with its line number, and nothing is replaced.
    uploadFile(canvas.getByTestId('sk-monitor-import') as HTMLInputElement, new File([`${text.split('\n')[0]}\n{oops\n`], 'bad.ndjson'));
    await waitFor(() => expect(canvas.getByRole('alert')).toHaveTextContent('line 2'), LONG);
    await expect(canvas.getByRole('heading', { name: 'Replay: recording.ndjson' })).toBeInTheDocument();
  },
};

// ------------------------------------------------------------------------------------------------

/** Credentials in URLs, headers, errors and text never reach the DOM or the export. */
export const Redaction: Story = {
  args: { events: makeSecretRecording(), name: 'Redaction' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const leaks = () => {
      const html = canvasElement.innerHTML;
      return [SECRET, API_KEY, 'secret-0123'].filter((s) => html.includes(s));
    };
    await expect(leaks()).toEqual([]);
    await expect(canvasElement).toHaveTextContent('[REDACTED]');
    await userEvent.click(canvas.getByRole('tab', { name: /^Events/ }));
    const list = canvas.getByRole('listbox', { name: 'Events' });
    const total = makeSecretRecording().length;
    list.focus();
    for (let i = 0; i < total; i++) {
      await userEvent.keyboard('{ArrowDown}');
      const details = canvasElement.querySelector('.sk-monitor__raw-details') as HTMLDetailsElement | null;
      if (details) details.open = true;
      await expect(leaks()).toEqual([]);
    }
    await userEvent.click(canvas.getByRole('tab', { name: 'Raw' }));
    await expect(canvas.getByRole('region', { name: 'Raw events as JSON lines' })).toHaveTextContent('[REDACTED]');
    await expect(leaks()).toEqual([]);
    const exported = await captureExport(() => userEvent.click(canvas.getByRole('button', { name: 'Export NDJSON' })));
    await expect(exported).not.toContain(SECRET);
    await expect(exported).not.toContain(API_KEY);
    await expect(exported).toContain('"code":"http"');
    await expect(exported).toContain('"status":401');
  },
};

// ------------------------------------------------------------------------------------------------

/** Pipeline recording: the step timeline draws one bar per step with its status. */
export const PipelineSteps: Story = {
  args: { events: makePipelineRecording(), name: 'Pipeline (recorded)', defaultTab: 'steps' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const panel = canvas.getByRole('tabpanel', { name: 'Steps' });
    const steps = within(panel).getAllByRole('listitem');
    await expect(steps.map((s) => s.getAttribute('data-state'))).toEqual(['completed', 'completed', 'failed']);
    await expect(steps[0]).toHaveTextContent('Fetch sources');
    await expect(steps[0]).toHaveTextContent('420 ms');
    await expect(steps[2]).toHaveTextContent('quota exceeded');
    const bars = [...panel.querySelectorAll<HTMLElement>('.sk-monitor__step-bar')];
    const lefts = bars.map((b) => parseFloat(b.style.left));
    await expect(lefts[0]).toBe(0);
    await expect(lefts[1] ?? 0).toBeGreaterThan(lefts[0] ?? 0);
    await expect(lefts[2] ?? 0).toBeGreaterThan(lefts[1] ?? 0);
    await expect(within(panel).getByRole('heading')).toHaveTextContent('2 of 3 completed');
  },
};

// ------------------------------------------------------------------------------------------------

const slowChat = makeChatRecording({ tokens: 300, gapMs: 10, seed: 21 });

function LiveReplay() {
  // Through a store: its events ring holds what arrived before the monitor mounted, so nothing is missed.
  const [store] = useState(() => createStreamStore(replayEvents(slowChat, { timing: 'original' })));
  useEffect(() => () => store.getState().stop(), [store]);
  return <StreamMonitor store={store} name="Replaying at original timing" defaultTab="events" />;
}

/** While events arrive: follow-tail keeps the newest row in view; Pause freezes the list, Resume catches up. */
export const FollowAndPause: Story = {
  render: () => <LiveReplay />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const shown = () => Number((canvas.getByTestId('sk-monitor-count').textContent ?? '').split(' of ')[0]?.replace(/,/g, ''));
    await waitFor(() => expect(shown()).toBeGreaterThan(20), LONG);
    await userEvent.click(canvas.getByRole('button', { name: 'Pause' }));
    const frozen = shown();
    await expect(canvas.getByTestId('sk-monitor-count')).toHaveTextContent('(paused)');
    // Recording continues underneath: the Events tab counts every event while the list stays put.
    await waitFor(() => expect(Number(canvas.getByRole('tab', { name: /^Events/ }).textContent?.match(/\((.*)\)/)?.[1]?.replace(/,/g, ''))).toBeGreaterThan(frozen + 10), LONG);
    await expect(shown()).toBe(frozen);
    await userEvent.click(canvas.getByRole('button', { name: 'Resume' }));
    await waitFor(() => expect(canvasElement.querySelector('.sk-monitor')).toHaveAttribute('data-state', 'done'), LONG);
    await waitFor(() => expect(shown()).toBe(slowChat.length), LONG);
    // Follow-tail: the last event's row is rendered (scrolled into view), and rows stay bounded.
    await waitFor(() => expect(canvasElement.querySelector('[role="option"][data-type="done"]')).not.toBeNull(), LONG);
    await expect(canvasElement.querySelectorAll('[role="option"]').length).toBeLessThan(200);
  },
};
