import { tenantFromPath } from '../app/tenant';

/** The server's sign-in for this tenant, coming back to the page the reader is on. */
export function signInUrl(location: Location = window.location): string {
  const tenant = tenantFromPath(location.pathname) ?? '';
  const back = location.pathname + location.search;
  return `/portal/${encodeURIComponent(tenant)}/login?return=${encodeURIComponent(back)}`;
}
