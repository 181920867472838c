import type { StorybookConfig } from '@storybook/react-vite';
import type { Plugin } from 'vite';
import { createDemoMiddleware } from '../src/server/demo/middleware.js';

/**
 * Mounts the demo stream server (`/api/demo/*`, `/health`) into Storybook's dev server, its preview
 * server and the story-test server (the Vitest addon applies this viteFinal too), so live stories
 * stream from the same origin with no keys and no network.
 */
function demoStreamServer(): Plugin {
  let middleware: ReturnType<typeof createDemoMiddleware> | undefined;
  const mount = (server: { middlewares: { use(fn: ReturnType<typeof createDemoMiddleware>): void } }) => {
    middleware ??= createDemoMiddleware();
    server.middlewares.use(middleware);
  };
  return {
    name: 'streamkit-demo-stream-server',
    configureServer: mount,
    configurePreviewServer: mount,
    buildEnd() {
      middleware?.close();
    },
  };
}

const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.@(ts|tsx)'],
  framework: { name: '@storybook/react-vite', options: {} },
  addons: ['@storybook/addon-a11y', '@storybook/addon-vitest'],
  core: { disableTelemetry: true },
  async viteFinal(viteConfig) {
    viteConfig.plugins = [...(viteConfig.plugins ?? []), demoStreamServer()];
    // Pre-bundle what stories import lazily, so the story-test browser never reloads mid-run.
    viteConfig.optimizeDeps = {
      ...viteConfig.optimizeDeps,
      include: [...(viteConfig.optimizeDeps?.include ?? []), 'streamdown', 'partial-json', 'zod', 'zustand', 'zustand/vanilla'],
    };
    return viteConfig;
  },
};

export default config;
