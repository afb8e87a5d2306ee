/**
 * The global scope of every view, kept in the URL's search parameters so that a view can be bookmarked and shared:
 * owner (whose wealth), asOf (a date), knownAt (an instant, optional) and ccy (the reporting currency).
 * Only values the reader chose are written; the rest take their defaults.
 */

export interface ScopeSearch {
  owner?: string;
  asOf?: string;
  knownAt?: string;
  ccy?: string;
}

export interface Scope {
  /** Null when the reader has no owner to look at. */
  readonly owner: string | null;
  readonly asOf: string;
  readonly knownAt: string | null;
  readonly ccy: string;
}

export interface ScopeDefaults {
  readonly owner: string | null;
  readonly asOf: string;
  readonly ccy: string;
}

export const SCOPE_KEYS = ['owner', 'asOf', 'knownAt', 'ccy'] as const;

export const REPORTING_CURRENCIES = ['CHF', 'EUR', 'USD', 'GBP'] as const;

const PARTY_ID = /^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}$/;
const CURRENCY = /^[A-Z]{3}$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A real calendar date written YYYY-MM-DD (2024-02-30 is not). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') {
    return false;
  }
  const m = ISO_DATE.exec(value);
  if (m === null) {
    return false;
  }
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** An ISO instant with a zone ("2024-03-01T10:15:00Z"). */
export function isIsoInstant(value: unknown): value is string {
  return typeof value === 'string' && ISO_INSTANT.test(value) && !Number.isNaN(new Date(value).getTime());
}

export function isPartyId(value: unknown): value is string {
  return typeof value === 'string' && PARTY_ID.test(value);
}

export function isCurrency(value: unknown): value is string {
  return typeof value === 'string' && CURRENCY.test(value);
}

/** Keeps the valid scope parameters of a URL's search; anything malformed is dropped, never an error. */
export function parseScopeSearch(raw: Readonly<Record<string, unknown>>): ScopeSearch {
  const search: ScopeSearch = {};
  if (isPartyId(raw['owner'])) {
    search.owner = raw['owner'];
  }
  if (isIsoDate(raw['asOf'])) {
    search.asOf = raw['asOf'];
  }
  if (isIsoInstant(raw['knownAt'])) {
    search.knownAt = raw['knownAt'];
  }
  if (isCurrency(raw['ccy'])) {
    search.ccy = raw['ccy'];
  }
  return search;
}

/** The scope a view works with: what the URL says, else the defaults. */
export function resolveScope(search: ScopeSearch, defaults: ScopeDefaults): Scope {
  return {
    owner: search.owner ?? defaults.owner,
    asOf: search.asOf ?? defaults.asOf,
    knownAt: search.knownAt ?? null,
    ccy: search.ccy ?? defaults.ccy,
  };
}

/** The search parameters of a scope: defaults are left out so that URLs stay short and follow "today". */
export function buildScopeSearch(scope: Scope, defaults: ScopeDefaults): ScopeSearch {
  const search: ScopeSearch = {};
  if (scope.owner !== null && scope.owner !== defaults.owner) {
    search.owner = scope.owner;
  }
  if (scope.asOf !== defaults.asOf) {
    search.asOf = scope.asOf;
  }
  if (scope.knownAt !== null) {
    search.knownAt = scope.knownAt;
  }
  if (scope.ccy !== defaults.ccy) {
    search.ccy = scope.ccy;
  }
  return search;
}

/** The owner shown first: the reader's own, then their clients, then what was shared with them. */
export function defaultOwner(lists: {
  readonly owners: readonly string[];
  readonly clients: readonly string[];
  readonly shared: readonly string[];
}): string | null {
  return lists.owners[0] ?? lists.clients[0] ?? lists.shared[0] ?? null;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Today in the reader's calendar, YYYY-MM-DD. */
export function todayIso(now: Date = new Date()): string {
  return `${pad(now.getFullYear(), 4)}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The same calendar day a number of years earlier (29 Feb → 28 Feb). */
export function yearsBefore(isoDate: string, years: number): string {
  const m = ISO_DATE.exec(isoDate);
  if (m === null) {
    return isoDate;
  }
  const year = Number(m[1]) - years;
  const month = Number(m[2]);
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = Math.min(Number(m[3]), lastDay);
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** An instant as the value of an <input type="datetime-local"> in the reader's time zone. */
export function instantToLocalInput(instant: string | null): string {
  if (instant === null || !isIsoInstant(instant)) {
    return '';
  }
  const d = new Date(instant);
  return `${todayIso(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** The value of an <input type="datetime-local"> as an ISO instant (UTC), or null when empty or unreadable. */
export function localInputToInstant(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) {
    return null;
  }
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString().replace('.000Z', 'Z');
}
