// `npm run bench`: runs every test/bench/*.bench.ts in this one process, one after another.
// Each bench measures streamkit side by side with its anchor library and prints ratios.
// `npm run bench -- sse json` runs only the benches whose file name contains one of the words.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((w) => f.includes(w)))
  .sort();

let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  try {
    const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as { run?: () => Promise<void> };
    if (typeof mod.run !== 'function') throw new Error(`${file} does not export run()`);
    await mod.run();
  } catch (err) {
    failed++;
    console.error(`bench ${file} failed:`, err);
  }
}
if (failed > 0) process.exitCode = 1;
