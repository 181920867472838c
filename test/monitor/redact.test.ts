import { describe, expect, it } from 'vitest';
import { REDACTED, isSecretParam, redactCredentials, redactHeaders, redactString, redactText, redactUrl } from '../../src/core/redact/redact.js';
import { redactError } from '../../src/core/redact/redact-error.js';
import { StreamError } from '../../src/core/errors.js';

const SECRET = 'sk-secretABC123xyz';

describe('redactUrl', () => {
  it('replaces credential query parameters and keeps the others', () => {
    const out = redactUrl('https://api.example.com/v1/chat?api_key=abc123&stream=true&key=K9&access_token=tok&apikey=x&token=t#frag');
    expect(out).toBe(
      `https://api.example.com/v1/chat?api_key=${REDACTED}&stream=true&key=${REDACTED}&access_token=${REDACTED}&apikey=${REDACTED}&token=${REDACTED}#frag`,
    );
  });
  it('handles URL objects, encoded names, userinfo and relative URLs', () => {
    expect(redactUrl(new URL('https://u:pw@h.example/p?Api%5Fkey=zz'))).not.toMatch(/zz|:pw@/);
    expect(redactUrl('/api/demo/chat?provider=openai&sig=deadbeef')).toBe(`/api/demo/chat?provider=openai&sig=${REDACTED}`);
    expect(redactUrl('/plain/path')).toBe('/plain/path');
  });
});

describe('redactUrl for request summaries (the engine uses the same module)', () => {
  it('removes user info entirely, token-only user names included', () => {
    expect(redactUrl('https://user:hunter2@h.example/p?x=1')).toBe('https://h.example/p?x=1');
    expect(redactUrl('https://ghtoken123@h.example/p')).toBe('https://h.example/p');
    // An @ in the path is not user info.
    expect(redactUrl('https://h.example/users/@me')).toBe('https://h.example/users/@me');
  });
  it('redacts credential parameters in the fragment, or drops the fragment on request', () => {
    expect(redactUrl('https://h/cb#access_token=T0K&state=s')).toBe(`https://h/cb#access_token=${REDACTED}&state=s`);
    expect(redactUrl('https://h/p?key=K#frag', { dropFragment: true })).toBe(`https://h/p?key=${REDACTED}`);
  });
  it('catches any parameter name containing a credential word', () => {
    for (const name of ['X-Amz-Signature', 'upload_session', 'my.api.key', 'pwd', 'auth_code', 'refreshToken']) expect(isSecretParam(name)).toBe(true);
    for (const name of ['model', 'stream', 'provider', 'alt', 'x']) expect(isSecretParam(name)).toBe(false);
    expect(redactUrl('/v1?X-Amz-Signature=abc&model=gpt')).toBe(`/v1?X-Amz-Signature=${REDACTED}&model=gpt`);
  });
});

describe('redactText and redactError (messages that quote a URL)', () => {
  it('redacts every URL inside a message and keeps the rest readable', () => {
    expect(redactText('sent Basic dXNlcjpodW50ZXIy')).toBe(`sent Basic ${REDACTED}`);
    const out = redactText('fetch failed for https://u:pw@api.example.com/v1?X-Goog-Signature=S1&upload_session=S2&x=1 (ECONNRESET)');
    expect(out).toBe(`fetch failed for https://api.example.com/v1?X-Goog-Signature=${REDACTED}&upload_session=${REDACTED}&x=1 (ECONNRESET)`);
    expect(redactText('no urls here, 42 tokens')).toBe('no urls here, 42 tokens');
  });
  it('returns a safe copy of runtime errors, keeping name and cause; StreamErrors pass through', () => {
    const cause = new Error('socket hang up');
    const original = new TypeError('fetch failed for https://h/v1?api_key=SECRET9', { cause });
    const safe = redactError(original) as Error;
    expect(safe).not.toBe(original);
    expect(safe.name).toBe('TypeError');
    expect(safe.message).not.toContain('SECRET9');
    expect(safe.cause).toBe(cause);
    const clean = new Error('plain');
    expect(redactError(clean)).toBe(clean);
    const streamError = new StreamError('http', 'x');
    expect(redactError(streamError)).toBe(streamError);
  });
});

describe('redactHeaders', () => {
  it('redacts every credential header shape from all HeadersInit forms', () => {
    const record = {
      Authorization: `Bearer ${SECRET}`,
      'Proxy-Authorization': 'Basic dXNlcjpwYXNz',
      'x-api-key': 'k1',
      'api-key': 'k2',
      'x-goog-api-key': 'k3',
      'anthropic-key': 'k4',
      'X-CSRF-Token': 'k5',
      'x-client-secret': 'k6',
      Cookie: 'session=abc',
      'Set-Cookie': 'id=1; HttpOnly',
      'content-type': 'application/json',
      accept: 'text/event-stream',
    };
    for (const input of [record, Object.entries(record), new Headers(record)]) {
      const out = redactHeaders(input as HeadersInit);
      const lower = Object.fromEntries(Object.entries(out).map(([k, v]) => [k.toLowerCase(), v]));
      expect(lower['content-type']).toBe('application/json');
      expect(lower.accept).toBe('text/event-stream');
      for (const name of Object.keys(record)) {
        if (name === 'content-type' || name === 'accept') continue;
        expect(lower[name.toLowerCase()]).toBe(REDACTED);
      }
    }
  });
});

describe('redactString', () => {
  it('redacts bearer tokens, key shapes, header lines, JSON fields and URLs in free text', () => {
    const text = [
      `Authorization: Bearer ${SECRET}`,
      `curl -H "x-api-key: abcdef" https://h/x?api_key=qwerty123`,
      `{"api_key": "zzz-111", "model": "gpt"}`,
      'the key is sk-ant-api03-AAAAAAAAAA and xai-ABCDEFGHIJKLMNOPQRST0123456789',
      'google AIzaSyA1234567890abcdefghijklmnopqrstu',
      'bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijk',
    ].join('\n');
    const out = redactString(text);
    for (const secret of [SECRET, 'abcdef', 'qwerty123', 'zzz-111', 'sk-ant-api03', 'xai-ABCDEF', 'AIzaSyA', 'eyJhbGci']) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('"model": "gpt"');
  });
  it('leaves ordinary model output alone', () => {
    const prose = 'Bearer authentication uses tokens. Basic ideas: the key insight is 42 tokens/s. 世界 🎉';
    expect(redactString(prose)).toBe(prose);
  });
});

describe('redactCredentials', () => {
  it('walks nested values, errors and header collections but keeps LLM tokens and counts', () => {
    const error = new StreamError('http', `401 for https://h/v1?key=${SECRET}`, { status: 401, bodyExcerpt: `{"error":"bad key ${SECRET}"}` });
    const value = {
      request: { url: `https://h/v1?api_key=${SECRET}`, headers: { Authorization: `Bearer ${SECRET}`, accept: 'x' } },
      apiKey: SECRET,
      password: 'hunter2',
      data: { token: 'Hello', progress: 0.5 },
      usage: { inputTokens: 3, outputTokens: 4, totalTokens: 7 },
      error,
      list: [`Bearer ${SECRET}`, 1, null],
    };
    const out = redactCredentials(value);
    const json = JSON.stringify(out);
    expect(json).not.toContain('secretABC');
    expect(json).not.toContain('hunter2');
    expect(out.data.token).toBe('Hello');
    expect(out.usage).toEqual({ inputTokens: 3, outputTokens: 4, totalTokens: 7 });
    expect(out.request.headers).toEqual({ Authorization: REDACTED, accept: 'x' });
    expect((out.error as unknown as { code: string; status: number }).code).toBe('http');
    expect((out.error as unknown as { code: string; status: number }).status).toBe(401);
    // the input is not mutated
    expect(value.apiKey).toBe(SECRET);
  });
  it('cuts cycles', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    expect(redactCredentials(a)).toEqual({ name: 'a', self: '[Circular]' });
  });
});

describe('redactString: credentials written in prose, logs and env dumps', () => {
  it('redacts values labelled with a credential name, whatever the case or prefix', () => {
    expect(redactString('connecting with password=hunter2 to db')).toBe(`connecting with password=${REDACTED} to db`);
    expect(redactString('DB_PASSWORD=hunter2\nOPENAI_API_KEY=abc123def')).toBe(`DB_PASSWORD=${REDACTED}\nOPENAI_API_KEY=${REDACTED}`);
    expect(redactString('client_secret: s3cr3t-value, next')).toBe(`client_secret: ${REDACTED}, next`);
    expect(redactString('refresh_token = rt.ABCdef')).toBe(`refresh_token = ${REDACTED}`);
    expect(redactString('access-token:tok_live_1')).toBe(`access-token:${REDACTED}`);
  });

  it('redacts token= / key= / auth= values only when they look like credentials', () => {
    expect(redactString('retrying with token=ab12cd34ef56')).toBe(`retrying with token=${REDACTED}`);
    expect(redactString('key=Zm9vYmFyMTIz==')).toBe(`key=${REDACTED}`);
    // Harmless uses stay readable: counts, names, short words.
    for (const text of ['token = 42', 'max_tokens=4096', 'key=name', 'sort key=createdAt', 'auth=none', 'the token: "hello"']) {
      expect(redactString(text)).toBe(text);
    }
  });

  it('catches short xAI and Google keys, and keeps names such as xai-tool-call', () => {
    expect(redactString('key xai-abc123def456')).toBe(`key ${REDACTED}`);
    expect(redactString('AIzaSyA1b2C3d4E5f6G7h8')).toBe(REDACTED);
    expect(redactString('fixture xai-tool-call and xai-grok-beta')).toBe('fixture xai-tool-call and xai-grok-beta');
  });

  it('does not redact twice or break the quoted and header forms', () => {
    expect(redactString('{"password": "p4ss"}')).toBe(`{"password": "${REDACTED}"}`);
    expect(redactString('x-api-key: k-123')).toBe(`x-api-key: ${REDACTED}`);
    expect(redactString('/cb?password=p&x=1')).toBe(`/cb?password=${REDACTED}&x=1`);
  });

  it(
    'stays linear on hostile input (no catastrophic backtracking)',
    () => {
      // Runs of scheme characters before `://` once made the URL rules quadratic: 2.7 s at 40,000 repeats,
      // about 20 s at this size. Linear rules take well under a second; the timeout is the check.
      const n = 100_000;
      const hostile = `${'a-'.repeat(n)}password${'_'.repeat(n)}token=${'9'.repeat(n)} ${'b.'.repeat(n)}://x y:${'z'.repeat(n)}`;
      const out = redactText(hostile);
      expect(out.startsWith('a-a-a-')).toBe(true);
      expect(out.length).toBeGreaterThan(4 * n);
    },
    5_000,
  );

  it(
    'stays linear on runs of repeated key prefixes (xai-xai-..., eyJ-eyJ-...)',
    () => {
      // Each `xai-` / `eyJ` after a `-` is a new `\b` start; the xAI and JWT rules once rescanned the
      // rest of the run from every one of them (quadratic): 15 to 20 s for each input below. The
      // timeout is the check.
      const xai = 'xai-'.repeat(60_000);
      expect(redactString(xai)).toBe(xai);
      const jwt = 'eyJ-'.repeat(50_000);
      const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijk';
      expect(redactString(`${jwt} ${token}`)).toBe(`${jwt} ${REDACTED}`);
      // A run that ends in a key shape is still one key, redacted whole as before.
      expect(redactString(`see ${'xai-'.repeat(3)}123`)).toBe(`see ${REDACTED}`);
    },
    5_000,
  );
});
