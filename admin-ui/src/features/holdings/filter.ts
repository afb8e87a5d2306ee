import type { HoldingLine } from '../../api/types';
import type { HoldingsSearch } from './route';

/** The positions that pass the table's filters; the text search matches name, id, class and custodian. */
export function filterHoldings(positions: readonly HoldingLine[], filter: HoldingsSearch): HoldingLine[] {
  const needle = (filter.q ?? '').trim().toLocaleLowerCase();
  return positions.filter((p) =>
    (filter.custodian === undefined || p.custodian === filter.custodian)
    && (filter.cls === undefined || p.assetClass === filter.cls)
    && (filter.cur === undefined || p.currency === filter.cur)
    && (needle === ''
      || [p.name, p.positionId, p.assetClass, p.custodian, p.region]
        .some((field) => field.toLocaleLowerCase().includes(needle))));
}

/** The distinct values of a field, sorted, for a filter's options. */
export function distinct(positions: readonly HoldingLine[], field: 'custodian' | 'assetClass' | 'currency'): string[] {
  return [...new Set(positions.map((p) => p[field]).filter((v) => v !== ''))].sort((a, b) => a.localeCompare(b));
}
