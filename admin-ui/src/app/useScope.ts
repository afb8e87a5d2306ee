import { useNavigate, useSearch } from '@tanstack/react-router';
import { useCallback, useMemo } from 'react';
import {
  buildScopeSearch,
  defaultOwner,
  parseScopeSearch,
  resolveScope,
  SCOPE_KEYS,
  todayIso,
  type Scope,
  type ScopeDefaults,
  type ScopeSearch,
} from '../scope/scope';
import { useSession } from './session';

export interface ScopeHandle {
  readonly scope: Scope;
  readonly defaults: ScopeDefaults;
  /** The scope's own search parameters (for links that must carry it). */
  readonly search: ScopeSearch;
  readonly setScope: (patch: Partial<Scope>) => void;
}

/** Everything but the scope's keys of a search object. */
export function withoutScope(search: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(search)) {
    if (!(SCOPE_KEYS as readonly string[]).includes(key)) {
      rest[key] = value;
    }
  }
  return rest;
}

export function useScope(): ScopeHandle {
  const { session } = useSession();
  const raw: Readonly<Record<string, unknown>> = useSearch({ strict: false });
  const today = todayIso();
  const defaults = useMemo<ScopeDefaults>(
    () => ({ owner: defaultOwner(session), asOf: today, ccy: session.brand.currency }),
    [session, today],
  );
  const parsed = parseScopeSearch(raw);
  const scope = resolveScope(parsed, defaults);
  const navigate = useNavigate();
  const setScope = useCallback(
    (patch: Partial<Scope>) => {
      const next = buildScopeSearch({ ...scope, ...patch }, defaults);
      void navigate({
        to: '.',
        search: (prev: Readonly<Record<string, unknown>>) => ({ ...withoutScope(prev), ...next }),
        replace: false,
      });
    },
    [scope.owner, scope.asOf, scope.knownAt, scope.ccy, defaults, navigate],
  );
  return { scope, defaults, search: buildScopeSearch(scope, defaults), setScope };
}
