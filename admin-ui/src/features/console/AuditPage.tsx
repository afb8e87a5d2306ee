import { useId, useMemo, useState } from 'react';
import { useAuditRecords, useAuditVerification, type AuditRecord, type AuditVerification } from '../../api/console';
import { usePreferences } from '../../app/preferences';
import { useSession } from '../../app/session';
import { DateText } from '../../components/Money';
import { Page } from '../../components/Page';
import { RequireRole, RoleQueryState } from '../../components/RequireRole';
import { formatDate } from '../../money/format';
import { auditCsv, filterAudit, kindsOf, newestFirst } from './audit';
import './console.css';
import { downloadText } from './csv';
import { consoleAuditRoute } from './route';

function ChainCheck(props: { readonly verification: AuditVerification; readonly records: number | null }) {
  const { t } = usePreferences();
  const { intact, problem } = props.verification;
  let detail: string;
  if (intact) {
    detail = props.records === null
      ? t('console.audit.chainIntactPlain')
      : t('console.audit.chainIntactDetail', { count: props.records });
  } else {
    detail = problem === '' ? t('console.audit.chainBrokenUnsaid') : problem;
  }
  return (
    <div id="audit-chain" className={`chain chain--${intact ? 'intact' : 'broken'}`} role="status">
      <span className="chain__mark" aria-hidden="true">{intact ? '✓' : '✕'}</span>
      <div className="chain__text">
        <p className="chain__verdict">{intact ? t('console.audit.chainIntact') : t('console.audit.chainBroken')}</p>
        <p className="chain__detail">{detail}</p>
      </div>
    </div>
  );
}

function AuditTable(props: { readonly records: readonly AuditRecord[] }) {
  const { t, locale } = usePreferences();
  const { tenant } = useSession();
  const id = useId();
  const [search, setSearch] = useState('');
  const [kind, setKind] = useState('');
  const ordered = useMemo(() => newestFirst(props.records), [props.records]);
  const kinds = useMemo(() => kindsOf(ordered), [ordered]);
  const shown = useMemo(() => filterAudit(ordered, search, kind, (iso) => {
    try {
      return formatDate(iso, locale);
    } catch {
      return iso;
    }
  }), [ordered, search, kind, locale]);

  const exportCsv = () => {
    const day = new Date().toISOString().slice(0, 10);
    downloadText(`audit-trail-${tenant}-${day}.csv`, auditCsv(shown));
  };

  if (ordered.length === 0) {
    return <p>{t('console.audit.none')}</p>;
  }
  return (
    <>
      <div className="console__toolbar">
        <form className="filters console__filters" role="search" onSubmit={(e) => e.preventDefault()}>
          <div className="field console__search">
            <label htmlFor={`${id}-q`}>{t('console.audit.search')}</label>
            <input id={`${id}-q`} type="search" value={search} autoComplete="off"
              placeholder={t('console.audit.searchPlaceholder')} onChange={(e) => setSearch(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-kind`}>{t('console.audit.kind')}</label>
            <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value)}>
              <option value="">{t('console.audit.allKinds')}</option>
              {kinds.map((k) => <option key={k} value={k}>{k}</option>)}
            </select>
          </div>
        </form>
        <div className="console__export">
          <button id="audit-export" type="button" className="button" onClick={exportCsv}
            disabled={shown.length === 0} aria-describedby={`${id}-export-hint`}>
            {t('console.audit.export')}
          </button>
          <span id={`${id}-export-hint`} className="field__hint">
            {t('console.audit.exportHint', { count: shown.length })}
          </span>
        </div>
      </div>
      <p id="audit-count" className="muted" role="status">
        {t('console.audit.count', { shown: shown.length, total: ordered.length })}
      </p>
      {shown.length === 0 ? (
        <p>{t('console.audit.noMatch')}</p>
      ) : (
        <div className="table-wrap console__table-wrap" tabIndex={0} role="region"
          aria-labelledby={`${id}-caption`}>
          <table id="audit-records" className="table console__table">
            <caption id={`${id}-caption`} className="visually-hidden">{t('console.audit.records')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('col.time')}</th>
                <th scope="col">{t('col.kind')}</th>
                <th scope="col">{t('col.actor')}</th>
                <th scope="col">{t('col.subject')}</th>
                <th scope="col">{t('col.target')}</th>
                <th scope="col">{t('col.rule')}</th>
                <th scope="col">{t('col.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => (
                <tr key={r.sequence} data-sequence={r.sequence}>
                  <th scope="row" className="console__time">
                    <DateText iso={r.at} />
                    <span className="cell-sub">#{r.sequence}</span>
                  </th>
                  <td>{r.kind}</td>
                  <td className="console__id">{r.actor}</td>
                  <td className="console__id">{r.subject}</td>
                  <td className="console__id">
                    {r.reference}
                    {r.messageType !== '' && <span className="cell-sub">{r.messageType}</span>}
                  </td>
                  <td className="console__id">{r.rule}</td>
                  <td className="console__detail">{r.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function AuditTrail() {
  const { t } = usePreferences();
  const verification = useAuditVerification();
  const records = useAuditRecords();
  return (
    <Page title={t('nav.consoleAudit')} subtitle={t('console.audit.subtitle')}>
      <section className="card" aria-labelledby="audit-chain-title">
        <div className="console__card-head">
          <h2 id="audit-chain-title" className="card__title">{t('console.audit.chain')}</h2>
          <button type="button" className="button button--quiet" disabled={verification.isFetching}
            onClick={() => void verification.refetch()}>
            {t('console.audit.recheck')}
          </button>
        </div>
        <RoleQueryState query={verification} lines={1}>
          {(v) => <ChainCheck verification={v} records={records.data?.length ?? null} />}
        </RoleQueryState>
      </section>
      <section className="card" aria-labelledby="audit-records-title">
        <h2 id="audit-records-title" className="card__title">{t('console.audit.records')}</h2>
        <RoleQueryState query={records} lines={8}>
          {(list) => <AuditTable records={list} />}
        </RoleQueryState>
      </section>
    </Page>
  );
}

export default function AuditPage() {
  const { t } = usePreferences();
  return (
    <RequireRole role={consoleAuditRoute.role} title={t(consoleAuditRoute.labelKey)}>
      <AuditTrail />
    </RequireRole>
  );
}
