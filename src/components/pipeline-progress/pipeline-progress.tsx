import { createContext, forwardRef, useContext, type HTMLAttributes, type ReactNode } from 'react';
import type { PipelineState, PipelineStatus, PipelineStep } from '../../core/store-types.js';
import { ProgressBar } from '../progress-bar/progress-bar.js';
import { Slot, withContent } from '../shared/slot.js';
import { redactText } from '../../core/redact/redact.js';
import { compactJSON, formatDuration } from './format.js';

export interface PipelineProgressLabels {
  overall: string;
  status: Record<PipelineStatus, string>;
  step: Record<PipelineStep['status'], string>;
  output: string;
}

export const defaultPipelineLabels: PipelineProgressLabels = {
  overall: 'Pipeline progress',
  status: {
    idle: 'Not started',
    connecting: 'Connecting…',
    running: 'Running',
    reconnecting: 'Reconnecting…',
    completed: 'Completed',
    failed: 'Failed',
    aborted: 'Stopped',
  },
  step: { pending: 'Pending', running: 'Running', completed: 'Done', failed: 'Failed' },
  output: 'Output',
};

type PipelineView = Pick<PipelineState, 'status' | 'steps' | 'progress'> & Partial<Pick<PipelineState, 'error' | 'currentStep' | 'executionId'>>;

const PipelineContext = createContext<{ view: PipelineView; labels: PipelineProgressLabels } | null>(null);

function usePipeline(part: string) {
  const ctx = useContext(PipelineContext);
  if (!ctx) throw new Error(`<PipelineProgress.${part}> must be rendered inside <PipelineProgress.Root>`);
  return ctx;
}

export interface PipelineProgressRootProps extends HTMLAttributes<HTMLDivElement>, PipelineView {
  labels?: Partial<Omit<PipelineProgressLabels, 'status' | 'step'>> & {
    status?: Partial<PipelineProgressLabels['status']>;
    step?: Partial<PipelineProgressLabels['step']>;
  };
  asChild?: boolean;
}

const Root = forwardRef<HTMLDivElement, PipelineProgressRootProps>(function PipelineProgressRoot(
  { status, steps, progress, error, currentStep, executionId, labels, asChild, children, ...props },
  ref,
) {
  const merged: PipelineProgressLabels = {
    ...defaultPipelineLabels,
    ...labels,
    status: { ...defaultPipelineLabels.status, ...labels?.status },
    step: { ...defaultPipelineLabels.step, ...labels?.step },
  };
  const view: PipelineView = { status, steps, progress, error, currentStep, executionId };
  const Comp = asChild ? Slot : 'div';
  const active = status === 'connecting' || status === 'running' || status === 'reconnecting';
  return (
    <PipelineContext.Provider value={{ view, labels: merged }}>
      <Comp ref={ref} data-sk="pipeline" data-state={status} aria-busy={active || undefined} {...props}>
        {children}
      </Comp>
    </PipelineContext.Provider>
  );
});

/** Overall status line and progress bar. */
const Overall = forwardRef<HTMLDivElement, HTMLAttributes<HTMLDivElement> & { asChild?: boolean }>(function PipelineProgressOverall(
  { asChild, children, ...props },
  ref,
) {
  const { view, labels } = usePipeline('Overall');
  const done = view.steps.filter((s) => s.status === 'completed').length;
  const total = view.steps.length;
  const indeterminate = view.status === 'connecting' || (view.status === 'running' && total === 0);
  const content = (
    <>
      <div data-sk="pipeline-header">
        <span data-sk="pipeline-status">{labels.status[view.status]}</span>
        <span data-sk="pipeline-count">
          {done} / {total}
        </span>
      </div>
      <ProgressBar
        aria-label={labels.overall}
        value={indeterminate ? null : view.progress}
        valueText={indeterminate ? labels.status[view.status] : `${Math.round(view.progress * 100)}%, ${done} of ${total} steps done`}
      />
    </>
  );
  const Comp = asChild ? Slot : 'div';
  return (
    <Comp ref={ref} data-sk="pipeline-overall" data-state={view.status} {...props}>
      {asChild ? withContent(asChild, children, content) : content}
    </Comp>
  );
});

function stepError(error: unknown): string {
  return redactText(typeof error === 'string' ? error : error instanceof Error ? error.message : String(error));
}

export interface PipelineStepViewProps extends HTMLAttributes<HTMLLIElement> {
  step: PipelineStep;
  /** Show the step's output. Default true. */
  showOutput?: boolean;
  asChild?: boolean;
}

/** One step: name, status, duration, a progress bar while running, streamed tokens, output and error. */
const Step = forwardRef<HTMLLIElement, PipelineStepViewProps>(function PipelineProgressStep({ step, showOutput = true, asChild, children, ...props }, ref) {
  const { labels } = usePipeline('Step');
  const hasOutput = showOutput && step.output !== undefined && step.output !== null;
  const content = (
    <>
      <div data-sk="pipeline-step-header">
        <span data-sk="pipeline-step-name">{step.name}</span>
        <span data-sk="pipeline-step-status">{labels.step[step.status]}</span>
        {step.durationMs !== undefined && <span data-sk="pipeline-step-duration">{formatDuration(step.durationMs)}</span>}
      </div>
      {step.status === 'running' && (
        <ProgressBar aria-label={`${step.name} progress`} value={step.progress > 0 ? step.progress : null} valueText={step.message ?? labels.step.running} />
      )}
      {step.message !== undefined && step.message !== '' && <p data-sk="pipeline-step-message">{step.message}</p>}
      {step.tokens !== '' && <p data-sk="pipeline-step-tokens">{step.tokens}</p>}
      {hasOutput && (
        <details data-sk="pipeline-step-details" open={step.status === 'completed' ? undefined : true}>
          <summary>{labels.output}</summary>
          <pre data-sk="pipeline-step-output">{compactJSON(step.output)}</pre>
        </details>
      )}
      {step.error !== undefined && (
        <p data-sk="pipeline-step-error" role="alert">
          {stepError(step.error)}
        </p>
      )}
    </>
  );
  const Comp = asChild ? Slot : 'li';
  return (
    <Comp ref={ref} data-sk="pipeline-step" data-state={step.status} data-step-id={step.id} {...props}>
      {asChild ? withContent(asChild, children, content) : (
        <>
          {content}
          {children}
        </>
      )}
    </Comp>
  );
});

export interface PipelineProgressStepsProps extends HTMLAttributes<HTMLOListElement> {
  renderStep?: (step: PipelineStep) => ReactNode;
  asChild?: boolean;
}

/** The ordered list of steps. */
const Steps = forwardRef<HTMLOListElement, PipelineProgressStepsProps>(function PipelineProgressSteps({ renderStep, asChild, children, ...props }, ref) {
  const { view } = usePipeline('Steps');
  const content = view.steps.map((step) => (renderStep ? renderStep(step) : <Step key={step.id} step={step} />));
  const Comp = asChild ? Slot : 'ol';
  return (
    <Comp ref={ref} data-sk="pipeline-steps" data-state={view.status} {...props}>
      {asChild ? withContent(asChild, children, content) : content}
    </Comp>
  );
});

/** The pipeline-level error, redacted. */
const ErrorMessage = forwardRef<HTMLParagraphElement, HTMLAttributes<HTMLParagraphElement> & { asChild?: boolean }>(function PipelineProgressError(
  { asChild, children, ...props },
  ref,
) {
  const { view } = usePipeline('Error');
  if (view.error === undefined || view.error === null) return null;
  const Comp = asChild ? Slot : 'p';
  return (
    <Comp ref={ref} data-sk="pipeline-step-error" data-state={view.status} role="alert" {...props}>
      {withContent(asChild, children, stepError(view.error))}
    </Comp>
  );
});

export type PipelineProgressProps = Omit<PipelineProgressRootProps, 'children'>;

/** Steps with status, per-step progress, durations, streamed tokens, outputs and errors (`usePipelineStream()` state). */
function PipelineProgressDefault(props: PipelineProgressProps) {
  return (
    <Root {...props}>
      <Overall />
      <Steps />
      <ErrorMessage />
    </Root>
  );
}

export const PipelineProgress = Object.assign(PipelineProgressDefault, { Root, Overall, Steps, Step, Error: ErrorMessage });
