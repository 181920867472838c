import { describe, expect, it } from 'vitest';
import { createStreamingContext } from '../../src/server/context/streaming-context.js';
import type { StoredEvent } from '../../src/server/context/types.js';
import { runPipeline } from '../../src/server/pipeline/runner.js';
import { callbackSubscriber } from '../../src/server/subscribers/callback.js';

function record(executionId: string) {
  const context = createStreamingContext({ executionId, bufferSize: 100 });
  const events: StoredEvent[] = [];
  context.subscribe(callbackSubscriber((e) => void events.push(e)));
  return { context, events };
}

describe('pipeline step errors as clients see them', () => {
  it('the default error message has credentials redacted', async () => {
    const { context, events } = record('redact1');
    const result = await runPipeline(
      [
        {
          id: 'call',
          run() {
            throw new Error('upstream 401 for https://api.example.com/v1/chat?api_key=Zk81hQ2mWq7 with Authorization: Bearer tok_93jfk2lsd0aa');
          },
        },
      ],
      { context },
    );
    expect(result.status).toBe('failed');
    const wire = events.map((e) => e.json()).join('\n');
    expect(wire).toContain('upstream 401');
    expect(wire).not.toContain('Zk81hQ2mWq7');
    expect(wire).not.toContain('tok_93jfk2lsd0aa');
  });

  it('a throwing formatError still resolves the run and closes the context', async () => {
    const { context, events } = record('fmt1');
    const result = await runPipeline(
      [
        {
          id: 'boom',
          run() {
            throw new Error('internal');
          },
        },
      ],
      {
        context,
        formatError() {
          throw new Error('formatter bug');
        },
      },
    );
    expect(result.status).toBe('failed');
    expect(context.closed).toBe(true);
    expect(events.map((e) => e.event)).toEqual(['pipeline_start', 'step_start', 'step_error', 'pipeline_error']);
  });
});
