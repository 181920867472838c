// @vitest-environment node
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { StreamProvider, useStreamStore } from '../../src/react/stream-provider.js';
import { usePipelineStream } from '../../src/react/use-pipeline-stream.js';
import { useStream } from '../../src/react/use-stream.js';
import { useStreamJSON } from '../../src/react/use-stream-json.js';

describe('server rendering', () => {
  it('renders the idle state without window and without sending anything', () => {
    expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
    let fetched = 0;
    const fetch = (async () => {
      fetched++;
      throw new Error('no fetch during SSR');
    }) as unknown as typeof globalThis.fetch;
    const request = { url: 'http://127.0.0.1:1/never', fetch };
    function Page() {
      const chat = useStream(request, { persist: true });
      const doc = useStreamJSON<{ a: string }>(request);
      const pipeline = usePipelineStream(request);
      return (
        <main>
          <p>{`${chat.status}|${chat.text}`}</p>
          <p>{`${doc.status}|${String(doc.value)}|${String(doc.isComplete([]))}`}</p>
          <p>{`${pipeline.status}|${pipeline.steps.length}|${pipeline.progress}`}</p>
        </main>
      );
    }
    function Status() {
      return <p>{useStreamStore((s) => s.status)}</p>;
    }
    const html = renderToString(
      <StreamProvider request={request}>
        <Page />
        <Status />
      </StreamProvider>,
    );
    expect(html).toContain('idle|');
    expect(html).toContain('idle|undefined|false');
    expect(html).toContain('idle|0|0');
    expect(html).toContain('<p>idle</p>');
    expect(fetched).toBe(0);
  });
});
