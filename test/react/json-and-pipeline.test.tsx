import { useEffect, useRef } from 'react';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { usePipelineStream } from '../../src/react/use-pipeline-stream.js';
import { useStreamJSON } from '../../src/react/use-stream-json.js';
import { sseEvent, sseHeaders, sleep, startTestServer, write, type TestServer } from '../helpers/http-server.js';
import { EXECUTION, startTokenServer, type PipelineWireEvent } from '../store/token-server.js';

afterEach(() => cleanup());

describe('useStreamJSON', () => {
  let srv: TestServer;
  const doc = '{"title":"Streaming UIs","tags":["a","b"],"author":{"name":"Ada"}}';
  beforeAll(async () => {
    // The JSON document in small SSE text deltas.
    srv = await startTestServer(async (_req, res) => {
      sseHeaders(res);
      for (let i = 0; i < doc.length; i += 3) {
        await write(res, sseEvent({ data: doc.slice(i, i + 3) }));
        await sleep(1);
      }
      await write(res, sseEvent({ data: '[DONE]' }));
      res.end();
    });
  });
  afterAll(async () => {
    await srv.close();
  });

  const request = () => ({ url: `${srv.url}/doc` });
  const schema = z.object({ title: z.string(), tags: z.array(z.string()), author: z.object({ name: z.string() }) });

  it('streams a typed partial value; completeness per path; validation at the end', async () => {
    const seen: { title?: string; titleComplete: boolean; authorComplete: boolean }[] = [];
    const authors = new Set<unknown>();
    function Doc() {
      const { value, status, isComplete, validation } = useStreamJSON<z.infer<typeof schema>>(request(), {
        schema,
        batch: 'sync', // every snapshot renders, so the test sees each intermediate state
      });
      const rec = useRef(seen);
      useEffect(() => {
        rec.current.push({
          ...(value?.title !== undefined ? { title: value.title } : {}),
          titleComplete: isComplete('title'),
          authorComplete: isComplete(['author']),
        });
        if (value?.author !== undefined && isComplete('author')) authors.add(value.author);
      });
      return (
        <>
          <p data-testid="status">{status}</p>
          <p data-testid="title">{value?.title ?? ''}</p>
          <p data-testid="tags">{(value?.tags ?? []).join(',')}</p>
          <p data-testid="valid">{validation?.status ?? ''}</p>
          <p data-testid="all">{String(isComplete([]))}</p>
        </>
      );
    }
    render(<Doc />);
    await waitFor(() => expect(screen.getByTestId('valid').textContent).toBe('valid'), { timeout: 10_000 });
    expect(screen.getByTestId('status').textContent).toBe('done');
    expect(screen.getByTestId('title').textContent).toBe('Streaming UIs');
    expect(screen.getByTestId('tags').textContent).toBe('a,b');
    expect(screen.getByTestId('all').textContent).toBe('true');
    // The title grew, and was reported incomplete while it was still being written.
    const partialTitles = seen.filter((s) => s.title !== undefined && s.title !== 'Streaming UIs');
    expect(partialTitles.length).toBeGreaterThan(0);
    for (const s of partialTitles) expect(s.titleComplete).toBe(false);
    // Strings only grow.
    let last = '';
    for (const s of seen) {
      if (s.title === undefined) continue;
      expect(s.title.startsWith(last)).toBe(true);
      last = s.title;
    }
    expect(seen[seen.length - 1]?.titleComplete).toBe(true);
    // While the author was still streaming, the finished title was already reported complete.
    expect(seen.some((s) => s.title === 'Streaming UIs' && s.titleComplete && !s.authorComplete)).toBe(true);
    // A completed subtree keeps its identity (structural sharing).
    expect(authors.size).toBe(1);
  });
});

describe('usePipelineStream', () => {
  const wire: PipelineWireEvent[] = [
    { type: 'pipeline_start', seq: 1, data: { steps: ['load', 'summarise'] } },
    { type: 'step_start', step: 'load', seq: 2, data: { name: 'Load' } },
    { type: 'step_complete', step: 'load', seq: 3, data: { duration_ms: 12 } },
    { type: 'step_complete', step: 'load', seq: 3, data: { duration_ms: 12 } }, // replayed
    { type: 'step_progress', step: 'summarise', seq: 5, data: { token: 'He', progress: 0.2 } }, // before its start
    { type: 'step_start', step: 'summarise', seq: 4, data: { name: 'Summarise' } },
    { type: 'step_progress', step: 'summarise', seq: 6, data: { token: 'llo', progress: 0.6 } },
    { type: 'step_progress', step: 'summarise', seq: 6, data: { token: 'llo', progress: 0.6 } }, // duplicate
    { type: 'step_complete', step: 'summarise', seq: 7, data: { output: { summary: 'Hello' } } },
    { type: 'checkpoint_saved', step: 'summarise', seq: 8, data: { checkpoint_id: 'cp-1' } },
    { type: 'pipeline_complete', seq: 9 },
  ];
  let srv: Awaited<ReturnType<typeof startTokenServer>>;
  beforeAll(async () => {
    srv = await startTokenServer({ pipeline: wire });
  });
  afterAll(async () => {
    await srv.close();
  });

  it('reduces out-of-order and duplicate events into steps', async () => {
    function Pipeline() {
      const { status, steps, progress, checkpoints, executionId } = usePipelineStream({ url: `${srv.url}/pipeline` });
      return (
        <>
          <p data-testid="status">{status}</p>
          <p data-testid="exec">{executionId ?? ''}</p>
          <p data-testid="progress">{progress}</p>
          <p data-testid="checkpoints">{checkpoints.map((c) => c.id).join(',')}</p>
          <ul>
            {steps.map((s) => (
              <li key={s.id} data-testid={`step-${s.id}`}>
                {s.name}|{s.status}|{s.tokens}|{s.durationMs ?? ''}
              </li>
            ))}
          </ul>
        </>
      );
    }
    render(<Pipeline />);
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('completed'), { timeout: 10_000 });
    expect(screen.getByTestId('exec').textContent).toBe(EXECUTION);
    expect(screen.getByTestId('progress').textContent).toBe('1');
    expect(screen.getByTestId('checkpoints').textContent).toBe('cp-1');
    expect(screen.getByTestId('step-load').textContent).toBe('Load|completed||12');
    expect(screen.getByTestId('step-summarise').textContent).toBe('Summarise|completed|Hello|3000');
  });
});
