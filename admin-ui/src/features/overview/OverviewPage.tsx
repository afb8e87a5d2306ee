import { useNavigate, useSearch } from '@tanstack/react-router';
import { useId } from 'react';
import { usePreferences } from '../../app/preferences';
import { useScope } from '../../app/useScope';
import { ApiError, UnavailableError } from '../../api/http';
import { useTenantQuery } from '../../api/queries';
import { readNetWorth, type NetWorth } from '../../api/types';
import { Money } from '../../components/Money';
import { formatDate, formatPercent } from '../../money/format';
import { Card, Page } from '../../components/Page';
import { QueryState, Skeleton } from '../../components/QueryState';
import { UnpricedTable } from '../../components/UnpricedTable';
import type { Translate } from '../../i18n';
import { isIsoDate, type Scope } from '../../scope/scope';
import { netWorthChange } from './change';
import { DEFAULT_PERIOD, isPeriod, parseOverviewSearch, PERIODS, periodStart, resolvePeriod, type Period } from './period';

const PERIOD_KEYS = {
  '1M': 'overview.period.1M',
  '3M': 'overview.period.3M',
  YTD: 'overview.period.YTD',
  '1Y': 'overview.period.1Y',
  '3Y': 'overview.period.3Y',
  custom: 'overview.period.custom',
} as const satisfies Readonly<Record<Period, string>>;

/** The net worth of the scope's owner on a date, as the scope knows it and in its currency. */
function useNetWorth(scope: Scope, asOf: string, enabled: boolean) {
  return useTenantQuery('consolidation', 'net-worth', {
    owner: scope.owner ?? undefined,
    asOf,
    knownAt: scope.knownAt ?? undefined,
    currency: scope.ccy,
  }, readNetWorth, enabled && scope.owner !== null);
}

/** Why the start's answer is missing, in a sentence (the reason the server gave where it gave one). */
function failureReason(error: unknown, t: Translate): string {
  if (error instanceof ApiError) {
    if (error.status === 403) {
      return error.detail === '' ? t('error.forbiddenTitle') : `${t('error.forbiddenTitle')}: ${error.detail}`;
    }
    if (error.status === 404) {
      return error.detail === '' ? t('error.notFound') : error.detail;
    }
    return error.detail === '' ? error.message : error.detail;
  }
  if (error instanceof UnavailableError) {
    return error.reason;
  }
  return error instanceof Error ? error.message : String(error);
}

function PeriodControl(props: { readonly asOf: string; readonly period: Period; readonly since: string;
  readonly onPeriod: (period: Period) => void; readonly onSince: (since: string) => void }) {
  const { t } = usePreferences();
  const id = useId();
  return (
    <form className="filters period" onSubmit={(e) => e.preventDefault()}>
      <div className="field">
        <label htmlFor={`${id}-period`}>{t('overview.period')}</label>
        <select id={`${id}-period`} value={props.period}
          onChange={(e) => { if (isPeriod(e.target.value)) props.onPeriod(e.target.value); }}>
          {PERIODS.map((p) => <option key={p} value={p}>{t(PERIOD_KEYS[p])}</option>)}
        </select>
      </div>
      {props.period === 'custom' && (
        <div className="field">
          <label htmlFor={`${id}-since`}>{t('overview.since')}</label>
          <input id={`${id}-since`} type="date" value={props.since} max={props.asOf}
            onChange={(e) => { if (isIsoDate(e.target.value)) props.onSince(e.target.value); }} />
        </div>
      )}
    </form>
  );
}

/** The change of net worth from the start's answer to the current one: amount, share, direction in words. */
function Change(props: { readonly current: NetWorth; readonly start: NetWorth; readonly startDate: string }) {
  const { t, locale } = usePreferences();
  const change = netWorthChange(props.current, props.start);
  const sign = change.direction > 0 ? '+' : '';
  const modifier = change.direction > 0 ? 'up' : change.direction < 0 ? 'down' : 'flat';
  let percent: string | null = null;
  if (change.relative !== null) {
    try {
      percent = sign + formatPercent(change.relative, locale, 2);
    } catch {
      percent = change.relative;
    }
  }
  return (
    <>
      <p id="net-worth-change" className={`change change--${modifier}`}>
        <span className="change__label">{t('overview.changeSince', { date: formatDate(props.startDate, locale) })}</span>
        {' '}
        <span className="visually-hidden">
          {t(modifier === 'up' ? 'overview.changeUp' : modifier === 'down' ? 'overview.changeDown' : 'overview.changeFlat')}
          {' '}
        </span>
        <span className="change__figures">
          {/* In discreet mode Money masks the amount; the percentage stays, since a share tells no amount. */}
          <span className="change__amount">{sign}<Money amount={change.difference} currency={props.current.currency} /></span>
          {' '}
          {percent !== null ? (
            <span className="change__percent">({percent})</span>
          ) : (
            <span className="change__percent change__percent--none">
              <span aria-hidden="true">—</span> ({t('overview.changeNoStart')})
            </span>
          )}
        </span>
      </p>
      {change.estimates && <p className="figure__note change__estimates">{t('overview.changeEstimates')}</p>}
    </>
  );
}

export default function OverviewPage() {
  const { t, locale } = usePreferences();
  const { scope } = useScope();
  const raw: Readonly<Record<string, unknown>> = useSearch({ strict: false });
  const chosen = resolvePeriod(parseOverviewSearch(raw));
  const startDate = periodStart(scope.asOf, chosen);
  const validStart = startDate < scope.asOf;
  const navigate = useNavigate();
  const query = useNetWorth(scope, scope.asOf, true);
  const startQuery = useNetWorth(scope, startDate, validStart);

  const setPeriod = (period: Period) => {
    void navigate({
      to: '.',
      replace: true,
      search: (prev: Readonly<Record<string, unknown>>) => {
        const rest: Record<string, unknown> = { ...prev };
        delete rest['period'];
        delete rest['since'];
        if (period === 'custom') {
          // the date input starts from the start date shown so far
          return { ...rest, period, since: startDate };
        }
        return period === DEFAULT_PERIOD ? rest : { ...rest, period };
      },
    });
  };
  const setSince = (since: string) => {
    void navigate({
      to: '.',
      replace: true,
      search: (prev: Readonly<Record<string, unknown>>) => ({ ...prev, period: 'custom' as const, since }),
    });
  };

  return (
    <Page title={t('nav.overview')}>
      {scope.owner === null ? (
        <p className="notice">{t('scope.noOwner')}</p>
      ) : (
        <>
          <PeriodControl asOf={scope.asOf} period={chosen.period} since={startDate} onPeriod={setPeriod}
            onSince={setSince} />
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
                    {!validStart ? (
                      <p id="net-worth-change" className="change change--none">
                        {t('overview.sinceNotBefore', { date: formatDate(scope.asOf, locale) })}
                      </p>
                    ) : startQuery.isPending ? (
                      <Skeleton lines={1} />
                    ) : startQuery.isError ? (
                      <p id="net-worth-change" className="change change--none">
                        {t('overview.changeSince', { date: formatDate(startDate, locale) })}{' '}
                        <span aria-hidden="true">—</span>{' '}
                        <span className="change__reason">
                          {t('overview.changeFailed', { reason: failureReason(startQuery.error, t) })}
                        </span>
                      </p>
                    ) : (
                      <Change current={nw} start={startQuery.data} startDate={startDate} />
                    )}
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
        </>
      )}
    </Page>
  );
}
