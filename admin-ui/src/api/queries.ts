import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { useSession } from '../app/session';
import { tenantKey } from '../live/liveUpdates';
import { getJson, tenantQueryUrl, type Params } from './http';

/**
 * One query of a domain of the signed-in tenant. Answers are cached under ['tenant', tenant, …] so that a live
 * message invalidates them all at once.
 */
export function useTenantQuery<T>(
  domain: string,
  name: string,
  params: Params,
  read: (value: unknown) => T,
  enabled = true,
): UseQueryResult<T> {
  const { tenant } = useSession();
  return useQuery({
    queryKey: [...tenantKey(tenant), domain, name, params],
    queryFn: async ({ signal }) => read(await getJson(tenantQueryUrl(tenant, domain, name, params), signal)),
    enabled,
  });
}
