import { useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { consoleKey, replayDeadLetter, useDeadLetters, usePlugins, type DeadLetter,
  type Plugin } from '../../api/console';
import { ApiError } from '../../api/http';
import { usePreferences } from '../../app/preferences';
import { useSession } from '../../app/session';
import { DateText } from '../../components/Money';
import { Page } from '../../components/Page';
import { RequireRole, RoleQueryState } from '../../components/RequireRole';
import './console.css';
import { consoleAppsRoute } from './route';

/** What became of the last replay, said in the page's status line. */
interface Outcome {
  readonly kind: 'replayed' | 'not-replayed' | 'failed';
  readonly text: string;
}

type OnOutcome = (outcome: Outcome) => void;

function failureDetail(error: unknown): string {
  if (error instanceof ApiError) {
    return error.detail !== '' ? error.detail : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

function YesNo(props: { readonly value: boolean }) {
  const { t } = usePreferences();
  return (
    <span className={`status ${props.value ? 'status--ok' : 'status--warn'}`}>
      {props.value ? t('console.yes') : t('console.no')}
    </span>
  );
}

function Scopes(props: { readonly plugin: Plugin }) {
  const { t } = usePreferences();
  if (props.plugin.scopes.length === 0) {
    return <span className="muted">{t('console.apps.noScopes')}</span>;
  }
  return (
    <ul className="plain-list console__scopes">
      {props.plugin.scopes.map((s) => (
        <li key={s.scope}>
          <span className="console__id">{s.scope}</span>{' '}
          <span className={`status ${s.granted ? 'status--ok' : 'status--warn'}`}>
            {s.granted ? t('console.apps.granted') : t('console.apps.notGranted')}
          </span>
          {s.reason !== '' && <span className="cell-sub">{s.reason}</span>}
        </li>
      ))}
    </ul>
  );
}

function DeadLetters(props: { readonly plugin: Plugin; readonly query: UseQueryResult<DeadLetter[]>;
  readonly onOutcome: OnOutcome }) {
  const { t } = usePreferences();
  const { tenant, session } = useSession();
  const queryClient = useQueryClient();
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const { plugin } = props;

  const replay = async (letter: DeadLetter) => {
    setBusy(letter.id);
    const named = { type: letter.type, id: letter.id, app: plugin.id };
    let outcome: Outcome;
    try {
      const answer = await replayDeadLetter(tenant, session.csrfToken, plugin.id, letter.id);
      outcome = answer.replayed
        ? { kind: 'replayed', text: t('console.apps.replayed', named) }
        : { kind: 'not-replayed', text: t('console.apps.notReplayed', named) };
    } catch (error) {
      outcome = { kind: 'failed', text: t('console.apps.replayFailed', { ...named, detail: failureDetail(error) }) };
    }
    props.onOutcome(outcome);
    await queryClient.invalidateQueries({ queryKey: consoleKey(tenant, 'plugins', plugin.id, 'dead-letters') });
    void queryClient.invalidateQueries({ queryKey: consoleKey(tenant, 'audit') });
    setBusy(null);
    heading.current?.focus();
  };

  return (
    <div className="console__letters">
      <h3 id={`${id}-title`} className="console__subtitle" ref={heading} tabIndex={-1}>
        {t('console.apps.deadLettersOf', { id: plugin.id })}
      </h3>
      <RoleQueryState query={props.query} lines={2}>
        {(letters) => letters.length === 0 ? (
          <p className="console__empty">{t('console.apps.deadLettersNone')}</p>
        ) : (
          <div className="table-wrap console__table-wrap" tabIndex={0} role="region"
            aria-labelledby={`${id}-title`}>
            <table className="table console__table">
              <caption className="visually-hidden">{t('console.apps.deadLettersOf', { id: plugin.id })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('col.message')}</th>
                  <th scope="col">{t('col.type')}</th>
                  <th scope="col">{t('col.entityId')}</th>
                  <th scope="col">{t('col.sender')}</th>
                  <th scope="col">{t('col.time')}</th>
                  <th scope="col">{t('col.action')}</th>
                </tr>
              </thead>
              <tbody>
                {letters.map((d) => (
                  <tr key={d.id} data-envelope={d.id}>
                    <th scope="row" className="console__id">{d.id}</th>
                    <td className="console__id">{d.type}</td>
                    <td className="console__id">{d.entity}</td>
                    <td className="console__id">{d.sender}</td>
                    <td><DateText iso={d.occurredAt === '' ? null : d.occurredAt} /></td>
                    <td>
                      <button type="button" className="button" disabled={busy !== null}
                        onClick={() => void replay(d)}>
                        {busy === d.id ? t('console.apps.replaying') : t('console.apps.replay')}{' '}
                        <span className="visually-hidden">
                          {t('console.apps.replayOf', { type: d.type, id: d.id })}
                        </span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </RoleQueryState>
    </div>
  );
}

const COLUMNS = 8;

function PluginRow(props: { readonly plugin: Plugin; readonly onOutcome: OnOutcome }) {
  const { t } = usePreferences();
  const { plugin } = props;
  const id = useId();
  const [open, setOpen] = useState(false);
  const letters = useDeadLetters(plugin.id);
  const count = letters.data !== undefined ? String(letters.data.length) : letters.isError ? '?' : '…';
  return (
    <>
      <tr data-plugin={plugin.id}>
        <th scope="row" className="console__id">
          {plugin.id}
          {plugin.domain !== '' && <span className="cell-sub">{plugin.domain}</span>}
        </th>
        <td className="console__id">{plugin.version}</td>
        <td>{plugin.kind}</td>
        <td>{plugin.publisher}</td>
        <td><DateText iso={plugin.installedAt === '' ? null : plugin.installedAt} /></td>
        <td><YesNo value={plugin.receiving} /></td>
        <td><Scopes plugin={plugin} /></td>
        <td>
          <button type="button" className="button" aria-expanded={open} aria-controls={`${id}-letters`}
            onClick={() => setOpen((o) => !o)}>
            {open ? t('console.apps.hide', { count }) : t('console.apps.show', { count })}{' '}
            <span className="visually-hidden">
              {t('console.apps.ofApp', { id: plugin.id })}
              {letters.isPending ? `, ${t('console.apps.counting')}` : ''}
            </span>
          </button>
        </td>
      </tr>
      <tr id={`${id}-letters`} className="console__letters-row" hidden={!open}>
        <td colSpan={COLUMNS}>
          {open && <DeadLetters plugin={plugin} query={letters} onOutcome={props.onOutcome} />}
        </td>
      </tr>
    </>
  );
}

function PluginsTable(props: { readonly plugins: readonly Plugin[]; readonly onOutcome: OnOutcome }) {
  const { t } = usePreferences();
  const id = useId();
  return (
    <div className="table-wrap console__table-wrap" tabIndex={0} role="region" aria-labelledby={`${id}-caption`}>
      <table id="console-plugins" className="table console__table">
        <caption id={`${id}-caption`}>{t('console.apps.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('col.app')}</th>
            <th scope="col">{t('col.version')}</th>
            <th scope="col">{t('col.kind')}</th>
            <th scope="col">{t('col.publisher')}</th>
            <th scope="col">{t('col.installedAt')}</th>
            <th scope="col">{t('col.receiving')}</th>
            <th scope="col">{t('col.permissions')}</th>
            <th scope="col">{t('col.deadLetters')}</th>
          </tr>
        </thead>
        <tbody>
          {props.plugins.map((p) => <PluginRow key={p.id} plugin={p} onOutcome={props.onOutcome} />)}
        </tbody>
      </table>
    </div>
  );
}

function AppsConsole() {
  const { t } = usePreferences();
  const plugins = usePlugins();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  return (
    <Page title={t('nav.consoleApps')} subtitle={t('console.apps.subtitle')}>
      <p id="apps-status" role="status" aria-live="polite"
        className={`console__status${outcome === null ? '' : ` console__status--${outcome.kind}`}`}>
        {outcome?.text ?? ''}
      </p>
      <section className="card">
        <RoleQueryState query={plugins} lines={4}>
          {(list) => list.length === 0
            ? <p>{t('console.apps.none')}</p>
            : <PluginsTable plugins={list} onOutcome={setOutcome} />}
        </RoleQueryState>
      </section>
    </Page>
  );
}

export default function AppsPage() {
  const { t } = usePreferences();
  return (
    <RequireRole role={consoleAppsRoute.role} title={t(consoleAppsRoute.labelKey)}>
      <AppsConsole />
    </RequireRole>
  );
}
