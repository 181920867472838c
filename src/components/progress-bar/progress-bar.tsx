import { createContext, forwardRef, useContext, type CSSProperties, type HTMLAttributes } from 'react';
import { Slot } from '../shared/slot.js';

export type ProgressBarState = 'indeterminate' | 'loading' | 'complete';

interface ProgressContextValue {
  state: ProgressBarState;
  /** 0..1, undefined when indeterminate. */
  fraction: number | undefined;
}

const ProgressContext = createContext<ProgressContextValue>({ state: 'indeterminate', fraction: undefined });

export interface ProgressBarRootProps extends HTMLAttributes<HTMLDivElement> {
  /** Progress between `min` and `max`; `null`/`undefined` means indeterminate. */
  value?: number | null | undefined;
  min?: number;
  max?: number;
  /** Spoken value, e.g. "Step 2 of 5". Defaults to a rounded percentage. */
  valueText?: string;
  /** `getValueText(value, max)` builds the spoken value when `valueText` is not given. */
  getValueText?: (value: number, max: number) => string;
  asChild?: boolean;
}

export function progressFraction(value: number | null | undefined, min: number, max: number): number | undefined {
  if (value === null || value === undefined || !Number.isFinite(value) || max <= min) return undefined;
  return Math.min(1, Math.max(0, (value - min) / (max - min)));
}

const Root = forwardRef<HTMLDivElement, ProgressBarRootProps>(function ProgressBarRoot(
  { value, min = 0, max = 1, valueText, getValueText, asChild, children, style, ...props },
  ref,
) {
  const fraction = progressFraction(value, min, max);
  const state: ProgressBarState = fraction === undefined ? 'indeterminate' : fraction >= 1 ? 'complete' : 'loading';
  const clamped = fraction === undefined ? undefined : min + fraction * (max - min);
  const spoken =
    fraction === undefined
      ? valueText
      : (valueText ?? (getValueText ? getValueText(clamped as number, max) : `${Math.round(fraction * 100)}%`));
  const Comp = asChild ? Slot : 'div';
  // The fill width travels as a custom property so the primitive carries data, not looks.
  const vars = fraction === undefined ? style : ({ ...style, '--sk-progress': String(fraction) } as CSSProperties);
  return (
    <ProgressContext.Provider value={{ state, fraction }}>
      <Comp
        ref={ref}
        role="progressbar"
        aria-valuemin={min}
        aria-valuemax={max}
        aria-valuenow={clamped}
        aria-valuetext={spoken}
        data-sk="progress"
        data-state={state}
        data-value={fraction === undefined ? undefined : fraction}
        style={vars}
        {...props}
      >
        {children ?? <Indicator />}
      </Comp>
    </ProgressContext.Provider>
  );
});

export interface ProgressBarIndicatorProps extends HTMLAttributes<HTMLDivElement> {
  asChild?: boolean;
}

const Indicator = forwardRef<HTMLDivElement, ProgressBarIndicatorProps>(function ProgressBarIndicator({ asChild, ...props }, ref) {
  const { state } = useContext(ProgressContext);
  const Comp = asChild ? Slot : 'div';
  return <Comp ref={ref} data-sk="progress-indicator" data-state={state} {...props} />;
});

/** `role="progressbar"` with min/max/now and a spoken value; no value means indeterminate. */
export const ProgressBar = Object.assign(
  forwardRef<HTMLDivElement, ProgressBarRootProps>(function ProgressBar(props, ref) {
    return <Root ref={ref} {...props} />;
  }),
  { Root, Indicator },
);
