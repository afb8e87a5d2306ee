import { useParams } from '@tanstack/react-router';
import { usePreferences } from '../../app/preferences';
import { useScope } from '../../app/useScope';
import { useTenantQuery } from '../../api/queries';
import { readAsset } from '../../api/types';
import { DateText, Money } from '../../components/Money';
import { Card, Page } from '../../components/Page';
import { QueryState } from '../../components/QueryState';
import { ValueChart } from '../../components/ValueChart';

function size(bytes: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'unit', unit: bytes < 1024 * 1024 ? 'kilobyte' : 'megabyte',
    maximumFractionDigits: 1 }).format(bytes < 1024 * 1024 ? bytes / 1024 : bytes / (1024 * 1024));
}

export default function AssetPage() {
  const { t, locale } = usePreferences();
  const { scope } = useScope();
  const { assetId } = useParams({ strict: false });
  const id = assetId ?? '';
  // The gate decides on the owner parameter: the asset is asked for as the owner in scope sees it.
  const query = useTenantQuery('assets', 'asset', { id, owner: scope.owner ?? undefined }, readAsset, id !== '');

  return (
    <QueryState query={query} lines={8}>
      {(asset) => (
        <Page title={asset.name} subtitle={
          <>{t('asset.class')}: {asset.assetClass} · {t('asset.owner')}: {asset.owner}
            {asset.liability && <> · <span className="status status--warn">{t('asset.liability')}</span></>}
            {asset.linkedAssetId !== null && <> · {t('asset.linked', { id: asset.linkedAssetId })}</>}</>
        }>
          {asset.description !== null && asset.description !== '' && <p>{asset.description}</p>}
          <div className="figures">
            <Card className="figure figure--main">
              <h2 className="figure__label">{t('asset.current')}</h2>
              {asset.currentValue === null ? <p>{t('asset.noValuation')}</p> : (
                <>
                  <p className="figure__value">
                    <Money amount={asset.currentValue.amount} currency={asset.currentValue.currency} />
                  </p>
                  <p className="figure__note">
                    <DateText iso={asset.currentValue.valuationDate} /> · {asset.currentValue.method}
                  </p>
                </>
              )}
            </Card>
          </div>
          {asset.valuations.length > 0 && (
            <Card title={t('asset.history')}>
              <ValueChart kind="line" describedBy="valuations-caption"
                points={asset.valuations.map((v) => ({ date: v.valuationDate, amount: v.amount, currency: v.currency }))} />
              <div className="table-wrap">
                <table className="table">
                  <caption id="valuations-caption" className="visually-hidden">{t('asset.history')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('col.date')}</th>
                      <th scope="col">{t('col.method')}</th>
                      <th scope="col">{t('col.source')}</th>
                      <th scope="col" className="num">{t('col.amount')}</th>
                      <th scope="col">{t('col.currency')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {asset.valuations.map((v) => (
                      <tr key={v.valuationId}>
                        <td><DateText iso={v.valuationDate} /></td>
                        <td>{v.method}</td>
                        <td>{v.appraiser ?? '–'}</td>
                        <td className="num"><Money amount={v.amount} currency={v.currency} /></td>
                        <td>{v.currency}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </Card>
          )}
          <Card title={t('asset.evidence')}>
            {asset.evidence.length === 0 ? <p>{t('asset.evidenceNone')}</p> : (
              <div className="table-wrap">
                <table className="table">
                  <caption className="visually-hidden">{t('asset.evidence')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('col.document')}</th>
                      <th scope="col">{t('col.type')}</th>
                      <th scope="col" className="num">{t('col.size')}</th>
                      <th scope="col">{t('col.valuation')}</th>
                      <th scope="col">{t('col.attachedAt')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {asset.evidence.map((e) => (
                      <tr key={`${e.valuationId}-${e.documentName}`}>
                        <th scope="row">{e.documentName}</th>
                        <td>{e.mediaType}</td>
                        <td className="num">{size(e.size, locale)}</td>
                        <td>{e.valuationId}</td>
                        <td><DateText iso={e.attachedAt} /></td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </Card>
        </Page>
      )}
    </QueryState>
  );
}
