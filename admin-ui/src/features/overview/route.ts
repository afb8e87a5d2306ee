import type { FeatureRoute } from '../../app/routes';
import type { ScopeSearch } from '../../scope/scope';
import type { OverviewSearch } from './period';

export { parseOverviewSearch } from './period';

export const overviewRoute = {
  id: 'overview',
  path: '/',
  labelKey: 'nav.overview',
  inNav: true,
  load: () => import('./OverviewPage'),
} as const satisfies FeatureRoute;

export function overviewLink(search: ScopeSearch & OverviewSearch = {}) {
  return { to: overviewRoute.path, search } as const;
}
