import { act, cleanup, render, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { StreamMonitor } from '../../src/components/monitor/index.js';
import { clearRegistry, getRegisteredStreams, setAutoRegister } from '../../src/core/registry/stream-registry.js';
import { usePipelineStream } from '../../src/react/use-pipeline-stream.js';
import { useStream } from '../../src/react/use-stream.js';

afterEach(() => {
  cleanup();
  clearRegistry();
});

/** A source that never ends on its own: the stream stays running until stopped. */
function openSource(): AsyncIterable<string> {
  return {
    async *[Symbol.asyncIterator]() {
      yield 'data: {"text":"hi"}\n\n';
      await new Promise(() => undefined);
    },
  };
}

function Chat() {
  const { status } = useStream({ source: openSource() });
  return <p>{status}</p>;
}

function Pipeline() {
  const { status } = usePipelineStream({ source: openSource() });
  return <p>{status}</p>;
}

describe('automatic registration by the hooks', () => {
  it('streams of hooks rendered before <StreamMonitor.Floating> are listed (effects run in tree order)', async () => {
    function Idle() {
      const { status } = useStream(null);
      return <p>{status}</p>;
    }
    const { unmount } = render(
      <>
        <Chat />
        <Idle />
        <Pipeline />
        <StreamMonitor.Floating />
      </>,
    );
    await waitFor(() => expect(getRegisteredStreams().length).toBe(2));
    // One entry per running hook (the idle one is not listed); the pipeline's stream store is not listed twice.
    expect(new Set(getRegisteredStreams().map((s) => s.target)).size).toBe(2);
    unmount();
    // Unmounted hooks leave the list.
    await waitFor(() => expect(getRegisteredStreams().length).toBe(0));
  });

  it('registers nothing while automatic registration is off, and follows it being turned on later', async () => {
    render(<Chat />);
    await act(async () => undefined);
    expect(getRegisteredStreams().length).toBe(0);
    let restore: () => void = () => undefined;
    act(() => {
      restore = setAutoRegister(true);
    });
    expect(getRegisteredStreams().length).toBe(1);
    act(() => restore());
    expect(getRegisteredStreams().length).toBe(0);
  });
});
