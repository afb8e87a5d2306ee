import type { FeatureRoute } from '../../app/routes';
import type { ScopeSearch } from '../../scope/scope';

export const overviewRoute = {
  id: 'overview',
  path: '/',
  labelKey: 'nav.overview',
  inNav: true,
  load: () => import('./OverviewPage'),
} as const satisfies FeatureRoute;

export function overviewLink(search: ScopeSearch = {}) {
  return { to: overviewRoute.path, search } as const;
}
