import { useEffect, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { FORMAT_LABELS, isStatementFormat, STATEMENT_FORMATS, type CustodyStatement, type Problem,
  type StatementFormat } from '../../api/custody';
import { ApiError, postJson, tenantCommandUrl } from '../../api/http';
import { isObject } from '../../api/json';
import { useTenantQuery } from '../../api/queries';
import { readParty } from '../../api/types';
import { useLiveSubscribe } from '../../app/live';
import { usePreferences } from '../../app/preferences';
import { useSession } from '../../app/session';
import { useScope } from '../../app/useScope';
import { DateText, Money } from '../../components/Money';
import { Card, Page } from '../../components/Page';
import type { MessageKey } from '../../i18n';
import { followImport, newImportId, watchImport, type CustodySnapshot, type Outcome } from './follow';
import './imports.css';
import {
  ACCEPTED_FILES,
  checkFileSize,
  detectFormat,
  formatBytes,
  IMPORT_LIMIT_BYTES,
  readHead,
  readText,
  requestBytes,
  type FormatChoice,
  type SizeProblem,
} from './statementFile';

const FOLLOW_SECONDS = 60;

interface Chosen {
  readonly file: File;
  readonly detected: FormatChoice;
  readonly sizeProblem: SizeProblem | null;
}

type Phase =
  | { readonly kind: 'ready' }
  | { readonly kind: 'sending' }
  | { readonly kind: 'reading' }
  | { readonly kind: 'done'; readonly outcome: Outcome }
  | { readonly kind: 'failed'; readonly sent: boolean; readonly detail: string };

type StepState = 'done' | 'current' | 'todo' | 'failed';

const STEP_STATE_KEYS: Readonly<Record<StepState, MessageKey>> = {
  done: 'imports.step.stateDone',
  current: 'imports.step.stateCurrent',
  todo: 'imports.step.stateTodo',
  failed: 'imports.step.stateFailed',
};

const SOURCE_KEYS: Readonly<Record<FormatChoice['source'], MessageKey>> = {
  override: 'imports.source.override',
  content: 'imports.source.content',
  extension: 'imports.source.extension',
  default: 'imports.source.default',
};

/** What a refused request says, in the words of the server where it gave some. */
function failureDetail(error: unknown): string {
  if (error instanceof ApiError) {
    const body = error.body;
    if (error.detail !== '') {
      return error.detail;
    }
    if (isObject(body) && typeof body['error'] === 'string') {
      return body['error'];
    }
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

function steps(chosen: Chosen | null, phase: Phase): { key: MessageKey; state: StepState }[] {
  const fileOk = chosen !== null && chosen.sizeProblem === null;
  const chosenState: StepState = fileOk ? 'done' : 'current';
  let sent: StepState = 'todo';
  let read: StepState = 'todo';
  let last: StepState = 'todo';
  let lastKey: MessageKey = 'imports.step.done';
  switch (phase.kind) {
    case 'ready':
      break;
    case 'sending':
      sent = 'current';
      break;
    case 'reading':
      sent = 'done';
      read = 'current';
      break;
    case 'failed':
      sent = phase.sent ? 'done' : 'failed';
      read = phase.sent ? 'failed' : 'todo';
      break;
    case 'done':
      sent = 'done';
      if (phase.outcome.kind === 'rejected') {
        read = 'done';
        last = 'failed';
        lastKey = 'imports.step.rejected';
      } else if (phase.outcome.kind === 'timeout') {
        read = 'current';
      } else {
        read = 'done';
        last = 'done';
      }
      break;
  }
  return [
    { key: 'imports.step.chosen', state: phase.kind === 'ready' ? chosenState : 'done' },
    { key: 'imports.step.sent', state: sent },
    { key: 'imports.step.read', state: read },
    { key: lastKey, state: last },
  ];
}

function Stepper(props: { readonly chosen: Chosen | null; readonly phase: Phase }) {
  const { t } = usePreferences();
  return (
    <ol className="stepper" aria-label={t('imports.progress')}>
      {steps(props.chosen, props.phase).map((step, i) => (
        <li key={step.key} className={`stepper__step stepper__step--${step.state}`}
          aria-current={step.state === 'current' ? 'step' : undefined}>
          <span className="stepper__marker" aria-hidden="true">{step.state === 'failed' ? '✕' : i + 1}</span>
          <span className="stepper__label">
            {t(step.key)}
            <span className="visually-hidden">, {t(STEP_STATE_KEYS[step.state])}</span>
          </span>
        </li>
      ))}
    </ol>
  );
}

function ProblemItem(props: { readonly problem: Problem }) {
  const { t } = usePreferences();
  const { problem } = props;
  const place: string[] = [];
  if (problem.line !== null) place.push(t('imports.where.line', { n: problem.line }));
  if (problem.statement !== null) place.push(t('imports.where.statement', { id: problem.statement }));
  if (problem.entry !== null) place.push(t('imports.where.entry', { n: problem.entry }));
  const where = place.length === 0 ? t('imports.where.file') : place.join(', ');
  return (
    <li className="problem" title={problem.message}>
      <span className="problem__where">{where}</span>
      <span className="problem__what">{problem.what}</span>
    </li>
  );
}

function Balance(props: { readonly amount: string | null; readonly currency: string }) {
  const { t } = usePreferences();
  if (props.amount === null) {
    return (
      <>
        <span aria-hidden="true">–</span>
        <span className="visually-hidden">{t('imports.noBalance')}</span>
      </>
    );
  }
  return <Money amount={props.amount} currency={props.currency} />;
}

function StatementsTable(props: { readonly caption: string; readonly statements: readonly CustodyStatement[] }) {
  const { t } = usePreferences();
  return (
    <div className="table-wrap">
      <table className="table">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('col.statement')}</th>
            <th scope="col">{t('col.account')}</th>
            <th scope="col">{t('col.date')}</th>
            <th scope="col">{t('col.format')}</th>
            <th scope="col" className="num">{t('col.entries')}</th>
            <th scope="col" className="num">{t('col.opening')}</th>
            <th scope="col" className="num">{t('col.closing')}</th>
          </tr>
        </thead>
        <tbody>
          {props.statements.map((s) => (
            <tr key={s.statementKey}>
              <th scope="row">{s.statementId}<span className="cell-sub">{s.fileName}</span></th>
              <td className="imports__account">{s.accountId}</td>
              <td><DateText iso={s.statementDate} /></td>
              <td>{isStatementFormat(s.format) ? FORMAT_LABELS[s.format] : s.format}</td>
              <td className="num">{s.entries}</td>
              <td className="num"><Balance amount={s.openingBalance} currency={s.currency} /></td>
              <td className="num"><Balance amount={s.closingBalance} currency={s.currency} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CustodyTables(props: { readonly snapshot: CustodySnapshot; readonly mine: readonly CustodyStatement[] }) {
  const { t } = usePreferences();
  const { snapshot } = props;
  const myAccounts = new Set(props.mine.map((s) => s.accountId));
  const myKeys = new Set(props.mine.map((s) => s.statementKey));
  return (
    <>
      <div className="table-wrap">
        <table className="table">
          <caption>{t('imports.accounts')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('col.account')}</th>
              <th scope="col">{t('col.custodian')}</th>
              <th scope="col">{t('col.kind')}</th>
              <th scope="col" className="num">{t('col.balance')}</th>
              <th scope="col" className="num">{t('col.statements')}</th>
              <th scope="col">{t('col.lastStatement')}</th>
            </tr>
          </thead>
          <tbody>
            {snapshot.accounts.map((a) => (
              <tr key={a.accountId}>
                <th scope="row" className="imports__account">
                  {a.accountId}
                  {myAccounts.has(a.accountId) && <span className="cell-sub">{t('imports.thisFile')}</span>}
                </th>
                <td>{a.custodian}</td>
                <td>{a.kind}</td>
                <td className="num"><Balance amount={a.balance} currency={a.currency} /></td>
                <td className="num">{a.statements}</td>
                <td><DateText iso={a.lastStatement} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3 className="imports__subtitle">{t('imports.differences')}</h3>
      {snapshot.differences.length === 0 ? (
        <p>{t('imports.differencesNone')}</p>
      ) : (
        <>
          <p className="muted">{t('imports.differencesHint')}</p>
          <div className="table-wrap">
            <table className="table" id="import-differences">
              <caption className="visually-hidden">{t('imports.differences')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('col.statement')}</th>
                  <th scope="col" className="num">{t('col.expected')}</th>
                  <th scope="col" className="num">{t('col.actual')}</th>
                  <th scope="col">{t('col.detail')}</th>
                </tr>
              </thead>
              <tbody>
                {snapshot.differences.map((d, i) => (
                  <tr key={`${d.statementKey}-${i}`}>
                    <th scope="row" className="imports__account">
                      {d.statementKey}
                      {myKeys.has(d.statementKey) && <span className="cell-sub">{t('imports.thisFile')}</span>}
                    </th>
                    <td className="num"><Balance amount={d.expected} currency={d.currency} /></td>
                    <td className="num"><Balance amount={d.actual} currency={d.currency} /></td>
                    <td>{d.detail}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}

function OutcomeView(props: { readonly outcome: Outcome }) {
  const { t } = usePreferences();
  const { outcome } = props;
  switch (outcome.kind) {
    case 'rejected':
      return (
        <div className="notice notice--error imports__rejected">
          <h3 className="notice__title">{t('imports.rejectedTitle')}</h3>
          <p className="notice__detail">{t('imports.rejectedBody')}</p>
          {outcome.rejection.problems.length === 0 ? (
            <p>{t('imports.problemsUnread')}</p>
          ) : (
            <ol id="import-problems" className="problems" aria-label={t('imports.problems')}>
              {outcome.rejection.problems.map((p, i) => <ProblemItem key={i} problem={p} />)}
            </ol>
          )}
        </div>
      );
    case 'imported':
      return (
        <>
          <StatementsTable caption={t('imports.statements')} statements={outcome.statements} />
          <CustodyTables snapshot={outcome.snapshot} mine={outcome.statements} />
        </>
      );
    case 'unchanged':
      return (
        <>
          <StatementsTable caption={t('imports.earlier')} statements={outcome.earlier} />
          <CustodyTables snapshot={outcome.snapshot} mine={[]} />
        </>
      );
    case 'timeout':
      return null;
  }
}

export default function ImportsPage() {
  const { t, locale } = usePreferences();
  const { tenant, session } = useSession();
  const { scope } = useScope();
  const subscribe = useLiveSubscribe();
  const owner = scope.owner;
  const party = useTenantQuery('structures', 'party', { id: owner ?? undefined, owner: owner ?? undefined },
    readParty, owner !== null);
  const ownerName = party.data !== undefined && party.data.name !== owner ? `${party.data.name} (${owner})` : owner;

  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [override, setOverride] = useState<StatementFormat | null>(null);
  const [custodian, setCustodian] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'ready' });
  const fileInput = useRef<HTMLInputElement>(null);
  const custodianInput = useRef<HTMLInputElement>(null);
  const resultHeading = useRef<HTMLHeadingElement>(null);
  const running = useRef<AbortController | null>(null);

  useEffect(() => () => running.current?.abort(), []);
  useEffect(() => {
    if (phase.kind === 'done' || phase.kind === 'failed') {
      resultHeading.current?.focus();
    }
  }, [phase.kind]);

  const busy = phase.kind === 'sending' || phase.kind === 'reading';
  const limit = formatBytes(IMPORT_LIMIT_BYTES, locale);
  const format = chosen === null ? null : (override ?? chosen.detected.format);
  const source = chosen === null ? null : (override !== null ? 'override' : chosen.detected.source);

  const sizeText = (problem: SizeProblem): string => problem.kind === 'empty'
    ? t('imports.empty')
    : t('imports.tooLarge', { size: formatBytes(problem.size, locale), limit: formatBytes(problem.limit, locale) });

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0] ?? null;
    setFormError(null);
    setOverride(null);
    setPhase({ kind: 'ready' });
    if (file === null) {
      setChosen(null);
      return;
    }
    const sizeProblem = checkFileSize(file.size);
    let head = '';
    if (sizeProblem === null) {
      try {
        head = await readHead(file);
      } catch {
        head = ''; // the name still says something; reading the whole file will say what is wrong
      }
    }
    if (e.target.files?.[0] !== file) {
      return; // another file was chosen meanwhile
    }
    setChosen({ file, detected: detectFormat(file.name, head), sizeProblem });
  };

  const reset = () => {
    running.current?.abort();
    running.current = null;
    setChosen(null);
    setOverride(null);
    setFormError(null);
    setPhase({ kind: 'ready' });
    if (fileInput.current !== null) {
      fileInput.current.value = '';
      fileInput.current.focus();
    }
  };

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (busy || owner === null) {
      return;
    }
    if (chosen === null || format === null) {
      setFormError(t('imports.noFile'));
      fileInput.current?.focus();
      return;
    }
    if (chosen.sizeProblem !== null) {
      setFormError(null); // the file's own message says why
      fileInput.current?.focus();
      return;
    }
    const issuer = custodian.trim();
    if (issuer === '') {
      setFormError(t('imports.custodianRequired'));
      custodianInput.current?.focus();
      return;
    }
    setFormError(null);
    setPhase({ kind: 'sending' });
    let content: string;
    try {
      content = await readText(chosen.file);
    } catch (error) {
      setPhase({ kind: 'failed', sent: false, detail: t('imports.readFailed', { detail: failureDetail(error) }) });
      return;
    }
    const importId = newImportId();
    const body = { importId, fileName: chosen.file.name, format, content, ownerId: owner, custodian: issuer };
    const bytes = requestBytes(body);
    if (bytes > IMPORT_LIMIT_BYTES) {
      setPhase({ kind: 'failed', sent: false,
        detail: t('imports.bodyTooLarge', { size: formatBytes(bytes, locale), limit }) });
      return;
    }
    running.current?.abort();
    const controller = new AbortController();
    running.current = controller;
    const watch = watchImport(subscribe, importId); // before sending: a quick answer is not missed
    let sent = false;
    try {
      const url = `${tenantCommandUrl(tenant, 'custody.ImportStatement')}?entity=${encodeURIComponent(owner)}`;
      await postJson(url, session.csrfToken, body);
      sent = true;
      if (controller.signal.aborted) {
        return;
      }
      setPhase({ kind: 'reading' });
      const outcome = await followImport({ tenant, owner, importId, fileName: chosen.file.name, watch,
        signal: controller.signal, timeoutMs: FOLLOW_SECONDS * 1000 });
      if (!controller.signal.aborted) {
        setPhase({ kind: 'done', outcome });
      }
    } catch (error) {
      if (!controller.signal.aborted) {
        setPhase({ kind: 'failed', sent, detail: failureDetail(error) });
      }
    } finally {
      watch.stop();
    }
  };

  const fileName = chosen?.file.name ?? '';
  let status: string;
  switch (phase.kind) {
    case 'ready':
      status = chosen === null || chosen.sizeProblem !== null
        ? t('imports.status.idle') : t('imports.status.chosen', { file: fileName });
      break;
    case 'sending':
      status = t('imports.status.sending');
      break;
    case 'reading':
      status = t('imports.status.accepted');
      break;
    case 'failed':
      status = t('imports.status.failed', { detail: phase.detail });
      break;
    case 'done':
      switch (phase.outcome.kind) {
        case 'imported':
          status = t('imports.status.imported', { file: fileName, count: phase.outcome.statements.length });
          break;
        case 'rejected':
          status = t('imports.status.rejected', { file: fileName });
          break;
        case 'unchanged':
          status = t('imports.status.unchanged', { file: fileName });
          break;
        case 'timeout':
          status = t('imports.status.timeout', { seconds: FOLLOW_SECONDS });
          break;
      }
      break;
  }

  const sizeProblem = chosen?.sizeProblem ?? null;
  const fileDescribedBy = ['import-file-hint', chosen !== null ? 'import-file-chosen' : '']
    .filter(Boolean).join(' ');

  return (
    <Page title={t('nav.imports')} subtitle={t('imports.subtitle')}>
      {owner === null ? (
        <p className="notice notice--forbidden">{t('scope.noOwner')}</p>
      ) : (
        <>
          <Card title={t('imports.formTitle')} className="imports__form-card">
            <p className="imports__owner" id="import-owner">{t('imports.for', { owner: ownerName ?? owner })}</p>
            <form className="imports__form" onSubmit={(e) => void submit(e)} noValidate
              aria-describedby="import-owner">
              <div className="field imports__field--wide">
                <label htmlFor="import-file">{t('imports.file')}</label>
                <input id="import-file" ref={fileInput} type="file" accept={ACCEPTED_FILES} disabled={busy}
                  aria-describedby={fileDescribedBy} aria-invalid={sizeProblem !== null ? true : undefined}
                  onChange={(e) => void onFile(e)} />
                <span id="import-file-hint" className="field__hint">{t('imports.fileHint', { limit })}</span>
                {chosen !== null && (
                  <span id="import-file-chosen" className="imports__chosen">
                    {t('imports.fileChosen', { name: chosen.file.name, size: formatBytes(chosen.file.size, locale) })}
                  </span>
                )}
                {sizeProblem !== null && (
                  <p className="imports__error" role="alert">{sizeText(sizeProblem)}</p>
                )}
              </div>
              <div className="field">
                <label htmlFor="import-format">{t('imports.format')}</label>
                <select id="import-format" value={format ?? 'CSV'} disabled={busy || chosen === null}
                  aria-describedby={source !== null ? 'import-format-source' : undefined}
                  onChange={(e) => setOverride(isStatementFormat(e.target.value) ? e.target.value : null)}>
                  {STATEMENT_FORMATS.map((f) => <option key={f} value={f}>{FORMAT_LABELS[f]}</option>)}
                </select>
                {source !== null && (
                  <span id="import-format-source" className="field__hint">{t(SOURCE_KEYS[source])}</span>
                )}
              </div>
              <div className="field">
                <label htmlFor="import-custodian">{t('imports.custodian')}</label>
                <input id="import-custodian" ref={custodianInput} type="text" required autoComplete="organization"
                  value={custodian} disabled={busy} aria-describedby="import-custodian-hint"
                  onChange={(e) => setCustodian(e.target.value)} />
                <span id="import-custodian-hint" className="field__hint">{t('imports.custodianHint')}</span>
              </div>
              <div className="imports__actions">
                <button id="import-submit" type="submit" className="button button--primary" disabled={busy}>
                  {t('imports.submit')}
                </button>
                {(phase.kind === 'done' || phase.kind === 'failed') && (
                  <button type="button" className="button" onClick={reset}>{t('imports.again')}</button>
                )}
              </div>
              {formError !== null && <p className="imports__error" role="alert">{formError}</p>}
            </form>
          </Card>

          <Stepper chosen={chosen} phase={phase} />
          <p id="import-status" className={`imports__status imports__status--${phase.kind}`} role="status"
            aria-live="polite">
            {status}
          </p>

          {(phase.kind === 'done' || phase.kind === 'failed') && (
            <section id="import-result" className="card imports__result" aria-labelledby="import-result-title">
              <h2 id="import-result-title" className="card__title" ref={resultHeading} tabIndex={-1}>
                {t('imports.result')}
              </h2>
              <p className={phase.kind === 'failed' ? 'imports__error' : 'imports__summary'}>{status}</p>
              {phase.kind === 'done' && <OutcomeView outcome={phase.outcome} />}
            </section>
          )}
        </>
      )}
    </Page>
  );
}
