import { describe, expect, it } from 'vitest';
import { createStreamingContext } from '../../src/server/context/streaming-context.js';
import type { StoredEvent, Subscriber } from '../../src/server/context/types.js';
import { callbackSubscriber } from '../../src/server/subscribers/callback.js';
import { subscribeIterator } from '../../src/server/subscribers/iterator.js';
import { delay } from './helpers.js';

const ev = (n: number) => ({ event_type: 'step_progress', execution_id: 'exec1', data: { n } });

function collector(): Subscriber & { seqs: number[]; ended: string[] } {
  const seqs: number[] = [];
  const ended: string[] = [];
  return {
    kind: 'test',
    seqs,
    ended,
    deliver: (event: StoredEvent) => {
      seqs.push(event.seq);
    },
    end: (reason) => ended.push(reason),
  };
}

describe('createStreamingContext', () => {
  it('numbers events <executionId>:<seq> from 1 and encodes them once as SSE', () => {
    const ctx = createStreamingContext({ executionId: 'exec1', bufferSize: 10 });
    const first = ctx.emit(ev(1));
    const second = ctx.emit(ev(2));
    expect(first?.id).toBe('exec1:1');
    expect(second?.id).toBe('exec1:2');
    expect(second?.sse()).toBe(`event: step_progress\nid: exec1:2\ndata: ${JSON.stringify(ev(2))}\n\n`);
    expect(second?.sse()).toBe(second?.sse());
    expect(ctx.lastSeq).toBe(2);
  });

  it('rejects invalid execution ids and buffer sizes', () => {
    expect(() => createStreamingContext({ executionId: 'bad id', bufferSize: 1 })).toThrow(TypeError);
    expect(() => createStreamingContext({ executionId: 'x'.repeat(129), bufferSize: 1 })).toThrow(TypeError);
    expect(() => createStreamingContext({ executionId: 'ok', bufferSize: -1 })).toThrow(TypeError);
  });

  it('replays the ring to a new subscriber and resumes after Last-Event-ID without loss or repeats', () => {
    const ctx = createStreamingContext({ executionId: 'exec1', bufferSize: 100 });
    for (let i = 1; i <= 10; i += 1) ctx.emit(ev(i));
    const fresh = collector();
    expect(ctx.subscribe(fresh).status).toBe('fresh');
    const resumed = collector();
    const sub = ctx.subscribe(resumed, { lastEventId: 'exec1:7' });
    expect(sub.status).toBe('resumed');
    expect(sub.replayed).toBe(3);
    const live = collector();
    ctx.subscribe(live, { replay: 'none' });
    for (let i = 11; i <= 12; i += 1) ctx.emit(ev(i));
    expect(fresh.seqs).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(resumed.seqs).toEqual([8, 9, 10, 11, 12]);
    expect(live.seqs).toEqual([11, 12]);
  });

  it('signals a gap when the resume id is older than the ring', () => {
    const ctx = createStreamingContext({ executionId: 'exec1', bufferSize: 5 });
    for (let i = 1; i <= 20; i += 1) ctx.emit(ev(i));
    const gaps: unknown[] = [];
    const sub = collector();
    sub.onGap = (gap) => gaps.push(gap);
    const handle = ctx.subscribe(sub, { lastEventId: 'exec1:3' });
    expect(handle.status).toBe('gap');
    expect(gaps).toEqual([{ executionId: 'exec1', requestedSeq: 3, oldestSeq: 16, missed: 12 }]);
    expect(sub.seqs).toEqual([16, 17, 18, 19, 20]);
  });

  it('treats ids of other executions, future ids and garbage as unknown (fresh replay)', () => {
    const ctx = createStreamingContext({ executionId: 'exec1', bufferSize: 5 });
    ctx.emit(ev(1));
    for (const id of ['other:1', 'exec1:99', 'garbage', 'exec1:-1']) {
      const sub = collector();
      expect(ctx.subscribe(sub, { lastEventId: id }).status).toBe('unknown-id');
      expect(sub.seqs).toEqual([1]);
    }
  });

  it('a throwing or rejecting subscriber ends alone; the others and the producer continue', async () => {
    const errors: unknown[] = [];
    const ctx = createStreamingContext({ executionId: 'exec1', bufferSize: 10, onSubscriberError: (e) => errors.push(e) });
    const good = collector();
    const thrower = collector();
    thrower.deliver = (event) => {
      if (event.seq === 2) throw new Error('boom');
    };
    const rejecter = collector();
    rejecter.deliver = async (event) => {
      if (event.seq === 3) throw new Error('async boom');
    };
    ctx.subscribe(thrower);
    ctx.subscribe(rejecter);
    ctx.subscribe(good);
    for (let i = 1; i <= 5; i += 1) ctx.emit(ev(i));
    await delay(10);
    expect(good.seqs).toEqual([1, 2, 3, 4, 5]);
    expect(thrower.ended).toEqual(['error']);
    expect(rejecter.ended).toEqual(['error']);
    expect(errors.map((e) => (e as Error).message).sort()).toEqual(['async boom', 'boom']);
    expect(ctx.stats()).toMatchObject({ failed: 2, subscribers: 1 });
  });

  it('a stalled subscriber never blocks emit or the other subscribers (drop-oldest keeps the newest)', () => {
    const ctx = createStreamingContext({ executionId: 'exec1', bufferSize: 10 });
    const stalled = collector();
    let dropped = 0;
    stalled.deliver = (event) => {
      stalled.seqs.push(event.seq);
      return new Promise<void>(() => undefined); // never settles
    };
    stalled.onDrop = (n) => (dropped += n);
    const fast = collector();
    ctx.subscribe(stalled, { replay: 'none', maxQueue: 3, overflow: 'drop-oldest' });
    ctx.subscribe(fast, { replay: 'none' });
    for (let i = 1; i <= 1000; i += 1) ctx.emit(ev(i));
    expect(fast.seqs.length).toBe(1000);
    expect(stalled.seqs).toEqual([1]);
    expect(dropped).toBe(1000 - 1 - 3);
    expect(ctx.stats().dropped).toBe(996);
  });

  it("the 'disconnect' policy ends a subscriber whose queue overflows", () => {
    const ctx = createStreamingContext({ executionId: 'exec1', bufferSize: 10, maxQueue: 5 });
    const stalled = collector();
    stalled.deliver = () => new Promise<void>(() => undefined);
    ctx.subscribe(stalled, { replay: 'none' });
    for (let i = 1; i <= 10; i += 1) ctx.emit(ev(i));
    expect(stalled.ended).toEqual(['overflow']);
    expect(ctx.stats()).toMatchObject({ disconnected: 1, subscribers: 0 });
  });

  it('an async subscriber gets events one at a time, in order, then end after close', async () => {
    const ctx = createStreamingContext({ executionId: 'exec1', bufferSize: 10 });
    const seen: number[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const ended: string[] = [];
    ctx.subscribe(
      callbackSubscriber(
        async (event) => {
          inFlight += 1;
          maxInFlight = Math.max(maxInFlight, inFlight);
          await delay(1);
          seen.push(event.seq);
          inFlight -= 1;
        },
        { onEnd: (reason) => ended.push(reason) },
      ),
    );
    for (let i = 1; i <= 20; i += 1) ctx.emit(ev(i));
    ctx.close();
    expect(ctx.emit(ev(21))).toBeUndefined();
    await ctx.done;
    await new Promise<void>((resolve) => {
      const check = () => (ended.length > 0 ? resolve() : setTimeout(check, 5));
      check();
    });
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(maxInFlight).toBe(1);
    expect(ended).toEqual(['closed']);
  });

  it('a subscriber joining a closed context gets the replay, then ends', () => {
    const ctx = createStreamingContext({ executionId: 'exec1', bufferSize: 10 });
    ctx.emit(ev(1));
    ctx.emit(ev(2));
    ctx.close();
    const late = collector();
    ctx.subscribe(late, { lastEventId: 'exec1:1' });
    expect(late.seqs).toEqual([2]);
    expect(late.ended).toEqual(['closed']);
  });

  it('unsubscribe by subscriber or handle stops delivery', () => {
    const ctx = createStreamingContext({ executionId: 'exec1', bufferSize: 10 });
    const a = collector();
    const b = collector();
    ctx.subscribe(a);
    const hb = ctx.subscribe(b);
    ctx.emit(ev(1));
    ctx.unsubscribe(a);
    ctx.unsubscribe(hb);
    ctx.emit(ev(2));
    expect(a.seqs).toEqual([1]);
    expect(b.seqs).toEqual([1]);
    expect(a.ended).toEqual(['unsubscribed']);
  });

  it('subscribeIterator pulls events and stops on return()', async () => {
    const ctx = createStreamingContext({ executionId: 'exec1', bufferSize: 10 });
    ctx.emit(ev(1));
    const iterator = subscribeIterator(ctx);
    const seen: number[] = [];
    const consume = (async () => {
      for await (const event of iterator) {
        seen.push(event.seq);
        if (event.seq === 3) break;
      }
    })();
    ctx.emit(ev(2));
    ctx.emit(ev(3));
    ctx.emit(ev(4));
    await consume;
    expect(seen).toEqual([1, 2, 3]);
    expect(ctx.stats().subscribers).toBe(0);
  });

  it('replay(afterSeq) returns exactly the held events after it, across ring wrap-around', () => {
    const ctx = createStreamingContext({ executionId: 'exec1', bufferSize: 5 });
    expect(ctx.replay(0)).toEqual([]);
    for (let emitted = 1; emitted <= 13; emitted += 1) {
      ctx.emit(ev(emitted));
      const oldest = Math.max(1, emitted - 4);
      for (let after = 0; after <= emitted + 1; after += 1) {
        const expected = [];
        for (let seq = Math.max(oldest, after + 1); seq <= emitted; seq += 1) expected.push(seq);
        expect(ctx.replay(after).map((e) => e.seq)).toEqual(expected);
      }
    }
  });

  it('a subscriber ending while an event is being fanned out does not skip or repeat the others', () => {
    const ctx = createStreamingContext({ executionId: 'exec1', bufferSize: 10 });
    const first = collector();
    const quitter: Subscriber = {
      kind: 'test',
      deliver: () => {
        ctx.unsubscribe(first); // ends a subscriber already served in this loop
        ctx.unsubscribe(quitter);
      },
    };
    const last = collector();
    ctx.subscribe(first);
    ctx.subscribe(quitter);
    ctx.subscribe(last);
    ctx.emit(ev(1));
    ctx.emit(ev(2));
    expect(first.seqs).toEqual([1]);
    expect(last.seqs).toEqual([1, 2]);
    expect(ctx.stats().subscribers).toBe(1);
  });

  it('reports delivery latency', () => {
    const ctx = createStreamingContext({ executionId: 'exec1', bufferSize: 10 });
    ctx.subscribe(collector());
    for (let i = 0; i < 10; i += 1) ctx.emit(ev(i));
    const stats = ctx.stats();
    expect(stats.delivered).toBe(10);
    expect(stats.deliveryLatencyMs.count).toBe(10);
    expect(stats.deliveryLatencyMs.p99).toBeGreaterThanOrEqual(stats.deliveryLatencyMs.p50);
  });
});
