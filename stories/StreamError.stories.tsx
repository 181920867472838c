import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import { StreamError as StreamErrorView, defaultErrorMessages } from '../src/components/index.js';
import { StreamError, type StreamErrorCode } from '../src/core/errors.js';

const meta = {
  title: 'Components/StreamError',
  component: StreamErrorView,
  args: {
    error: new StreamError('http', 'Request failed with status 503', { status: 503, retryable: true, bodyExcerpt: '{"error":"overloaded"}' }),
    onRetry: fn(),
  },
} satisfies Meta<typeof StreamErrorView>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Retry: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const alert = canvas.getByRole('alert');
    await expect(alert).toHaveTextContent('The server answered with an error. (HTTP 503)');
    await userEvent.click(canvas.getByRole('button', { name: 'Try again' }));
    await expect(args.onRetry).toHaveBeenCalledTimes(1);
  },
};

export const DetailsDisclosure: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const details = canvasElement.querySelector('details') as HTMLDetailsElement;
    await expect(details.open).toBe(false);
    await userEvent.click(canvas.getByText('Details'));
    await expect(details.open).toBe(true);
    await expect(details).toHaveTextContent('http');
    await expect(details).toHaveTextContent('503');
    await expect(details).toHaveTextContent('{"error":"overloaded"}');
  },
};

/** Credentials in a message or response excerpt never reach the screen. */
export const RedactsCredentials: Story = {
  args: {
    error: new StreamError('http', 'Unauthorized: Authorization: Bearer sk-proj-abcdef1234567890SECRET was rejected', {
      status: 401,
      retryable: false,
      bodyExcerpt: '{"api_key":"sk-ant-api03-SECRETSECRETSECRET","hint":"x-api-key: AIzaSyA1234567890abcdefghijklmnop"}',
    }),
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByText('Details'));
    const alert = canvas.getByRole('alert');
    await expect(alert.textContent).not.toMatch(/SECRET|abcdef1234567890|AIzaSyA123/);
    await expect(alert).toHaveTextContent('[REDACTED]');
    await expect(alert).toHaveAttribute('data-state', 'fatal');
  },
};

const CODES = Object.keys(defaultErrorMessages) as StreamErrorCode[];

/** One alert per error code; `data-state` is `retryable` or `fatal`. */
export const States: Story = {
  render: () => (
    <div style={{ display: 'grid', gap: '0.75rem' }}>
      {CODES.map((code) => (
        <StreamErrorView
          key={code}
          error={new StreamError(code, `example ${code} failure`, code === 'http' ? { status: 429, retryable: true } : {})}
          onRetry={() => undefined}
        />
      ))}
    </div>
  ),
  play: async ({ canvasElement }) => {
    const alerts = within(canvasElement).getAllByRole('alert');
    await expect(alerts.map((a) => a.getAttribute('data-code'))).toEqual(CODES);
    await expect(new Set(alerts.map((a) => a.getAttribute('data-state')))).toEqual(new Set(['retryable', 'fatal']));
    for (const [i, code] of CODES.entries()) {
      await expect(alerts[i]).toHaveTextContent(defaultErrorMessages[code]);
    }
  },
};

export const CustomMessages: Story = {
  args: {
    error: new StreamError('timeout-idle', 'idle for 30000 ms'),
    messages: { 'timeout-idle': 'The model went quiet. Want to try again?' },
  },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('alert')).toHaveTextContent('The model went quiet. Want to try again?');
  },
};

export const NoError: Story = {
  args: { error: undefined },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).queryByRole('alert')).toBeNull();
  },
};

/** The same states in the dark theme (axe checks contrast there too). */
export const StatesDark: Story = { ...States, globals: { theme: 'dark' } };
