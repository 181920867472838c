import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleAnswer } from '../../src/server/demo/samples.js';
import { ensurePlaygroundBuild } from './build-playground.js';
import { servePlayground, type PlaygroundServer } from './static-server.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PROSE = sampleAnswer('prose', '').text;
const CHAT_PROSE = sampleAnswer('prose', 'Why do streaming interfaces feel fast?').text;

let server: PlaygroundServer;
let browser: Browser;

beforeAll(async () => {
  const dir = ensurePlaygroundBuild(root);
  server = await servePlayground(dir);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens one story in the preview iframe page, with args/globals in the URL as Storybook encodes them. */
async function openStory(id: string, args: Record<string, string | number> = {}, globals: Record<string, string> = {}): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  page.setDefaultTimeout(60_000);
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  (page as Page & { errors?: string[] }).errors = errors;
  const enc = (o: Record<string, string | number>) => Object.entries(o).map(([k, v]) => `${k}:${v}`).join(';');
  const query = new URLSearchParams({ id, viewMode: 'story' });
  if (Object.keys(args).length) query.set('args', enc(args));
  if (Object.keys(globals).length) query.set('globals', enc(globals));
  await page.goto(`${server.origin}/iframe.html?${query.toString().replace(/%3A/g, ':').replace(/%3B/g, ';')}`);
  return page;
}

const answerText = (page: Page) => page.locator('[data-answer] [data-sk="stream-text-content"]').textContent();
const statusIs = (page: Page, status: string) =>
  page.waitForFunction((s) => document.querySelector('[data-stat="status"]')?.textContent === s, status, { timeout: 60_000 });

describe('built playground with the demo stream server', () => {
  it('serves the demo routes on the same origin', async () => {
    const res = await fetch(`${server.origin}/health`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok');
  });

  it('renders a live stream completely', async () => {
    const page = await openStory('playground-live-chat--playground', { tps: 200 });
    await statusIs(page, 'done');
    expect(await answerText(page)).toBe(CHAT_PROSE);
    expect(await page.locator('[data-answer] [data-sk="stream-text-caret"]').count()).toBe(0);
    expect(await page.locator('[data-answer] [data-sk="stream-text"]').getAttribute('data-state')).toBe('done');
    expect((page as Page & { errors?: string[] }).errors).toEqual([]);
    await page.close();
  });

  it('stops mid-stream and retries to the full text', async () => {
    const page = await openStory('playground-live-chat--playground', { tps: 20 });
    await page.waitForFunction(() => (document.querySelector('[data-answer] [data-sk="stream-text-content"]')?.textContent ?? '').length > 30);
    await page.getByRole('button', { name: 'Stop' }).click();
    await statusIs(page, 'aborted');
    const partial = (await answerText(page)) ?? '';
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(CHAT_PROSE.length);
    expect(CHAT_PROSE.startsWith(partial)).toBe(true);
    expect(await page.getByRole('alert').count()).toBe(0);
    // Retry at a faster pace (the args change restarts too, so use the button on the same args).
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.waitForFunction(() => document.querySelector('[data-stat="status"]')?.textContent !== 'aborted');
    await statusIs(page, 'done');
    expect(await answerText(page)).toBe(CHAT_PROSE);
    await page.close();
  });

  it('shows the reconnect after an injected drop and ends with the text intact', async () => {
    const page = await openStory('playground-resume-after-a-drop--playground', { tps: 120, dropAfter: 30 });
    await page.waitForSelector('[data-answer] [data-sk="stream-text"][data-state="reconnecting"]', { timeout: 60_000 });
    await statusIs(page, 'done');
    expect(await answerText(page)).toBe(PROSE);
    const reconnects = Number(await page.locator('[data-stat="reconnects"]').textContent());
    expect(reconnects).toBeGreaterThanOrEqual(1);
    await page.close();
  });

  it('stops the caret animation under prefers-reduced-motion', async () => {
    const animationOf = async (reducedMotion: 'reduce' | 'no-preference') => {
      const page = await openStory('components-streamtext--streaming');
      await page.emulateMedia({ reducedMotion });
      const caret = page.locator('[data-sk="stream-text-caret"]');
      await caret.waitFor();
      const name = await caret.evaluate((el) => getComputedStyle(el).animationName);
      await page.close();
      return name;
    };
    expect(await animationOf('no-preference')).toBe('sk-caret-blink');
    expect(await animationOf('reduce')).toBe('none');
  });

  it('takes screenshots of the playground in light and dark themes', async () => {
    for (const theme of ['light', 'dark']) {
      const page = await openStory('playground-live-chat--playground', { tps: 400 }, { theme });
      await statusIs(page, 'done');
      await page.screenshot({ path: `/tmp/streamkit-playground-${theme}.png`, fullPage: true });
      const bg = await page.evaluate(() => getComputedStyle(document.querySelector('[data-theme]') as Element).backgroundColor);
      expect(bg).toBe(theme === 'dark' ? 'rgb(23, 24, 28)' : 'rgb(255, 255, 255)');
      await page.close();
      for (const id of ['components-pipelineprogress--states', 'components-jsonform--states', 'components-streamerror--states', 'playground-pipeline--live-pipeline-run']) {
        const p = await openStory(id, {}, { theme });
        await p.waitForTimeout(id.startsWith('playground') ? 4000 : 800);
        await p.screenshot({ path: `/tmp/streamkit-${id}-${theme}.png`, fullPage: true });
        await p.close();
      }
    }
    // The full Storybook UI (manager + preview).
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${server.origin}/?path=/story/playground-live-chat--playground`);
    await page.waitForTimeout(5000);
    await page.screenshot({ path: '/tmp/streamkit-storybook-ui.png' });
    await page.close();
  });
});
