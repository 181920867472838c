import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createDemoMiddleware } from '../../src/server/demo/middleware.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export interface PlaygroundServer {
  origin: string;
  close(): Promise<void>;
}

/**
 * Serves the built playground (`storybook-static`) and mounts the demo stream server on the same
 * origin, exactly as `npm start` does in dev: live stories fetch `/api/demo/*` relative to the page.
 */
export async function servePlayground(dir: string): Promise<PlaygroundServer> {
  const demo = createDemoMiddleware();
  const root = path.resolve(dir);
  const server: Server = createServer((req, res) => {
    demo(req, res, () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const relative = decodeURIComponent(url.pathname).replace(/^\/+/, '') || 'index.html';
      const file = path.resolve(root, relative);
      // Never serve anything outside the build directory.
      if (file !== root && !file.startsWith(root + path.sep)) {
        res.writeHead(403).end();
        return;
      }
      let target = file;
      try {
        if (statSync(target).isDirectory()) target = path.join(target, 'index.html');
        statSync(target);
      } catch {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
        return;
      }
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(target)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
      createReadStream(target).pipe(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        demo.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
