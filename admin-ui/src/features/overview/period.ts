import { pick } from '../../app/routes';
import { isIsoDate } from '../../scope/scope';

/**
 * The period over which the overview shows the change of net worth, kept in the overview's search parameters:
 * `period=1M|3M|YTD|1Y|3Y|custom` and, for `custom`, `since=YYYY-MM-DD`. The other views ignore both.
 */
export const PERIODS = ['1M', '3M', 'YTD', '1Y', '3Y', 'custom'] as const;
export type Period = (typeof PERIODS)[number];
export const DEFAULT_PERIOD: Period = '1Y';

export interface OverviewSearch {
  period?: Period;
  since?: string;
}

export function isPeriod(value: unknown): value is Period {
  return typeof value === 'string' && (PERIODS as readonly string[]).includes(value);
}

/** Keeps the valid period parameters of a URL's search; anything malformed is dropped, never an error. */
export function parseOverviewSearch(raw: Readonly<Record<string, unknown>>): OverviewSearch {
  const out: OverviewSearch = {};
  const period = pick(raw, 'period', isPeriod);
  const since = pick(raw, 'since', isIsoDate);
  if (period !== undefined && isPeriod(period)) out.period = period;
  if (since !== undefined) out.since = since;
  return out;
}

export interface ChosenPeriod {
  readonly period: Period;
  /** The chosen start date; only for `custom`. */
  readonly since: string | null;
}

/** The period the view works with: what the URL says, else one year; `custom` without a valid date is one year. */
export function resolvePeriod(search: OverviewSearch): ChosenPeriod {
  const period = search.period ?? DEFAULT_PERIOD;
  if (period === 'custom') {
    return search.since === undefined ? { period: DEFAULT_PERIOD, since: null } : { period, since: search.since };
  }
  return { period, since: null };
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The same day a number of calendar months earlier, on the ISO date text (no time zone involved); a day the earlier
 * month does not have is clamped to its last day: 2026-03-31 minus 1 month is 2026-02-28, 2024-03-31 is 2024-02-29.
 */
export function monthsBefore(isoDate: string, months: number): string {
  const m = ISO_DATE.exec(isoDate);
  if (m === null || !isIsoDate(isoDate)) {
    throw new Error(`'${isoDate}' is not a date written YYYY-MM-DD`);
  }
  const index = Number(m[1]) * 12 + (Number(m[2]) - 1) - months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  const day = Math.min(Number(m[3]), daysInMonth(year, month));
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/**
 * The start date of a period ending on asOf. Year to date starts as of the last day of the previous year
 * (31 December), so that the change covers every day of the current year, 1 January included.
 */
export function periodStart(asOf: string, chosen: ChosenPeriod): string {
  switch (chosen.period) {
    case '1M':
      return monthsBefore(asOf, 1);
    case '3M':
      return monthsBefore(asOf, 3);
    case '1Y':
      return monthsBefore(asOf, 12);
    case '3Y':
      return monthsBefore(asOf, 36);
    case 'YTD': {
      const m = ISO_DATE.exec(asOf);
      if (m === null || !isIsoDate(asOf)) {
        throw new Error(`'${asOf}' is not a date written YYYY-MM-DD`);
      }
      return `${pad(Number(m[1]) - 1, 4)}-12-31`;
    }
    case 'custom':
      return chosen.since ?? monthsBefore(asOf, 12);
  }
}
