import type { FeatureRoute } from '../../app/routes';
import type { ScopeSearch } from '../../scope/scope';

export const structureRoute = {
  id: 'structure',
  path: '/structure',
  labelKey: 'nav.structure',
  inNav: true,
  load: () => import('./StructurePage'),
} as const satisfies FeatureRoute;

export function structureLink(search: ScopeSearch = {}) {
  return { to: structureRoute.path, search } as const;
}
