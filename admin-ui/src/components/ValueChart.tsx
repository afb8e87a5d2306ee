import { Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { usePreferences } from '../app/preferences';
import { decimalToChartNumber } from '../money/decimal';
import { formatDate } from '../money/format';
import { useMoneyText } from './Money';

export interface ValuePoint {
  readonly date: string;
  readonly amount: string;
  readonly currency: string;
}

interface Row {
  readonly date: string;
  readonly dateText: string;
  /** Chart geometry only. */
  readonly y: number;
  readonly text: string;
}

function isRow(value: unknown): value is Row {
  return typeof value === 'object' && value !== null && 'dateText' in value && 'text' in value
    && typeof value.dateText === 'string' && typeof value.text === 'string';
}

function RowTooltip(props: { readonly active?: boolean; readonly payload?: readonly { payload?: unknown }[] }) {
  const row: unknown = props.payload?.[0]?.payload;
  if (props.active !== true || !isRow(row)) {
    return null;
  }
  return (
    <div className="chart-tooltip">
      <strong>{row.dateText}</strong>
      <span>{row.text}</span>
    </div>
  );
}

/**
 * Values over time as bars or a line. The figures themselves are in the table next to it; the chart only draws
 * their approximate size, and shows the exact text on hover.
 */
export function ValueChart(props: { readonly points: readonly ValuePoint[]; readonly kind: 'bar' | 'line';
  readonly describedBy: string }) {
  const { locale, discreet } = usePreferences();
  const money = useMoneyText();
  const rows: Row[] = props.points
    .map((p) => ({
      date: p.date,
      dateText: formatDate(p.date, locale),
      y: decimalToChartNumber(p.amount),
      text: discreet ? '•••••' : money(p.amount, p.currency),
    }))
    .filter((r) => Number.isFinite(r.y));
  const axis = {
    tick: discreet ? false : { className: 'chart-tick' },
    width: discreet ? 8 : 88,
    tickFormatter: (v: number) => new Intl.NumberFormat(locale, { notation: 'compact' }).format(v),
  } as const;
  return (
    <figure className="chart chart--timeline" aria-describedby={props.describedBy}>
      <ResponsiveContainer width="100%" height="100%">
        {props.kind === 'bar' ? (
          <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
            <CartesianGrid className="chart-grid" vertical={false} />
            <XAxis dataKey="dateText" tick={{ className: 'chart-tick' }} />
            <YAxis {...axis} />
            <Tooltip content={<RowTooltip />} cursor={{ className: 'chart-cursor' }} />
            <Bar dataKey="y" className="chart-fill-1" isAnimationActive={false} />
          </BarChart>
        ) : (
          <LineChart data={rows} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
            <CartesianGrid className="chart-grid" vertical={false} />
            <XAxis dataKey="dateText" tick={{ className: 'chart-tick' }} />
            <YAxis {...axis} />
            <Tooltip content={<RowTooltip />} />
            <Line dataKey="y" className="chart-line" type="stepAfter" isAnimationActive={false} dot />
          </LineChart>
        )}
      </ResponsiveContainer>
    </figure>
  );
}
