import { SectionHeading } from './heading.js';
import type { ReactNode } from 'react';
import type { ModelPrice, StreamMetrics, Usage } from '../../core/types.js';
import type { StreamStats } from '../../core/registry/event-stats.js';
import { computeCostUsd } from '../../core/pricing/cost.js';
import { redactString, redactText, redactUrl } from '../../core/redact/redact.js';
import { formatMs, formatNumber, formatUsd } from './format.js';
import { Sparkline } from './sparkline.js';

export interface OverviewPanelProps {
  stats: StreamStats;
  /** Status to show (the store's when there is one, else derived from events). */
  status: string;
  /** Authoritative metrics once the run finished (store or `done` result); live values before. */
  metrics: StreamMetrics | undefined;
  usage: Usage | undefined;
  prices: Record<string, ModelPrice> | undefined;
  missed: number;
}

function Row({ term, children, state }: { term: string; children: ReactNode; state?: string }) {
  return (
    <div className="sk-monitor__stat" data-state={state}>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Estimated() {
  return (
    <span className="sk-monitor__badge" data-variant="estimated" title="Estimated, not reported by the provider">
      estimated
    </span>
  );
}

/**
 * Cost: the run's own `costUsd`, else computed by the core's pricing from `prices` (merged over the
 * default table) for the model, and then always marked estimated.
 */
function costOf(usage: Usage | undefined, model: string | undefined, prices: Record<string, ModelPrice> | undefined): { usd: number | undefined; estimated: boolean } {
  if (!usage) return { usd: undefined, estimated: false };
  if (usage.costUsd !== undefined) return { usd: usage.costUsd, estimated: usage.estimated };
  if (prices === undefined) return { usd: undefined, estimated: false };
  const usd = computeCostUsd({ usage, model, prices });
  return usd === undefined ? { usd: undefined, estimated: false } : { usd, estimated: true };
}

export function OverviewPanel({ stats, status, metrics, usage, prices, missed }: OverviewPanelProps) {
  const ttft = metrics?.ttftMs ?? stats.ttftMs;
  const tps = metrics?.outputTokensPerSec ?? stats.tokensPerSec;
  const inter = metrics && metrics.interTokenMs.max > 0 ? metrics.interTokenMs : stats.interTokenMs;
  const duration = metrics?.durationMs ?? stats.lastT;
  const retries = Math.max(metrics?.retries ?? 0, stats.retries);
  const cost = costOf(usage, stats.model, prices);
  const window = (stats.series.length * stats.bucketMs) / 1000;
  const last = stats.series.at(-1) ?? 0;
  return (
    <div className="sk-monitor__overview">
      <section aria-label="Status and timings">
        <SectionHeading>Status and timings</SectionHeading>
        <dl className="sk-monitor__stats">
          <Row term="Status" state={status}>
            <span className="sk-monitor__status" data-state={status}>
              {status}
            </span>
            {stats.error ? ` (${stats.error.code}${stats.error.status !== undefined ? ` ${stats.error.status}` : ''}: ${redactText(stats.error.message)})` : ''}
          </Row>
          {stats.request ? (
            <Row term="Request">
              <span className="sk-monitor__mono">
                {stats.request.method} {redactUrl(stats.request.url)}
              </span>{' '}
              ({stats.request.provider})
            </Row>
          ) : null}
          {stats.model ? <Row term="Model">{redactString(stats.model)}</Row> : null}
          <Row term="Time to first token">{formatMs(ttft)}</Row>
          <Row term="Tokens per second">
            <span>{formatNumber(tps, 1)}</span>{' '}
            <Sparkline
              values={stats.series}
              label={`Deltas per ${stats.bucketMs} ms over the last ${formatNumber(window, 1)} s; latest window ${last}`}
            />
          </Row>
          <Row term="Inter-token p50 / p95 / max">
            {inter ? `${formatMs(inter.p50)} / ${formatMs(inter.p95)} / ${formatMs(inter.max)}` : '—'}
          </Row>
          <Row term="Duration">{formatMs(duration)}</Row>
          <Row term="Retries">{formatNumber(retries)}</Row>
          <Row term="Events">
            {formatNumber(stats.events)}
            {missed > 0 ? ` (${formatNumber(missed)} dropped by the store's ring before the monitor saw them)` : ''}
          </Row>
          {stats.finishReason ? <Row term="Finish reason">{redactString(stats.finishReason)}</Row> : null}
        </dl>
      </section>
      <section aria-label="Usage and cost">
        <SectionHeading>Usage and cost</SectionHeading>
        {usage ? (
          <dl className="sk-monitor__stats">
            <Row term="Input tokens">
              {formatNumber(usage.inputTokens)} {usage.estimated ? <Estimated /> : null}
            </Row>
            <Row term="Output tokens">
              {formatNumber(usage.outputTokens)} {usage.estimated ? <Estimated /> : null}
            </Row>
            <Row term="Total tokens">{formatNumber(usage.totalTokens)}</Row>
            {usage.reasoningTokens !== undefined ? <Row term="Reasoning tokens">{formatNumber(usage.reasoningTokens)}</Row> : null}
            {usage.cachedInputTokens !== undefined ? <Row term="Cached input tokens">{formatNumber(usage.cachedInputTokens)}</Row> : null}
            {usage.cacheWriteInputTokens !== undefined ? <Row term="Cache write tokens">{formatNumber(usage.cacheWriteInputTokens)}</Row> : null}
            <Row term="Cost">
              {cost.usd === undefined ? 'unknown (no price for this model)' : formatUsd(cost.usd)} {cost.usd !== undefined && cost.estimated ? <Estimated /> : null}
            </Row>
          </dl>
        ) : (
          <p className="sk-monitor__muted">Usage arrives with the last event of the run.</p>
        )}
      </section>
    </div>
  );
}
