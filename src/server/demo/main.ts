import { createServer } from 'node:http';
import { createDemoMiddleware } from './middleware.js';
import { sendJSON } from './http.js';

/** `npm run demo-server`: the demo routes alone on 127.0.0.1:$PORT (default 8787). */
const port = Number(process.env['PORT'] ?? 8787);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, got "${process.env['PORT']}"`);
  process.exit(1);
}

const middleware = createDemoMiddleware({
  onError: (error) => console.error('demo-server: handler error:', error instanceof Error ? error.message : 'unknown error'),
});
const server = createServer((req, res) => {
  middleware(req, res, () => sendJSON(res, 404, { error: { code: 'not_found', message: 'see /health and /api/demo/*' } }));
});

server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  console.log(`streamkit demo server listening on http://127.0.0.1:${actual}`);
  console.log('  POST /api/demo/chat?provider=openai|openai-responses|anthropic|xai|gemini');
  console.log('  GET  /api/demo/pipeline?steps=4   GET /api/demo/text   GET /health');
  if (process.env['OPENAI_API_KEY']) console.log('  POST /api/demo/openai-proxy (forwarding to an OpenAI-compatible endpoint)');
});

let stopping = false;
function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`demo-server: ${signal}, shutting down`);
  middleware.close();
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
