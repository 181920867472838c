import { SectionHeading } from './heading.js';
import { useId, useMemo } from 'react';
import { serializeEvent } from '../../core/replay/ndjson.js';
import type { StreamEvent } from '../../core/types.js';
import { PartialJSON } from '../partial-json/partial-json.js';

export interface EventDetailProps {
  event: StreamEvent;
}

/** One event as a JSON tree and as raw JSON; redacted, rendered as text only. */
export function EventDetail({ event }: EventDetailProps) {
  const headingId = useId();
  const plain = useMemo(() => serializeEvent(event), [event]);
  const raw = useMemo(() => JSON.stringify(plain, null, 2), [plain]);
  return (
    <section className="sk-monitor__detail" aria-labelledby={headingId}>
      <SectionHeading id={headingId}>
        Event #{event.seq} · {event.type} · {event.t} ms
      </SectionHeading>
      <PartialJSON value={plain} complete aria-label={`Event ${event.seq} fields`} defaultExpandDepth={2} className="sk-monitor__tree" />
      <details className="sk-monitor__raw-details">
        <summary>Raw JSON</summary>
        <pre className="sk-monitor__pre" tabIndex={0} aria-label={`Event ${event.seq} raw JSON`}>
          {raw}
        </pre>
      </details>
    </section>
  );
}
