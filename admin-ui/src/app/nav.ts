import { allocationRoute } from '../features/allocation/route';
import { consoleAppsRoute, consoleAuditRoute } from '../features/console/route';
import { holdingsRoute } from '../features/holdings/route';
import { importsRoute } from '../features/imports/route';
import { overviewRoute } from '../features/overview/route';
import { performanceRoute } from '../features/performance/route';
import { structureRoute } from '../features/structure/route';
import { offeredTo, type FeatureRoute } from './routes';

/** The main navigation, in order, built from the features' route objects. */
export const NAV_ROUTES: readonly FeatureRoute[] = [overviewRoute, allocationRoute, holdingsRoute, structureRoute,
  performanceRoute, importsRoute]
  .filter((r) => r.inNav);

/** The bank's console, a group of its own in the navigation, offered to tenant administrators only. */
export const CONSOLE_ROUTES: readonly FeatureRoute[] = [consoleAuditRoute, consoleAppsRoute].filter((r) => r.inNav);

/** The navigation a person with these roles is offered: the views, and the console's group (empty without the role). */
export function navigationFor(roles: readonly string[]): { readonly views: readonly FeatureRoute[];
  readonly console: readonly FeatureRoute[] } {
  return {
    views: NAV_ROUTES.filter((r) => offeredTo(r, roles)),
    console: CONSOLE_ROUTES.filter((r) => offeredTo(r, roles)),
  };
}
