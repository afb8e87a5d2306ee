import { allocationRoute } from '../features/allocation/route';
import { holdingsRoute } from '../features/holdings/route';
import { importsRoute } from '../features/imports/route';
import { overviewRoute } from '../features/overview/route';
import { performanceRoute } from '../features/performance/route';
import { structureRoute } from '../features/structure/route';

/** The main navigation, in order, built from the features' route objects. */
export const NAV_ROUTES = [overviewRoute, allocationRoute, holdingsRoute, structureRoute, performanceRoute,
  importsRoute]
  .filter((r) => r.inNav);
