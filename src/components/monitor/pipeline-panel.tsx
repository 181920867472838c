import { SectionHeading } from './heading.js';
import { useId } from 'react';
import { redactString } from '../../core/redact/redact.js';
import { formatMs } from './format.js';
import { layoutBars, type StepBar } from './pipeline-steps.js';

export interface PipelinePanelProps {
  steps: readonly StepBar[];
  /** Current time on the steps' clock, for the bars of running steps. */
  now: number | undefined;
}

/** Gantt-like step timeline: one bar per step, placed by start time and duration, coloured by status. */
export function PipelinePanel({ steps, now }: PipelinePanelProps) {
  const headingId = useId();
  const bars = layoutBars(steps, now);
  const completed = steps.filter((s) => s.status === 'completed').length;
  return (
    <section className="sk-monitor__pipeline" aria-labelledby={headingId}>
      <SectionHeading id={headingId}>
        Steps ({completed} of {steps.length} completed)
      </SectionHeading>
      {steps.length === 0 ? (
        <p className="sk-monitor__muted">No pipeline steps yet.</p>
      ) : (
        <ol className="sk-monitor__steps">
          {bars.map(({ step, left, width }) => (
            <li key={step.id} className="sk-monitor__step" data-state={step.status}>
              <span className="sk-monitor__step-name">{redactString(step.name)}</span>
              <span className="sk-monitor__step-status" data-state={step.status}>
                {step.status}
              </span>
              <span className="sk-monitor__step-duration">
                {step.durationMs !== undefined ? formatMs(step.durationMs) : step.status === 'running' ? `${Math.round(step.progress * 100)}%` : '—'}
              </span>
              <span className="sk-monitor__step-track" aria-hidden="true">
                <span
                  className="sk-monitor__step-bar"
                  data-state={step.status}
                  style={{ left: `${(left * 100).toFixed(2)}%`, width: `${(width * 100).toFixed(2)}%` }}
                />
              </span>
              {step.error ? <span className="sk-monitor__step-error">{redactString(step.error)}</span> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
