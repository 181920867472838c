import { connect, createServer, type Http2Server } from 'node:http2';
import type { AddressInfo } from 'node:net';
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { writeSSE } from '../../src/server/write-sse.js';

let server: Http2Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

describe('writeSSE over HTTP/2 (compat API)', () => {
  it('streams without connection-specific headers (no "invalid connection header" warning)', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on('warning', onWarning);
    server = createServer((_req, res) => {
      void writeSSE(res as unknown as ServerResponse, ['a', 'b'], { heartbeatMs: false });
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const client = connect(`http://127.0.0.1:${port}`);
    const request = client.request({ ':path': '/' });
    const headers = await new Promise<Record<string, unknown>>((resolve) => request.on('response', resolve));
    request.setEncoding('utf8');
    let body = '';
    request.on('data', (chunk: string) => (body += chunk));
    await new Promise((resolve) => request.on('end', resolve));
    client.close();
    expect(headers[':status']).toBe(200);
    expect(headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(headers['connection']).toBeUndefined();
    expect(body).toBe('data: a\n\ndata: b\n\n');
    await new Promise((resolve) => setImmediate(resolve));
    process.off('warning', onWarning);
    expect(warnings.filter((w) => /connection/i.test(w))).toEqual([]);
  });
});
