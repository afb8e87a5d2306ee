import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ApiError } from '../api/http';
import { usePreferences } from '../app/preferences';
import { useSession } from '../app/session';
import { Page } from './Page';
import { QueryState } from './QueryState';

/** Says that a view needs the tenant administrator role (and, where the server said more, its words). */
export function RoleNotice(props: { readonly detail?: string }) {
  const { t } = usePreferences();
  const { session } = useSession();
  return (
    <div className="notice notice--forbidden" role="alert">
      <h2 className="notice__title">{t('role.needsTitle')}</h2>
      <p className="notice__detail">{t('role.needsDetail', { name: session.username })}</p>
      {props.detail !== undefined && props.detail !== '' && <p className="notice__detail">{props.detail}</p>}
    </div>
  );
}

/**
 * A view for one role: without it, the view's title and the notice instead of the view (whose requests are then
 * never sent). The server refuses them anyway; this only says so before asking.
 */
export function RequireRole(props: { readonly role: string; readonly title: string; readonly children: ReactNode }) {
  const { session } = useSession();
  if (session.roles.includes(props.role)) {
    return <>{props.children}</>;
  }
  return (
    <Page title={props.title}>
      <RoleNotice />
    </Page>
  );
}

/** {@link QueryState}, with a refusal for want of the role (403) said as such rather than as an owner's data. */
export function RoleQueryState<T>(props: {
  readonly query: UseQueryResult<T>;
  readonly lines?: number;
  readonly children: (data: T) => ReactNode;
}) {
  const { error } = props.query;
  if (props.query.isError && error instanceof ApiError && error.status === 403) {
    return <RoleNotice detail={error.detail} />;
  }
  return (
    <QueryState query={props.query} {...(props.lines !== undefined ? { lines: props.lines } : {})}>
      {props.children}
    </QueryState>
  );
}
