import { Link, Outlet, useMatches, useRouterState } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { postJson, portalUrl } from '../api/http';
import { isObject } from '../api/json';
import { formatTime } from '../money/format';
import { navigationFor } from './nav';
import type { FeatureRoute } from './routes';
import { useLive } from './live';
import { usePreferences } from './preferences';
import { ScopeBar } from './ScopeBar';
import { useSession } from './session';

/** Only a same-origin path or an http(s) address is followed after sign-out. */
function safeLogoutTarget(value: unknown, fallback: string): string {
  if (typeof value !== 'string') {
    return fallback;
  }
  if (value.startsWith('/') && !value.startsWith('//')) {
    return value;
  }
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : fallback;
  } catch {
    return fallback;
  }
}

function SignOut() {
  const { tenant, session } = useSession();
  const { t } = usePreferences();
  const [busy, setBusy] = useState(false);
  const signOut = async () => {
    setBusy(true);
    const fallback = portalUrl(tenant, '');
    try {
      const answer = await postJson(portalUrl(tenant, 'logout'), session.csrfToken, {});
      window.location.assign(safeLogoutTarget(isObject(answer) ? answer['logoutUrl'] : null, fallback));
    } catch {
      window.location.assign(fallback);
    }
  };
  return (
    <button type="button" className="button button--quiet" onClick={() => void signOut()} disabled={busy}>
      {t('app.signOut')}
    </button>
  );
}

function LiveCue() {
  const { updatedAt, status } = useLive();
  const { t, locale } = usePreferences();
  return (
    <p className="live-cue" role="status" aria-live="polite">
      {updatedAt !== null && (
        <span className="live-cue__updated">{t('app.updatedAt', { time: formatTime(updatedAt, locale) })}</span>
      )}
      {status === 'reconnecting' && <span className="live-cue__warn">{t('app.liveReconnecting')}</span>}
    </p>
  );
}

function Breadcrumb() {
  const { t } = usePreferences();
  const { session } = useSession();
  const matches = useMatches();
  const last = matches[matches.length - 1];
  const labelKey = last?.staticData.labelKey;
  return (
    <nav className="breadcrumb" aria-label={t('app.breadcrumb')}>
      <ol>
        <li>{session.brand.name}</li>
        {labelKey !== undefined && <li aria-current="page">{t(labelKey)}</li>}
      </ol>
    </nav>
  );
}

function NavList(props: { readonly routes: readonly FeatureRoute[]; readonly labelledBy?: string }) {
  const { t } = usePreferences();
  return (
    <ul aria-labelledby={props.labelledBy}>
      {props.routes.map((r) => (
        <li key={r.id}>
          <Link
            to={r.path}
            className="mainnav__link"
            activeProps={{ className: 'mainnav__link mainnav__link--active', 'aria-current': 'page' }}
            activeOptions={{ exact: r.path === '/', includeSearch: false }}
          >
            {t(r.labelKey)}
          </Link>
        </li>
      ))}
    </ul>
  );
}

export function Layout() {
  const { session } = useSession();
  const { t } = usePreferences();
  const [menuOpen, setMenuOpen] = useState(false);
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  useEffect(() => {
    setMenuOpen(false);
  }, [pathname]);
  const brand = session.brand;
  const nav = navigationFor(session.roles);
  // the console's pages are about the bank, not about one owner's wealth: no scope to choose there
  const onConsole = /\/console(\/|$)/.test(pathname);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">{t('app.skipToContent')}</a>
      <header className="topbar">
        <div className="topbar__brand">
          {brand.logo !== null && <img className="topbar__logo" src={brand.logo} alt="" />}
          <span className="topbar__name">{brand.name}</span>
        </div>
        <LiveCue />
        <div className="topbar__user">
          <span className="topbar__username">{t('app.signedInAs', { name: session.username })}</span>
          <SignOut />
        </div>
        <button
          type="button"
          className="button button--quiet topbar__menu"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onClick={() => setMenuOpen((open) => !open)}
        >
          {t('app.menu')}
        </button>
      </header>
      <nav id="main-nav" className={`mainnav ${menuOpen ? 'mainnav--open' : ''}`} aria-label={t('app.mainNav')}>
        <NavList routes={nav.views} />
        {nav.console.length > 0 && (
          <>
            <h2 id="main-nav-console" className="mainnav__group">{t('nav.consoleGroup')}</h2>
            <NavList routes={nav.console} labelledBy="main-nav-console" />
          </>
        )}
      </nav>
      {!onConsole && (
        <div className="scope-wrap">
          <ScopeBar />
        </div>
      )}
      <main id="main" className="content" tabIndex={-1}>
        <Breadcrumb />
        <Outlet />
      </main>
      <footer className="footer">{brand.legalName}</footer>
    </div>
  );
}

export function NotFound() {
  const { t } = usePreferences();
  return (
    <div className="notice notice--error" role="alert">
      <h1 className="notice__title">{t('error.notFoundTitle')}</h1>
      <Link to="/">{t('nav.overview')}</Link>
    </div>
  );
}
