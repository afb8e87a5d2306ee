import { Link, useSearch } from '@tanstack/react-router';
import { Cell, Pie, PieChart, ResponsiveContainer, Tooltip } from 'recharts';
import { usePreferences } from '../../app/preferences';
import { useScope } from '../../app/useScope';
import { useTenantQuery } from '../../api/queries';
import { DIMENSIONS, readAllocation, type Bucket, type Dimension } from '../../api/types';
import { useMoneyText, Money, Percent } from '../../components/Money';
import { Card, Page } from '../../components/Page';
import { QueryState } from '../../components/QueryState';
import { UnpricedTable } from '../../components/UnpricedTable';
import type { MessageKey } from '../../i18n';
import { decimalToChartNumber } from '../../money/decimal';
import { allocationLink, parseAllocationSearch } from './route';

const LABELS: Readonly<Record<Dimension, MessageKey>> = {
  assetClass: 'allocation.assetClass',
  currency: 'allocation.currency',
  custodian: 'allocation.custodian',
  region: 'allocation.region',
  entity: 'allocation.entity',
};

const PALETTE_SIZE = 8;

interface Slice {
  readonly key: string;
  /** Chart geometry only. */
  readonly size: number;
  readonly text: string;
}

/** Slices for the donut: only positive buckets have an area (liabilities are in the table). */
function slices(buckets: readonly Bucket[], text: (b: Bucket) => string): Slice[] {
  return buckets
    .map((b) => ({ key: b.key, size: decimalToChartNumber(b.value), text: text(b) }))
    .filter((s) => Number.isFinite(s.size) && s.size > 0);
}

function isSlice(value: unknown): value is Slice {
  return typeof value === 'object' && value !== null && 'key' in value && 'text' in value
    && typeof value.key === 'string' && typeof value.text === 'string';
}

function SliceTooltip(props: { readonly active?: boolean; readonly payload?: readonly { payload?: unknown }[] }) {
  const row: unknown = props.payload?.[0]?.payload;
  if (props.active !== true || !isSlice(row)) {
    return null;
  }
  return (
    <div className="chart-tooltip">
      <strong>{row.key}</strong>
      <span>{row.text}</span>
    </div>
  );
}

export default function AllocationPage() {
  const { t, discreet } = usePreferences();
  const { scope } = useScope();
  const raw: Readonly<Record<string, unknown>> = useSearch({ strict: false });
  const by: Dimension = parseAllocationSearch(raw).by ?? 'assetClass';
  const moneyText = useMoneyText();
  const query = useTenantQuery('consolidation', 'allocation', {
    owner: scope.owner ?? undefined,
    by,
    asOf: scope.asOf,
    knownAt: scope.knownAt ?? undefined,
    currency: scope.ccy,
  }, readAllocation, scope.owner !== null);
  const dimension = t(LABELS[by]);

  return (
    <Page title={t('nav.allocation')}>
      <nav className="tabs" aria-label={t('allocation.by')}>
        {DIMENSIONS.map((d) => (
          <Link key={d} {...allocationLink({ by: d })} className={`tabs__tab ${d === by ? 'tabs__tab--active' : ''}`}
            aria-current={d === by ? 'page' : undefined}>
            {t(LABELS[d])}
          </Link>
        ))}
      </nav>
      <QueryState query={query} lines={6}>
        {(allocation) => {
          const data = slices(allocation.buckets, (b) => (discreet ? '•••••' : moneyText(b.value, allocation.currency)));
          return allocation.buckets.length === 0 ? (
            <p>{t('allocation.empty')}</p>
          ) : (
            <div className="split">
              <Card title={t('allocation.chart', { dimension })} className="chart-card">
                <figure className="chart chart--donut" aria-describedby="allocation-table-caption">
                  <ResponsiveContainer width="100%" height="100%">
                    <PieChart>
                      <Pie data={data} dataKey="size" nameKey="key" innerRadius="55%" outerRadius="90%"
                        isAnimationActive={false} stroke="none">
                        {data.map((s, i) => <Cell key={s.key} className={`chart-fill-${(i % PALETTE_SIZE) + 1}`} />)}
                      </Pie>
                      <Tooltip content={<SliceTooltip />} />
                    </PieChart>
                  </ResponsiveContainer>
                </figure>
                <ul className="legend">
                  {data.map((s, i) => (
                    <li key={s.key}>
                      <span className={`legend__swatch chart-bg-${(i % PALETTE_SIZE) + 1}`} aria-hidden="true" />
                      {s.key}
                    </li>
                  ))}
                </ul>
              </Card>
              <Card className="table-card">
                <div className="table-wrap">
                  <table className="table">
                    <caption id="allocation-table-caption">{t('allocation.chart', { dimension })}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{dimension}</th>
                        <th scope="col" className="num">{t('col.value')}</th>
                        <th scope="col" className="num">{t('col.weight')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {allocation.buckets.map((b) => (
                        <tr key={b.key}>
                          <th scope="row">{b.key}</th>
                          <td className="num"><Money amount={b.value} currency={allocation.currency} /></td>
                          <td className="num"><Percent share={b.weight} /></td>
                        </tr>
                      ))}
                    </tbody>
                    <tfoot>
                      <tr>
                        <th scope="row">{t('allocation.total')}</th>
                        <td className="num"><Money amount={allocation.total} currency={allocation.currency} /></td>
                        <td />
                      </tr>
                    </tfoot>
                  </table>
                </div>
              </Card>
              {allocation.unpriced.length > 0 && (
                <Card title={t('overview.unpriced')} className="split__full">
                  <UnpricedTable rows={allocation.unpriced} caption={t('overview.unpriced')} />
                </Card>
              )}
            </div>
          );
        }}
      </QueryState>
    </Page>
  );
}
