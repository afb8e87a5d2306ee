import type { FeatureRoute } from '../../app/routes';

/** The role the bank's console needs, as the session lists it. */
export const TENANT_ADMIN = 'tenant-admin';

export const consoleAuditRoute = {
  id: 'console-audit',
  path: '/console/audit',
  labelKey: 'nav.consoleAudit',
  inNav: true,
  role: TENANT_ADMIN,
  load: () => import('./AuditPage'),
} as const satisfies FeatureRoute;

export const consoleAppsRoute = {
  id: 'console-apps',
  path: '/console/apps',
  labelKey: 'nav.consoleApps',
  inNav: true,
  role: TENANT_ADMIN,
  load: () => import('./AppsPage'),
} as const satisfies FeatureRoute;
