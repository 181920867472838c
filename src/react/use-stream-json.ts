import { useCallback } from 'react';
import { useStore } from 'zustand';
import { isJSONPathComplete, type JSONPathInput } from '../core/store/json-completeness.js';
import { createStreamStore, type StartOverrides } from '../core/store/stream-store.js';
import type { JSONValidation, StreamStatus, StreamStore } from '../core/store-types.js';
import type { StandardSchemaV1 } from '../core/types.js';
import type { StreamError } from '../core/errors.js';
import type { StreamHookOptions } from './hook-options.js';
import { useManagedStore, type HookRequest } from './use-managed-store.js';

/** What a partial JSON value can look like while it streams: every property optional, all the way down. */
export type DeepPartial<T> = T extends (infer U)[]
  ? DeepPartial<U>[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

export interface UseStreamJSONOptions<T> extends Omit<StreamHookOptions, 'json'> {
  /** Any Standard Schema (zod 4, valibot, arktype): the final value is validated into `validation`. */
  schema?: StandardSchemaV1<unknown, T>;
  /** JSON-mode knobs passed to createStream (strategy, validatePartial). */
  json?: { strategy?: 'incremental' | 'reparse'; validatePartial?: boolean };
}

export interface UseStreamJSONResult<T> {
  /** The partial value, structurally shared: unchanged subtrees keep their identity between renders. */
  value: DeepPartial<T> | undefined;
  text: string;
  status: StreamStatus;
  error: StreamError | undefined;
  /** Whether the value at `path` (`'a.b.0'` or `['a','b',0]`) is final. */
  isComplete(path: JSONPathInput): boolean;
  validation: JSONValidation | undefined;
  start(overrides?: StartOverrides): void;
  stop(): void;
  retry(): void;
  reset(): void;
  store: StreamStore;
}

const identity = (store: StreamStore): StreamStore => store;

/** `useStreamJSON<T>(request, { schema })` — a streamed JSON document as a growing, typed value. */
export function useStreamJSON<T = unknown>(
  input: HookRequest | StreamStore | null | undefined,
  options: UseStreamJSONOptions<T> = {},
): UseStreamJSONResult<T> {
  const { schema, json, ...rest } = options;
  const hookOptions: StreamHookOptions = {
    ...rest,
    json: { ...json, ...(schema !== undefined ? { schema: schema as StandardSchemaV1 } : {}) },
  };
  const { store, actions } = useManagedStore<StreamStore>(input, hookOptions, createStreamStore, identity);
  const value = useStore(store, (s) => s.json) as DeepPartial<T> | undefined;
  const complete = useStore(store, (s) => s.jsonComplete);
  const openPath = useStore(store, (s) => s.jsonOpenPath);
  const text = useStore(store, (s) => s.text);
  const status = useStore(store, (s) => s.status);
  const error = useStore(store, (s) => s.error);
  const validation = useStore(store, (s) => s.validation);
  const isComplete = useCallback(
    (path: JSONPathInput) => isJSONPathComplete(value, complete, openPath, path),
    [value, complete, openPath],
  );
  return { value, text, status, error, isComplete, validation, ...actions, store };
}
