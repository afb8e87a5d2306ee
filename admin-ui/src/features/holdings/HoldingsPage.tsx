import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useId, useMemo } from 'react';
import { usePreferences } from '../../app/preferences';
import { useScope } from '../../app/useScope';
import { useTenantQuery } from '../../api/queries';
import { readHoldings, registeredAssetId } from '../../api/types';
import { DateText, Money } from '../../components/Money';
import { Page } from '../../components/Page';
import { QueryState } from '../../components/QueryState';
import { assetLink } from '../asset/route';
import { distinct, filterHoldings } from './filter';
import { parseHoldingsSearch, type HoldingsSearch } from './route';

export default function HoldingsPage() {
  const { t } = usePreferences();
  const { scope } = useScope();
  const raw: Readonly<Record<string, unknown>> = useSearch({ strict: false });
  const filter = parseHoldingsSearch(raw);
  const navigate = useNavigate();
  const id = useId();
  const query = useTenantQuery('consolidation', 'holdings', {
    owner: scope.owner ?? undefined,
    asOf: scope.asOf,
    knownAt: scope.knownAt ?? undefined,
  }, readHoldings, scope.owner !== null);

  const setFilter = (key: keyof HoldingsSearch, value: string) => {
    void navigate({
      to: '.',
      replace: true,
      search: (prev: Readonly<Record<string, unknown>>) => {
        const next: Record<string, unknown> = { ...prev };
        if (value === '') {
          delete next[key];
        } else {
          next[key] = value;
        }
        return next;
      },
    });
  };

  const positions = query.data?.positions;
  const shown = useMemo(() => filterHoldings(positions ?? [], filter), [positions, filter.custodian, filter.cls,
    filter.cur, filter.q]);

  return (
    <Page title={t('nav.holdings')} subtitle={t('holdings.directOnly')}>
      <QueryState query={query} lines={8}>
        {(holdings) => (
          <>
            <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
              <div className="field">
                <label htmlFor={`${id}-q`}>{t('holdings.search')}</label>
                <input id={`${id}-q`} type="search" value={filter.q ?? ''}
                  placeholder={t('holdings.searchPlaceholder')} onChange={(e) => setFilter('q', e.target.value)} />
              </div>
              {([
                ['custodian', 'custodian', 'holdings.filterCustodian'],
                ['cls', 'assetClass', 'holdings.filterClass'],
                ['cur', 'currency', 'holdings.filterCurrency'],
              ] as const).map(([key, field, label]) => (
                <div className="field" key={key}>
                  <label htmlFor={`${id}-${key}`}>{t(label)}</label>
                  <select id={`${id}-${key}`} value={filter[key] ?? ''} onChange={(e) => setFilter(key, e.target.value)}>
                    <option value="">{t('holdings.all')}</option>
                    {distinct(holdings.positions, field).map((v) => <option key={v} value={v}>{v}</option>)}
                  </select>
                </div>
              ))}
            </form>
            <p className="muted" role="status">
              {t('holdings.count', { shown: shown.length, total: holdings.positions.length })}
            </p>
            {shown.length === 0 ? (
              <p>{t('holdings.empty')}</p>
            ) : (
              <div className="table-wrap">
                <table className="table">
                  <caption className="visually-hidden">{t('nav.holdings')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('col.position')}</th>
                      <th scope="col">{t('col.class')}</th>
                      <th scope="col">{t('col.custodian')}</th>
                      <th scope="col">{t('col.region')}</th>
                      <th scope="col" className="num">{t('col.amount')}</th>
                      <th scope="col">{t('col.valuedOn')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {shown.map((p) => {
                      const assetId = registeredAssetId(p.positionId);
                      return (
                        <tr key={p.positionId}>
                          <th scope="row">
                            {assetId === null ? p.name : <Link {...assetLink(assetId)}>{p.name}</Link>}
                            <span className="cell-sub">{p.positionId}</span>
                          </th>
                          <td>{p.assetClass}</td>
                          <td>{p.custodian}</td>
                          <td>{p.region}</td>
                          <td className="num"><Money amount={p.amount} currency={p.currency} /></td>
                          <td><DateText iso={p.valuedOn} /></td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
      </QueryState>
    </Page>
  );
}
