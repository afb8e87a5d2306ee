import { QueryCache, QueryClient, QueryClientProvider, useQuery, useQueryClient } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { ApiError, getJson, portalUrl } from '../api/http';
import { isObject } from '../api/json';
import { readSession, type Session } from '../api/types';
import { ErrorPanel, Skeleton } from '../components/QueryState';
import { LiveProvider } from './live';
import { PreferencesProvider } from './preferences';
import { createAppRouter } from './router';
import { SessionContext, sessionKey } from './session';
import { SignIn, signInInfo, type SignInInfo } from './SignIn';

/** What {@code /portal/{t}/session} answers: the signed-in person, or what the sign-in screen needs. */
type SessionAnswer =
  | { readonly kind: 'signed-in'; readonly session: Session }
  | { readonly kind: 'signed-out'; readonly info: SignInInfo };

export function readSessionAnswer(value: unknown, tenant: string): SessionAnswer {
  if (isObject(value) && value['signedIn'] === false) {
    return { kind: 'signed-out', info: signInInfo(value, tenant) };
  }
  return { kind: 'signed-in', session: readSession(value) };
}

function retry(failures: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status < 500) {
    return false; // 4xx are answers, not accidents
  }
  return failures < 2;
}

export function createQueryClient(tenant: string): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        // a data query that finds the session gone re-asks for the session, which then shows the sign-in
        if (error instanceof ApiError && error.status === 401 && query.queryKey[0] !== sessionKey(tenant)[0]) {
          void client.invalidateQueries({ queryKey: sessionKey(tenant) });
        }
      },
    }),
    defaultOptions: {
      queries: { retry, staleTime: 30_000, refetchOnWindowFocus: false },
    },
  });
  return client;
}

function SessionGate(props: { readonly tenant: string }) {
  const queryClient = useQueryClient();
  const session = useQuery({
    queryKey: sessionKey(props.tenant),
    queryFn: async ({ signal }) => readSessionAnswer(await getJson(portalUrl(props.tenant, 'session'), signal), props.tenant),
    staleTime: Infinity,
    retry,
  });
  const router = useMemo(() => createAppRouter(props.tenant), [props.tenant]);
  const signedIn = session.data?.kind === 'signed-in' ? session.data.session : undefined;
  const brandLocale = signedIn?.brand.locale ?? (typeof navigator === 'undefined' ? 'en' : navigator.language);
  const sessionState = useMemo(
    () => (signedIn === undefined ? null : { tenant: props.tenant, session: signedIn }),
    [props.tenant, signedIn],
  );

  let body;
  if (session.data?.kind === 'signed-out') {
    body = <SignIn info={session.data.info} />;
  } else if (session.isError && session.error instanceof ApiError && session.error.status === 401) {
    body = <SignIn info={signInInfo(session.error.body, props.tenant)} />;
  } else if (session.isError) {
    body = (
      <main id="main" className="sign-in">
        <ErrorPanel error={session.error} onRetry={() => void queryClient.invalidateQueries({
          queryKey: sessionKey(props.tenant) })} />
      </main>
    );
  } else if (sessionState === null) {
    body = (
      <main id="main" className="sign-in">
        <Skeleton lines={2} />
      </main>
    );
  } else {
    body = (
      <SessionContext.Provider value={sessionState}>
        <LiveProvider tenant={props.tenant}>
          <RouterProvider router={router} />
        </LiveProvider>
      </SessionContext.Provider>
    );
  }
  return <PreferencesProvider brandLocale={brandLocale}>{body}</PreferencesProvider>;
}

export function App(props: { readonly tenant: string }) {
  const [queryClient] = useState(() => createQueryClient(props.tenant));
  return (
    <QueryClientProvider client={queryClient}>
      <SessionGate tenant={props.tenant} />
    </QueryClientProvider>
  );
}
