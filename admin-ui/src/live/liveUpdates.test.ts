import { describe, expect, it, vi } from 'vitest';
import {
  backoffDelay,
  connectLive,
  createLiveHub,
  startLiveInvalidation,
  type LiveMessage,
  type EventSourceLike,
  type LiveStatus,
  type Schedule,
} from './liveUpdates';

/** An EventSource stand-in whose events the test fires by hand. */
class FakeEventSource implements EventSourceLike {
  readyState = 0;
  closed = false;
  private readonly listeners = new Map<string, ((event: Event) => void)[]>();

  constructor(readonly url: string) {}

  addEventListener(type: string, listener: (event: Event) => void): void {
    const list = this.listeners.get(type) ?? [];
    list.push(listener);
    this.listeners.set(type, list);
  }

  close(): void {
    this.closed = true;
    this.readyState = 2;
  }

  fire(type: string, data?: unknown): void {
    const event = data === undefined ? new Event(type) : new MessageEvent(type, { data: JSON.stringify(data) });
    for (const listener of this.listeners.get(type) ?? []) {
      listener(event);
    }
  }

  open(): void {
    this.readyState = 1;
    this.fire('open');
  }
}

/** A scheduler the test advances by hand. */
function manualClock() {
  const tasks: { at: number; task: () => void; cancelled: boolean }[] = [];
  let now = 0;
  const schedule: Schedule = (task, delayMs) => {
    const entry = { at: now + delayMs, task, cancelled: false };
    tasks.push(entry);
    return () => {
      entry.cancelled = true;
    };
  };
  const advance = (ms: number) => {
    now += ms;
    for (;;) {
      const due = tasks.filter((t) => !t.cancelled && t.at <= now).sort((a, b) => a.at - b.at)[0];
      if (due === undefined) {
        return;
      }
      due.cancelled = true;
      due.task();
    }
  };
  const delays = () => tasks.map((t) => t.at);
  return { schedule, advance, delays };
}

function harness() {
  const sources: FakeEventSource[] = [];
  const create = (url: string) => {
    const source = new FakeEventSource(url);
    sources.push(source);
    return source;
  };
  return { sources, create };
}

const valuation = {
  id: 'm1',
  tenant: 'acme',
  type: 'assets.ValuationRecorded',
  sender: 'assets',
  subject: 'anna',
  entity: 'villa',
  occurredAt: '2024-03-01T10:00:00Z',
  payload: { amount: 1200000.0 },
};

describe('startLiveInvalidation', () => {
  it('invalidates every cached answer of the tenant on a message', () => {
    const { sources, create } = harness();
    const clock = manualClock();
    const invalidated: (readonly unknown[])[] = [];
    const updates: string[] = [];
    startLiveInvalidation({
      tenant: 'acme',
      create,
      schedule: clock.schedule,
      queryClient: {
        invalidateQueries: (filters) => {
          invalidated.push(filters.queryKey);
          return Promise.resolve();
        },
      },
      onUpdated: (at, message) => updates.push(`${at.toISOString()} ${message.type} ${message.entity ?? ''}`),
      now: () => new Date('2024-03-01T10:00:01Z'),
    });
    expect(sources).toHaveLength(1);
    expect(sources[0]?.url).toBe('/api/tenants/acme/events');
    sources[0]?.open();
    sources[0]?.fire('assets.ValuationRecorded', valuation);
    sources[0]?.fire('market-data.FxRateRecorded', { ...valuation, type: 'market-data.FxRateRecorded' });
    expect(invalidated).toEqual([]); // coalesced: one invalidation for the burst
    clock.advance(250);
    expect(invalidated).toEqual([['tenant', 'acme']]);
    expect(updates).toEqual(['2024-03-01T10:00:01.000Z market-data.FxRateRecorded villa']);
  });
});

describe('live message subscription', () => {
  it('hands every message with its payload to the subscribers, before the coalesced invalidation', () => {
    const { sources, create } = harness();
    const clock = manualClock();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const hub = createLiveHub();
    const seen: LiveMessage[] = [];
    const others: string[] = [];
    const unsubscribe = hub.subscribe((m) => seen.push(m));
    hub.subscribe(() => {
      throw new Error('a broken listener');
    });
    hub.subscribe((m) => others.push(m.type));
    startLiveInvalidation({
      tenant: 'acme',
      create,
      schedule: clock.schedule,
      queryClient: { invalidateQueries: () => Promise.resolve() },
      onMessage: hub.publish,
    });
    sources[0]?.open();
    const rejected = { ...valuation, type: 'custody.StatementRejected', entity: 'anna',
      payload: { importId: 'i-1', fileName: 'c.csv', error: 'bad', errors: ['bad'] } };
    sources[0]?.fire('custody.StatementRejected', rejected);
    sources[0]?.fire('assets.ValuationRecorded', valuation);
    expect(seen.map((m) => m.type)).toEqual(['custody.StatementRejected', 'assets.ValuationRecorded']);
    expect(seen[0]?.entity).toBe('anna');
    expect(seen[0]?.payload).toEqual({ importId: 'i-1', fileName: 'c.csv', error: 'bad', errors: ['bad'] });
    expect(seen[1]?.payload).toEqual({ amount: '1200000' }); // numbers arrive as their text, never as doubles
    expect(others).toHaveLength(2); // the throwing listener did not stop the next one
    expect(warn).toHaveBeenCalledTimes(2);

    unsubscribe();
    sources[0]?.fire('assets.ValuationRecorded', valuation);
    expect(seen).toHaveLength(2);
    expect(others).toHaveLength(3);
  });

  it('reads a message without a payload as null', () => {
    const { sources, create } = harness();
    const seen: LiveMessage[] = [];
    connectLive({ url: '/e', create, schedule: manualClock().schedule, onMessage: (m) => seen.push(m) });
    sources[0]?.fire('custody.StatementImported');
    expect(seen).toEqual([{ type: 'custody.StatementImported', entity: null, occurredAt: null, payload: null }]);
  });
});

describe('connectLive', () => {
  it('reconnects with a growing delay after stream-closed, and resets it once open', () => {
    const { sources, create } = harness();
    const clock = manualClock();
    const statuses: string[] = [];
    const stop = connectLive({
      url: '/api/tenants/acme/events',
      create,
      schedule: clock.schedule,
      backoff: { initialMs: 1000, maxMs: 4000, factor: 2 },
      onMessage: () => undefined,
      onStatus: (status: LiveStatus, detail?: string) => statuses.push(detail ? `${status}:${detail}` : status),
    });
    sources[0]?.open();
    sources[0]?.fire('stream-closed', { type: 'stream-closed', reason: 'the client fell behind' });
    expect(sources[0]?.closed).toBe(true);
    expect(statuses).toContain('reconnecting:the client fell behind');

    clock.advance(999);
    expect(sources).toHaveLength(1);
    clock.advance(1);
    expect(sources).toHaveLength(2);

    // fails again before opening: the next delay doubles
    sources[1]?.close();
    sources[1]?.fire('error');
    clock.advance(1999);
    expect(sources).toHaveLength(2);
    clock.advance(1);
    expect(sources).toHaveLength(3);

    sources[2]?.close();
    sources[2]?.fire('error');
    clock.advance(4000); // capped at maxMs
    expect(sources).toHaveLength(4);

    sources[3]?.open();
    sources[3]?.fire('stream-closed', { reason: 'shutting down' });
    clock.advance(1000); // back to the initial delay after a successful open
    expect(sources).toHaveLength(5);

    stop();
    expect(sources[4]?.closed).toBe(true);
    expect(statuses[statuses.length - 1]).toBe('stopped');
  });

  it('leaves reconnecting to the browser while the source is still connecting', () => {
    const { sources, create } = harness();
    const clock = manualClock();
    connectLive({ url: '/e', create, schedule: clock.schedule, onMessage: () => undefined });
    sources[0]?.fire('error'); // readyState 0: the browser retries itself
    clock.advance(60_000);
    expect(sources).toHaveLength(1);
  });

  it('ignores events of a source it has replaced and stops retrying once stopped', () => {
    const { sources, create } = harness();
    const clock = manualClock();
    const seen: string[] = [];
    const stop = connectLive({ url: '/e', create, schedule: clock.schedule, onMessage: (m) => seen.push(m.type) });
    sources[0]?.fire('stream-closed', { reason: 'x' });
    sources[0]?.fire('assets.ValuationRecorded', valuation);
    stop();
    clock.advance(60_000);
    expect(sources).toHaveLength(1);
    expect(seen).toEqual([]);
  });

  it('computes the delay', () => {
    const b = { initialMs: 500, maxMs: 10_000, factor: 3 };
    expect([0, 1, 2, 3, 4].map((n) => backoffDelay(b, n))).toEqual([500, 1500, 4500, 10_000, 10_000]);
  });
});
