import { describe, expect, it, vi } from 'vitest';
import { createStreamStore } from '../../src/core/store/stream-store.js';
import { inMemoryStorage } from './memory-storage.js';
import { startTokenServer } from './token-server.js';


describe('persist never writes credentials to storage', () => {
  it('a url with a credential query parameter is stored (key and record) with it redacted, and still resumes', async () => {
    const local = await startTokenServer();
    try {
      const secret = 'Qz81kLm3Pw0Xv7';
      const storage = inMemoryStorage();
      const url = `${local.url}/tokens?n=30&cut=10&delay=1&api_key=${secret}`;
      const first = createStreamStore({ url }, { batch: 'sync', retry: false, resume: 'off', persist: { storage, throttleMs: 0 } });
      first.getState().start();
      await vi.waitFor(() => expect(first.getState().status).toBe('error'), { timeout: 10_000, interval: 5 });
      expect(storage.data.size).toBe(1);
      const dump = [...storage.data.entries()].flat().join('\n');
      expect(dump).toContain('/tokens');
      expect(dump).not.toContain(secret);

      // Same request after a reload: the redacted record still matches, so it resumes.
      const second = createStreamStore({ url }, { batch: 'sync', persist: { storage, throttleMs: 0 } });
      second.getState().start();
      await vi.waitFor(() => expect(second.getState().status).toBe('done'), { timeout: 10_000, interval: 5 });
      expect(local.requests[local.requests.length - 1]?.lastEventId).toBe('9');
    } finally {
      await local.close();
    }
  });
});
