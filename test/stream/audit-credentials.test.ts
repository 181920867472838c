import { afterEach, describe, expect, it } from 'vitest';
import { createStream } from '../../src/core/stream/create-stream.js';
import { StreamError } from '../../src/core/errors.js';
import { startTestServer, type TestServer } from '../helpers/http-server.js';

let srv: TestServer | undefined;
afterEach(async () => {
  await srv?.close();
  srv = undefined;
});

// Secrets of no recognisable shape: only knowing what the request sent can catch them.
const API_KEY = 'k7Qm2ZpX9wLr4TbV';
const BEARER = 'opaque.Token-77aa99bbcc';
const QUERY_KEY = 'q9Rz1YwE5uTn3MkD';

describe('credentials never reach errors through the body excerpt', () => {
  it.each([
    [401, 'application/json'],
    [200, 'text/html'],
  ])('a %s %s body that echoes the request credentials is scrubbed', async (status, contentType) => {
    srv = await startTestServer((req, res) => {
      res.writeHead(status, { 'content-type': contentType });
      res.end(`bad key ${String(req.headers['x-api-key'])}; got ${String(req.headers.authorization)}; url ${req.url}`);
    });
    const run = createStream(
      { url: `${srv.url}/v1?key=${QUERY_KEY}`, headers: { 'x-api-key': API_KEY, authorization: `Bearer ${BEARER}` }, provider: 'raw' },
      { retry: false },
    );
    const error = (await run.result.catch((e: unknown) => e)) as StreamError;
    expect(error).toBeInstanceOf(StreamError);
    expect(error.bodyExcerpt).toContain('bad key');
    const visible = `${error.message} ${error.bodyExcerpt ?? ''} ${JSON.stringify(error)}`;
    for (const secret of [API_KEY, BEARER, QUERY_KEY]) expect(visible).not.toContain(secret);
  });
});
