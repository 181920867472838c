/** Fault-injection and pacing knobs every demo route accepts (see DESIGN.md "Demo stream server"). */
export interface DemoKnobArgs {
  tps: number;
  chunk?: number | undefined;
  dropAfter?: number | undefined;
  status?: 'none' | '429' | '500' | '503' | undefined;
  stallMs?: number | undefined;
}

/** Builds a same-origin demo URL; knobs left at 0/none are omitted. */
export function demoUrl(path: string, knobs: DemoKnobArgs, extra: Record<string, string | number | undefined> = {}): string {
  const params = new URLSearchParams();
  params.set('tps', String(Math.max(1, Math.round(knobs.tps))));
  if (knobs.chunk) params.set('chunk', String(knobs.chunk));
  if (knobs.dropAfter) params.set('dropAfter', String(knobs.dropAfter));
  if (knobs.status && knobs.status !== 'none') params.set('status', knobs.status);
  if (knobs.stallMs) params.set('stallMs', String(knobs.stallMs));
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== '') params.set(k, String(v));
  return `${path}?${params.toString()}`;
}

export const knobArgTypes = {
  tps: { control: { type: 'range', min: 5, max: 2000, step: 5 }, description: 'Tokens (events) per second' },
  chunk: { control: { type: 'number', min: 0, max: 500 }, description: 'Characters per event (0 = token-sized)' },
  dropAfter: { control: { type: 'number', min: 0, max: 500 }, description: 'Cut the connection after N events (0 = never)' },
  status: { control: 'inline-radio', options: ['none', '429', '500', '503'], description: 'Answer with this HTTP status instead of streaming' },
  stallMs: { control: { type: 'number', min: 0, max: 60000, step: 100 }, description: 'Stall once mid-stream for this long' },
} as const;
