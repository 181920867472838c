import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StreamMonitor } from '../../src/components/monitor/index.js';
import { summarizeEvent } from '../../src/components/monitor/format.js';
import { StreamError } from '../../src/core/errors.js';
import type { StreamEvent } from '../../src/core/types.js';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

// An error quoting its request URL (e.g. a recording imported from elsewhere): user info and
// credential-like parameters (the wide net of redactUrl, `upload_session`) must not be shown.
const MESSAGE = 'fetch failed for https://alice:pw0rdSECRET@api.example.com/v1/chat?upload_session=SESSIONSECRET&x=1';
const LEAK = /pw0rdSECRET|SESSIONSECRET/;

const events = [
  { type: 'start', seq: 0, t: 0, streamId: 's1', request: { url: 'https://api.example.com/v1/chat', method: 'POST', provider: 'openai' } },
  { type: 'retry', seq: 1, t: 5, streamId: 's1', attempt: 1, delayMs: 100, error: new StreamError('network', MESSAGE) },
  { type: 'error', seq: 2, t: 10, streamId: 's1', error: new StreamError('network', MESSAGE) },
] as unknown as StreamEvent[];

describe('StreamMonitor redacts error messages that quote URLs', () => {
  it('timeline summaries', () => {
    for (const event of events) expect(summarizeEvent(event)).not.toMatch(LEAK);
    expect(summarizeEvent(events[2] as StreamEvent)).toContain('api.example.com');
  });

  it('the status panel', async () => {
    const { container } = render(<StreamMonitor events={events} />);
    await waitFor(() => expect(container.textContent).toContain('api.example.com/v1/chat?'));
    expect(container.textContent).not.toMatch(LEAK);
  });
});

describe('StreamMonitor usage and cost', () => {
  const usageEvents = [
    { type: 'start', seq: 0, t: 0, streamId: 'u1', request: { url: '/chat', method: 'POST', provider: 'anthropic' } },
    { type: 'metadata', seq: 1, t: 1, streamId: 'u1', model: 'house-claude-1' },
    { type: 'text', seq: 2, t: 2, streamId: 'u1', delta: 'hi', index: 0 },
    {
      type: 'usage',
      seq: 3,
      t: 3,
      streamId: 'u1',
      usage: { inputTokens: 10, outputTokens: 20, totalTokens: 30, cachedInputTokens: 1000, cacheWriteInputTokens: 2000, estimated: false },
    },
  ] as unknown as StreamEvent[];

  it('shows prompt-cache writes and prices a model the run had no price for from `prices`, marked estimated', async () => {
    const prices = { 'house-claude-1': { input: 1, cachedInput: 0.1, cacheWrite: 1.25, output: 5 } };
    const { container } = render(<StreamMonitor events={usageEvents} prices={prices} />);
    await waitFor(() => expect(container.textContent).toContain('Cache write tokens'));
    const text = container.textContent ?? '';
    expect(text).toMatch(/Cache write tokens\s*2,000/);
    // Anthropic-style: cache reads and writes beside the 10 input tokens.
    // (10 x 1 + 1,000 x 0.1 + 2,000 x 1.25 + 20 x 5) / 1e6 = $0.00271
    expect(text).toContain('$0.0027');
    expect(text).toMatch(/estimated/i);
  });

  it('says the cost is unknown without a price', async () => {
    const { container } = render(<StreamMonitor events={usageEvents} />);
    await waitFor(() => expect(container.textContent).toContain('unknown (no price for this model)'));
  });
});

describe('StreamMonitor export file name', () => {
  it(
    'stays linear on a stream id with a long run of dashes (e.g. from an imported recording)',
    async () => {
      // Trimming trailing dashes once rescanned the run from each of its dashes (quadratic): about
      // 20 s per render at this size. The timeout is the check.
      const n = 150_000;
      const streamId = `--a${'-'.repeat(n)}b--`;
      const events = [{ type: 'start', seq: 0, t: 0, streamId, request: { url: '/chat', method: 'POST', provider: 'openai' } }] as unknown as StreamEvent[];
      // No real download or navigation under jsdom: capture the file name the download link gets.
      const createObjectURL = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:export');
      vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
      let downloaded: string | undefined;
      vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
        downloaded = this.download;
      });
      render(<StreamMonitor events={events} />);
      fireEvent.click(await screen.findByRole('button', { name: 'Export NDJSON' }));
      expect(createObjectURL).toHaveBeenCalledTimes(1);
      expect(downloaded).toBe(`Stream-a${'-'.repeat(n)}b.ndjson`);
    },
    5_000,
  );
});
