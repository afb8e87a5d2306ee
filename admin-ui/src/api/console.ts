import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { useSession } from '../app/session';
import { ApiError, getJson, postJson, queryString, type Params } from './http';
import { arr, bool, int, obj, optStr, ShapeError, str } from './json';
import type { components } from './schema';

/**
 * The bank's console: {@code /api/tenants/{tenant}/admin/...}, for a signed-in tenant administrator (the session
 * cookie authenticates; a replay carries the session's CSRF token). The shapes are the API description's.
 */
type Schemas = components['schemas'];

/** The role the console needs, as the session lists it. */
export const TENANT_ADMIN = 'tenant-admin';

export type AuditRecord = Readonly<Schemas['AuditRecord']>;
export type AuditVerification = Readonly<Schemas['AuditVerification']>;
export type PluginScope = Readonly<Schemas['Plugin']['scopes'][number]>;
export type Plugin = Readonly<Omit<Schemas['Plugin'], 'consumes' | 'publishes' | 'scopes'>> & {
  readonly consumes: readonly string[];
  readonly publishes: readonly string[];
  readonly scopes: readonly PluginScope[];
};
export type DeadLetter = Readonly<Schemas['DeadLetter']>;
export type Replayed = Readonly<Schemas['Replayed']>;

/** How many of the most recent audit records the console reads. */
export const AUDIT_LIMIT = 500;

export function consoleUrl(tenant: string, rest: string, params: Params = {}): string {
  return `/api/tenants/${encodeURIComponent(tenant)}/admin/${rest}${queryString(params)}`;
}

export function replayUrl(tenant: string, pluginId: string, envelopeId: string): string {
  return consoleUrl(tenant,
    `plugins/${encodeURIComponent(pluginId)}/dead-letters/${encodeURIComponent(envelopeId)}/replay`);
}

function list(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) {
    throw new ShapeError(`${what} is not a list`);
  }
  return value;
}

const text = (o: Readonly<Record<string, unknown>>, key: string): string => optStr(o, key) ?? '';

export function readAuditRecords(value: unknown): AuditRecord[] {
  return list(value, 'the audit trail').map((item) => {
    const r = obj(item, 'an audit record');
    return {
      tenant: text(r, 'tenant'),
      sequence: int(r, 'sequence'),
      at: str(r, 'at'),
      kind: text(r, 'kind'),
      actor: text(r, 'actor'),
      subject: text(r, 'subject'),
      reference: text(r, 'reference'),
      messageType: text(r, 'messageType'),
      rule: text(r, 'rule'),
      reason: text(r, 'reason'),
      previousHash: text(r, 'previousHash'),
      hash: text(r, 'hash'),
      format: r['format'] === undefined || r['format'] === null ? 0 : int(r, 'format'),
    };
  });
}

export function readAuditVerification(value: unknown): AuditVerification {
  const o = obj(value, 'the chain check');
  return { intact: bool(o, 'intact'), problem: text(o, 'problem') };
}

export function readPlugins(value: unknown): Plugin[] {
  return list(value, 'the plugins').map((item) => {
    const p = obj(item, 'a plugin');
    const strs = (key: string) => arr(p, key, (v) => {
      if (typeof v !== 'string') {
        throw new ShapeError(`'${key}' holds something other than text`);
      }
      return v;
    });
    return {
      id: str(p, 'id'),
      version: text(p, 'version'),
      kind: text(p, 'kind'),
      domain: text(p, 'domain'),
      publisher: text(p, 'publisher'),
      installedAt: text(p, 'installedAt'),
      ruleSetVersion: p['ruleSetVersion'] === undefined || p['ruleSetVersion'] === null ? 0 : int(p, 'ruleSetVersion'),
      receiving: bool(p, 'receiving'),
      consumes: strs('consumes'),
      publishes: strs('publishes'),
      scopes: arr(p, 'scopes', (s) => {
        const g = obj(s, 'a scope');
        return { scope: str(g, 'scope'), reason: text(g, 'reason'), granted: bool(g, 'granted') };
      }),
    };
  });
}

export function readDeadLetters(value: unknown): DeadLetter[] {
  return list(value, 'the dead letters').map((item) => {
    const d = obj(item, 'a dead letter');
    return {
      id: str(d, 'id'),
      type: text(d, 'type'),
      sender: text(d, 'sender'),
      entity: text(d, 'entity'),
      occurredAt: text(d, 'occurredAt'),
    };
  });
}

export function readReplayed(value: unknown): Replayed {
  return { replayed: bool(obj(value, 'the replay'), 'replayed') };
}

/** Cache key of a console answer: under the tenant's key, so a live message refreshes it too. */
export function consoleKey(tenant: string, ...rest: readonly string[]): readonly string[] {
  // not under the tenant's key: a live message about some owner's wealth does not reload 500 audit records; the
  // console's pages reload on entry, on focus, with "Check again" and after a replay
  return ['console', tenant, ...rest];
}

/** One GET of the console. */
export function useConsoleQuery<T>(
  rest: string,
  params: Params,
  read: (value: unknown) => T,
  key: readonly string[],
  enabled = true,
): UseQueryResult<T> {
  const { tenant } = useSession();
  return useQuery({
    queryKey: consoleKey(tenant, ...key),
    queryFn: async ({ signal }) => read(await getJson(consoleUrl(tenant, rest, params), signal)),
    enabled,
  });
}

export function useAuditRecords(): UseQueryResult<AuditRecord[]> {
  return useConsoleQuery('audit', { limit: String(AUDIT_LIMIT) }, readAuditRecords, ['audit', String(AUDIT_LIMIT)]);
}

export function useAuditVerification(): UseQueryResult<AuditVerification> {
  return useConsoleQuery('audit/verify', {}, readAuditVerification, ['audit', 'verify']);
}

export function usePlugins(): UseQueryResult<Plugin[]> {
  return useConsoleQuery('plugins', {}, readPlugins, ['plugins']);
}

export function useDeadLetters(pluginId: string, enabled = true): UseQueryResult<DeadLetter[]> {
  return useConsoleQuery(`plugins/${encodeURIComponent(pluginId)}/dead-letters`, {}, readDeadLetters,
    ['plugins', pluginId, 'dead-letters'], enabled);
}

/** Delivers a dead letter again; the 409 answer ({replayed:false}) is an answer too, not an accident. */
export async function replayDeadLetter(tenant: string, csrfToken: string, pluginId: string, envelopeId: string):
  Promise<Replayed> {
  try {
    return readReplayed(await postJson(replayUrl(tenant, pluginId, envelopeId), csrfToken, {}));
  } catch (error) {
    if (error instanceof ApiError && error.status === 409) {
      return { replayed: false };
    }
    throw error;
  }
}
