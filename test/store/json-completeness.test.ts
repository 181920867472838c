import { describe, expect, it } from 'vitest';
import { isJSONPathComplete, toPathSegments } from '../../src/core/store/json-completeness.js';

describe('isJSONPathComplete', () => {
  const value = { title: 'Hel', tags: ['a', 'b'], meta: { n: 1 } };
  it('a value is complete iff it exists and is not on the open path', () => {
    const open = ['tags', 1];
    expect(isJSONPathComplete(value, false, open, 'title')).toBe(true);
    expect(isJSONPathComplete(value, false, open, ['tags', 0])).toBe(true);
    expect(isJSONPathComplete(value, false, open, 'tags.1')).toBe(false);
    expect(isJSONPathComplete(value, false, open, 'tags')).toBe(false); // ancestor of the open value
    expect(isJSONPathComplete(value, false, open, [])).toBe(false); // the root is open
    expect(isJSONPathComplete(value, false, open, 'meta.n')).toBe(true);
    expect(isJSONPathComplete(value, false, open, 'missing')).toBe(false);
  });
  it('everything that exists is complete once the document is', () => {
    expect(isJSONPathComplete(value, true, undefined, 'tags.1')).toBe(true);
    expect(isJSONPathComplete(value, true, undefined, [])).toBe(true);
    expect(isJSONPathComplete(value, true, undefined, 'nope')).toBe(false);
    expect(isJSONPathComplete(undefined, false, [], [])).toBe(false);
  });
  it('without an open path only a finished document counts', () => {
    expect(isJSONPathComplete(value, false, undefined, 'title')).toBe(false);
  });
  it('parses dotted paths', () => {
    expect(toPathSegments('a.0.b')).toEqual(['a', 0, 'b']);
    expect(toPathSegments('')).toEqual([]);
  });
});
