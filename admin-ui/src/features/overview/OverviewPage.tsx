import { usePreferences } from '../../app/preferences';
import { useScope } from '../../app/useScope';
import { useTenantQuery } from '../../api/queries';
import { readNetWorth } from '../../api/types';
import { Money } from '../../components/Money';
import { formatDate } from '../../money/format';
import { Card, Page } from '../../components/Page';
import { QueryState } from '../../components/QueryState';
import { UnpricedTable } from '../../components/UnpricedTable';

export default function OverviewPage() {
  const { t, locale } = usePreferences();
  const { scope } = useScope();
  const query = useTenantQuery('consolidation', 'net-worth', {
    owner: scope.owner ?? undefined,
    asOf: scope.asOf,
    knownAt: scope.knownAt ?? undefined,
    currency: scope.ccy,
  }, readNetWorth, scope.owner !== null);

  return (
    <Page title={t('nav.overview')}>
      {scope.owner === null ? (
        <p className="notice">{t('scope.noOwner')}</p>
      ) : (
        <QueryState query={query} lines={5}>
          {(nw) => (
            <>
              <p className="page__subtitle">
                {t('overview.asOf', { date: formatDate(nw.asOf, locale) })}{' · '}
                {scope.knownAt !== null
                  ? t('overview.knownAt', { instant: formatDate(nw.knownAt ?? scope.knownAt, locale) })
                  : t('overview.knownNow')}
              </p>
              <div className="figures">
                <Card className="figure figure--main">
                  <h2 className="figure__label">{t('overview.netWorth')}</h2>
                  <p id="net-worth" className="figure__value"><Money amount={nw.netWorth} currency={nw.currency} /></p>
                </Card>
                <Card className="figure">
                  <h2 className="figure__label">{t('overview.assets')}</h2>
                  <p className="figure__value"><Money amount={nw.assets} currency={nw.currency} /></p>
                </Card>
                <Card className="figure">
                  <h2 className="figure__label">{t('overview.liabilities')}</h2>
                  <p className="figure__value"><Money amount={nw.liabilities} currency={nw.currency} /></p>
                </Card>
              </div>
              <Card title={t('overview.unpriced')}>
                {nw.unpriced.length === 0 ? (
                  <p>{t('overview.unpricedNone')}</p>
                ) : (
                  <>
                    <p className="muted">{t('overview.unpricedHint')}</p>
                    <UnpricedTable rows={nw.unpriced} caption={t('overview.unpriced')} />
                  </>
                )}
              </Card>
              <Card title={t('overview.staleRates')}>
                {nw.staleRates.length === 0 ? (
                  <p>{t('overview.staleRatesNone')}</p>
                ) : (
                  <ul className="plain-list">
                    {nw.staleRates.map((r) => (
                      <li key={r.currency}>
                        <strong>{r.currency}</strong>{' – '}
                        {r.rateDate === null ? '' : t('overview.rateFrom', { date: formatDate(r.rateDate, locale) })}
                      </li>
                    ))}
                  </ul>
                )}
              </Card>
            </>
          )}
        </QueryState>
      )}
    </Page>
  );
}
