import { cleanup, render, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { StreamMonitor } from '../../src/components/monitor/index.js';
import { summarizeEvent } from '../../src/components/monitor/format.js';
import { StreamError } from '../../src/core/errors.js';
import type { StreamEvent } from '../../src/core/types.js';

afterEach(cleanup);

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
