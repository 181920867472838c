/**
 * JSONTestSuite (nst/JSONTestSuite) conformance.
 * - y_: every prefix (one-shot) and chunkings 1, 2, 3, 7 and seeded random: no throw before end(),
 *   every snapshot extends the previous one, the final value equals JSON.parse.
 * - n_: rejected with StreamError('parse') at write() or end() (whole and 1-character chunks).
 * - i_: what we do is asserted per file below.
 * Files are bytes; the parser takes text, so they are decoded as UTF-8 first (TextDecoder, fatal):
 * turning bytes into text is the transport's job, and invalid UTF-8 is rejected there.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StreamError } from '../../src/core/errors.js';
import { createPartialJSONParser, parsePartialJSON } from '../../src/core/json/partial-json-parser.js';
import { chunksOf, extendsSnapshot, feedAndCheck, randomChunks } from './partial-rules.js';

const dir = path.resolve(process.cwd(), '../shared/conformance/JSONTestSuite/test_parsing');
const files = readdirSync(dir).sort();
const read = (name: string) => readFileSync(path.join(dir, name));
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenientUtf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

function decodeStrict(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Parses `text` with our parser in the given chunks; returns the value or the StreamError. */
function outcome(chunks: string[], lenient = false): { ok: true; value: unknown } | { ok: false; error: StreamError } {
  const parser = createPartialJSONParser({ lenient });
  try {
    for (const chunk of chunks) parser.write(chunk);
    return { ok: true, value: parser.end() };
  } catch (error) {
    if (!(error instanceof StreamError)) throw error;
    return { ok: false, error };
  }
}

const yFiles = files.filter((f) => f.startsWith('y_'));
const nFiles = files.filter((f) => f.startsWith('n_'));
const iFiles = files.filter((f) => f.startsWith('i_'));
// The one documented exception to "nothing shown changes": a duplicate key replaces the earlier value
// (as JSON.parse does) when the new value completes.
const duplicateKeyFiles = new Set(['y_object_duplicated_key.json', 'y_object_duplicated_key_and_value.json']);

describe('JSONTestSuite y_ (must accept)', () => {
  it('has the suite', () => {
    expect(yFiles.length).toBeGreaterThan(90);
    expect(nFiles.length).toBeGreaterThan(180);
    expect(iFiles.length).toBeGreaterThan(30);
  });

  for (const name of yFiles) {
    it(name, () => {
      const text = decodeStrict(read(name));
      expect(text, 'y_ files are valid UTF-8').toBeDefined();
      const source = text as string;
      const expected = JSON.parse(source) as unknown;
      const replaceable = duplicateKeyFiles.has(name) ? (p: string) => p === '/a' : undefined;
      const options = replaceable ? { replaceable } : {};

      const chunkings: Array<[string, string[]]> = [
        ['1', chunksOf(source, 1)],
        ['2', chunksOf(source, 2)],
        ['3', chunksOf(source, 3)],
        ['7', chunksOf(source, 7)],
        ['whole', [source]],
        ...[1, 2, 3].map((seed): [string, string[]] => [`random seed ${seed}`, randomChunks(source, seed * 7919)]),
      ];
      for (const [label, chunks] of chunkings) {
        const { final } = feedAndCheck(chunks, options);
        expect(final, `chunking ${label}`).toEqual(expected);
      }

      // Bytes split one by one (cutting every multi-byte UTF-8 character), decoded by a streaming
      // TextDecoder as a transport would, then parsed: same final value.
      const bytes = read(name);
      const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
      const byteChunks: string[] = [];
      for (let k = 0; k < bytes.length; k++) byteChunks.push(decoder.decode(bytes.subarray(k, k + 1), { stream: true }));
      byteChunks.push(decoder.decode());
      expect(feedAndCheck(byteChunks, options).final, '1-byte splits').toEqual(expected);

      // Every prefix, one-shot: never throws, and each prefix's snapshot extends the previous one's.
      let prev: unknown = undefined;
      for (let k = 0; k <= source.length; k++) {
        const value = parsePartialJSON(source.slice(0, k));
        const problem = extendsSnapshot(prev, value, options);
        expect(problem, `prefix ${k}`).toBeNull();
        prev = value;
      }
    });
  }
});

describe('JSONTestSuite n_ (must reject)', () => {
  for (const name of nFiles) {
    it(name, () => {
      const text = decodeStrict(read(name));
      if (text === undefined) {
        // Invalid UTF-8: rejected by the (fatal) decoder before any JSON parsing; the parser never sees it.
        expect(() => strictUtf8.decode(read(name))).toThrow();
        return;
      }
      const whole = outcome([text]);
      expect(whole.ok, 'whole text rejected').toBe(false);
      if (!whole.ok) expect(whole.error.code).toBe('parse');
      const single = outcome(chunksOf(text, 1));
      expect(single.ok, '1-character chunks rejected').toBe(false);
      if (!single.ok) {
        expect(single.error.code).toBe('parse');
        expect(single.error.message).toMatch(/at offset \d+/);
      }
    });
  }
});

/**
 * i_ files: implementation-defined. What streamkit does, file by file:
 * - 'accept': parsed, and the value equals JSON.parse of the same text (huge numbers become
 *   Infinity / 0 / rounded doubles exactly like JSON.parse; lone or inverted surrogates are kept as
 *   lone UTF-16 code units exactly like JSON.parse);
 * - 'reject-utf8': the bytes are not valid UTF-8, so the fatal decoder rejects them first (with a
 *   replacing decoder, U+FFFD ends up in the string and the parser accepts it like JSON.parse does);
 * - 'reject': the parser throws StreamError('parse') (a UTF-8 BOM
 *   is not JSON whitespace: strict mode rejects it, `lenient` skips it).
 */
const iExpected: Record<string, 'accept' | 'reject' | 'reject-utf8'> = {
  'i_number_double_huge_neg_exp.json': 'accept',
  'i_number_huge_exp.json': 'accept',
  'i_number_neg_int_huge_exp.json': 'accept',
  'i_number_pos_double_huge_exp.json': 'accept',
  'i_number_real_neg_overflow.json': 'accept',
  'i_number_real_pos_overflow.json': 'accept',
  'i_number_real_underflow.json': 'accept',
  'i_number_too_big_neg_int.json': 'accept',
  'i_number_too_big_pos_int.json': 'accept',
  'i_number_very_big_negative_int.json': 'accept',
  'i_object_key_lone_2nd_surrogate.json': 'accept',
  'i_string_1st_surrogate_but_2nd_missing.json': 'accept',
  'i_string_1st_valid_surrogate_2nd_invalid.json': 'accept',
  'i_string_UTF-16LE_with_BOM.json': 'reject-utf8',
  'i_string_UTF-8_invalid_sequence.json': 'reject-utf8',
  'i_string_UTF8_surrogate_U+D800.json': 'reject-utf8',
  'i_string_incomplete_surrogate_and_escape_valid.json': 'accept',
  'i_string_incomplete_surrogate_pair.json': 'accept',
  'i_string_incomplete_surrogates_escape_valid.json': 'accept',
  'i_string_invalid_lonely_surrogate.json': 'accept',
  'i_string_invalid_surrogate.json': 'accept',
  'i_string_invalid_utf-8.json': 'reject-utf8',
  'i_string_inverted_surrogates_U+1D11E.json': 'accept',
  'i_string_iso_latin_1.json': 'reject-utf8',
  'i_string_lone_second_surrogate.json': 'accept',
  'i_string_lone_utf8_continuation_byte.json': 'reject-utf8',
  'i_string_not_in_unicode_range.json': 'reject-utf8',
  'i_string_overlong_sequence_2_bytes.json': 'reject-utf8',
  'i_string_overlong_sequence_6_bytes.json': 'reject-utf8',
  'i_string_overlong_sequence_6_bytes_null.json': 'reject-utf8',
  'i_string_truncated-utf-8.json': 'reject-utf8',
  'i_string_utf16BE_no_BOM.json': 'reject-utf8',
  'i_string_utf16LE_no_BOM.json': 'reject-utf8',
  'i_structure_500_nested_arrays.json': 'accept',
  'i_structure_UTF-8_BOM_empty_object.json': 'reject',
};

describe('JSONTestSuite i_ (implementation-defined, documented above)', () => {
  it('documents every i_ file', () => {
    expect(Object.keys(iExpected).sort()).toEqual(iFiles);
  });

  for (const name of iFiles) {
    it(`${name}: ${iExpected[name]}`, () => {
      const bytes = read(name);
      const text = decodeStrict(bytes);
      const expected = iExpected[name];
      if (expected === 'reject-utf8') {
        expect(text).toBeUndefined();
        // With a replacing decoder our result matches JSON.parse's.
        const replaced = lenientUtf8.decode(bytes);
        const ours = outcome([replaced]);
        let theirs: { ok: boolean; value?: unknown };
        try {
          theirs = { ok: true, value: JSON.parse(replaced) };
        } catch {
          theirs = { ok: false };
        }
        expect(ours.ok).toBe(theirs.ok);
        if (ours.ok) expect(ours.value).toEqual(theirs.value);
        return;
      }
      expect(text).toBeDefined();
      const source = text as string;
      for (const chunks of [[source], chunksOf(source, 1), chunksOf(source, 3)]) {
        const result = outcome(chunks);
        if (expected === 'accept') {
          expect(result.ok).toBe(true);
          if (result.ok) expect(result.value).toEqual(JSON.parse(source));
        } else {
          expect(result.ok).toBe(false);
          expect(() => JSON.parse(source)).toThrow();
        }
      }
      if (expected === 'accept') {
        const { final } = feedAndCheck(chunksOf(source, 1));
        expect(final).toEqual(JSON.parse(source));
      }
    });
  }

  it('lenient mode skips a leading BOM', () => {
    const text = decodeStrict(read('i_structure_UTF-8_BOM_empty_object.json')) as string;
    const result = outcome(chunksOf(text, 1), true);
    expect(result).toEqual({ ok: true, value: {} });
  });
});
