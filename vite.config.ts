/// <reference types="vitest/config" />
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { type Plugin } from 'vite';
import { defineConfig, type ViteUserConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

const root = path.dirname(fileURLToPath(import.meta.url));
const here = (p: string) => path.join(root, p);

/** Runtime dependencies and Node built-ins stay external: the library bundles only its own code. */
const external = [
  /^react($|\/)/,
  /^react-dom($|\/)/,
  /^zustand($|\/)/,
  /^partial-json($|\/)/,
  /^@tanstack\//,
  /^streamdown($|\/)/,
  /^ws($|\/)/,
  /^gpt-tokenizer($|\/)/,
  /^node:/,
];

/** The default theme ships as one plain CSS file next to the bundles: the components' theme, then the monitor's. */
const styleSources = ['src/components/styles.css', 'src/components/monitor/monitor.css'];
function copyStyles(): Plugin {
  return {
    name: 'streamkit-copy-styles',
    apply: 'build',
    closeBundle() {
      mkdirSync(here('dist'), { recursive: true });
      const css = styleSources.map((file) => `/* ${path.basename(file)} */\n${readFileSync(here(file), 'utf8')}`).join('\n');
      writeFileSync(here('dist/styles.css'), css);
    },
  };
}

/** Chromium for browser tests: scripts/ensure-chromium.mjs exports CHROMIUM_PATH before Vitest starts. */
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// React 18 runs the same hook tests through aliases onto the react-18 / react-dom-18 packages.
const react18Alias = [
  { find: /^react$/, replacement: here('node_modules/react-18') },
  { find: /^react\/(.*)$/, replacement: here('node_modules/react-18/$1') },
  { find: /^react-dom$/, replacement: here('node_modules/react-dom-18') },
  { find: /^react-dom\/(.*)$/, replacement: here('node_modules/react-dom-18/$1') },
];

export default defineConfig(async (): Promise<ViteUserConfig> => {
  const browserProjects = await storybookProjects();
  return {
    plugins: [react(), copyStyles()],
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      sourcemap: true,
      lib: {
        entry: {
          index: here('src/core/index.ts'),
          react: here('src/react/index.ts'),
          // StreamMarkdown: its own entry so apps without the optional `streamdown` never resolve it.
          markdown: here('src/components/stream-markdown/index.ts'),
          server: here('src/server/index.ts'),
          // Opt-in BPE token counting; its own entry so apps without gpt-tokenizer never resolve it.
          'gpt-tokenizer': here('src/core/tokenizers/gpt-tokenizer.ts'),
        },
        formats: ['es' as const],
      },
      rolldownOptions: { external },
    },
    test: {
      projects: [
        {
          extends: true,
          test: {
            name: 'unit',
            environment: 'node',
            include: ['test/**/*.test.ts'],
            exclude: ['test/react/**', 'test/e2e/**', 'test/browser/**'],
            testTimeout: 20_000,
          },
        },
        {
          extends: true,
          test: {
            name: 'react19',
            environment: 'jsdom',
            include: ['test/react/**/*.test.{ts,tsx}'],
            testTimeout: 20_000,
          },
        },
        {
          extends: true,
          resolve: {
            alias: [
              ...react18Alias,
              // The package's `main` is CJS: its require('react-dom/client') bypasses the aliases and
              // loads React DOM 19. Its ESM build goes through Vite's resolver (and the aliases) instead.
              {
                find: /^@testing-library\/react$/,
                replacement: here('node_modules/@testing-library/react/dist/@testing-library/react.esm.js'),
              },
            ],
          },
          test: {
            name: 'react18',
            environment: 'jsdom',
            include: ['test/react/**/*.test.{ts,tsx}'],
            testTimeout: 20_000,
            server: { deps: { inline: [/@testing-library\/react/, /zustand/] } },
          },
        },
        {
          extends: true,
          test: {
            name: 'e2e',
            environment: 'node',
            include: ['test/e2e/**/*.test.ts'],
            testTimeout: 120_000,
            hookTimeout: 300_000,
            fileParallelism: false,
          },
        },
        ...browserProjects,
      ],
    },
  };
});

/** Story tests in real Chromium through Storybook's Vitest addon (skipped until .storybook exists). */
async function storybookProjects() {
  if (!existsSync(here('.storybook/main.ts'))) return [];
  const { storybookTest } = await import('@storybook/addon-vitest/vitest-plugin');
  const { playwright } = await import('@vitest/browser-playwright');
  return [
    {
      extends: true as const,
      plugins: [storybookTest({ configDir: here('.storybook') })],
      test: {
        name: 'storybook',
        // Live stories stream from the demo server and the machine may be busy: be generous.
        testTimeout: 60_000,
        browser: {
          enabled: true,
          headless: true,
          provider: playwright({
            launchOptions: {
              executablePath: chromiumPath,
              args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
            },
          }),
          instances: [{ browser: 'chromium' as const }],
        },
        setupFiles: [here('.storybook/vitest.setup.ts')],
      },
    },
  ];
}
