import { createContext, forwardRef, useCallback, useContext, useId, useMemo, useState, type FormEvent, type FormHTMLAttributes, type ReactNode } from 'react';
import { completionOf, getAtPath, pathKey, type CompletionSource, type JSONPath } from '../shared/json-path.js';
import { fieldKind, humanizeKey, normalizeSchema, resolveJSONSchema, setAtPath, type JSONSchema } from './schema.js';

export type JSONFormFieldState = 'pending' | 'streaming' | 'complete';

export interface JSONFormProps<T = unknown>
  extends Omit<FormHTMLAttributes<HTMLFormElement>, 'onSubmit' | 'children'>,
    CompletionSource {
  /** A Standard Schema that exposes JSON Schema (zod 4), or anything with `toJSONSchema()`. */
  schema?: unknown;
  /** A plain JSON Schema. Wins over `schema`. */
  jsonSchema?: JSONSchema | undefined;
  /** The partial value as it streams (`useStreamJSON().value`). */
  value: unknown;
  /** Called with the value including the user's edits. */
  onSubmit?: (value: T) => void;
  submitLabel?: ReactNode;
  /** Extra content after the fields (e.g. a cancel button). */
  children?: ReactNode;
  /** Labels of the per-field state badge. */
  stateLabels?: Partial<Record<JSONFormFieldState, string>>;
}

interface FormContext {
  rootSchema: JSONSchema;
  stateOf(path: JSONPath): JSONFormFieldState;
  read(path: JSONPath): unknown;
  write(path: JSONPath, value: unknown): void;
  stateLabels: Record<JSONFormFieldState, string>;
}

const Ctx = createContext<FormContext | null>(null);

function useForm(): FormContext {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error('JSONForm fields must be rendered inside <JSONForm>');
  return ctx;
}

const defaultStateLabels: Record<JSONFormFieldState, string> = { pending: 'waiting', streaming: 'streaming', complete: '' };

/**
 * A form generated from a JSON Schema whose fields fill in while the JSON streams. Each field is
 * `pending` (nothing yet), `streaming` (being written; read-only) or `complete` (editable).
 * `onSubmit` receives the streamed value with the user's edits applied.
 */
export const JSONForm = forwardRef<HTMLFormElement, JSONFormProps>(function JSONForm(
  { schema, jsonSchema, value, isComplete, openPath, complete, onSubmit, submitLabel = 'Submit', stateLabels, children, ...props },
  ref,
) {
  const rootSchema = useMemo(() => jsonSchema ?? resolveJSONSchema(schema), [jsonSchema, schema]);
  const completion = useMemo(() => completionOf({ isComplete, openPath, complete }), [isComplete, openPath, complete]);
  // Edits overlay the streamed value by path, so fields still streaming keep updating underneath.
  const [edits, setEdits] = useState<ReadonlyMap<string, { path: JSONPath; value: unknown }>>(() => new Map());
  // A new run (start / retry / reset set the value back to nothing) drops the last run's edits, which
  // would otherwise hide the new values. A form that never had a value (filled by hand) keeps them.
  const [hadValue, setHadValue] = useState(value !== undefined);
  if ((value !== undefined) !== hadValue) {
    setHadValue(value !== undefined);
    if (value === undefined && edits.size > 0) setEdits(new Map());
  }

  const read = useCallback(
    (path: JSONPath) => {
      const edit = edits.get(pathKey(path));
      return edit ? edit.value : getAtPath(value, path);
    },
    [edits, value],
  );
  const write = useCallback((path: JSONPath, next: unknown) => {
    setEdits((prev) => new Map(prev).set(pathKey(path), { path, value: next }));
  }, []);
  // A field with no value yet is pending until the whole document is complete (it may still
  // arrive); a field with a value is streaming until its path is final.
  const stateOf = useCallback(
    (path: JSONPath): JSONFormFieldState => {
      if (getAtPath(value, path) === undefined) return completion([]) ? 'complete' : 'pending';
      return completion(path) ? 'complete' : 'streaming';
    },
    [completion, value],
  );

  const rootState = stateOf([]);
  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (rootState !== 'complete') return;
    let result: unknown = value === undefined ? {} : value;
    for (const { path, value: edited } of edits.values()) result = setAtPath(result, path, edited);
    onSubmit?.(result);
  };

  const ctx: FormContext = { rootSchema, stateOf, read, write, stateLabels: { ...defaultStateLabels, ...stateLabels } };
  return (
    <Ctx.Provider value={ctx}>
      <form ref={ref} data-sk="json-form" data-state={rootState} aria-busy={rootState !== 'complete' || undefined} onSubmit={handleSubmit} noValidate {...props}>
        <Field schema={rootSchema} path={[]} name={undefined} required={false} />
        <div data-sk="json-form-actions">
          <button type="submit" data-sk="json-form-submit" disabled={rootState !== 'complete'}>
            {submitLabel}
          </button>
          {children}
        </div>
      </form>
    </Ctx.Provider>
  );
});

interface FieldProps {
  schema: JSONSchema;
  path: JSONPath;
  name: string | number | undefined;
  required: boolean;
}

function Field({ schema: rawSchema, path, name, required }: FieldProps) {
  const form = useForm();
  const schema = normalizeSchema(rawSchema, form.rootSchema);
  const kind = fieldKind(schema);
  if (kind === 'object') return <ObjectField schema={schema} path={path} name={name} />;
  return <LeafField schema={schema} kind={kind} path={path} name={name} required={required} />;
}

function ObjectField({ schema, path, name }: { schema: JSONSchema; path: JSONPath; name: string | number | undefined }) {
  const form = useForm();
  const state = form.stateOf(path);
  const properties = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  const fields = properties.map(([key, child]) => (
    <Field key={key} schema={child} path={[...path, key]} name={key} required={required.has(key)} />
  ));
  // The root object needs no fieldset of its own; nested objects get one with a legend.
  if (path.length === 0 && schema.title === undefined) return <>{fields}</>;
  return (
    <fieldset data-sk="json-form-fieldset" data-state={state} data-path={pathKey(path)}>
      <legend>{schema.title ?? (name === undefined ? 'Value' : humanizeKey(name))}</legend>
      {schema.description !== undefined && <p data-sk="json-form-description">{schema.description}</p>}
      {fields}
    </fieldset>
  );
}

interface LeafFieldProps {
  schema: JSONSchema;
  kind: ReturnType<typeof fieldKind>;
  path: JSONPath;
  name: string | number | undefined;
  required: boolean;
}

function LeafField({ schema, kind, path, name, required }: LeafFieldProps) {
  const form = useForm();
  const id = useId();
  const state = form.stateOf(path);
  const editable = state === 'complete';
  const label = schema.title ?? (name === undefined ? 'Value' : humanizeKey(name));
  const descriptionId = schema.description === undefined ? undefined : `${id}-description`;
  const current = form.read(path);
  const badge = form.stateLabels[state];

  const common = {
    id,
    name: pathKey(path),
    'aria-describedby': descriptionId,
    'aria-required': required || undefined,
    'aria-busy': !editable || undefined,
  };

  let control: ReactNode;
  switch (kind) {
    case 'boolean':
      control = (
        <input
          {...common}
          type="checkbox"
          checked={current === true}
          disabled={!editable}
          onChange={(e) => form.write(path, e.currentTarget.checked)}
        />
      );
      break;
    case 'enum': {
      const options = schema.enum ?? [];
      const selected = options.findIndex((o) => o === current);
      control = (
        <select
          {...common}
          value={selected === -1 ? '' : String(selected)}
          disabled={!editable}
          onChange={(e) => form.write(path, e.currentTarget.value === '' ? undefined : options[Number(e.currentTarget.value)])}
        >
          <option value="">—</option>
          {options.map((option, i) => (
            <option key={i} value={String(i)}>
              {typeof option === 'string' ? option : JSON.stringify(option)}
            </option>
          ))}
        </select>
      );
      break;
    }
    case 'number':
    case 'integer':
      control = (
        <input
          {...common}
          type="number"
          inputMode={kind === 'integer' ? 'numeric' : 'decimal'}
          step={kind === 'integer' ? 1 : 'any'}
          min={schema.minimum}
          max={schema.maximum}
          value={typeof current === 'number' ? current : ''}
          readOnly={!editable}
          onChange={(e) => {
            const raw = e.currentTarget.value;
            form.write(path, raw === '' ? undefined : kind === 'integer' ? Math.trunc(Number(raw)) : Number(raw));
          }}
        />
      );
      break;
    case 'array':
      return <ArrayField schema={schema} path={path} label={label} descriptionId={descriptionId} state={state} />;
    case 'string': {
      const text = typeof current === 'string' ? current : '';
      const multiline = (schema.maxLength ?? 0) > 200 || schema.format === 'textarea' || text.length > 80 || text.includes('\n');
      control = multiline ? (
        <textarea {...common} rows={3} value={text} readOnly={!editable} onChange={(e) => form.write(path, e.currentTarget.value)} />
      ) : (
        <input {...common} type={schema.format === 'email' ? 'email' : schema.format === 'uri' ? 'url' : 'text'} value={text} readOnly={!editable} onChange={(e) => form.write(path, e.currentTarget.value)} />
      );
      break;
    }
    default:
      // Unknown shapes are shown read-only as JSON text rather than dropped.
      control = <textarea {...common} rows={2} readOnly value={current === undefined ? '' : JSON.stringify(current)} />;
  }

  return (
    <div data-sk="json-form-field" data-state={state} data-kind={kind} data-path={pathKey(path)}>
      <label data-sk="json-form-label" htmlFor={id}>
        {label}
        {badge !== '' && <span data-sk="json-form-state">{badge}</span>}
      </label>
      {schema.description !== undefined && (
        <p data-sk="json-form-description" id={descriptionId}>
          {schema.description}
        </p>
      )}
      {control}
    </div>
  );
}

interface ArrayFieldProps {
  schema: JSONSchema;
  path: JSONPath;
  label: string;
  descriptionId: string | undefined;
  state: JSONFormFieldState;
}

/** Arrays of primitives are edited as a whole list; arrays of objects render one fieldset per item. */
function ArrayField({ schema, path, label, descriptionId, state }: ArrayFieldProps) {
  const form = useForm();
  const groupId = useId();
  const itemSchema = normalizeSchema((Array.isArray(schema.items) ? schema.items[0] : schema.items) ?? {}, form.rootSchema);
  const itemKind = fieldKind(itemSchema);
  const items = (form.read(path) as unknown[] | undefined) ?? [];
  const editable = state === 'complete';
  const badge = form.stateLabels[state];
  const primitive = itemKind === 'string' || itemKind === 'number' || itemKind === 'integer' || itemKind === 'enum' || itemKind === 'unknown';

  const header = (
    <>
      <legend data-sk="json-form-label" id={groupId}>
        {label}
        {badge !== '' && <span data-sk="json-form-state">{badge}</span>}
      </legend>
      {schema.description !== undefined && (
        <p data-sk="json-form-description" id={descriptionId}>
          {schema.description}
        </p>
      )}
    </>
  );

  if (!primitive) {
    return (
      <fieldset data-sk="json-form-field" data-state={state} data-kind="array" data-path={pathKey(path)}>
        {header}
        {items.map((_, i) => (
          <Field key={i} schema={itemSchema} path={[...path, i]} name={i} required={false} />
        ))}
      </fieldset>
    );
  }

  const numeric = itemKind === 'number' || itemKind === 'integer';
  const update = (next: unknown[]) => form.write(path, next);
  return (
    <fieldset data-sk="json-form-field" data-state={state} data-kind="array" data-path={pathKey(path)} aria-describedby={descriptionId}>
      {header}
      <ul data-sk="json-form-array">
        {items.map((item, i) => (
          <li key={i}>
            <input
              aria-label={`${label} ${i + 1}`}
              type={numeric ? 'number' : 'text'}
              value={item === undefined || item === null ? '' : typeof item === 'string' || typeof item === 'number' ? item : JSON.stringify(item)}
              readOnly={!editable}
              aria-busy={!editable || undefined}
              onChange={(e) => {
                const raw = e.currentTarget.value;
                const next = [...items];
                next[i] = numeric ? (raw === '' ? null : Number(raw)) : raw;
                update(next);
              }}
            />
            {editable && (
              <button type="button" data-sk="json-form-array-remove" aria-label={`Remove ${label} ${i + 1}`} onClick={() => update(items.filter((_, j) => j !== i))}>
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
      {editable && (
        <div>
          <button type="button" data-sk="json-form-array-add" onClick={() => update([...items, numeric ? 0 : ''])}>
            Add {label.toLowerCase()}
          </button>
        </div>
      )}
    </fieldset>
  );
}
