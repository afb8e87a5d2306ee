import { isObject, parseJsonExact } from '../api/json';

/**
 * The tenant's live stream (server-sent events). Every message is named by its type, e.g.
 * `assets.ValuationRecorded`; the server ends a stream with a `stream-closed` event carrying the reason. The stream is
 * reopened with a growing delay whenever it ends, and every message invalidates the tenant's cached answers.
 */

/** What this module needs of an EventSource; the browser's one fits, tests pass their own. */
export interface EventSourceLike {
  readonly readyState: number;
  addEventListener(type: string, listener: (event: Event) => void): void;
  close(): void;
}

export type EventSourceFactory = (url: string) => EventSourceLike;

/** The message types of the platform's domains a view may depend on. */
export const LIVE_MESSAGE_TYPES: readonly string[] = [
  'structures.PartyRegistered',
  'structures.OwnershipChanged',
  'custody.HoldingValued',
  'custody.CashFlowRecorded',
  'custody.StatementImported',
  'custody.StatementRejected',
  'custody.ReconciliationDifference',
  'assets.AssetRegistered',
  'assets.ValuationRecorded',
  'assets.EvidenceAttached',
  'market-data.FxRateRecorded',
  'market-data.PriceRecorded',
  'consolidation.NetWorthChanged',
  // unnamed events arrive as "message"
  'message',
];

export const STREAM_CLOSED = 'stream-closed';

export interface LiveMessage {
  readonly type: string;
  readonly entity: string | null;
  readonly occurredAt: string | null;
  /** The message's body as the stream carries it (numbers as their exact text); null when it has none. */
  readonly payload: unknown;
}

export type LiveStatus = 'connecting' | 'open' | 'reconnecting' | 'stopped';

export interface Backoff {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly factor: number;
}

export const DEFAULT_BACKOFF: Backoff = { initialMs: 1_000, maxMs: 30_000, factor: 2 };

/** Delay before reconnect attempt number {@code attempt} (0-based): initial × factor^attempt, capped. */
export function backoffDelay(backoff: Backoff, attempt: number): number {
  return Math.min(backoff.maxMs, backoff.initialMs * Math.pow(backoff.factor, attempt));
}

export type Schedule = (task: () => void, delayMs: number) => () => void;

const defaultSchedule: Schedule = (task, delayMs) => {
  const handle = setTimeout(task, delayMs);
  return () => clearTimeout(handle);
};

export interface LiveOptions {
  readonly url: string;
  readonly create: EventSourceFactory;
  readonly onMessage: (message: LiveMessage) => void;
  readonly onStatus?: (status: LiveStatus, detail?: string) => void;
  readonly types?: readonly string[];
  readonly backoff?: Backoff;
  readonly schedule?: Schedule;
}

const CLOSED = 2;

function messageOf(type: string, event: Event): LiveMessage {
  let entity: string | null = null;
  let occurredAt: string | null = null;
  let payload: unknown = null;
  let messageType = type;
  const data: unknown = 'data' in event ? event.data : undefined;
  if (typeof data === 'string') {
    try {
      const body = parseJsonExact(data);
      if (isObject(body)) {
        entity = typeof body['entity'] === 'string' ? body['entity'] : null;
        occurredAt = typeof body['occurredAt'] === 'string' ? body['occurredAt'] : null;
        payload = body['payload'] ?? null;
        if (type === 'message' && typeof body['type'] === 'string') {
          messageType = body['type'];
        }
      }
    } catch {
      // a message whose data is not JSON still means something changed
    }
  }
  return { type: messageType, entity, occurredAt, payload };
}

function reasonOf(event: Event): string {
  const data: unknown = 'data' in event ? event.data : undefined;
  if (typeof data === 'string') {
    try {
      const body = parseJsonExact(data);
      if (isObject(body) && typeof body['reason'] === 'string') {
        return body['reason'];
      }
    } catch {
      return data;
    }
  }
  return '';
}

/** Opens the stream and keeps it open until the returned function is called. */
export function connectLive(options: LiveOptions): () => void {
  const schedule = options.schedule ?? defaultSchedule;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const types = options.types ?? LIVE_MESSAGE_TYPES;
  let source: EventSourceLike | null = null;
  let attempt = 0;
  let cancelRetry: (() => void) | null = null;
  let stopped = false;

  const status = (s: LiveStatus, detail?: string) => {
    if (options.onStatus !== undefined) {
      options.onStatus(s, detail);
    }
  };

  const retryLater = (detail: string) => {
    if (stopped || cancelRetry !== null) {
      return;
    }
    if (source !== null) {
      source.close();
      source = null;
    }
    const delay = backoffDelay(backoff, attempt);
    attempt++;
    status('reconnecting', detail);
    cancelRetry = schedule(() => {
      cancelRetry = null;
      open();
    }, delay);
  };

  const open = () => {
    if (stopped) {
      return;
    }
    status('connecting');
    const current = options.create(options.url);
    source = current;
    current.addEventListener('open', () => {
      if (source === current) {
        attempt = 0;
        status('open');
      }
    });
    current.addEventListener('error', () => {
      // While CONNECTING the browser retries on its own; once CLOSED it has given up and it is our turn.
      if (source === current && current.readyState === CLOSED) {
        retryLater('error');
      }
    });
    current.addEventListener(STREAM_CLOSED, (event) => {
      if (source === current) {
        retryLater(reasonOf(event));
      }
    });
    for (const type of types) {
      current.addEventListener(type, (event) => {
        if (source === current) {
          options.onMessage(messageOf(type, event));
        }
      });
    }
  };

  open();
  return () => {
    stopped = true;
    if (cancelRetry !== null) {
      cancelRetry();
      cancelRetry = null;
    }
    if (source !== null) {
      source.close();
      source = null;
    }
    status('stopped');
  };
}

/** The cache key prefix under which every answer of a tenant is kept. */
export function tenantKey(tenant: string): readonly ['tenant', string] {
  return ['tenant', tenant];
}

export interface Invalidator {
  invalidateQueries(filters: { queryKey: readonly unknown[] }): Promise<void>;
}

export interface LiveInvalidationOptions {
  readonly tenant: string;
  readonly queryClient: Invalidator;
  readonly create: EventSourceFactory;
  /** Called once per burst of messages, after the invalidation, with the time it happened. */
  readonly onUpdated?: (at: Date, message: LiveMessage) => void;
  /** Called with every message as it arrives, before any coalescing (for views that follow one outcome). */
  readonly onMessage?: (message: LiveMessage) => void;
  readonly onStatus?: (status: LiveStatus, detail?: string) => void;
  readonly schedule?: Schedule;
  readonly backoff?: Backoff;
  /** Messages arriving within this window are answered by one invalidation. */
  readonly coalesceMs?: number;
  readonly now?: () => Date;
}

/** Keeps the tenant's cached answers fresh: each message (or burst of messages) invalidates all of them. */
export function startLiveInvalidation(options: LiveInvalidationOptions): () => void {
  const schedule = options.schedule ?? defaultSchedule;
  const coalesceMs = options.coalesceMs ?? 250;
  const now = options.now ?? (() => new Date());
  let pending: (() => void) | null = null;
  let last: LiveMessage | null = null;

  const flush = () => {
    pending = null;
    const message = last;
    void options.queryClient.invalidateQueries({ queryKey: tenantKey(options.tenant) });
    if (message !== null && options.onUpdated !== undefined) {
      options.onUpdated(now(), message);
    }
  };

  const live: LiveOptions = {
    url: `/api/tenants/${encodeURIComponent(options.tenant)}/events`,
    create: options.create,
    schedule,
    onMessage: (message) => {
      if (options.onMessage !== undefined) {
        options.onMessage(message);
      }
      last = message;
      if (coalesceMs <= 0) {
        flush();
      } else if (pending === null) {
        pending = schedule(flush, coalesceMs);
      }
    },
    ...(options.onStatus !== undefined ? { onStatus: options.onStatus } : {}),
    ...(options.backoff !== undefined ? { backoff: options.backoff } : {}),
  };
  const stop = connectLive(live);
  return () => {
    if (pending !== null) {
      pending();
      pending = null;
    }
    stop();
  };
}

export type LiveListener = (message: LiveMessage) => void;

/** Hands every live message to the listeners subscribed at the time; a failing listener does not stop the others. */
export interface LiveHub {
  /** Adds a listener; the returned function removes it. */
  subscribe(listener: LiveListener): () => void;
  publish(message: LiveMessage): void;
}

export function createLiveHub(): LiveHub {
  const listeners = new Set<LiveListener>();
  return {
    subscribe(listener) {
      const own: LiveListener = (message) => listener(message); // the same function may be subscribed twice
      listeners.add(own);
      return () => {
        listeners.delete(own);
      };
    },
    publish(message) {
      for (const listener of [...listeners]) {
        try {
          listener(message);
        } catch (error) {
          console.warn('a live message listener failed', error);
        }
      }
    },
  };
}

/** The browser's EventSource, sending the session cookie (same origin). */
export const browserEventSource: EventSourceFactory = (url) => new EventSource(url, { withCredentials: false });
