import { useQueries } from '@tanstack/react-query';
import { useId, type ChangeEvent } from 'react';
import { getJson, tenantQueryUrl } from '../api/http';
import { readParty } from '../api/types';
import { LANGUAGE_NAMES, LANGUAGES, isLanguage } from '../i18n';
import { tenantKey } from '../live/liveUpdates';
import { instantToLocalInput, isIsoDate, localInputToInstant, REPORTING_CURRENCIES } from '../scope/scope';
import { usePreferences } from './preferences';
import { useSession } from './session';
import { useScope } from './useScope';

const MAX_NAMED = 60;

/** Names of the parties the reader may pick, where the structures domain answers; else their ids. */
function usePartyNames(ids: readonly string[]): ReadonlyMap<string, string> {
  const { tenant } = useSession();
  const named = ids.slice(0, MAX_NAMED);
  const results = useQueries({
    queries: named.map((id) => {
      const params = { id, owner: id };
      return {
        queryKey: [...tenantKey(tenant), 'structures', 'party', params],
        queryFn: async ({ signal }: { signal: AbortSignal }) =>
          readParty(await getJson(tenantQueryUrl(tenant, 'structures', 'party', params), signal)),
        staleTime: 5 * 60_000,
        retry: false,
      };
    }),
  });
  const names = new Map<string, string>();
  results.forEach((result, i) => {
    const id = named[i];
    if (id !== undefined && result.data !== undefined) {
      names.set(id, result.data.name);
    }
  });
  return names;
}

export function ScopeBar() {
  const { session } = useSession();
  const { t, language, setLanguage, discreet, setDiscreet } = usePreferences();
  const { scope, setScope } = useScope();
  const id = useId();
  const groups = [
    { label: t('scope.groupOwners'), ids: session.owners },
    { label: t('scope.groupClients'), ids: session.clients },
    { label: t('scope.groupShared'), ids: session.shared },
  ].filter((g) => g.ids.length > 0);
  const allIds = [...new Set(groups.flatMap((g) => g.ids))];
  const names = usePartyNames(allIds);
  const ownerListed = scope.owner === null || allIds.includes(scope.owner);
  const currencies = [...new Set<string>([...REPORTING_CURRENCIES, session.brand.currency, scope.ccy])];

  const onAsOf = (e: ChangeEvent<HTMLInputElement>) => {
    if (isIsoDate(e.target.value)) {
      setScope({ asOf: e.target.value });
    }
  };
  const onKnownAt = (e: ChangeEvent<HTMLInputElement>) => {
    setScope({ knownAt: localInputToInstant(e.target.value) });
  };

  return (
    <form className="scope-bar" aria-label={t('scope.label')} onSubmit={(e) => e.preventDefault()}>
      <div className="field">
        <label htmlFor={`${id}-owner`}>{t('scope.owner')}</label>
        {scope.owner === null ? (
          <p id={`${id}-owner`} className="field__static">{t('scope.noOwner')}</p>
        ) : (
          <select id={`${id}-owner`} value={scope.owner} onChange={(e) => setScope({ owner: e.target.value })}>
            {!ownerListed && <option value={scope.owner}>{names.get(scope.owner) ?? scope.owner}</option>}
            {groups.map((g) => (
              <optgroup key={g.label} label={g.label}>
                {g.ids.map((owner) => (
                  <option key={`${g.label}-${owner}`} value={owner}>
                    {names.get(owner) ?? owner}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${id}-asof`}>{t('scope.asOf')}</label>
        <input id={`${id}-asof`} type="date" value={scope.asOf} onChange={onAsOf} required />
      </div>
      <div className="field">
        <label htmlFor={`${id}-known`}>{t('scope.knownAt')}</label>
        <input
          id={`${id}-known`}
          type="datetime-local"
          step={1}
          value={instantToLocalInput(scope.knownAt)}
          onChange={onKnownAt}
          aria-describedby={`${id}-known-hint`}
        />
        <span id={`${id}-known-hint`} className="field__hint">{t('scope.knownAtHint')}</span>
      </div>
      <div className="field">
        <label htmlFor={`${id}-ccy`}>{t('scope.currency')}</label>
        <select id={`${id}-ccy`} value={scope.ccy} onChange={(e) => setScope({ ccy: e.target.value })}>
          {currencies.map((c) => (
            <option key={c} value={c}>{c}</option>
          ))}
        </select>
      </div>
      <div className="field field--toggle">
        <input
          id={`${id}-discreet`}
          type="checkbox"
          role="switch"
          checked={discreet}
          onChange={(e) => setDiscreet(e.target.checked)}
        />
        <label htmlFor={`${id}-discreet`}>{t('scope.discreet')}</label>
      </div>
      <div className="field">
        <label htmlFor={`${id}-lang`}>{t('scope.language')}</label>
        <select
          id={`${id}-lang`}
          value={language}
          onChange={(e) => {
            if (isLanguage(e.target.value)) {
              setLanguage(e.target.value);
            }
          }}
        >
          {LANGUAGES.map((l) => (
            <option key={l} value={l} lang={l}>{LANGUAGE_NAMES[l]}</option>
          ))}
        </select>
      </div>
    </form>
  );
}
