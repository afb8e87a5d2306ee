import { describe, expect, it } from 'vitest';
import {
  buildScopeSearch,
  defaultOwner,
  instantToLocalInput,
  isIsoDate,
  localInputToInstant,
  parseScopeSearch,
  resolveScope,
  todayIso,
  yearsBefore,
} from './scope';

const defaults = { owner: 'anna', asOf: '2024-06-30', ccy: 'CHF' };

describe('parseScopeSearch', () => {
  it('keeps valid parameters', () => {
    expect(parseScopeSearch({ owner: 'holdco', asOf: '2024-03-01', knownAt: '2024-03-02T10:00:00Z', ccy: 'EUR' }))
      .toEqual({ owner: 'holdco', asOf: '2024-03-01', knownAt: '2024-03-02T10:00:00Z', ccy: 'EUR' });
  });

  it('drops malformed parameters instead of failing', () => {
    expect(parseScopeSearch({ owner: '../etc', asOf: '2024-02-30', knownAt: 'yesterday', ccy: 'chf' })).toEqual({});
    expect(parseScopeSearch({ asOf: 20240301, owner: ['a'], ccy: null })).toEqual({});
    expect(parseScopeSearch({ asOf: '2024-13-01' })).toEqual({});
    expect(parseScopeSearch({})).toEqual({});
  });

  it('resolves a bad asOf to the default date', () => {
    const scope = resolveScope(parseScopeSearch({ asOf: 'not-a-date' }), defaults);
    expect(scope).toEqual({ owner: 'anna', asOf: '2024-06-30', knownAt: null, ccy: 'CHF' });
  });
});

describe('buildScopeSearch', () => {
  it('writes only what differs from the defaults', () => {
    expect(buildScopeSearch({ owner: 'anna', asOf: '2024-06-30', knownAt: null, ccy: 'CHF' }, defaults)).toEqual({});
    expect(buildScopeSearch({ owner: 'holdco', asOf: '2023-12-31', knownAt: '2024-01-05T08:00:00Z', ccy: 'USD' },
      defaults)).toEqual({ owner: 'holdco', asOf: '2023-12-31', knownAt: '2024-01-05T08:00:00Z', ccy: 'USD' });
  });

  it('round-trips through parse and resolve', () => {
    const scope = { owner: 'trust-1', asOf: '2022-01-31', knownAt: '2023-05-01T00:00:00Z', ccy: 'GBP' };
    expect(resolveScope(parseScopeSearch({ ...buildScopeSearch(scope, defaults) }), defaults)).toEqual(scope);
  });
});

describe('scope helpers', () => {
  it('chooses the default owner in order', () => {
    expect(defaultOwner({ owners: ['a'], clients: ['b'], shared: ['c'] })).toBe('a');
    expect(defaultOwner({ owners: [], clients: ['b'], shared: ['c'] })).toBe('b');
    expect(defaultOwner({ owners: [], clients: [], shared: ['c'] })).toBe('c');
    expect(defaultOwner({ owners: [], clients: [], shared: [] })).toBeNull();
  });

  it('checks real calendar dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
  });

  it('computes dates', () => {
    expect(todayIso(new Date(2024, 2, 1, 23, 59))).toBe('2024-03-01');
    expect(yearsBefore('2024-02-29', 1)).toBe('2023-02-28');
    expect(yearsBefore('2024-06-30', 1)).toBe('2023-06-30');
  });

  it('converts between instants and datetime-local values', () => {
    const value = instantToLocalInput('2024-03-01T10:15:30Z');
    expect(value).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    expect(localInputToInstant(value)).toBe('2024-03-01T10:15:30Z');
    expect(localInputToInstant('')).toBeNull();
    expect(instantToLocalInput(null)).toBe('');
  });
});
