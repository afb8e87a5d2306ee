import { pick, type FeatureRoute } from '../../app/routes';
import type { ScopeSearch } from '../../scope/scope';

export const holdingsRoute = {
  id: 'holdings',
  path: '/holdings',
  labelKey: 'nav.holdings',
  inNav: true,
  load: () => import('./HoldingsPage'),
} as const satisfies FeatureRoute;

/** Filters of the holdings table: custodian, asset class, currency and a free text. */
export interface HoldingsSearch {
  custodian?: string;
  cls?: string;
  cur?: string;
  q?: string;
}

export function parseHoldingsSearch(raw: Readonly<Record<string, unknown>>): HoldingsSearch {
  const out: HoldingsSearch = {};
  const short = (v: string) => v.length <= 200;
  const custodian = pick(raw, 'custodian', short);
  const cls = pick(raw, 'cls', short);
  const cur = pick(raw, 'cur', (v) => /^[A-Z]{3}$/.test(v));
  const q = pick(raw, 'q', short);
  if (custodian !== undefined) out.custodian = custodian;
  if (cls !== undefined) out.cls = cls;
  if (cur !== undefined) out.cur = cur;
  if (q !== undefined) out.q = q;
  return out;
}

export function holdingsLink(search: ScopeSearch & HoldingsSearch = {}) {
  return { to: holdingsRoute.path, search } as const;
}
