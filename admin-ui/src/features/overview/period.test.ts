import { describe, expect, it } from 'vitest';
import { monthsBefore, parseOverviewSearch, periodStart, resolvePeriod } from './period';

describe('monthsBefore', () => {
  it('clamps to the last day of a shorter month', () => {
    expect(monthsBefore('2026-03-31', 1)).toBe('2026-02-28');
    expect(monthsBefore('2024-03-31', 1)).toBe('2024-02-29');
    expect(monthsBefore('2026-05-31', 1)).toBe('2026-04-30');
    expect(monthsBefore('2026-03-30', 1)).toBe('2026-02-28');
    expect(monthsBefore('2026-03-15', 1)).toBe('2026-02-15');
  });

  it('crosses year ends', () => {
    expect(monthsBefore('2026-01-15', 1)).toBe('2025-12-15');
    expect(monthsBefore('2026-02-28', 3)).toBe('2025-11-28');
    expect(monthsBefore('2026-05-31', 3)).toBe('2026-02-28');
    expect(monthsBefore('2026-01-31', 36)).toBe('2023-01-31');
  });

  it('handles leap days over years', () => {
    expect(monthsBefore('2024-02-29', 12)).toBe('2023-02-28');
    expect(monthsBefore('2028-02-29', 48)).toBe('2024-02-29');
    expect(monthsBefore('2027-02-28', 36)).toBe('2024-02-28');
  });

  it('refuses what is not a date', () => {
    expect(() => monthsBefore('2026-02-30', 1)).toThrow(/YYYY-MM-DD/);
    expect(() => monthsBefore('yesterday', 1)).toThrow(/YYYY-MM-DD/);
  });
});

describe('periodStart', () => {
  const asOf = '2026-03-31';
  it('computes each period from the as-of date', () => {
    expect(periodStart(asOf, { period: '1M', since: null })).toBe('2026-02-28');
    expect(periodStart(asOf, { period: '3M', since: null })).toBe('2025-12-31');
    expect(periodStart(asOf, { period: '1Y', since: null })).toBe('2025-03-31');
    expect(periodStart(asOf, { period: '3Y', since: null })).toBe('2023-03-31');
    expect(periodStart(asOf, { period: 'custom', since: '2025-07-01' })).toBe('2025-07-01');
  });

  it('starts year to date as of the last day of the previous year', () => {
    expect(periodStart(asOf, { period: 'YTD', since: null })).toBe('2025-12-31');
    expect(periodStart('2024-01-01', { period: 'YTD', since: null })).toBe('2023-12-31');
    expect(periodStart('2024-12-31', { period: 'YTD', since: null })).toBe('2023-12-31');
  });

  it('goes back one year from a leap day', () => {
    expect(periodStart('2024-02-29', { period: '1Y', since: null })).toBe('2023-02-28');
    expect(periodStart('2024-02-29', { period: '3Y', since: null })).toBe('2021-02-28');
    expect(periodStart('2024-03-29', { period: '1M', since: null })).toBe('2024-02-29');
  });
});

describe('the period in the URL', () => {
  it('keeps valid values', () => {
    expect(parseOverviewSearch({ period: '3M' })).toEqual({ period: '3M' });
    expect(parseOverviewSearch({ period: 'custom', since: '2025-01-15' })).toEqual({ period: 'custom', since: '2025-01-15' });
    expect(resolvePeriod(parseOverviewSearch({ period: 'YTD' }))).toEqual({ period: 'YTD', since: null });
  });

  it('drops bad values and falls back to one year', () => {
    for (const raw of [{}, { period: '2Y' }, { period: 'ytd' }, { period: '' }, { period: 12 }, { period: ['1M'] }]) {
      expect(resolvePeriod(parseOverviewSearch(raw)), JSON.stringify(raw)).toEqual({ period: '1Y', since: null });
    }
    expect(parseOverviewSearch({ since: '2025-02-30' })).toEqual({});
    expect(parseOverviewSearch({ since: '15.01.2025' })).toEqual({});
  });

  it('treats a chosen date that is missing or invalid as one year', () => {
    expect(resolvePeriod(parseOverviewSearch({ period: 'custom' }))).toEqual({ period: '1Y', since: null });
    expect(resolvePeriod(parseOverviewSearch({ period: 'custom', since: 'soon' }))).toEqual({ period: '1Y', since: null });
  });

  it('ignores a date when another period is chosen', () => {
    expect(resolvePeriod(parseOverviewSearch({ period: '1M', since: '2025-01-15' }))).toEqual({ period: '1M', since: null });
  });
});
