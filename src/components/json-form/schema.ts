/** The subset of JSON Schema the form understands. Unknown keywords are ignored. */
export interface JSONSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, JSONSchema>;
  required?: string[];
  items?: JSONSchema | JSONSchema[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JSONSchema[];
  oneOf?: JSONSchema[];
  allOf?: JSONSchema[];
  $ref?: string;
  $defs?: Record<string, JSONSchema>;
  definitions?: Record<string, JSONSchema>;
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  default?: unknown;
  [keyword: string]: unknown;
}

/** A Standard Schema that can describe itself as JSON Schema (zod 4 implements this). */
interface StandardJSONSchemaLike {
  '~standard': { jsonSchema: { input(options: { target: string }): Record<string, unknown> } };
}

function isStandardJSONSchema(value: unknown): value is StandardJSONSchemaLike {
  const std = (value as { '~standard'?: { jsonSchema?: { input?: unknown } } } | null)?.['~standard'];
  return typeof std?.jsonSchema?.input === 'function';
}

function hasToJSONSchema(value: unknown): value is { toJSONSchema(): Record<string, unknown> } {
  return typeof (value as { toJSONSchema?: unknown } | null)?.toJSONSchema === 'function';
}

/**
 * Accepts a JSON Schema object, a Standard JSON Schema (`~standard.jsonSchema`, e.g. zod 4), or a
 * schema with a `toJSONSchema()` method. A Standard Schema that cannot describe itself is an error
 * with a hint, rather than an empty form.
 */
export function resolveJSONSchema(schema: unknown): JSONSchema {
  if (isStandardJSONSchema(schema)) return schema['~standard'].jsonSchema.input({ target: 'draft-2020-12' }) as JSONSchema;
  if (hasToJSONSchema(schema)) return schema.toJSONSchema() as JSONSchema;
  if (schema !== null && typeof schema === 'object' && '~standard' in schema) {
    throw new TypeError(
      'JSONForm: this Standard Schema cannot describe itself as JSON Schema. Pass `jsonSchema` (e.g. from your library\'s JSON Schema converter).',
    );
  }
  if (schema === null || typeof schema !== 'object') throw new TypeError('JSONForm: `schema` must be a JSON Schema object or a Standard Schema.');
  return schema as JSONSchema;
}

export type FieldKind = 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'unknown';

/** Follows local `$ref`s and picks the first non-null branch of `anyOf`/`oneOf` (how optional/nullable are written). */
export function normalizeSchema(schema: JSONSchema, rootSchema: JSONSchema, seen = 0): JSONSchema {
  if (seen > 32) return schema;
  if (typeof schema.$ref === 'string') {
    const match = /^#\/(\$defs|definitions)\/(.+)$/.exec(schema.$ref);
    const defs = match ? (rootSchema[match[1] as '$defs' | 'definitions'] as Record<string, JSONSchema> | undefined) : undefined;
    const target = match && defs ? defs[decodeURIComponent(match[2] as string)] : undefined;
    if (target) return normalizeSchema({ ...target, ...withoutRef(schema) }, rootSchema, seen + 1);
  }
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches && !schema.type) {
    const branch = branches.find((b) => b.type !== 'null') ?? branches[0];
    if (branch) return normalizeSchema({ ...branch, ...withoutBranches(schema) }, rootSchema, seen + 1);
  }
  if (schema.allOf && schema.allOf.length === 1 && schema.allOf[0]) {
    return normalizeSchema({ ...schema.allOf[0], ...withoutAllOf(schema) }, rootSchema, seen + 1);
  }
  return schema;
}

function withoutRef({ $ref: _ref, ...rest }: JSONSchema): JSONSchema {
  return rest;
}
function withoutBranches({ anyOf: _a, oneOf: _o, ...rest }: JSONSchema): JSONSchema {
  return rest;
}
function withoutAllOf({ allOf: _a, ...rest }: JSONSchema): JSONSchema {
  return rest;
}

export function fieldKind(schema: JSONSchema): FieldKind {
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return 'enum';
  const types = Array.isArray(schema.type) ? schema.type.filter((t) => t !== 'null') : schema.type === undefined ? [] : [schema.type];
  const t = types[0] ?? (schema.properties ? 'object' : schema.items ? 'array' : undefined);
  switch (t) {
    case 'object':
    case 'array':
    case 'string':
    case 'number':
    case 'integer':
    case 'boolean':
      return t;
    default:
      return 'unknown';
  }
}

/** "firstName" / "first_name" -> "First name": a readable label when the schema has no title. */
export function humanizeKey(key: string | number): string {
  if (typeof key === 'number') return `Item ${key + 1}`;
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Immutable set: copies only the containers along the path. */
export function setAtPath(root: unknown, path: ReadonlyArray<string | number>, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string | number, ...Array<string | number>];
  const container: Record<string | number, unknown> | unknown[] = Array.isArray(root)
    ? [...root]
    : root !== null && typeof root === 'object'
      ? { ...(root as Record<string, unknown>) }
      : typeof head === 'number'
        ? []
        : {};
  const current = (container as Record<string | number, unknown>)[head];
  const next = setAtPath(current, rest, value);
  if (next === undefined && !Array.isArray(container)) delete (container as Record<string, unknown>)[head];
  else (container as Record<string | number, unknown>)[head] = next;
  return container;
}
