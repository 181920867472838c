import type { StandardSchemaV1 } from '../types.js';

export type SchemaIssue = StandardSchemaV1.Issue;

/** Runs a Standard Schema v1 validator (zod 4, valibot, arktype, ...), sync or async. */
export function validateWithSchema(
  schema: StandardSchemaV1,
  value: unknown,
): StandardSchemaV1.Result<unknown> | Promise<StandardSchemaV1.Result<unknown>> {
  return schema['~standard'].validate(value);
}

/** The first segment of an issue's path (`{ key }` segments unwrapped), or undefined for a root issue. */
export function issueHead(issue: SchemaIssue): PropertyKey | undefined {
  const first = issue.path?.[0];
  if (first === undefined) return undefined;
  return typeof first === 'object' && first !== null ? first.key : first;
}

/** A one-line summary of schema issues for an error message (the full list stays on `issues`). */
export function describeIssues(issues: readonly SchemaIssue[]): string {
  const shown = issues.slice(0, 3).map((issue) => {
    const path = (issue.path ?? [])
      .map((segment) => String(typeof segment === 'object' && segment !== null ? segment.key : segment))
      .join('.');
    return path === '' ? issue.message : `${path}: ${issue.message}`;
  });
  const more = issues.length > 3 ? ` (+${issues.length - 3} more)` : '';
  return shown.join('; ') + more;
}
