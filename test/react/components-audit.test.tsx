import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StreamError as StreamErrorView } from '../../src/components/stream-error/stream-error.js';
import { redactSecrets } from '../../src/components/stream-error/redact.js';
import { JSONForm } from '../../src/components/json-form/json-form.js';
import { PartialJSON } from '../../src/components/partial-json/partial-json.js';
import { PipelineProgress } from '../../src/components/pipeline-progress/pipeline-progress.js';
import { REDACTED, redactString } from '../../src/core/redact/redact.js';
import { StreamError } from '../../src/core/errors.js';
import { allowedUrl, DEFAULT_LINK_PROTOCOLS } from '../../src/components/stream-markdown/url-policy.js';

afterEach(cleanup);

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
const HOSTILE_MESSAGE =
  `GET https://alice:hunter2pass@api.example.com/v1/chat?X-Amz-Signature=deadbeefcafe&upload_session=sessval42 failed; ` +
  `token ${JWT}; github ghp_abcdefghijklmnopqrstuvwxyz0123`;
const LEAKS = /hunter2pass|deadbeefcafe|sessval42|dozjgNry|ghp_abcdef/;

describe('components redact with the core module', () => {
  it('StreamError scrubs URL user info, signed-URL parameters, JWTs and GitHub tokens with the core marker', () => {
    render(<StreamErrorView error={new StreamError('network', HOSTILE_MESSAGE, { bodyExcerpt: HOSTILE_MESSAGE })} />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('api.example.com');
    expect(alert.textContent).not.toMatch(LEAKS);
    expect(alert.textContent).toContain(REDACTED);
  });

  it('PipelineProgress scrubs step and pipeline errors the same way', () => {
    render(
      <PipelineProgress
        status="failed"
        progress={0.5}
        error={HOSTILE_MESSAGE}
        steps={[{ id: 's1', name: 'Fetch', status: 'failed', progress: 0.5, error: HOSTILE_MESSAGE } as never]}
      />,
    );
    expect(document.body.textContent).toContain('api.example.com');
    expect(document.body.textContent).not.toMatch(LEAKS);
  });

  it('redactSecrets stays exported and agrees with the core redaction', () => {
    const text = 'Authorization: Bearer sk-proj-abcdef1234567890SECRET';
    expect(redactSecrets(text)).toBe(redactString(text));
    expect(redactSecrets(HOSTILE_MESSAGE)).not.toMatch(LEAKS);
  });
});

describe('StreamError.Retry', () => {
  it("a user's onClick runs and still retries; preventDefault() skips the retry", () => {
    const onRetry = vi.fn();
    const onClick = vi.fn();
    const { rerender } = render(
      <StreamErrorView.Root error="boom" onRetry={onRetry}>
        <StreamErrorView.Retry onClick={onClick}>Again</StreamErrorView.Retry>
      </StreamErrorView.Root>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Again' }));
    expect(onClick).toHaveBeenCalledTimes(1);
    expect(onRetry).toHaveBeenCalledTimes(1);
    rerender(
      <StreamErrorView.Root error="boom" onRetry={onRetry}>
        <StreamErrorView.Retry onClick={(e) => e.preventDefault()}>Again</StreamErrorView.Retry>
      </StreamErrorView.Root>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Again' }));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });
});

describe('allowedUrl (StreamMarkdown link policy)', () => {
  it('relative URLs, when allowed, never reach another origin (//host, /\\host, \\\\host)', () => {
    for (const raw of ['//evil.example/x', '/\\evil.example/x', '\\\\evil.example/x', '\\/evil.example', '/\t/evil.example']) {
      expect(allowedUrl(raw, DEFAULT_LINK_PROTOCOLS, true), raw).toBeUndefined();
    }
    expect(allowedUrl('/docs/page?x=1#y', DEFAULT_LINK_PROTOCOLS, true)).toBe('/docs/page?x=1#y');
    expect(allowedUrl('../up', DEFAULT_LINK_PROTOCOLS, true)).toBe('../up');
    expect(allowedUrl('/docs', DEFAULT_LINK_PROTOCOLS)).toBeUndefined();
  });

  it('only allowlisted protocols pass, whatever the spelling', () => {
    for (const raw of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'java\tscript:alert(1)', ' javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:x', 'http://plain.example']) {
      expect(allowedUrl(raw, DEFAULT_LINK_PROTOCOLS, true), raw).toBeUndefined();
    }
    expect(allowedUrl('https://example.com/a', DEFAULT_LINK_PROTOCOLS)).toBe('https://example.com/a');
    expect(allowedUrl('mailto:a@example.com', DEFAULT_LINK_PROTOCOLS)).toBe('mailto:a@example.com');
  });
});

describe('PartialJSON keyboard tab stop', () => {
  it('keeps exactly one tab stop when the focused field disappears (a new run replaced the value)', () => {
    const { container, rerender } = render(<PartialJSON value={{ a: { b: 1 }, c: 2 }} complete />);
    const tabStops = () => container.querySelectorAll('[role="treeitem"][tabindex="0"]');
    const b = container.querySelectorAll('[role="treeitem"]')[1] as HTMLElement;
    expect(b.dataset['path']).toBe('["a","b"]');
    fireEvent.click(b.querySelector('[data-sk="partial-json-row"]') as HTMLElement);
    expect(tabStops()).toHaveLength(1);
    expect(tabStops()[0]).toBe(b);
    rerender(<PartialJSON value={{ x: 1 }} complete />);
    expect(tabStops()).toHaveLength(1);
    expect((tabStops()[0] as HTMLElement).dataset['path']).toBe('["x"]');
    // The same field streaming back in becomes the tab stop again.
    rerender(<PartialJSON value={{ a: { b: 1 } }} complete />);
    expect(tabStops()).toHaveLength(1);
    expect((tabStops()[0] as HTMLElement).dataset['path']).toBe('["a","b"]');
  });
});

describe('parts: data-state on every part, asChild', () => {
  it('StreamError parts', () => {
    const { container } = render(
      <StreamErrorView.Root error={new StreamError('http', 'nope', { status: 500, retryable: false })} onRetry={() => undefined}>
        <StreamErrorView.Message asChild>
          <h3 className="mine" />
        </StreamErrorView.Message>
        <StreamErrorView.Retry asChild>
          <a href="#again">Again</a>
        </StreamErrorView.Retry>
        <StreamErrorView.Details asChild>
          <section aria-label="More" />
        </StreamErrorView.Details>
      </StreamErrorView.Root>,
    );
    const parts = [...container.querySelectorAll('[data-sk^="stream-error"]')].map((el) => [el.getAttribute('data-sk'), el.tagName, el.getAttribute('data-state')]);
    expect(parts).toEqual([
      ['stream-error', 'DIV', 'fatal'],
      ['stream-error-message', 'H3', 'fatal'],
      ['stream-error-retry', 'A', 'fatal'],
      ['stream-error-details', 'SECTION', 'fatal'],
    ]);
    expect(container.querySelector('section')?.textContent).toContain('500');
  });

  it('PipelineProgress parts', () => {
    const steps = [{ id: 'a', name: 'Fetch', status: 'running', progress: 0.5, tokens: '', message: undefined } as never];
    const { container } = render(
      <PipelineProgress.Root status="running" steps={steps} progress={0.5} error="bad">
        <PipelineProgress.Overall asChild>
          <header />
        </PipelineProgress.Overall>
        <PipelineProgress.Steps asChild>
          <ul />
        </PipelineProgress.Steps>
        <PipelineProgress.Error asChild>
          <strong />
        </PipelineProgress.Error>
      </PipelineProgress.Root>,
    );
    const of = (sk: string) => container.querySelector(`[data-sk="${sk}"]`) as HTMLElement;
    expect([of('pipeline-overall').tagName, of('pipeline-overall').dataset['state']]).toEqual(['HEADER', 'running']);
    expect(of('pipeline-overall').querySelector('[role="progressbar"]')).not.toBeNull();
    expect([of('pipeline-steps').tagName, of('pipeline-steps').dataset['state']]).toEqual(['UL', 'running']);
    expect(of('pipeline-step').dataset['state']).toBe('running');
    const error = container.querySelector('strong') as HTMLElement;
    expect([error.getAttribute('role'), error.textContent]).toEqual(['alert', 'bad']);
  });
});

describe('JSONForm edits and new runs', () => {
  const schema = { type: 'object', properties: { title: { type: 'string' } } } as const;
  it("a new run (value back to undefined) drops the last run's edits; a hand-filled form keeps them", () => {
    const onSubmit = vi.fn();
    const { rerender } = render(<JSONForm jsonSchema={schema} value={{ title: 'first' }} complete onSubmit={onSubmit} />);
    const input = () => screen.getByRole('textbox', { name: /Title/ }) as HTMLInputElement;
    fireEvent.change(input(), { target: { value: 'my edit' } });
    expect(input().value).toBe('my edit');
    rerender(<JSONForm jsonSchema={schema} value={undefined} complete={false} onSubmit={onSubmit} />);
    rerender(<JSONForm jsonSchema={schema} value={{ title: 'second' }} complete onSubmit={onSubmit} />);
    expect(input().value).toBe('second');
    fireEvent.click(screen.getByRole('button', { name: 'Submit' }));
    expect(onSubmit).toHaveBeenLastCalledWith({ title: 'second' });
    cleanup();

    render(<JSONForm jsonSchema={schema} value={undefined} complete onSubmit={onSubmit} />);
    fireEvent.change(input(), { target: { value: 'typed by hand' } });
    expect(input().value).toBe('typed by hand');
    fireEvent.click(screen.getByRole('button', { name: 'Submit' }));
    expect(onSubmit).toHaveBeenLastCalledWith({ title: 'typed by hand' });
  });
});
