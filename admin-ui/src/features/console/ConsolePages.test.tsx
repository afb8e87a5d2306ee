import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { App } from '../../app/App';

function sessionWith(roles: string[]) {
  return {
    tenant: 'acme',
    subject: 'u-9',
    username: 'erika',
    roles,
    owners: [],
    clients: roles.includes('advisor') ? ['anna'] : [],
    shared: [],
    csrfToken: 'token-9',
    brand: { name: 'Acme Private', legalName: 'Acme Private Bank AG', logo: null, locale: 'de-CH', currency: 'CHF' },
  };
}

const AUDIT = JSON.stringify([
  { tenant: 'acme', sequence: 41, at: '2026-03-01T09:00:00Z', kind: 'decision', actor: 'anna', subject: 'anna',
    reference: 'e-1', messageType: 'assets.RecordValuation', rule: 'builtin:gate', reason: 'allowed',
    previousHash: 'a', hash: 'b', format: 1 },
  { tenant: 'acme', sequence: 42, at: '2026-03-01T10:00:00Z', kind: 'console', actor: 'erika', subject: '',
    reference: 'GET /api/tenants/acme/admin/audit', messageType: '', rule: 'builtin:console', reason: 'answered 200',
    previousHash: 'b', hash: 'c', format: 1 },
  { tenant: 'acme', sequence: 43, at: '2026-03-01T11:00:00Z', kind: 'decision', actor: 'bruno', subject: 'carla',
    reference: 'e-2', messageType: 'custody.ImportStatement', rule: 'builtin:gate', reason: 'refused: not bound',
    previousHash: 'c', hash: 'd', format: 1 },
]);

const PLUGINS = JSON.stringify([
  { id: 'assets', version: '1.4.0', kind: 'domain', domain: 'assets', publisher: 'Mosaic',
    installedAt: '2026-02-01T08:00:00Z', ruleSetVersion: 2, receiving: true, consumes: ['assets.RecordValuation'],
    publishes: ['assets.ValuationRecorded'], scopes: [
      { scope: 'read:holdings', reason: 'values the assets', granted: true },
      { scope: 'send:mail', reason: 'tells the owner', granted: false }] },
  { id: 'crm-sync', version: '0.9.1', kind: 'app', domain: 'crm', publisher: 'Example Ltd',
    installedAt: '2026-02-15T08:00:00Z', ruleSetVersion: 1, receiving: false, consumes: [], publishes: [],
    scopes: [] },
]);

const LETTER = '7d1f3c2a-0000-4000-8000-00000000000a';

function answer(status: number, body: string): Response {
  return new Response(body, { status, headers: { 'Content-Type': 'application/json' } });
}

function server(roles: string[], routes: (url: string, init?: RequestInit) => Response | null = () => null) {
  const fetchMock = vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    if (url === '/portal/acme/session') return Promise.resolve(answer(200, JSON.stringify(sessionWith(roles))));
    return Promise.resolve(routes(url, init) ?? answer(404, '{"title":"Not Found","status":404}'));
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

function adminCalls(fetchMock: ReturnType<typeof server>): string[] {
  return fetchMock.mock.calls.map((c) => String(c[0])).filter((u) => u.includes('/admin/'));
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
});

describe('the bank console in the navigation', () => {
  it('is not offered to an advisor, and its address says which role it needs without asking the server', async () => {
    localStorage.setItem('mosaic.language', 'en');
    window.history.pushState({}, '', '/portal/acme/console/audit');
    const fetchMock = server(['advisor']);
    render(<App tenant="acme" />);
    expect(await screen.findByText('This page needs the tenant administrator role', {}, { timeout: 3000 }))
      .toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Holdings' })).toBeTruthy();
    expect(within(nav).queryByRole('link', { name: 'Audit trail' })).toBeNull();
    expect(within(nav).queryByRole('link', { name: 'Apps and dead letters' })).toBeNull();
    expect(within(nav).queryByText('Bank console')).toBeNull();
    expect(screen.queryByText('Chain intact')).toBeNull();
    expect(adminCalls(fetchMock)).toEqual([]);
  });

  it('is offered to a tenant administrator', async () => {
    localStorage.setItem('mosaic.language', 'en');
    window.history.pushState({}, '', '/portal/acme/console/apps');
    server(['tenant-admin'], (url) => (url.endsWith('/admin/plugins') ? answer(200, '[]') : null));
    render(<App tenant="acme" />);
    const nav = await screen.findByRole('navigation', { name: 'Main' }, { timeout: 3000 });
    const group = within(nav).getByRole('list', { name: 'Bank console' });
    expect(within(group).getByRole('link', { name: 'Audit trail' }).getAttribute('href'))
      .toBe('/portal/acme/console/audit');
    expect(within(group).getByRole('link', { name: 'Apps and dead letters' }).getAttribute('aria-current'))
      .toBe('page');
    expect(await screen.findByText('No app is installed.', {}, { timeout: 3000 })).toBeTruthy();
  });
});

describe('AuditPage', () => {
  it('shows the chain check and filters the records by search text and by kind', async () => {
    localStorage.setItem('mosaic.language', 'en');
    window.history.pushState({}, '', '/portal/acme/console/audit');
    const fetchMock = server(['tenant-admin'], (url) => {
      if (url === '/api/tenants/acme/admin/audit/verify') return answer(200, '{"intact":true,"problem":""}');
      if (url === '/api/tenants/acme/admin/audit?limit=500') return answer(200, AUDIT);
      return null;
    });
    render(<App tenant="acme" />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Audit trail' }, { timeout: 3000 })).toBeTruthy();
    const chain = await screen.findByText('Chain intact', {}, { timeout: 3000 });
    expect(chain.closest('[role="status"]')?.id).toBe('audit-chain');
    expect(screen.queryByText('Whose wealth'), 'no owner scope on the bank console').toBeNull();
    await waitFor(() => expect(document.getElementById('audit-chain')?.textContent)
      .toContain('The 3 most recent records are listed below.'));

    const table = screen.getByRole('table', { name: 'Most recent records' });
    const rows = () => within(table).getAllByRole('row').slice(1).map((r) => r.getAttribute('data-sequence'));
    expect(rows()).toEqual(['43', '42', '41']);
    expect(within(table).getByRole('columnheader', { name: 'Target' })).toBeTruthy();
    expect(screen.getByText('3 of 3 records')).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'REFUSED' } });
    expect(rows()).toEqual(['43']);
    expect(screen.getByText('1 of 3 records')).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Search'), { target: { value: '' } });
    const kind = screen.getByLabelText('Kind') as HTMLSelectElement;
    expect([...kind.options].map((o) => o.value)).toEqual(['', 'console', 'decision']);
    fireEvent.change(kind, { target: { value: 'decision' } });
    expect(rows()).toEqual(['43', '41']);
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'nothing like this' } });
    expect(screen.getByText('No record matches.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Export CSV' }) as HTMLButtonElement).disabled).toBe(true);
    expect(adminCalls(fetchMock)).toEqual(['/api/tenants/acme/admin/audit/verify',
      '/api/tenants/acme/admin/audit?limit=500']);
  });

  it('says when the chain is broken, with the problem', async () => {
    localStorage.setItem('mosaic.language', 'en');
    window.history.pushState({}, '', '/portal/acme/console/audit');
    server(['tenant-admin'], (url) => {
      if (url.endsWith('/admin/audit/verify')) {
        return answer(200, '{"intact":false,"problem":"record 42: hash does not match"}');
      }
      if (url.includes('/admin/audit?')) return answer(200, AUDIT);
      return null;
    });
    render(<App tenant="acme" />);
    const status = await screen.findByText('Chain broken', {}, { timeout: 3000 });
    expect(status.closest('[role="status"]')?.textContent).toContain('record 42: hash does not match');
  });

  it('downloads the rows shown as a CSV file', async () => {
    localStorage.setItem('mosaic.language', 'en');
    window.history.pushState({}, '', '/portal/acme/console/audit');
    server(['tenant-admin'], (url) => {
      if (url.endsWith('/admin/audit/verify')) return answer(200, '{"intact":true,"problem":""}');
      if (url.includes('/admin/audit?')) return answer(200, AUDIT);
      return null;
    });
    const blobs: Blob[] = [];
    const created = vi.fn((blob: Blob) => {
      blobs.push(blob);
      return 'blob:http://localhost/1';
    });
    const original = { create: URL.createObjectURL, revoke: URL.revokeObjectURL };
    URL.createObjectURL = created;
    URL.revokeObjectURL = vi.fn();
    onTestFinished(() => {
      URL.createObjectURL = original.create;
      URL.revokeObjectURL = original.revoke;
    });
    const clicked: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    render(<App tenant="acme" />);
    await screen.findByText('Chain intact', {}, { timeout: 3000 });
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'carla' } });
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect(clicked).toHaveLength(1);
    expect(clicked[0]).toMatch(/^audit-trail-acme-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = new Uint8Array(await (blobs[0] ?? new Blob()).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 byte order mark, for spreadsheet programs
    const text = new TextDecoder().decode(bytes.slice(3));
    expect(text.split('\r\n').filter((l) => l !== '').map((l) => l.split(',')[0])).toEqual(['sequence', '43']);
    expect(document.querySelectorAll('a[download]')).toHaveLength(0);
  });
});

describe('AppsPage', () => {
  it('lists the plugins and replays a dead letter with the CSRF token, then says it was delivered', async () => {
    localStorage.setItem('mosaic.language', 'en');
    window.history.pushState({}, '', '/portal/acme/console/apps');
    let replayed = false;
    const fetchMock = server(['tenant-admin'], (url, init) => {
      if (url === '/api/tenants/acme/admin/plugins') return answer(200, PLUGINS);
      if (url === '/api/tenants/acme/admin/plugins/assets/dead-letters') {
        return answer(200, replayed ? '[]' : JSON.stringify([{ id: LETTER, type: 'assets.RecordValuation',
          sender: 'domain:custody', entity: 'anna', occurredAt: '2026-03-01T10:00:00Z' }]));
      }
      if (url === '/api/tenants/acme/admin/plugins/crm-sync/dead-letters') return answer(200, '[]');
      if (url === `/api/tenants/acme/admin/plugins/assets/dead-letters/${LETTER}/replay` && init?.method === 'POST') {
        replayed = true;
        return answer(200, '{"replayed":true}');
      }
      return null;
    });
    render(<App tenant="acme" />);
    const table = await screen.findByRole('table', { name: 'Installed apps' }, { timeout: 3000 });
    const ids = within(table).getAllByRole('row').map((r) => r.getAttribute('data-plugin')).filter((x) => x !== null);
    expect(ids).toEqual(['assets', 'crm-sync']);
    const assets = table.querySelector('tr[data-plugin="assets"]') as HTMLElement;
    expect(within(assets).getByText('read:holdings').parentElement?.textContent).toContain('granted');
    expect(within(assets).getByText('send:mail').parentElement?.textContent).toContain('not granted');
    expect(within(assets).getByText('Yes')).toBeTruthy();
    const crm = table.querySelector('tr[data-plugin="crm-sync"]') as HTMLElement;
    expect(within(crm).getByText('No')).toBeTruthy();

    const toggle = await screen.findByRole('button', { name: 'Show (1) dead letters of assets' }, { timeout: 3000 });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const letters = screen.getByRole('table', { name: 'Dead letters of assets' });
    expect(within(letters).getByText(LETTER)).toBeTruthy();

    fireEvent.click(within(letters).getByRole('button', { name: `Replay assets.RecordValuation ${LETTER}` }));
    await waitFor(() => expect(document.getElementById('apps-status')?.textContent)
      .toBe(`assets.RecordValuation ${LETTER} was delivered again to assets.`), { timeout: 3000 });
    const post = fetchMock.mock.calls.find((c) => c[1]?.method === 'POST');
    expect(post?.[0]).toBe(`/api/tenants/acme/admin/plugins/assets/dead-letters/${LETTER}/replay`);
    expect((post?.[1]?.headers as Record<string, string>)['X-CSRF-Token']).toBe('token-9');
    expect(await screen.findByText('No dead letters: every message was delivered.', {}, { timeout: 3000 }))
      .toBeTruthy();
    expect(screen.getByRole('button', { name: 'Hide (0) dead letters of assets' })).toBeTruthy();
  });

  it('says so when a dead letter was not replayed (409)', async () => {
    localStorage.setItem('mosaic.language', 'en');
    window.history.pushState({}, '', '/portal/acme/console/apps');
    server(['tenant-admin'], (url, init) => {
      if (url === '/api/tenants/acme/admin/plugins') return answer(200, PLUGINS);
      if (url.endsWith('/replay') && init?.method === 'POST') return answer(409, '{"replayed":false}');
      if (url === '/api/tenants/acme/admin/plugins/assets/dead-letters') {
        return answer(200, JSON.stringify([{ id: LETTER, type: 'assets.RecordValuation', sender: 'domain:custody',
          entity: 'anna', occurredAt: '2026-03-01T10:00:00Z' }]));
      }
      if (url.endsWith('/dead-letters')) return answer(200, '[]');
      return null;
    });
    render(<App tenant="acme" />);
    fireEvent.click(await screen.findByRole('button', { name: 'Show (1) dead letters of assets' }, { timeout: 3000 }));
    fireEvent.click(screen.getByRole('button', { name: `Replay assets.RecordValuation ${LETTER}` }));
    await waitFor(() => expect(document.getElementById('apps-status')?.textContent).toBe(
      `assets.RecordValuation ${LETTER} was not replayed: it is no longer among the dead letters of assets.`),
    { timeout: 3000 });
  });
});
