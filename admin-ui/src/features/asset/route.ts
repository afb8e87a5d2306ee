import type { FeatureRoute } from '../../app/routes';
import type { ScopeSearch } from '../../scope/scope';

export const assetRoute = {
  id: 'asset',
  path: '/assets/$assetId',
  labelKey: 'nav.asset',
  inNav: false,
  load: () => import('./AssetPage'),
} as const satisfies FeatureRoute;

export function assetLink(assetId: string, search: ScopeSearch = {}) {
  return { to: assetRoute.path, params: { assetId }, search } as const;
}
