// The store shows the same tool calls as the run's result: a correlation id that streamkit made up
// for a provider that sends none (Gemini) is never shown; the call's id is null there too.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStreamStore } from '../../src/core/store/stream-store.js';

const fixtures = path.resolve(process.cwd(), '../shared/fixtures/providers');

async function* bytes(name: string): AsyncIterable<Uint8Array> {
  const all = readFileSync(path.join(fixtures, name));
  for (let i = 0; i < all.length; i += 37) yield new Uint8Array(all.subarray(i, i + 37));
}

/** Every recording whose oracle has tool calls. */
const withToolCalls = readdirSync(fixtures)
  .filter((file) => file.endsWith('.expected.json'))
  .filter((file) => (JSON.parse(readFileSync(path.join(fixtures, file), 'utf8')) as { toolCalls?: unknown[] }).toolCalls?.length)
  .map((file) => file.slice(0, -'.expected.json'.length));

describe('store tool calls', () => {
  it('covers the recordings with tool calls (Gemini without ids, Anthropic, Responses, xAI, several calls)', () => {
    expect(withToolCalls.length).toBeGreaterThanOrEqual(7);
    expect(withToolCalls).toContain('google-stream-tool-call-arguments');
  });

  it.each(withToolCalls)('%s: store tool calls equal the result and the SDK oracle', async (name) => {
    const expected = JSON.parse(readFileSync(path.join(fixtures, `${name}.expected.json`), 'utf8')) as {
      provider: string;
      toolCalls: Array<{ id: string | null; name: string; args: unknown }>;
    };
    const store = createStreamStore(
      { source: bytes(`${name}.sse`), protocol: 'sse', provider: expected.provider as 'gemini' },
      { batch: 'sync' },
    );
    store.getState().start();
    await new Promise<void>((resolve) => {
      const stop = store.subscribe((s) => {
        if (s.status === 'done' || s.status === 'error') {
          stop();
          resolve();
        }
      });
    });
    const state = store.getState();
    expect(state.status).toBe('done');
    const shown = state.toolCalls.map(({ id, name: n, args }) => ({ id, name: n, args }));
    expect(shown).toEqual(expected.toolCalls);
    // The store's live view and the run's result come from the same tracker: identical once done.
    expect(state.toolCalls).toEqual(state.result?.toolCalls);
  });
});
