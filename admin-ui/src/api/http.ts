import { isObject, parseJsonExact, type JsonObject } from './json';
import type { ProblemDetails } from './types';

/** A refused or failed request, with the problem details the server sent (RFC 9457 style). */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  /** The whole problem document the server sent (it may carry more than title and detail). */
  readonly body: unknown;

  constructor(status: number, title: string, detail: string, body: unknown = undefined) {
    super(detail === '' ? `${status} ${title}` : `${status} ${title}: ${detail}`);
    this.name = 'ApiError';
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.body = body;
  }
}

/** A query the server could not compute, answered as {query, reason}. */
export class UnavailableError extends Error {
  readonly reason: string;

  constructor(reason: string) {
    super(reason);
    this.name = 'UnavailableError';
    this.reason = reason;
  }
}

/** The members of the server's problem details the app shows (named as the API description names them). */
type ShownMember = Extract<keyof ProblemDetails, 'title' | 'detail'>;

function problemText(body: JsonObject, member: ShownMember): string | undefined {
  const value = body[member];
  return typeof value === 'string' ? value : undefined;
}

async function problemOf(response: Response): Promise<ApiError> {
  let title = response.statusText;
  let detail = '';
  let body: unknown = undefined;
  try {
    body = parseJsonExact(await response.text());
    if (isObject(body)) {
      title = problemText(body, 'title') ?? title;
      detail = problemText(body, 'detail') ?? detail;
    }
  } catch {
    // not JSON: the status line says enough
  }
  return new ApiError(response.status, title, detail, body);
}

export type Params = Readonly<Record<string, string | undefined>>;

export function queryString(params: Params): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') {
      search.set(key, value);
    }
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

/** GET as JSON, numbers read exactly; problems become {@link ApiError}s. */
export async function getJson(url: string, signal?: AbortSignal): Promise<unknown> {
  const init: RequestInit = { credentials: 'same-origin', headers: { Accept: 'application/json' } };
  if (signal !== undefined) {
    init.signal = signal;
  }
  const response = await fetch(url, init);
  if (!response.ok) {
    throw await problemOf(response);
  }
  const body = parseJsonExact(await response.text());
  if (isObject(body) && typeof body['reason'] === 'string' && typeof body['query'] === 'string'
      && Object.keys(body).length === 2) {
    throw new UnavailableError(body['reason']);
  }
  return body;
}

/** POST with the session's CSRF token (every mutating call carries it). */
export async function postJson(url: string, csrfToken: string, body: unknown): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': csrfToken },
    body: JSON.stringify(body ?? {}),
  });
  if (!response.ok) {
    throw await problemOf(response);
  }
  const text = await response.text();
  return text === '' ? null : parseJsonExact(text);
}

export function tenantQueryUrl(tenant: string, domain: string, name: string, params: Params): string {
  const t = encodeURIComponent(tenant);
  return `/api/tenants/${t}/queries/${encodeURIComponent(domain)}/${encodeURIComponent(name)}${queryString(params)}`;
}

export function tenantCommandUrl(tenant: string, type: string): string {
  return `/api/tenants/${encodeURIComponent(tenant)}/commands/${encodeURIComponent(type)}`;
}

export function portalUrl(tenant: string, rest: string): string {
  return `/portal/${encodeURIComponent(tenant)}/${rest}`;
}
