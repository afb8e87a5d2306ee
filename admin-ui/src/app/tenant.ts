/** The tenant is the second segment of the page path: /portal/{tenant}/… */
export function tenantFromPath(pathname: string): string | null {
  const m = /^\/portal\/([^/]+)(?:\/|$)/.exec(pathname);
  if (m === null || m[1] === undefined) {
    return null;
  }
  let tenant: string;
  try {
    tenant = decodeURIComponent(m[1]);
  } catch {
    return null;
  }
  return /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/.test(tenant) ? tenant : null;
}

export function portalBasePath(tenant: string): string {
  return `/portal/${encodeURIComponent(tenant)}`;
}

/**
 * Adds the tenant's brand stylesheet (colours and fonts as CSS custom properties). It is a linked stylesheet from
 * the same origin, so the page's style-src 'self' policy allows it.
 */
export function addBrandStylesheet(tenant: string, doc: Document = document): void {
  const id = 'mosaic-brand-css';
  if (doc.getElementById(id) !== null) {
    return;
  }
  const link = doc.createElement('link');
  link.id = id;
  link.rel = 'stylesheet';
  link.href = `${portalBasePath(tenant)}/brand.css`;
  doc.head.appendChild(link);
}
