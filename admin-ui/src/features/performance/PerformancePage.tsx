import { useNavigate, useSearch } from '@tanstack/react-router';
import { useId } from 'react';
import { usePreferences } from '../../app/preferences';
import { useScope } from '../../app/useScope';
import { useTenantQuery } from '../../api/queries';
import { readPerformance } from '../../api/types';
import { DateText, Money, Percent } from '../../components/Money';
import { Card, Page } from '../../components/Page';
import { QueryState } from '../../components/QueryState';
import { UnpricedTable } from '../../components/UnpricedTable';
import { ValueChart } from '../../components/ValueChart';
import type { MessageKey } from '../../i18n';
import { formatPercent } from '../../money/format';
import { isIsoDate, yearsBefore } from '../../scope/scope';
import { parsePerformanceSearch } from './route';

const STATUS_KEYS: Readonly<Record<string, MessageKey>> = {
  OK: 'performance.status.OK',
  UNDEFINED: 'performance.status.UNDEFINED',
  NO_SOLUTION: 'performance.status.NO_SOLUTION',
  SEVERAL_SOLUTIONS: 'performance.status.SEVERAL_SOLUTIONS',
};

const METHOD_KEYS: Readonly<Record<string, MessageKey>> = {
  LINKED: 'performance.method.LINKED',
  MODIFIED_DIETZ: 'performance.method.MODIFIED_DIETZ',
};

function Status(props: { readonly status: string }) {
  const { t } = usePreferences();
  const key = STATUS_KEYS[props.status];
  return (
    <span className={`status status--${props.status === 'OK' ? 'ok' : 'warn'}`}>
      {key === undefined ? props.status : t(key)}
    </span>
  );
}

export default function PerformancePage() {
  const { t, locale } = usePreferences();
  const { scope } = useScope();
  const raw: Readonly<Record<string, unknown>> = useSearch({ strict: false });
  const range = parsePerformanceSearch(raw);
  const to = range.to ?? scope.asOf;
  const from = range.from ?? yearsBefore(to, 1);
  const navigate = useNavigate();
  const id = useId();
  const validRange = from < to;
  const query = useTenantQuery('consolidation', 'performance', {
    owner: scope.owner ?? undefined,
    from,
    to,
    currency: scope.ccy,
    knownAt: scope.knownAt ?? undefined,
  }, readPerformance, scope.owner !== null && validRange);

  const setDate = (key: 'from' | 'to', value: string) => {
    if (!isIsoDate(value)) {
      return;
    }
    void navigate({
      to: '.',
      replace: true,
      search: (prev: Readonly<Record<string, unknown>>) => ({ ...prev, [key]: value }),
    });
  };
  const pct = (v: string | null) => (v === null ? '–' : formatPercent(v, locale, 2));

  return (
    <Page title={t('nav.performance')}>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor={`${id}-from`}>{t('performance.from')}</label>
          <input id={`${id}-from`} type="date" value={from} max={to} onChange={(e) => setDate('from', e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>{t('performance.to')}</label>
          <input id={`${id}-to`} type="date" value={to} min={from} onChange={(e) => setDate('to', e.target.value)} />
        </div>
      </form>
      {!validRange ? <p className="notice notice--error" role="alert">{t('performance.badRange')}</p> : (
        <QueryState query={query} lines={8}>
          {(p) => (
            <>
              <div className="figures">
                <Card className="figure">
                  <h2 className="figure__label">{t('performance.twr')}</h2>
                  <p className="figure__value">{p.twrStatus === 'OK' ? pct(p.twr) : <Status status={p.twrStatus} />}</p>
                  <p className="figure__note">
                    {p.twrStatus === 'OK'
                      ? (p.twrAnnualised !== null
                        ? t('performance.twrAnnualised', { value: pct(p.twrAnnualised) })
                        : t('performance.notAnnualised'))
                      : p.twrReason}
                  </p>
                </Card>
                <Card className="figure">
                  <h2 className="figure__label">{t('performance.irr')}</h2>
                  <p className="figure__value">{p.irrStatus === 'OK' ? pct(p.irr) : <Status status={p.irrStatus} />}</p>
                  <p className="figure__note">
                    {p.irrStatus === 'SEVERAL_SOLUTIONS' && p.irrSolutions.length > 0
                      && t('performance.solutions', { list: p.irrSolutions.map((s) => pct(s)).join(', ') })}
                    {p.irrStatus !== 'OK' && p.irrReason !== null && <> {p.irrReason}</>}
                  </p>
                </Card>
                <Card className="figure">
                  <dl className="facts">
                    <dt>{t('performance.startValue')}</dt>
                    <dd>{p.startValue === null ? '–' : <Money amount={p.startValue} currency={p.currency} />}</dd>
                    <dt>{t('performance.endValue')}</dt>
                    <dd>{p.endValue === null ? '–' : <Money amount={p.endValue} currency={p.currency} />}</dd>
                    <dt>{t('performance.flows')}</dt>
                    <dd>{p.netExternalFlows === null ? '–'
                      : <Money amount={p.netExternalFlows} currency={p.currency} />}</dd>
                  </dl>
                </Card>
              </div>
              {p.subPeriods.length > 0 && (
                <Card title={t('performance.chart')}>
                  <ValueChart kind="bar" describedBy="subperiods-caption"
                    points={p.subPeriods.map((s) => ({ date: s.end, amount: s.endValue, currency: p.currency }))} />
                </Card>
              )}
              <Card title={t('performance.subPeriods')}>
                <div className="table-wrap">
                  <table className="table">
                    <caption id="subperiods-caption" className="visually-hidden">{t('performance.subPeriods')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('col.start')}</th>
                        <th scope="col">{t('col.end')}</th>
                        <th scope="col" className="num">{t('col.startValue')}</th>
                        <th scope="col" className="num">{t('col.flows')}</th>
                        <th scope="col" className="num">{t('col.endValue')}</th>
                        <th scope="col" className="num">{t('col.return')}</th>
                        <th scope="col">{t('col.method')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {p.subPeriods.map((s) => {
                        const method = METHOD_KEYS[s.method];
                        return (
                          <tr key={`${s.start}-${s.end}`}>
                            <td><DateText iso={s.start} /></td>
                            <td><DateText iso={s.end} /></td>
                            <td className="num"><Money amount={s.startValue} currency={p.currency} /></td>
                            <td className="num"><Money amount={s.flows} currency={p.currency} /></td>
                            <td className="num"><Money amount={s.endValue} currency={p.currency} /></td>
                            <td className="num"><Percent share={s.periodReturn} digits={2} /></td>
                            <td>{method === undefined ? s.method : t(method)}</td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </div>
              </Card>
              {p.unpriced.length > 0 && (
                <Card title={t('overview.unpriced')}>
                  <UnpricedTable rows={p.unpriced} caption={t('overview.unpriced')} />
                </Card>
              )}
            </>
          )}
        </QueryState>
      )}
    </Page>
  );
}
