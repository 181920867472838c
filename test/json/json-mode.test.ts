/**
 * JSON mode: deltas in, snapshots taken at most once per batch, one final value; duplicate output
 * kept once; Standard Schema validation (zod 4 and valibot) at the end and, opt-in, while streaming.
 */
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { StreamError } from '../../src/core/errors.js';
import { createJSONMode, JSONValidationError, type JSONMode } from '../../src/core/json/json-mode.js';
import { isCompleteNode } from '../../src/core/json/complete-nodes.js';
import type { StandardSchemaV1 } from '../../src/core/types.js';
import { chunksOf, extendsSnapshot, randomChunks } from './partial-rules.js';

const recipeText = '{"title": "Pancakes", "servings": 4, "steps": ["Mix \\"dry\\"", "Add milk 🥛", "Fry"], "tags": ["easy"]}';
const recipeValue = JSON.parse(recipeText) as unknown;

const zodRecipe = z.object({ title: z.string(), servings: z.number().int().positive(), steps: z.array(z.string()), tags: z.array(z.string()) });
const valibotRecipe = v.object({ title: v.string(), servings: v.pipe(v.number(), v.integer(), v.minValue(1)), steps: v.array(v.string()), tags: v.array(v.string()) });

/** Writes every chunk, taking a snapshot whenever something changed (as the engine does per frame). */
function stream(mode: JSONMode, chunks: string[]): Array<ReturnType<JSONMode['take']>> {
  const taken: Array<ReturnType<JSONMode['take']>> = [];
  for (const chunk of chunks) {
    mode.write(chunk);
    if (mode.changed) taken.push(mode.take());
    expect(mode.changed).toBe(false);
  }
  return taken;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('createJSONMode', () => {
  it('streams snapshots that follow the partial value rules and finishes with the value', async () => {
    for (const chunks of [chunksOf(recipeText, 1), chunksOf(recipeText, 7), randomChunks(recipeText, 3)]) {
      const mode = createJSONMode(true);
      const taken = stream(mode, chunks);
      expect(taken.length).toBeGreaterThan(3);
      let prev: unknown;
      for (const snapshot of taken) {
        expect(extendsSnapshot(prev, snapshot.value, { identity: true })).toBeNull();
        expect(extendsSnapshot(snapshot.value, recipeValue)).toBeNull();
        prev = snapshot.value;
      }
      const last = taken.at(-1)!;
      expect(last.complete).toBe(true);
      expect(last.openPath).toEqual([]);
      expect(isCompleteNode(last.value)).toBe(true);
      await expect(mode.finish()).resolves.toEqual({ value: recipeValue });
    }
  });

  it('reports the open path while streaming', () => {
    const mode = createJSONMode(true);
    mode.write('{"title": "Pan');
    const snapshot = mode.take();
    expect(snapshot).toMatchObject({ value: { title: 'Pan' }, complete: false, openPath: ['title'] });
    mode.write('cakes", "steps": [');
    expect(mode.take().openPath).toEqual(['steps']);
  });

  it('changed stays false when a delta changes nothing visible', () => {
    const mode = createJSONMode(true);
    mode.write('{"a": 1');
    mode.take();
    mode.write('2');
    expect(mode.changed).toBe(false); // the number is not complete yet
    mode.write(', ');
    expect(mode.changed).toBe(true);
    expect(mode.take().value).toEqual({ a: 12 });
  });

  it('keeps a repeated identical object once ({...}{...} and a full repeat after the stream)', async () => {
    const twice = `${recipeText}\n${recipeText}`;
    for (const chunks of [[twice], chunksOf(twice, 5)]) {
      const mode = createJSONMode(true);
      const taken = stream(mode, chunks);
      const firstComplete = taken.findIndex((s) => s.complete);
      expect(firstComplete).toBeGreaterThanOrEqual(0);
      // Nothing changes once the first copy is complete: the repeat is ignored.
      expect(taken.slice(firstComplete + 1)).toEqual([]);
      await expect(mode.finish()).resolves.toEqual({ value: recipeValue });
    }
  });

  it('rejects a different second value with a parse error', async () => {
    const mode = createJSONMode(true);
    expect(() => mode.write('{"a": 1}{"a": 2}')).toThrow(StreamError);
    expect(mode.changed).toBe(false);
    const error = await rejection(mode.finish());
    expect(error).toBeInstanceOf(StreamError);
    expect((error as StreamError).code).toBe('parse');
  });

  it('rejects truncated and invalid text with parse errors', async () => {
    const truncated = createJSONMode(true);
    truncated.write('{"a": [1, 2');
    expect(((await rejection(truncated.finish())) as StreamError).code).toBe('parse');

    const invalid = createJSONMode(true);
    expect(() => invalid.write('{"a": nope}')).toThrow(/literal "null" at offset 7/);
    expect(() => invalid.write('more')).toThrow(StreamError);

    const empty = createJSONMode(true);
    expect(((await rejection(empty.finish())) as StreamError).code).toBe('parse');
  });

  it('is lenient by default (code fence, trailing comma) and strict on request', async () => {
    const fenced = '```json\n{"a": [1, 2,],}\n```';
    const lenient = createJSONMode(true);
    stream(lenient, chunksOf(fenced, 3));
    await expect(lenient.finish()).resolves.toEqual({ value: { a: [1, 2] } });
    const strict = createJSONMode({ lenient: false });
    expect(() => strict.write(fenced)).toThrow(StreamError);
  });

  describe.each([
    ['zod 4', zodRecipe as StandardSchemaV1],
    ['valibot', valibotRecipe as StandardSchemaV1],
  ])('Standard Schema: %s', (_name, schema) => {
    it('validates the final value and returns the schema output', async () => {
      const mode = createJSONMode({ schema });
      stream(mode, chunksOf(recipeText, 4));
      await expect(mode.finish()).resolves.toEqual({ value: recipeValue });
    });

    it('rejects with a validation error carrying the issues and the parsed value', async () => {
      const bad = '{"title": "Pancakes", "servings": -1, "steps": ["Mix"], "tags": []}';
      const mode = createJSONMode({ schema });
      stream(mode, chunksOf(bad, 3));
      const error = await rejection(mode.finish());
      expect(error).toBeInstanceOf(JSONValidationError);
      expect(error).toBeInstanceOf(StreamError);
      const validation = error as JSONValidationError;
      expect(validation.code).toBe('validation');
      expect(validation.value).toEqual(JSON.parse(bad));
      expect(validation.issues?.length).toBeGreaterThan(0);
      const paths = (validation.issues as StandardSchemaV1.Issue[]).map((issue) =>
        (issue.path ?? []).map((s) => (typeof s === 'object' ? s.key : s)).join('.'),
      );
      expect(paths).toContain('servings');
      expect(validation.message).toMatch(/servings/);
    });

    it('validatePartial reports issues of completed top-level fields only, while streaming', async () => {
      const bad = '{"title": "Pancakes", "servings": 0, "steps": ["Mix"], "tags": ["x"]}';
      const mode = createJSONMode({ schema, validatePartial: true });
      const cut = bad.indexOf('"steps"');
      mode.write(bad.slice(0, bad.indexOf('"servings"')));
      // Only `title` is complete: missing fields are not reported while streaming.
      await Promise.resolve();
      expect(mode.take().issues).toEqual([]);
      mode.write(bad.slice(bad.indexOf('"servings"'), cut));
      await Promise.resolve();
      const issues = mode.take().issues;
      expect(issues.length).toBeGreaterThan(0);
      expect(issues.every((issue) => JSON.stringify(issue.path ?? []).includes('servings'))).toBe(true);
      mode.write(bad.slice(cut));
      const error = await rejection(mode.finish());
      expect((error as StreamError).code).toBe('validation');
    });
  });

  it('supports async Standard Schema validators', async () => {
    const asyncSchema: StandardSchemaV1 = {
      '~standard': {
        version: 1,
        vendor: 'test',
        validate: async (value) =>
          typeof value === 'object' && value !== null && 'title' in value ? { value: { ...value, checked: true } } : { issues: [{ message: 'no title' }] },
      },
    };
    const good = createJSONMode({ schema: asyncSchema });
    good.write('{"title": "x"}');
    await expect(good.finish()).resolves.toEqual({ value: { title: 'x', checked: true } });
    const bad = createJSONMode({ schema: asyncSchema });
    bad.write('{"name": "x"}');
    const error = (await rejection(bad.finish())) as JSONValidationError;
    expect(error.code).toBe('validation');
    expect(error.issues).toEqual([{ message: 'no title' }]);
    expect(error.value).toEqual({ name: 'x' });
  });
});

describe("strategy: 'reparse' (partial-json semantics)", () => {
  it('shows partial numbers like partial-json and finishes with the strict value', async () => {
    const mode = createJSONMode({ strategy: 'reparse' });
    mode.write('{"n": 12');
    expect(mode.changed).toBe(true);
    expect(mode.take().value).toEqual({ n: 12 });
    mode.write('3, "s": "ab');
    expect(mode.take().value).toEqual({ n: 123, s: 'ab' });
    mode.write('c"}');
    const last = mode.take();
    expect(last).toMatchObject({ value: { n: 123, s: 'abc' }, complete: true });
    await expect(mode.finish()).resolves.toEqual({ value: { n: 123, s: 'abc' } });
  });

  it('strips a code fence and still rejects invalid JSON through the strict parser', async () => {
    const mode = createJSONMode({ strategy: 'reparse' });
    mode.write('```json\n{"a": [1');
    expect(mode.take().value).toEqual({ a: [1] });
    expect(() => mode.write('x')).toThrow(StreamError);
    expect(((await rejection(mode.finish())) as StreamError).code).toBe('parse');
  });

  it('validates with a schema at the end', async () => {
    const mode = createJSONMode({ strategy: 'reparse', schema: zodRecipe as StandardSchemaV1 });
    for (const chunk of chunksOf(recipeText, 9)) {
      mode.write(chunk);
      if (mode.changed) mode.take();
    }
    await expect(mode.finish()).resolves.toEqual({ value: recipeValue });
  });
});
