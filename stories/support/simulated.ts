import { useEffect, useRef, useState } from 'react';
import type { StreamStatus } from '../../src/core/store-types.js';

/**
 * A timer-driven stand-in for a stream, for stories that show a component without a server.
 * It only produces props (text + status) the way a hook would; live stories use the real hooks.
 */
export function useSimulatedText(tokens: readonly string[], intervalMs = 40, runKey = 0): { text: string; status: StreamStatus } {
  const [state, setState] = useState<{ text: string; status: StreamStatus }>({ text: '', status: 'connecting' });
  const index = useRef(0);
  useEffect(() => {
    index.current = 0;
    setState({ text: '', status: 'connecting' });
    const parts: string[] = [];
    const timer = setInterval(() => {
      const next = tokens[index.current++];
      if (next === undefined) {
        clearInterval(timer);
        setState({ text: parts.join(''), status: 'done' });
        return;
      }
      parts.push(next);
      setState({ text: parts.join(''), status: 'streaming' });
    }, intervalMs);
    return () => clearInterval(timer);
  }, [tokens, intervalMs, runKey]);
  return state;
}

/** Splits prose into word-ish tokens the way a model streams them. */
export function tokenize(text: string): string[] {
  return text.match(/\s*\S+/g) ?? [];
}

export const SAMPLE_PROSE =
  'Streaming interfaces show an answer while it is being written. The reader sees progress at once. ' +
  'A caret marks where new words arrive, and it disappears when the answer is complete.';
