import { Allow, parse } from 'partial-json';
import { useEffect, useState } from 'react';
import type { JSONPath } from '../../src/components/index.js';

export interface SimulatedJSON {
  value: unknown;
  openPath: JSONPath;
  complete: boolean;
}

/** The path of the last member in document order: in a prefix of JSON that is the one being written. */
function lastPath(value: unknown): JSONPath {
  const path: Array<string | number> = [];
  let node = value;
  for (;;) {
    if (Array.isArray(node) && node.length > 0) {
      path.push(node.length - 1);
      node = node[node.length - 1];
    } else if (node !== null && typeof node === 'object' && Object.keys(node).length > 0) {
      const keys = Object.keys(node);
      const key = keys[keys.length - 1] as string;
      path.push(key);
      node = (node as Record<string, unknown>)[key];
    } else return path;
  }
}

/**
 * Story-only stand-in for `useStreamJSON`: reveals a JSON document a few characters at a time and
 * reports the partial value (strings grow; numbers, literals and keys appear when complete).
 */
export function useSimulatedJSON(full: unknown, charsPerTick = 6, intervalMs = 30): SimulatedJSON {
  const [state, setState] = useState<SimulatedJSON>({ value: undefined, openPath: [], complete: false });
  useEffect(() => {
    const text = JSON.stringify(full, null, 1);
    let end = 0;
    setState({ value: undefined, openPath: [], complete: false });
    const timer = setInterval(() => {
      end = Math.min(text.length, end + charsPerTick);
      if (end >= text.length) {
        clearInterval(timer);
        setState({ value: full, openPath: [], complete: true });
        return;
      }
      let value: unknown;
      try {
        value = parse(text.slice(0, end), Allow.STR | Allow.OBJ | Allow.ARR);
      } catch {
        return;
      }
      setState({ value, openPath: lastPath(value), complete: false });
    }, intervalMs);
    return () => clearInterval(timer);
  }, [full, charsPerTick, intervalMs]);
  return state;
}

export const SAMPLE_RECIPE = {
  title: 'Lemon pasta',
  servings: 2,
  vegetarian: true,
  difficulty: 'easy',
  tags: ['quick', 'weeknight'],
  author: { name: 'Ada', email: 'ada@example.com' },
  notes: 'Zest the lemon before juicing it.',
};
