import { usePreferences } from '../app/preferences';
import type { Unpriced } from '../api/types';
import { Money, Percent } from './Money';

export function UnpricedTable(props: { readonly rows: readonly Unpriced[]; readonly caption: string }) {
  const { t } = usePreferences();
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('col.position')}</th>
            <th scope="col">{t('col.entity')}</th>
            <th scope="col" className="num">{t('col.amount')}</th>
            <th scope="col" className="num">{t('col.share')}</th>
            <th scope="col">{t('col.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((u) => (
            <tr key={`${u.positionId}-${u.entityId}-${u.currency}`}>
              <th scope="row">{u.name}</th>
              <td>{u.entityId}</td>
              <td className="num"><Money amount={u.amount} currency={u.currency} /></td>
              <td className="num"><Percent share={u.share} /></td>
              <td>{u.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
