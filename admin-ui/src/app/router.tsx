import {
  createRootRoute,
  createRoute,
  createRouter,
  lazyRouteComponent,
  retainSearchParams,
} from '@tanstack/react-router';
import type { MessageKey } from '../i18n';
import { parseScopeSearch, type ScopeSearch } from '../scope/scope';
import { allocationRoute, parseAllocationSearch } from '../features/allocation/route';
import { assetRoute } from '../features/asset/route';
import { consoleAppsRoute, consoleAuditRoute } from '../features/console/route';
import { holdingsRoute, parseHoldingsSearch } from '../features/holdings/route';
import { importsRoute } from '../features/imports/route';
import { overviewRoute, parseOverviewSearch } from '../features/overview/route';
import { parsePerformanceSearch, performanceRoute } from '../features/performance/route';
import { structureRoute } from '../features/structure/route';
import { Layout, NotFound } from './Layout';
import { parseSearchText, stringifySearchText, type FeatureRoute } from './routes';
import { portalBasePath } from './tenant';

/** Every view of the app. */
export const FEATURE_ROUTES: readonly FeatureRoute[] = [
  overviewRoute,
  allocationRoute,
  holdingsRoute,
  structureRoute,
  performanceRoute,
  importsRoute,
  assetRoute,
  consoleAuditRoute,
  consoleAppsRoute,
];

const rootRoute = createRootRoute({
  validateSearch: (raw: Record<string, unknown>): ScopeSearch => parseScopeSearch(raw),
  search: { middlewares: [retainSearchParams<ScopeSearch>(['owner', 'asOf', 'knownAt', 'ccy'])] },
  component: Layout,
  notFoundComponent: NotFound,
});

const overview = createRoute({
  getParentRoute: () => rootRoute,
  path: overviewRoute.path,
  validateSearch: parseOverviewSearch,
  component: lazyRouteComponent(overviewRoute.load),
  staticData: { labelKey: overviewRoute.labelKey },
});

const allocation = createRoute({
  getParentRoute: () => rootRoute,
  path: allocationRoute.path,
  validateSearch: parseAllocationSearch,
  component: lazyRouteComponent(allocationRoute.load),
  staticData: { labelKey: allocationRoute.labelKey },
});

const holdings = createRoute({
  getParentRoute: () => rootRoute,
  path: holdingsRoute.path,
  validateSearch: parseHoldingsSearch,
  component: lazyRouteComponent(holdingsRoute.load),
  staticData: { labelKey: holdingsRoute.labelKey },
});

const structure = createRoute({
  getParentRoute: () => rootRoute,
  path: structureRoute.path,
  component: lazyRouteComponent(structureRoute.load),
  staticData: { labelKey: structureRoute.labelKey },
});

const performance = createRoute({
  getParentRoute: () => rootRoute,
  path: performanceRoute.path,
  validateSearch: parsePerformanceSearch,
  component: lazyRouteComponent(performanceRoute.load),
  staticData: { labelKey: performanceRoute.labelKey },
});

const asset = createRoute({
  getParentRoute: () => rootRoute,
  path: assetRoute.path,
  component: lazyRouteComponent(assetRoute.load),
  staticData: { labelKey: assetRoute.labelKey },
});

const imports = createRoute({
  getParentRoute: () => rootRoute,
  path: importsRoute.path,
  component: lazyRouteComponent(importsRoute.load),
  staticData: { labelKey: importsRoute.labelKey },
});

const consoleAudit = createRoute({
  getParentRoute: () => rootRoute,
  path: consoleAuditRoute.path,
  component: lazyRouteComponent(consoleAuditRoute.load),
  staticData: { labelKey: consoleAuditRoute.labelKey },
});

const consoleApps = createRoute({
  getParentRoute: () => rootRoute,
  path: consoleAppsRoute.path,
  component: lazyRouteComponent(consoleAppsRoute.load),
  staticData: { labelKey: consoleAppsRoute.labelKey },
});

const routeTree = rootRoute.addChildren([overview, allocation, holdings, structure, performance, imports, asset,
  consoleAudit, consoleApps]);

export function createAppRouter(tenant: string) {
  return createRouter({
    routeTree,
    basepath: portalBasePath(tenant),
    parseSearch: parseSearchText,
    stringifySearch: stringifySearchText,
    defaultPreload: 'intent',
    scrollRestoration: true,
  });
}

export type AppRouter = ReturnType<typeof createAppRouter>;

declare module '@tanstack/react-router' {
  interface Register {
    router: AppRouter;
  }
  interface StaticDataRouteOption {
    labelKey?: MessageKey;
  }
}
