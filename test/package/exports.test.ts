// Builds the library the way `npm run build` does and checks what a user installing it gets:
// every exports-map entry resolves, the names DESIGN.md promises are there, and the core bundle
// stays free of React, Node built-ins and the optional tokenizer.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  exports: Record<string, string | { types: string; import: string }>;
};

function entryFile(key: string, kind: 'import' | 'types'): string {
  const entry = pkg.exports[key];
  if (entry === undefined) throw new Error(`no export ${key}`);
  return path.join(root, typeof entry === 'string' ? entry : entry[kind]);
}

beforeAll(() => {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'pipe' });
}, 300_000);

describe('package exports', () => {
  it('the core entry exports the DESIGN.md contract', async () => {
    const core = (await import(pathToFileURL(entryFile('.', 'import')).href)) as Record<string, unknown>;
    for (const name of [
      'createSSEParser',
      'createNDJSONParser',
      'createPartialJSONParser',
      'parsePartialJSON',
      'createStream',
      'createEventProcessor',
      'createStreamStore',
      'StreamError',
      'JSON_MODE',
      'HIGH_THROUGHPUT',
      'LOW_LATENCY',
    ]) {
      expect(core[name], name).toBeDefined();
    }
  });

  it('the core bundle imports no React, no Node built-ins and not the optional tokenizer', () => {
    const code = readFileSync(entryFile('.', 'import'), 'utf8');
    expect(code).not.toMatch(/from\s*["'](react|react-dom)["'/]/);
    expect(code).not.toMatch(/from\s*["']node:/);
    expect(code).not.toMatch(/from\s*["']gpt-tokenizer/);
  });

  it('react and server entries load and export their contract', async () => {
    const react = (await import(pathToFileURL(entryFile('./react', 'import')).href)) as Record<string, unknown>;
    for (const name of ['useStream', 'useStreamJSON', 'usePipelineStream', 'StreamProvider', 'useStreamStore', 'StreamText', 'StreamError']) {
      expect(react[name], name).toBeDefined();
    }
    const server = (await import(pathToFileURL(entryFile('./server', 'import')).href)) as Record<string, unknown>;
    for (const name of ['createStreamingContext', 'sseResponse', 'writeSSE', 'runPipeline']) {
      expect(server[name], name).toBeDefined();
    }
  });

  it('keeps optional peers out of the main entries: streamdown only in streamkit/markdown, gpt-tokenizer only in its own', async () => {
    expect(readFileSync(entryFile('./react', 'import'), 'utf8')).not.toMatch(/["']streamdown["']/);
    expect(readFileSync(entryFile('.', 'import'), 'utf8')).not.toMatch(/["']gpt-tokenizer["']/);
    expect(readFileSync(entryFile('./markdown', 'import'), 'utf8')).toMatch(/["']streamdown["']/);
    const markdown = (await import(pathToFileURL(entryFile('./markdown', 'import')).href)) as Record<string, unknown>;
    expect(markdown['StreamMarkdown']).toBeDefined();
    const tokenizer = (await import(pathToFileURL(entryFile('./gpt-tokenizer', 'import')).href)) as Record<string, unknown>;
    expect(await (tokenizer['createGptTokenizerEstimator'] as () => (t: string) => Promise<number>)()('hello world')).toBe(2);
  });

  it('ships type declarations for every entry and one stylesheet with the theme and the monitor', () => {
    for (const key of ['.', './react', './server', './markdown', './gpt-tokenizer']) expect(existsSync(entryFile(key, 'types')), key).toBe(true);
    const css = readFileSync(path.join(root, pkg.exports['./styles.css'] as string), 'utf8');
    expect(css).toContain('--sk-');
    expect(css).toMatch(/\.sk-monitor|data-sk-monitor|streamkit-monitor/);
  });
});
