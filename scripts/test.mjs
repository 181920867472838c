// `npm test`: every test, unit to browser. Prepares what the tests need, then runs Vitest once
// over all projects (unit, React 19, React 18, e2e, Storybook stories in Chromium).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureChromium } from './ensure-chromium.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// react-dom-18 must see React 18, not the project's React 19 (npm hoists peers to the root).
function linkReact18() {
  const target = path.join(root, 'node_modules/react-dom-18/node_modules/react');
  if (!existsSync(path.join(root, 'node_modules/react-18')) || existsSync(target)) return;
  mkdirSync(path.dirname(target), { recursive: true });
  symlinkSync(path.join(root, 'node_modules/react-18'), target, 'dir');
}

linkReact18();
process.env.CHROMIUM_PATH = ensureChromium();
console.log(`[streamkit] Chromium: ${process.env.CHROMIUM_PATH}`);

const report = path.join(root, '.vitest-report.json');
rmSync(report, { force: true });
const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)];
const res = spawnSync('npx', args, { cwd: root, stdio: 'inherit', env: process.env });

// One plain closing line that any CI log reader understands.
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(`\ntests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
}
process.exit(res.status ?? 1);
