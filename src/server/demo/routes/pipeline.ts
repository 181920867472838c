import type { IncomingMessage, ServerResponse } from 'node:http';
import { createStreamingContext } from '../../context/streaming-context.js';
import type { Subscriber } from '../../context/types.js';
import { runPipeline, type PipelineStep } from '../../pipeline/runner.js';
import { createExecutionRegistry, type ExecutionRegistry } from '../../registry.js';
import { sseSubscriber } from '../../subscribers/sse.js';
import { parseEventId } from '../../wire.js';
import { CORS_HEADERS, sendJSON, sleep } from '../http.js';
import { assertKnownParams, KnobError, parseKnobs, type DemoKnobs } from '../knobs.js';
import { cutAfterFlush } from '../player.js';
import { sampleAnswer } from '../samples.js';
import { piecesOf } from '../tokens.js';

const STEP_NAMES = ['Load documents', 'Extract key facts', 'Rank sources', 'Check citations', 'Format response', 'Publish'];
const LLM_STEP_NAME = 'Generate answer (LLM)';
export const MAX_DEMO_STEPS = 12;

export interface PipelineDemoOptions {
  /** Executions kept for resumption (LRU). Default 64. */
  maxExecutions?: number;
  /** Replay ring per execution. Default 4096 (a whole demo run fits, so any resume works). */
  bufferSize?: number;
}

/** Steps of a demo run: the middle one streams LLM tokens, the others report progress. */
export function demoPipelineSteps(count: number, knobs: DemoKnobs, stepMs: number): PipelineStep[] {
  const middle = Math.floor(count / 2);
  const steps: PipelineStep[] = [];
  let other = 0;
  for (let index = 0; index < count; index += 1) {
    if (index === middle) {
      steps.push({
        id: `step_${index + 1}`,
        name: LLM_STEP_NAME,
        async run(ctx) {
          const text = sampleAnswer('prose', 'pipeline').text;
          const pieces = piecesOf(text, knobs.chunk);
          const interval = 1000 / knobs.tps;
          await sleep(knobs.ttftMs, ctx.signal);
          let due = performance.now();
          for (const [i, piece] of pieces.entries()) {
            due += interval * (0.75 + Math.random() * 0.5);
            const wait = due - performance.now();
            if (wait >= 2) await sleep(wait, ctx.signal);
            ctx.emitToken(piece);
            if ((i + 1) % 20 === 0) ctx.emitProgress((i + 1) / pieces.length, `${i + 1} of ${pieces.length} tokens`);
          }
          ctx.emitProgress(1, 'answer complete');
          ctx.saveCheckpoint({ tokens: pieces.length });
          return { text, tokens: pieces.length };
        },
      });
      continue;
    }
    const name = STEP_NAMES[other] ?? `Step ${index + 1}`;
    other += 1;
    steps.push({
      id: `step_${index + 1}`,
      name,
      async run(ctx) {
        const ticks = 5;
        for (let tick = 1; tick <= ticks; tick += 1) {
          await sleep(stepMs / ticks, ctx.signal);
          ctx.emitProgress(tick / ticks, `${name}: ${tick * 20}%`);
        }
        ctx.emitOutput({ summary: `${name} done`, items: index + 3 });
        return { ok: true, step: name };
      },
    });
  }
  return steps;
}

/** Cuts the connection after `dropAfter` events and stalls once at the first LLM token. */
function withFaults(inner: Subscriber, res: ServerResponse, knobs: DemoKnobs): Subscriber {
  let delivered = 0;
  let stalled = false;
  return {
    ...inner,
    deliver(event) {
      if (knobs.dropAfter !== undefined && delivered >= knobs.dropAfter) throw new Error('dropAfter reached');
      delivered += 1;
      const data = event.payload['data'] as Record<string, unknown> | undefined;
      const stall = knobs.stallMs !== undefined && !stalled && typeof data?.['token'] === 'string';
      const write = () => {
        const result = inner.deliver(event);
        if (knobs.dropAfter !== undefined && delivered >= knobs.dropAfter) return Promise.resolve(result).then(() => cutAfterFlush(res));
        return result;
      };
      if (stall) {
        stalled = true;
        return sleep(knobs.stallMs ?? 0).then(write);
      }
      return write();
    },
  };
}

export interface PipelineDemo {
  handle(req: IncomingMessage, res: ServerResponse, url: URL): void;
  readonly registry: ExecutionRegistry;
  dispose(): void;
}

/**
 * `GET /api/demo/pipeline?steps=N`: starts an execution and streams its pipeline wire events. With
 * `Last-Event-ID: <executionId>:<seq>` (or `?lastEventId=`) it continues that execution after that
 * event instead; executions live in a bounded LRU.
 */
export function createPipelineDemo(options: PipelineDemoOptions = {}): PipelineDemo {
  const registry = createExecutionRegistry({ maxExecutions: options.maxExecutions ?? 64 });
  const bufferSize = options.bufferSize ?? 4096;
  const aborts = new Set<AbortController>();

  return {
    registry,
    handle(req, res, url) {
      const params = url.searchParams;
      let knobs: DemoKnobs;
      let lastEventId = '';
      let steps = 4;
      let stepMs = 800;
      try {
        assertKnownParams(params, ['steps', 'stepMs', 'lastEventId']);
        knobs = parseKnobs(params);
        const stepsParam = params.get('steps');
        if (stepsParam !== null) {
          if (!/^\d{1,2}$/.test(stepsParam) || Number(stepsParam) < 1 || Number(stepsParam) > MAX_DEMO_STEPS) {
            throw new KnobError('steps', `steps must be an integer between 1 and ${MAX_DEMO_STEPS}`);
          }
          steps = Number(stepsParam);
        }
        const stepMsParam = params.get('stepMs');
        if (stepMsParam !== null) {
          if (!/^\d{1,5}$/.test(stepMsParam) || Number(stepMsParam) > 60_000) throw new KnobError('stepMs', 'stepMs must be an integer between 0 and 60000');
          stepMs = Number(stepMsParam);
        }
        const header = req.headers['last-event-id'];
        lastEventId = (Array.isArray(header) ? header[0] : header) ?? params.get('lastEventId') ?? '';
        if (lastEventId !== '' && !parseEventId(lastEventId)) {
          throw new KnobError('Last-Event-ID', 'Last-Event-ID must look like <executionId>:<seq>');
        }
      } catch (error) {
        if (error instanceof KnobError) return sendJSON(res, 400, { error: { code: 'invalid_parameter', param: error.param, message: error.message } });
        throw error;
      }
      if (knobs.status !== undefined) {
        return sendJSON(res, knobs.status, { error: { code: 'simulated', message: `Simulated HTTP ${knobs.status}` } }, { 'Retry-After': '1' });
      }

      let context;
      if (lastEventId !== '') {
        const executionId = (parseEventId(lastEventId) as { executionId: string }).executionId;
        context = registry.get(executionId)?.context;
        if (!context) {
          return sendJSON(res, 404, { error: { code: 'unknown_execution', message: 'execution not found (finished long ago or never existed); start a new one without Last-Event-ID' } });
        }
      } else {
        const executionId = `demo_${globalThis.crypto.randomUUID().replace(/-/g, '').slice(0, 20)}`;
        context = createStreamingContext({ executionId, bufferSize });
        registry.set(executionId, { context, createdAt: Date.now() });
        const abort = new AbortController();
        aborts.add(abort);
        void runPipeline(demoPipelineSteps(steps, knobs, stepMs), {
          context,
          input: { question: 'How do streaming interfaces stay responsive?' },
          signal: abort.signal,
          metadata: { source: 'streamkit-demo' },
        }).finally(() => aborts.delete(abort));
      }
      const subscriber = withFaults(sseSubscriber(res, { headers: CORS_HEADERS, retryMs: 1000 }), res, knobs);
      context.subscribe(subscriber, { lastEventId });
    },
    dispose() {
      for (const abort of aborts) abort.abort();
      aborts.clear();
      registry.clear();
    },
  };
}
