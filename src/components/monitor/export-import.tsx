import { useId, useRef, useState } from 'react';
import { exportEventsNDJSON, parseEventsNDJSON } from '../../core/replay/ndjson.js';
import { redactString } from '../../core/redact/redact.js';
import type { StreamEvent } from '../../core/types.js';

export type ReplayTiming = 'original' | 'fast';

/** Saves text through a Blob and an object URL (revoked right after the click has been handled). */
export function downloadText(filename: string, text: string, type = 'application/x-ndjson'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = filename;
  anchor.rel = 'noopener';
  anchor.style.display = 'none';
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export interface ExportImportProps {
  getEvents(): StreamEvent[];
  fileName: string;
  onImport(events: StreamEvent[], timing: ReplayTiming, fileName: string): void;
  defaultTiming?: ReplayTiming;
}

/** Export (NDJSON download, redacted) and import (file input, replayed at original timing or fast). */
export function ExportImport({ getEvents, fileName, onImport, defaultTiming = 'original' }: ExportImportProps) {
  const inputId = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const [timing, setTiming] = useState<ReplayTiming>(defaultTiming);
  const [problem, setProblem] = useState<string | undefined>(undefined);

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      const events = parseEventsNDJSON(await file.text());
      setProblem(undefined);
      onImport(events, timing, file.name);
    } catch (error) {
      setProblem(redactString(error instanceof Error ? error.message : String(error)));
    } finally {
      if (fileRef.current) fileRef.current.value = '';
    }
  };

  return (
    <div className="sk-monitor__io" role="group" aria-label="Export and import">
      <button type="button" className="sk-monitor__button" onClick={() => downloadText(fileName, exportEventsNDJSON(getEvents()))}>
        Export NDJSON
      </button>
      <button type="button" className="sk-monitor__button" onClick={() => fileRef.current?.click()}>
        Import NDJSON…
      </button>
      <input
        ref={fileRef}
        id={inputId}
        type="file"
        accept=".ndjson,.jsonl,.json,application/x-ndjson,application/json,text/plain"
        hidden
        data-testid="sk-monitor-import"
        aria-label="Import NDJSON recording"
        onChange={(e) => void onFile(e.currentTarget.files?.[0])}
      />
      <label className="sk-monitor__field">
        <span>Replay</span>
        <select value={timing} onChange={(e) => setTiming(e.currentTarget.value as ReplayTiming)}>
          <option value="original">original timing</option>
          <option value="fast">as fast as possible</option>
        </select>
      </label>
      {problem ? (
        <p role="alert" className="sk-monitor__problem">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
