import type { IncomingMessage, ServerResponse } from 'node:http';
import { CORS_HEADERS, sendJSON } from './http.js';
import { handleChat } from './routes/chat.js';
import { createOpenAIProxy, type OpenAIProxyOptions } from './routes/openai-proxy.js';
import { createPipelineDemo, type PipelineDemoOptions } from './routes/pipeline.js';
import { handleText } from './routes/text.js';

export interface DemoMiddlewareOptions extends PipelineDemoOptions {
  /** Real OpenAI-compatible proxy settings; the route exists only when a key is set (env OPENAI_API_KEY by default). */
  openai?: OpenAIProxyOptions;
  /** Called for unexpected handler errors (never with request headers or bodies). */
  onError?(error: unknown): void;
}

export type ConnectMiddleware = ((req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void) & {
  /** Stops running demo pipelines and forgets executions. */
  close(): void;
};

const METHODS: Record<string, readonly string[]> = {
  '/api/demo/chat': ['GET', 'POST'],
  '/api/demo/pipeline': ['GET'],
  '/api/demo/text': ['GET'],
  '/api/demo/openai-proxy': ['POST'],
  '/health': ['GET', 'HEAD'],
};

/**
 * The demo stream server as Connect-style middleware (Vite/Storybook `server.middlewares.use(...)`,
 * Express, plain `http`): handles `/api/demo/*` and `/health`, calls `next()` for anything else.
 */
export function createDemoMiddleware(options: DemoMiddlewareOptions = {}): ConnectMiddleware {
  const pipeline = createPipelineDemo(options);
  const proxy = createOpenAIProxy(options.openai);

  const route = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    // `(?<!\/)`: only the first slash of a run may start the match; from every slash of `/a////...b`
    // the run was rescanned to its end, quadratic in the request path.
    const path = url.pathname.replace(/(?<!\/)\/+$/, '') || '/';
    const methods = METHODS[path];
    if (!methods || (path === '/api/demo/openai-proxy' && !proxy)) {
      return sendJSON(res, 404, {
        error: {
          code: 'not_found',
          message:
            path === '/api/demo/openai-proxy'
              ? 'the OpenAI proxy is off: set OPENAI_API_KEY (and optionally OPENAI_BASE_URL) for the demo server'
              : `no demo route ${path}; try /api/demo/chat, /api/demo/pipeline, /api/demo/text or /health`,
        },
      });
    }
    const method = req.method ?? 'GET';
    if (method === 'OPTIONS') {
      res.writeHead(204, CORS_HEADERS);
      res.end();
      return;
    }
    if (!methods.includes(method)) {
      return sendJSON(res, 405, { error: { code: 'method_not_allowed', message: `use ${methods.join(' or ')}` } }, { Allow: [...methods, 'OPTIONS'].join(', ') });
    }
    switch (path) {
      case '/health':
        res.writeHead(200, { ...CORS_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
        res.end(method === 'HEAD' ? undefined : 'ok');
        return;
      case '/api/demo/chat':
        return handleChat(req, res, url);
      case '/api/demo/text':
        return handleText(req, res, url);
      case '/api/demo/pipeline':
        return pipeline.handle(req, res, url);
      case '/api/demo/openai-proxy':
        return proxy?.(req, res);
    }
  };

  const middleware = ((req, res, next) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!(url.pathname === '/health' || url.pathname === '/api/demo' || url.pathname.startsWith('/api/demo/'))) {
      next();
      return;
    }
    route(req, res, url).catch((error: unknown) => {
      options.onError?.(error);
      if (!res.headersSent) sendJSON(res, 500, { error: { code: 'internal', message: 'the demo server failed to handle this request' } });
      else res.destroy();
    });
  }) as ConnectMiddleware;
  middleware.close = () => pipeline.dispose();
  return middleware;
}
