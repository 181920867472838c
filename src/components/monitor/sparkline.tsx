export interface SparklineProps {
  /** Values oldest first. */
  values: readonly number[];
  /** Accessible description of what the line shows. */
  label: string;
  width?: number;
  height?: number;
}

/** A small SVG line chart (decorative shape, described by `label` for assistive technology). */
export function Sparkline({ values, label, width = 120, height = 28 }: SparklineProps) {
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? width / (values.length - 1) : width;
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(height - 2 - (v / max) * (height - 4)).toFixed(1)}`).join(' ');
  return (
    <svg className="sk-monitor__sparkline" role="img" aria-label={label} width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
      {values.length > 1 ? <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" vectorEffect="non-scaling-stroke" /> : null}
    </svg>
  );
}
