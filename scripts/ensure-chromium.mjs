// Finds a Chromium for the browser tests, installing one when the machine has none.
// Order: $CHROMIUM_PATH, /usr/bin/chromium, Playwright's own download; otherwise install
// Debian's `chromium` (as root) or Playwright's Chromium (everyone else), saying so.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function playwrightChromium() {
  try {
    const { chromium } = require('playwright-core');
    const p = chromium.executablePath();
    return p && existsSync(p) ? p : undefined;
  } catch {
    return undefined;
  }
}

function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  if (fromEnv) console.warn(`[streamkit] CHROMIUM_PATH=${fromEnv} does not exist; looking elsewhere.`);
  for (const p of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) if (existsSync(p)) return p;
  return playwrightChromium();
}

function run(cmd) {
  console.log(`[streamkit] $ ${cmd}`);
  execSync(cmd, { stdio: 'inherit' });
}

export function ensureChromium() {
  const found = findChromium();
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log('[streamkit] No Chromium found: installing Debian\'s chromium package for the browser tests.');
    run('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium');
  } else {
    console.log('[streamkit] No Chromium found: installing Playwright\'s Chromium for the browser tests.');
    run('npx --yes playwright install chromium');
  }
  const installed = findChromium();
  if (!installed) throw new Error('[streamkit] Could not find or install Chromium; set CHROMIUM_PATH to a Chromium binary.');
  return installed;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(ensureChromium());
}
