import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../app/App';

const session = {
  tenant: 'acme',
  subject: 'u-1',
  username: 'anna',
  roles: ['client'],
  owners: ['anna'],
  clients: [],
  shared: [],
  csrfToken: 'token-1',
  brand: { name: 'Acme Private', legalName: 'Acme Private Bank AG', logo: null, locale: 'de-CH', currency: 'CHF' },
};

const IMPORT_ID = '00000000-0000-4000-8000-000000000001';
const csv = 'account,statement_id,statement_date,currency,opening_balance,closing_balance,booking_date,amount\n'
  + 'CH93,2024-12,2024-12-31,CHF,250000.00,262300.00,2024-12-02,12300.00\n';

function answer(status: number, body: string): Response {
  return new Response(body, { status, headers: { 'Content-Type': 'application/json' } });
}

/** An EventSource the test drives: the app's live stream. */
class FakeEventSource {
  static last: FakeEventSource | null = null;
  readyState = 1;
  private readonly listeners = new Map<string, ((event: Event) => void)[]>();
  constructor(readonly url: string) {
    FakeEventSource.last = this;
  }
  addEventListener(type: string, listener: (event: Event) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close(): void {
    this.readyState = 2;
  }
  fire(type: string, data: unknown): void {
    const event = new MessageEvent(type, { data: JSON.stringify(data) });
    for (const listener of this.listeners.get(type) ?? []) {
      listener(event);
    }
  }
}

function server(custody: (url: string) => Response | null) {
  const fetchMock = vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    void init;
    if (url === '/portal/acme/session') return Promise.resolve(answer(200, JSON.stringify(session)));
    if (url.startsWith('/api/tenants/acme/commands/custody.ImportStatement')) {
      return Promise.resolve(answer(202, `{"envelopeId":"e-1","type":"custody.ImportStatement","entity":"anna"}`));
    }
    return Promise.resolve(custody(url) ?? answer(404, '{"title":"Not Found","status":404}'));
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

async function chooseAndSend(fileName: string, text: string) {
  const input = await screen.findByLabelText('Statement file', {}, { timeout: 3000 });
  fireEvent.change(input, { target: { files: [new File([text], fileName, { type: 'text/csv' })] } });
  expect(await screen.findByText(`${fileName}, ${text.length} B`)).toBeTruthy();
  await waitFor(() => expect((screen.getByLabelText('Format') as HTMLSelectElement).value).toBe('CSV'));
  fireEvent.change(screen.getByLabelText('Custodian'), { target: { value: 'Zürcher Privatbank' } });
  fireEvent.click(screen.getByRole('button', { name: 'Import statement' }));
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
  FakeEventSource.last = null;
});

describe('ImportsPage', () => {
  it('posts the chosen CSV file as custody.ImportStatement with the CSRF token and shows what was imported', async () => {
    localStorage.setItem('mosaic.language', 'en');
    vi.spyOn(crypto, 'randomUUID').mockReturnValue(IMPORT_ID);
    window.history.pushState({}, '', '/portal/acme/imports?owner=anna');
    const fetchMock = server((url) => {
      if (url === '/api/tenants/acme/queries/custody/accounts?owner=anna') {
        return answer(200, `[{"accountId":"CH93","ownerId":"anna","custodian":"Zürcher Privatbank","kind":"CASH",
          "currency":"CHF","balance":262300.00,"lastStatement":"2024-12-31","statements":1}]`);
      }
      if (url === '/api/tenants/acme/queries/custody/statements?owner=anna&accountId=CH93') {
        return answer(200, `[{"statementKey":"CH93/2024-12/2024-12-31","statementId":"2024-12","accountId":"CH93",
          "format":"CSV","statementDate":"2024-12-31","entries":1,"openingBalance":250000.00,
          "closingBalance":262300.00,"currency":"CHF","importId":"${IMPORT_ID}","fileName":"dec.csv"}]`);
      }
      if (url === '/api/tenants/acme/queries/custody/differences?owner=anna') return answer(200, '[]');
      return null;
    });
    render(<App tenant="acme" />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Import' }, { timeout: 3000 })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Import' })).toBeTruthy();
    expect(screen.getByText('Imported for anna')).toBeTruthy();

    await chooseAndSend('dec.csv', csv);

    await waitFor(() => expect(document.getElementById('import-status')?.textContent)
      .toBe('dec.csv is imported: 1 statement(s).'), { timeout: 3000 });
    const post = fetchMock.mock.calls.find((c) => String(c[0]).includes('/commands/'));
    expect(post?.[0]).toBe('/api/tenants/acme/commands/custody.ImportStatement?entity=anna');
    const init = post?.[1];
    expect(init?.method).toBe('POST');
    expect((init?.headers as Record<string, string>)['X-CSRF-Token']).toBe('token-1');
    expect(JSON.parse(String(init?.body))).toEqual({ importId: IMPORT_ID, fileName: 'dec.csv', format: 'CSV',
      content: csv, ownerId: 'anna', custodian: 'Zürcher Privatbank' });

    const result = screen.getByRole('region', { name: 'Result' });
    const statements = within(result).getByRole('table', { name: 'Statements of this file' });
    expect(within(statements).getByText('2024-12')).toBeTruthy();
    const closing = within(statements).getAllByText((_, el) => el?.getAttribute('data-amount') === '262300.00');
    expect(closing.length).toBe(1);
    expect(within(result).getByText(/No reconciliation difference/)).toBeTruthy();
    expect(screen.getByRole('list', { name: 'Progress of the import' }).textContent).toContain('Imported, done');
  });

  it('shows every problem of a rejected file from the live stream and says nothing was imported', async () => {
    localStorage.setItem('mosaic.language', 'en');
    vi.spyOn(crypto, 'randomUUID').mockReturnValue(IMPORT_ID);
    vi.stubGlobal('EventSource', FakeEventSource);
    window.history.pushState({}, '', '/portal/acme/imports?owner=anna');
    server((url) => (url.startsWith('/api/tenants/acme/queries/custody/accounts') ? answer(200, '[]') : null));
    render(<App tenant="acme" />);
    await chooseAndSend('bad.csv', csv);
    await waitFor(() => expect(document.getElementById('import-status')?.textContent)
      .toBe("Accepted, the bank's systems are reading it…"), { timeout: 3000 });
    FakeEventSource.last?.fire('custody.StatementRejected', {
      id: 'm-1', type: 'custody.StatementRejected', entity: 'anna', occurredAt: '2024-12-31T10:00:00Z',
      payload: { importId: IMPORT_ID, fileName: 'bad.csv', error: 'x', errors: [
        'CSV file bad.csv, statement 2024-12, entry 1 (line 2): amount "12300,00" is not a decimal (expected 12.50)',
        'CSV file bad.csv, statement 2024-12: balances do not reconcile'] },
    });
    const problems = await screen.findByRole('list', { name: 'Problems in the file' }, { timeout: 3000 });
    const items = within(problems).getAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual([
      'line 2, statement 2024-12, entry 1amount "12300,00" is not a decimal (expected 12.50)',
      'statement 2024-12balances do not reconcile',
    ]);
    expect(screen.getByText('Rejected: nothing was imported')).toBeTruthy();
    expect(document.getElementById('import-status')?.textContent).toBe('bad.csv was rejected: nothing was imported.');
  });

  it('refuses a file above 48 MiB before reading or sending it', async () => {
    localStorage.setItem('mosaic.language', 'en');
    window.history.pushState({}, '', '/portal/acme/imports?owner=anna');
    const fetchMock = server(() => null);
    render(<App tenant="acme" />);
    const input = await screen.findByLabelText('Statement file', {}, { timeout: 3000 });
    const big = new File(['x'], 'huge.csv');
    Object.defineProperty(big, 'size', { value: 49 * 1024 * 1024 });
    fireEvent.change(input, { target: { files: [big] } });
    expect(await screen.findByText(/This file is 49 MiB; one import may carry at most 48 MiB/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Custodian'), { target: { value: 'Bank' } });
    fireEvent.click(screen.getByRole('button', { name: 'Import statement' }));
    await waitFor(() => expect(document.activeElement).toBe(input));
    expect(screen.getAllByRole('alert')).toHaveLength(1);
    expect(document.getElementById('import-status')?.textContent).toBe('Choose a statement file to import.');
    expect(fetchMock.mock.calls.some((c) => String(c[0]).includes('/commands/'))).toBe(false);
  });
});
