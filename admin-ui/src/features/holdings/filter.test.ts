import { describe, expect, it } from 'vitest';
import type { HoldingLine } from '../../api/types';
import { distinct, filterHoldings } from './filter';
import { parseHoldingsSearch } from './route';

const line = (positionId: string, name: string, assetClass: string, custodian: string, currency: string):
  HoldingLine => ({ positionId, name, assetClass, custodian, currency, region: 'CH', amount: '1.00', valuedOn: null });

const positions = [
  line('holding:ubs-1', 'Nestlé SA', 'EQUITY', 'UBS', 'CHF'),
  line('holding:jb-1', 'US Treasury 2030', 'BOND', 'Julius Baer', 'USD'),
  line('asset:villa', 'Villa Lugano', 'REAL_ESTATE', 'NON-BANKABLE', 'CHF'),
];

describe('holdings filter', () => {
  it('filters by custodian, class, currency and text', () => {
    expect(filterHoldings(positions, {}).length).toBe(3);
    expect(filterHoldings(positions, { custodian: 'UBS' }).map((p) => p.name)).toEqual(['Nestlé SA']);
    expect(filterHoldings(positions, { cur: 'CHF', cls: 'REAL_ESTATE' }).map((p) => p.name)).toEqual(['Villa Lugano']);
    expect(filterHoldings(positions, { q: 'treasury' }).map((p) => p.positionId)).toEqual(['holding:jb-1']);
    expect(filterHoldings(positions, { q: 'villa', cur: 'USD' })).toEqual([]);
  });

  it('lists distinct values', () => {
    expect(distinct(positions, 'currency')).toEqual(['CHF', 'USD']);
  });

  it('reads its search parameters defensively', () => {
    expect(parseHoldingsSearch({ custodian: 'UBS', cur: 'chf', q: '', cls: 5 })).toEqual({ custodian: 'UBS' });
  });
});
