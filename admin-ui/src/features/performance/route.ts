import { pick, type FeatureRoute } from '../../app/routes';
import { isIsoDate, type ScopeSearch } from '../../scope/scope';

export const performanceRoute = {
  id: 'performance',
  path: '/performance',
  labelKey: 'nav.performance',
  inNav: true,
  load: () => import('./PerformancePage'),
} as const satisfies FeatureRoute;

export interface PerformanceSearch {
  from?: string;
  to?: string;
}

export function parsePerformanceSearch(raw: Readonly<Record<string, unknown>>): PerformanceSearch {
  const out: PerformanceSearch = {};
  const from = pick(raw, 'from', isIsoDate);
  const to = pick(raw, 'to', isIsoDate);
  if (from !== undefined) out.from = from;
  if (to !== undefined) out.to = to;
  return out;
}

export function performanceLink(search: ScopeSearch & PerformanceSearch = {}) {
  return { to: performanceRoute.path, search } as const;
}
