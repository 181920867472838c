import { useCallback, useEffect, useId, useMemo, useState, type HTMLAttributes } from 'react';
import type { MonitorSource, MonitorTarget, ReadableStoreLike } from '../../core/registry/observe-stream.js';
import { replayEvents } from '../../core/replay/replay.js';
import type { PipelineState, StreamState } from '../../core/store-types.js';
import type { ModelPrice, StreamEvent, StreamRun } from '../../core/types.js';
import { HeadingLevelContext } from './heading.js';
import { ExportImport, type ReplayTiming } from './export-import.js';
import { OverviewPanel } from './overview-panel.js';
import { PipelinePanel } from './pipeline-panel.js';
import { stepsFromEvents, stepsFromState } from './pipeline-steps.js';
import { RawPanel } from './raw-panel.js';
import { MonitorTabs, type TabDefinition } from './tabs.js';
import { TimelinePanel } from './timeline-panel.js';
import { useMonitorSnapshot, useMonitorSource, useOptionalStoreState } from './use-monitor-source.js';

export type MonitorTab = 'overview' | 'events' | 'raw' | 'steps';

export interface StreamMonitorProps extends Omit<HTMLAttributes<HTMLElement>, 'children'> {
  /** A run from createStream (recorded from the moment the monitor mounts). */
  run?: StreamRun | undefined;
  /** A stream store (createStreamStore / useStream().store); its events ring is read on mount. */
  store?: ReadableStoreLike<StreamState> | undefined;
  /** A pipeline store: drives the step timeline (events come from `run`/`store` when given). */
  pipeline?: ReadableStoreLike<PipelineState> | undefined;
  /** Recorded events to inspect (e.g. parsed from an export). */
  events?: readonly StreamEvent[] | undefined;
  /** An existing monitor source (e.g. a registry entry's); not disposed by the component. */
  source?: MonitorSource | undefined;
  /** Shown in the heading and used for export file names. */
  name?: string;
  /** Events kept for the timeline. Default 10,000. */
  capacity?: number;
  defaultTab?: MonitorTab;
  /** USD per 1M tokens by model, for a cost estimate when the run reported none. */
  prices?: Record<string, ModelPrice> | undefined;
  /** Called with each imported recording's replay run: feed it to `createStreamStore(run)` to drive any component. */
  onReplay?: (run: StreamRun, events: StreamEvent[]) => void;
  defaultReplayTiming?: ReplayTiming;
  /** Heading level of the monitor's title (2 by default). */
  headingLevel?: 2 | 3 | 4;
}

interface ReplayState {
  run: StreamRun;
  name: string;
}

function fileSafe(name: string): string {
  // `(?<!-)`: only the first dash of a run may start the trailing match; from every dash of
  // `a----...b` the run was rescanned to its end (quadratic in a stream id from an imported file).
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|(?<!-)-+$/g, '') || 'stream';
}

/**
 * The devtool panel for one stream: status and timings, usage and cost, a virtualized event
 * timeline with details, raw JSON, the pipeline step timeline, and NDJSON export / import-replay.
 * Everything shown is redacted and rendered as text.
 */
export function StreamMonitor({
  run,
  store,
  pipeline,
  events,
  source: givenSource,
  name,
  capacity = 10_000,
  defaultTab = 'overview',
  prices,
  onReplay,
  defaultReplayTiming = 'original',
  headingLevel = 2,
  className,
  ...props
}: StreamMonitorProps) {
  const headingId = useId();
  const [replay, setReplay] = useState<ReplayState | undefined>(undefined);
  const [tab, setTab] = useState<MonitorTab>(defaultTab);

  const eventsTarget = useMemo(() => (events ? { events } : undefined), [events]);
  const target: MonitorTarget | undefined = replay?.run ?? run ?? store ?? eventsTarget ?? pipeline;
  const source = useMonitorSource(target, replay ? undefined : givenSource, capacity);
  const snapshot = useMonitorSnapshot(source);
  const pipelineState = useOptionalStoreState(replay ? undefined : pipeline) ?? snapshot?.pipeline;

  // An imported replay stops when the monitor unmounts or another one replaces it.
  useEffect(() => () => replay?.run.abort(), [replay]);

  const onImport = useCallback(
    (imported: StreamEvent[], timing: ReplayTiming, fileName: string) => {
      const replayRun = replayEvents(imported, { timing });
      setReplay({ run: replayRun, name: fileName });
      onReplay?.(replayRun, imported);
    },
    [onReplay],
  );

  const log = source?.log;
  const stats = snapshot?.stats;
  const logVersion = snapshot?.logVersion ?? 0;
  const storeState = replay ? undefined : snapshot?.store;
  const metrics = storeState?.metrics ?? stats?.result?.metrics;
  const usage = storeState?.usage ?? stats?.usage;

  const hasPipelineEvents = (stats?.counts.pipeline ?? 0) > 0;
  const pipelineSteps = useMemo(() => {
    if (pipelineState) return { steps: stepsFromState(pipelineState), now: Date.now() };
    if (!hasPipelineEvents || !log) return undefined;
    const derived = stepsFromEvents(log.toArray());
    return { steps: derived.steps, now: derived.lastTime };
    // logVersion: the log is mutable; its version says when the steps need recomputing.
  }, [pipelineState, hasPipelineEvents, log, logVersion]);

  const tabs: Array<TabDefinition<MonitorTab>> = [
    { key: 'overview', label: 'Status' },
    { key: 'events', label: `Events${stats ? ` (${stats.events.toLocaleString('en-US')})` : ''}` },
    { key: 'raw', label: 'Raw' },
  ];
  if (pipelineSteps) tabs.push({ key: 'steps', label: 'Steps' });
  const activeTab = tabs.some((t) => t.key === tab) ? tab : 'overview';

  const title = replay ? `Replay: ${replay.name}` : (name ?? 'Stream');
  const Heading = `h${headingLevel}` as 'h2';
  // A store knows its status best (e.g. 'aborted' after stop(), which emits no event).
  const status = storeState?.status ?? stats?.status ?? 'idle';

  return (
    <HeadingLevelContext.Provider value={headingLevel}>
      <section data-sk="monitor" {...props} className={['sk-monitor', className].filter(Boolean).join(' ')} aria-labelledby={headingId} data-state={status}>
        <header className="sk-monitor__header">
          <Heading id={headingId} className="sk-monitor__title">
            {title}
          </Heading>
          <span className="sk-monitor__status" data-state={status}>
            {status}
          </span>
          {replay ? (
            <button type="button" className="sk-monitor__button" onClick={() => setReplay(undefined)}>
              Back to live
            </button>
          ) : null}
          <ExportImport
            getEvents={() => log?.toArray() ?? []}
            fileName={`${fileSafe(title)}-${stats?.streamId ? fileSafe(stats.streamId) : 'events'}.ndjson`}
            onImport={onImport}
            defaultTiming={defaultReplayTiming}
          />
        </header>
        {!source || !stats || !log ? (
          <p className="sk-monitor__muted">Nothing attached: pass a run, a store, a pipeline store or events.</p>
        ) : (
          <MonitorTabs<MonitorTab> tabs={tabs} selected={activeTab} onSelect={setTab} label={`${title} monitor panels`}>
            {(key) => {
              switch (key) {
                case 'overview':
                  return <OverviewPanel stats={stats} status={status} metrics={metrics} usage={usage} prices={prices} missed={snapshot?.missed ?? 0} />;
                case 'events':
                  return <TimelinePanel log={log} logVersion={logVersion} />;
                case 'raw':
                  return <RawPanel log={log} logVersion={logVersion} frames={replay ? undefined : source.frames} framesVersion={snapshot?.framesVersion ?? 0} />;
                case 'steps':
                  return pipelineSteps ? <PipelinePanel steps={pipelineSteps.steps} now={pipelineSteps.now} /> : null;
              }
            }}
          </MonitorTabs>
        )}
      </section>
    </HeadingLevelContext.Provider>
  );
}
