import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Newest modification time under the given paths (files only). */
function newestMtime(paths: string[]): number {
  let newest = 0;
  const visit = (p: string) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p)) if (name !== 'node_modules') visit(path.join(p, name));
    } else newest = Math.max(newest, st.mtimeMs);
  };
  paths.forEach(visit);
  return newest;
}

/**
 * Builds `storybook-static` unless a build newer than every source it depends on already exists
 * (so a re-run right after `npm run build-storybook` costs nothing).
 */
export function ensurePlaygroundBuild(root: string): string {
  const out = path.join(root, 'storybook-static');
  const index = path.join(out, 'iframe.html');
  const sources = ['src', 'stories', '.storybook', 'package.json'].map((p) => path.join(root, p));
  const fresh = existsSync(index) && statSync(index).mtimeMs > newestMtime(sources);
  if (fresh) return out;
  const res = spawnSync('npx', ['storybook', 'build', '-o', 'storybook-static', '--quiet'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1' },
  });
  if (res.status !== 0 || !existsSync(index)) throw new Error(`storybook build failed (exit ${res.status})`);
  return out;
}
