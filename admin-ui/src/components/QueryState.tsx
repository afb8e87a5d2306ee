import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { usePreferences } from '../app/preferences';
import { ApiError, UnavailableError } from '../api/http';
import { ShapeError } from '../api/json';
import { signInUrl } from './signIn';

export function Skeleton(props: { readonly lines?: number; readonly label?: string }) {
  const { t } = usePreferences();
  const lines = Array.from({ length: props.lines ?? 3 }, (_, i) => i);
  return (
    <div className="skeleton" role="status" aria-live="polite">
      <span className="visually-hidden">{props.label ?? t('app.loading')}</span>
      {lines.map((i) => (
        <div key={i} className="skeleton__line" aria-hidden="true" />
      ))}
    </div>
  );
}

/** What went wrong, said plainly: a denied owner is not an empty page. */
export function ErrorPanel(props: { readonly error: unknown; readonly onRetry?: () => void }) {
  const { t } = usePreferences();
  const { error } = props;
  let title = t('error.genericTitle');
  let detail = error instanceof Error ? error.message : String(error);
  let signIn = false;
  let retry = true;
  if (error instanceof ApiError) {
    detail = error.detail;
    if (error.status === 403) {
      title = t('error.forbiddenTitle');
      retry = false;
    } else if (error.status === 404) {
      title = t('error.notFoundTitle');
      detail = error.detail === '' ? t('error.notFound') : error.detail;
      retry = false;
    } else if (error.status === 401) {
      title = t('error.sessionEnded');
      signIn = true;
      retry = false;
    } else {
      detail = error.message;
    }
  } else if (error instanceof UnavailableError) {
    title = t('error.unavailableTitle');
    detail = error.reason;
  } else if (error instanceof ShapeError) {
    retry = false;
  }
  const forbidden = error instanceof ApiError && error.status === 403;
  return (
    <div className={`notice ${forbidden ? 'notice--forbidden' : 'notice--error'}`} role="alert">
      <h2 className="notice__title">{title}</h2>
      {detail !== '' && <p className="notice__detail">{detail}</p>}
      <div className="notice__actions">
        {signIn && (
          <a className="button button--primary" href={signInUrl()}>
            {t('signIn.button')}
          </a>
        )}
        {retry && props.onRetry !== undefined && (
          <button type="button" className="button" onClick={props.onRetry}>
            {t('error.retry')}
          </button>
        )}
      </div>
    </div>
  );
}

/** Renders a query: a skeleton while it loads, the error panel when it fails, else the children with the data. */
export function QueryState<T>(props: {
  readonly query: UseQueryResult<T>;
  readonly lines?: number;
  readonly children: (data: T) => ReactNode;
}) {
  const { query } = props;
  if (query.isPending) {
    return <Skeleton {...(props.lines !== undefined ? { lines: props.lines } : {})} />;
  }
  if (query.isError) {
    return <ErrorPanel error={query.error} onRetry={() => void query.refetch()} />;
  }
  return <>{props.children(query.data)}</>;
}
