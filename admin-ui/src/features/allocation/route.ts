import { pick, type FeatureRoute } from '../../app/routes';
import { isDimension, type Dimension } from '../../api/types';
import type { ScopeSearch } from '../../scope/scope';

export const allocationRoute = {
  id: 'allocation',
  path: '/allocation',
  labelKey: 'nav.allocation',
  inNav: true,
  load: () => import('./AllocationPage'),
} as const satisfies FeatureRoute;

export interface AllocationSearch {
  by?: Dimension;
}

export function parseAllocationSearch(raw: Readonly<Record<string, unknown>>): AllocationSearch {
  const by = pick(raw, 'by', isDimension);
  return by !== undefined && isDimension(by) ? { by } : {};
}

export function allocationLink(search: ScopeSearch & AllocationSearch = {}) {
  return { to: allocationRoute.path, search } as const;
}
