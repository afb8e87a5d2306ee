import type { ComponentType } from 'react';
import type { MessageKey } from '../i18n';

/**
 * What a feature tells the app about each of its views: the path under /portal/{tenant}, the message key of its
 * label (nav and breadcrumb), whether it is in the main navigation, the role a person needs to be offered it (none:
 * everybody signed in), and how to load its page (lazily, so that a view's code and libraries are fetched only when
 * it is opened).
 */
export interface FeatureRoute {
  readonly id: string;
  readonly path: string;
  readonly labelKey: MessageKey;
  readonly inNav: boolean;
  readonly role?: string;
  readonly load: () => Promise<{ default: ComponentType }>;
}

/** Whether a person with these roles is offered the view. */
export function offeredTo(route: FeatureRoute, roles: readonly string[]): boolean {
  return route.role === undefined || roles.includes(route.role);
}

/** Search parameters as plain text: every value is a string, unknown keys are kept. */
export function parseSearchText(searchText: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  new URLSearchParams(searchText.startsWith('?') ? searchText.slice(1) : searchText).forEach((value, key) => {
    out[key] = value;
  });
  return out;
}

export function stringifySearchText(search: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(search)) {
    if (typeof value === 'string' && value !== '') {
      params.set(key, value);
    }
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** Keeps a search parameter when it is text that passes the check. */
export function pick(raw: Readonly<Record<string, unknown>>, key: string, ok: (v: string) => boolean = () => true):
  string | undefined {
  const value = raw[key];
  return typeof value === 'string' && value !== '' && ok(value) ? value : undefined;
}
