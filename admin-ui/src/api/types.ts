import { arr, bool, dec, int, obj, optDec, optStr, str, strings, type JsonObject } from './json';
import type { components } from './schema';

/** Decimal values are kept as their exact text; see json.ts. */
export type Decimal = string;

/**
 * The server's own JSON, as its API description says (platform-core/server/.../openapi.yaml, turned into schema.d.ts
 * by `npm run api`): a change of the contract breaks the type check here, not the app at run time.
 */
type Schemas = components['schemas'];

/** The same shape, read-only, lists included. */
type Frozen<T> = { readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? readonly U[] : T[K] };

export type Brand = Frozen<Schemas['Brand']>;

/** The signed-in answer of {@code GET /portal/{tenant}/session}. */
export type Session = Frozen<Omit<Schemas['SignedInSession'], 'signedIn' | 'brand'>> & { readonly brand: Brand };

/** The signed-out answer of {@code GET /portal/{tenant}/session}: what the sign-in page needs. */
export type SignedOutSession = Frozen<Schemas['SignedOutSession']>;

/** {@code GET /api/tenants/{tenant}/me}. */
export type Me = Frozen<Schemas['Me']>;

/** A refusal of the server: problem details (RFC 9457), {@code application/problem+json}. */
export type ProblemDetails = Frozen<Schemas['Problem']>;

/** A command that does not have its type's form: the problem with one entry per field under {@code errors}. */
export type MalformedCommand = Frozen<Schemas['MalformedCommand']>;

/** The 202 answer of {@code POST /api/tenants/{tenant}/commands/{type}}. */
export type CommandAccepted = Frozen<Schemas['CommandAccepted']>;

/** {@code GET /api/tenants/{tenant}/commands/{envelopeId}}: what became of a command. */
export type CommandOutcome = Frozen<Schemas['CommandOutcome']>;

export function readSession(value: unknown): Session {
  const o = obj(value, 'the session');
  const b = obj(o['brand'], 'the brand');
  return {
    tenant: str(o, 'tenant'),
    subject: str(o, 'subject'),
    username: optStr(o, 'username') ?? str(o, 'subject'),
    roles: strings(o, 'roles'),
    owners: strings(o, 'owners'),
    clients: strings(o, 'clients'),
    shared: strings(o, 'shared'),
    csrfToken: str(o, 'csrfToken'),
    brand: {
      name: str(b, 'name'),
      legalName: optStr(b, 'legalName') ?? str(b, 'name'),
      logo: optStr(b, 'logo'),
      locale: optStr(b, 'locale') ?? 'en',
      currency: optStr(b, 'currency') ?? 'CHF',
    },
  };
}

export interface Unpriced {
  readonly positionId: string;
  readonly entityId: string;
  readonly name: string;
  readonly currency: string;
  readonly amount: Decimal;
  readonly share: Decimal | null;
  readonly reason: string;
}

function readUnpriced(value: unknown): Unpriced {
  const o = obj(value, 'an unpriced position');
  return {
    positionId: str(o, 'positionId'),
    entityId: str(o, 'entityId'),
    name: optStr(o, 'name') ?? str(o, 'positionId'),
    currency: str(o, 'currency'),
    amount: dec(o, 'amount'),
    share: optDec(o, 'share'),
    reason: optStr(o, 'reason') ?? '',
  };
}

export interface StaleRate {
  readonly currency: string;
  readonly rateDate: string | null;
}

export interface NetWorth {
  readonly ownerId: string;
  readonly asOf: string;
  readonly knownAt: string | null;
  readonly currency: string;
  readonly netWorth: Decimal;
  readonly assets: Decimal;
  readonly liabilities: Decimal;
  readonly unpriced: readonly Unpriced[];
  readonly staleRates: readonly StaleRate[];
}

export function readNetWorth(value: unknown): NetWorth {
  const o = obj(value, 'the net worth');
  return {
    ownerId: str(o, 'ownerId'),
    asOf: str(o, 'asOf'),
    knownAt: optStr(o, 'knownAt'),
    currency: str(o, 'currency'),
    netWorth: dec(o, 'netWorth'),
    assets: dec(o, 'assets'),
    liabilities: dec(o, 'liabilities'),
    unpriced: arr(o, 'unpriced', readUnpriced),
    staleRates: arr(o, 'staleRates', (item) => {
      const r = obj(item, 'a stale rate');
      return { currency: str(r, 'currency'), rateDate: optStr(r, 'rateDate') };
    }),
  };
}

export const DIMENSIONS = ['assetClass', 'currency', 'custodian', 'region', 'entity'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export function isDimension(value: unknown): value is Dimension {
  return typeof value === 'string' && (DIMENSIONS as readonly string[]).includes(value);
}

export interface Bucket {
  readonly key: string;
  readonly value: Decimal;
  /** Null when the net worth is zero. */
  readonly weight: Decimal | null;
}

export interface Allocation {
  readonly ownerId: string;
  readonly asOf: string;
  readonly currency: string;
  readonly by: string;
  readonly total: Decimal;
  readonly buckets: readonly Bucket[];
  readonly unpriced: readonly Unpriced[];
}

export function readAllocation(value: unknown): Allocation {
  const o = obj(value, 'the allocation');
  return {
    ownerId: str(o, 'ownerId'),
    asOf: str(o, 'asOf'),
    currency: str(o, 'currency'),
    by: str(o, 'by'),
    total: dec(o, 'total'),
    buckets: arr(o, 'buckets', (item) => {
      const b = obj(item, 'a bucket');
      return { key: str(b, 'key'), value: dec(b, 'value'), weight: optDec(b, 'weight') };
    }),
    unpriced: arr(o, 'unpriced', readUnpriced),
  };
}

export interface HoldingLine {
  readonly positionId: string;
  readonly name: string;
  readonly assetClass: string;
  readonly region: string;
  readonly custodian: string;
  readonly currency: string;
  readonly amount: Decimal;
  readonly valuedOn: string | null;
}

export interface Holdings {
  readonly entityId: string;
  readonly asOf: string;
  readonly positions: readonly HoldingLine[];
}

export function readHoldings(value: unknown): Holdings {
  const o = obj(value, 'the holdings');
  return {
    entityId: str(o, 'entityId'),
    asOf: str(o, 'asOf'),
    positions: arr(o, 'positions', (item) => {
      const p = obj(item, 'a position');
      return {
        positionId: str(p, 'positionId'),
        name: optStr(p, 'name') ?? str(p, 'positionId'),
        assetClass: optStr(p, 'assetClass') ?? '',
        region: optStr(p, 'region') ?? '',
        custodian: optStr(p, 'custodian') ?? '',
        currency: str(p, 'currency'),
        amount: dec(p, 'amount'),
        valuedOn: optStr(p, 'valuedOn'),
      };
    }),
  };
}

/** A consolidation position of a registered (non-bankable) asset is named "asset:<assetId>". */
export function registeredAssetId(positionId: string): string | null {
  return positionId.startsWith('asset:') && positionId.length > 6 ? positionId.slice(6) : null;
}

export interface SubPeriod {
  readonly start: string;
  readonly end: string;
  readonly startValue: Decimal;
  readonly flows: Decimal;
  readonly endValue: Decimal;
  readonly periodReturn: Decimal | null;
  readonly method: string;
}

export interface Performance {
  readonly ownerId: string;
  readonly from: string;
  readonly to: string;
  readonly currency: string;
  readonly startValue: Decimal | null;
  readonly endValue: Decimal | null;
  readonly netExternalFlows: Decimal | null;
  readonly twrStatus: string;
  readonly twr: Decimal | null;
  readonly twrAnnualised: Decimal | null;
  readonly twrReason: string | null;
  readonly subPeriods: readonly SubPeriod[];
  readonly irrStatus: string;
  readonly irr: Decimal | null;
  readonly irrSolutions: readonly Decimal[];
  readonly irrReason: string | null;
  readonly unpriced: readonly Unpriced[];
}

export function readPerformance(value: unknown): Performance {
  const o = obj(value, 'the performance');
  return {
    ownerId: str(o, 'ownerId'),
    from: str(o, 'from'),
    to: str(o, 'to'),
    currency: str(o, 'currency'),
    startValue: optDec(o, 'startValue'),
    endValue: optDec(o, 'endValue'),
    netExternalFlows: optDec(o, 'netExternalFlows'),
    twrStatus: str(o, 'twrStatus'),
    twr: optDec(o, 'twr'),
    twrAnnualised: optDec(o, 'twrAnnualised'),
    twrReason: optStr(o, 'twrReason'),
    subPeriods: arr(o, 'subPeriods', (item) => {
      const s = obj(item, 'a sub-period');
      return {
        start: str(s, 'start'),
        end: str(s, 'end'),
        startValue: dec(s, 'startValue'),
        flows: dec(s, 'flows'),
        endValue: dec(s, 'endValue'),
        periodReturn: optDec(s, 'periodReturn'),
        method: str(s, 'method'),
      };
    }),
    irrStatus: str(o, 'irrStatus'),
    irr: optDec(o, 'irr'),
    irrSolutions: arr(o, 'irrSolutions', (item, i) => dec({ [String(i)]: item }, String(i))),
    irrReason: optStr(o, 'irrReason'),
    unpriced: arr(o, 'unpriced', readUnpriced),
  };
}

export interface GraphNode {
  readonly id: string;
  readonly kind: string;
  readonly name: string;
  readonly jurisdiction: string | null;
}

export interface GraphEdge {
  readonly id: string;
  readonly holderId: string;
  readonly entityId: string;
  readonly economicShare: Decimal;
  readonly votingShare: Decimal | null;
  readonly validFrom: string | null;
  readonly validTo: string | null;
}

export interface OwnershipGraph {
  readonly asOf: string;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

function readEdge(item: unknown): GraphEdge {
  const e = obj(item, 'an ownership edge');
  return {
    id: str(e, 'id'),
    holderId: str(e, 'holderId'),
    entityId: str(e, 'entityId'),
    economicShare: dec(e, 'economicShare'),
    votingShare: optDec(e, 'votingShare'),
    validFrom: optStr(e, 'validFrom'),
    validTo: optStr(e, 'validTo'),
  };
}

export function readGraph(value: unknown): OwnershipGraph {
  const o = obj(value, 'the ownership graph');
  return {
    asOf: str(o, 'asOf'),
    nodes: arr(o, 'nodes', (item) => {
      const n = obj(item, 'a party');
      return {
        id: str(n, 'id'),
        kind: str(n, 'kind'),
        name: optStr(n, 'name') ?? str(n, 'id'),
        jurisdiction: optStr(n, 'jurisdiction'),
      };
    }),
    edges: arr(o, 'edges', readEdge),
  };
}

export interface LookThrough {
  readonly holderId: string;
  readonly asOf: string;
  readonly shares: readonly { entityId: string; kind: string; name: string; economicShare: Decimal }[];
}

export function readLookThrough(value: unknown): LookThrough {
  const o = obj(value, 'the look-through');
  return {
    holderId: str(o, 'holderId'),
    asOf: str(o, 'asOf'),
    shares: arr(o, 'shares', (item) => {
      const s = obj(item, 'a share');
      return {
        entityId: str(s, 'entityId'),
        kind: optStr(s, 'kind') ?? '',
        name: optStr(s, 'name') ?? str(s, 'entityId'),
        economicShare: dec(s, 'economicShare'),
      };
    }),
  };
}

export interface Party {
  readonly id: string;
  readonly kind: string;
  readonly name: string;
}

export function readParty(value: unknown): Party {
  const o = obj(value, 'the party');
  return { id: str(o, 'id'), kind: optStr(o, 'kind') ?? '', name: optStr(o, 'name') ?? str(o, 'id') };
}

export interface ValuationEntry {
  readonly valuationId: string;
  readonly amount: Decimal;
  readonly currency: string;
  readonly valuationDate: string;
  readonly method: string;
  readonly appraiser: string | null;
  readonly recordedAt: string | null;
}

export interface EvidenceEntry {
  readonly valuationId: string;
  readonly documentName: string;
  readonly mediaType: string;
  readonly size: number;
  readonly sha256: string;
  readonly attachedAt: string | null;
}

export interface AssetDetails {
  readonly id: string;
  readonly name: string;
  readonly assetClass: string;
  readonly owner: string;
  readonly currency: string;
  readonly description: string | null;
  readonly currentValue: { amount: Decimal; currency: string; valuationDate: string; method: string } | null;
  readonly valuations: readonly ValuationEntry[];
  readonly liability: boolean;
  readonly linkedAssetId: string | null;
  readonly evidence: readonly EvidenceEntry[];
}

function readEvidence(item: unknown): EvidenceEntry {
  const e = obj(item, 'an evidence document');
  return {
    valuationId: str(e, 'valuationId'),
    documentName: str(e, 'documentName'),
    mediaType: optStr(e, 'mediaType') ?? 'application/octet-stream',
    size: int(e, 'size'),
    sha256: optStr(e, 'sha256') ?? '',
    attachedAt: optStr(e, 'attachedAt'),
  };
}

export function readAsset(value: unknown): AssetDetails {
  const o = obj(value, 'the asset');
  const current = o['currentValue'];
  let currentValue: AssetDetails['currentValue'] = null;
  if (current !== null && current !== undefined) {
    const c: JsonObject = obj(current, 'the current value');
    currentValue = {
      amount: dec(c, 'amount'),
      currency: str(c, 'currency'),
      valuationDate: str(c, 'valuationDate'),
      method: str(c, 'method'),
    };
  }
  return {
    id: str(o, 'id'),
    name: str(o, 'name'),
    assetClass: str(o, 'assetClass'),
    owner: str(o, 'owner'),
    currency: str(o, 'currency'),
    description: optStr(o, 'description'),
    currentValue,
    valuations: arr(o, 'valuations', (item) => {
      const v = obj(item, 'a valuation');
      return {
        valuationId: str(v, 'valuationId'),
        amount: dec(v, 'amount'),
        currency: str(v, 'currency'),
        valuationDate: str(v, 'valuationDate'),
        method: str(v, 'method'),
        appraiser: optStr(v, 'appraiser'),
        recordedAt: optStr(v, 'recordedAt'),
      };
    }),
    liability: o['liability'] === undefined ? false : bool(o, 'liability'),
    linkedAssetId: optStr(o, 'linkedAssetId'),
    evidence: arr(o, 'evidence', readEvidence),
  };
}

/** A list of evidence entries: the `evidence?assetId=` answer when it is a list, else the asset's own list. */
export function readEvidenceList(value: unknown): EvidenceEntry[] {
  if (Array.isArray(value)) {
    return value.map(readEvidence);
  }
  return arr(obj(value, 'the evidence'), 'evidence', readEvidence);
}
