import type { FeatureRoute } from '../../app/routes';

export const importsRoute = {
  id: 'imports',
  path: '/imports',
  labelKey: 'nav.imports',
  inNav: true,
  load: () => import('./ImportsPage'),
} as const satisfies FeatureRoute;
