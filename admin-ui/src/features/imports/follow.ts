import { ApiError, getJson, tenantQueryUrl } from '../../api/http';
import { isObject } from '../../api/json';
import {
  readAccounts,
  readDifferences,
  readRejection,
  readStatements,
  type CustodyAccount,
  type CustodyStatement,
  type ReconciliationDifference,
  type Rejection,
} from '../../api/custody';
import type { LiveListener, LiveMessage } from '../../live/liveUpdates';

/** What the custody domain knows of an owner: accounts, their statements and the reconciliation differences. */
export interface CustodySnapshot {
  readonly accounts: readonly CustodyAccount[];
  readonly statements: readonly CustodyStatement[];
  readonly differences: readonly ReconciliationDifference[];
}

export type Outcome =
  /** The file's statements are in the owner's ledger. */
  | { readonly kind: 'imported'; readonly statements: readonly CustodyStatement[]; readonly snapshot: CustodySnapshot }
  /** The domain refused the whole file; nothing was written. */
  | { readonly kind: 'rejected'; readonly rejection: Rejection }
  /** Nothing new arrived, and statements of a file of the same name were imported before (the domain is silent then). */
  | { readonly kind: 'unchanged'; readonly earlier: readonly CustodyStatement[]; readonly snapshot: CustodySnapshot }
  /** Neither an answer nor a statement within the time allowed. */
  | { readonly kind: 'timeout' };

/** A list query that answers 404 for an owner the domain has no ledger for yet counts as empty. */
async function listOrEmpty<T>(url: string, read: (v: unknown) => T[], signal: AbortSignal): Promise<T[]> {
  try {
    return read(await getJson(url, signal));
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      return [];
    }
    throw error;
  }
}

/** Reads the owner's accounts and each account's statements; the differences too when asked. */
export async function loadSnapshot(tenant: string, owner: string, signal: AbortSignal, withDifferences: boolean):
  Promise<CustodySnapshot> {
  const url = (name: string, params: Record<string, string>) => tenantQueryUrl(tenant, 'custody', name, params);
  const accounts = await listOrEmpty(url('accounts', { owner }), readAccounts, signal);
  const perAccount = await Promise.all(accounts.map((a) =>
    listOrEmpty(url('statements', { owner, accountId: a.accountId }), readStatements, signal)));
  const differences = withDifferences
    ? await listOrEmpty(url('differences', { owner }), readDifferences, signal)
    : [];
  return { accounts, statements: perAccount.flat(), differences };
}

/**
 * Collects the live messages about one import (matched by its id in the payload) from the moment it is created, so
 * that an answer arriving before the command's own reply is not missed.
 */
export interface ImportWatch {
  readonly rejection: () => Rejection | null;
  /** Resolves after {@code ms}, or earlier when a message about the import arrives or the signal aborts. */
  readonly wait: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly stop: () => void;
}

function importIdOf(message: LiveMessage): string | null {
  return isObject(message.payload) && typeof message.payload['importId'] === 'string'
    ? message.payload['importId'] : null;
}

export function watchImport(subscribe: (listener: LiveListener) => () => void, importId: string): ImportWatch {
  let rejection: Rejection | null = null;
  let wake: (() => void) | null = null;
  const unsubscribe = subscribe((message) => {
    if (importIdOf(message) !== importId) {
      return;
    }
    if (message.type === 'custody.StatementRejected') {
      try {
        rejection = readRejection(message.payload);
      } catch {
        rejection = { importId, fileName: '', problems: [] };
      }
    }
    if (message.type === 'custody.StatementRejected' || message.type === 'custody.StatementImported') {
      wake?.();
    }
  });
  return {
    rejection: () => rejection,
    wait: (ms, signal) => new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done);
      wake = done;
    }),
    stop: unsubscribe,
  };
}

export interface FollowOptions {
  readonly tenant: string;
  readonly owner: string;
  readonly importId: string;
  readonly fileName: string;
  readonly watch: ImportWatch;
  readonly signal: AbortSignal;
  readonly intervalMs?: number;
  readonly timeoutMs?: number;
  readonly now?: () => number;
}

/**
 * Follows an accepted import until its outcome is known: a rejection from the live stream, or its statements in the
 * custody queries (asked every second, for up to a minute). A refusal of the gate ends it with that error; other
 * failed reads are tried again on the next round.
 */
export async function followImport(options: FollowOptions): Promise<Outcome> {
  const { tenant, owner, importId, fileName, watch, signal } = options;
  const interval = options.intervalMs ?? 1_000;
  const now = options.now ?? (() => Date.now());
  const deadline = now() + (options.timeoutMs ?? 60_000);
  let last: CustodySnapshot | null = null;
  for (;;) {
    signal.throwIfAborted();
    const rejected = watch.rejection();
    if (rejected !== null) {
      return { kind: 'rejected', rejection: rejected };
    }
    try {
      last = await loadSnapshot(tenant, owner, signal, false);
    } catch (error) {
      if (signal.aborted || (error instanceof ApiError && (error.status === 401 || error.status === 403))) {
        throw error;
      }
    }
    const mine = last?.statements.filter((s) => s.importId === importId) ?? [];
    if (mine.length > 0) {
      const full = await loadSnapshot(tenant, owner, signal, true);
      return { kind: 'imported', statements: full.statements.filter((s) => s.importId === importId), snapshot: full };
    }
    if (now() >= deadline) {
      const again = watch.rejection();
      if (again !== null) {
        return { kind: 'rejected', rejection: again };
      }
      const earlier = last?.statements.filter((s) => s.fileName === fileName) ?? [];
      if (earlier.length > 0 && last !== null) {
        return { kind: 'unchanged', earlier, snapshot: await loadSnapshot(tenant, owner, signal, true) };
      }
      return { kind: 'timeout' };
    }
    await watch.wait(interval, signal);
  }
}

/** A fresh id for an import; the browser's UUID where it offers one (secure contexts), else one from random bytes. */
export function newImportId(): string {
  if (typeof crypto.randomUUID === 'function') {
    return crypto.randomUUID();
  }
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
