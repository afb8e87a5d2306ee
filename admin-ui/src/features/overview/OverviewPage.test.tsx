import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
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

function netWorth(asOf: string, amount: string, extra = ''): string {
  return `{"ownerId":"anna","asOf":"${asOf}","knownAt":null,"currency":"CHF","netWorth":${amount},
    "assets":${amount},"liabilities":0,"unpriced":[${extra}],"staleRates":[]}`;
}

const UNPRICED = `{"positionId":"holding:x","entityId":"anna","name":"Tokyo flat","currency":"JPY",
  "amount":5000000,"share":1,"reason":"no rate for JPY/CHF"}`;

function answer(status: number, body: string): Response {
  return new Response(body, { status, headers: { 'Content-Type': 'application/json' } });
}

/** A server answering the session and the net worth per as-of date; other dates get a 404. */
function stubServer(byDate: Readonly<Record<string, Response | (() => Response)>>) {
  const fetchMock = vi.fn((input: RequestInfo | URL) => {
    const url = String(input);
    if (url === '/portal/acme/session') return Promise.resolve(answer(200, JSON.stringify(session)));
    if (url.startsWith('/api/tenants/acme/queries/consolidation/net-worth')) {
      const asOf = new URL(url, 'http://x').searchParams.get('asOf') ?? '';
      const hit = byDate[asOf];
      if (hit !== undefined) return Promise.resolve(typeof hit === 'function' ? hit() : hit.clone());
    }
    return Promise.resolve(answer(404, '{"title":"Not Found","status":404,"detail":"no answer for that date"}'));
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

function open(path: string) {
  localStorage.setItem('mosaic.language', 'en');
  window.history.pushState({}, '', path);
  render(<App tenant="acme" />);
}

async function changeElement(): Promise<HTMLElement> {
  return waitFor(() => {
    const el = document.getElementById('net-worth-change');
    expect(el).not.toBeNull();
    return el as HTMLElement;
  }, { timeout: 3000 });
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
});

describe('the overview\'s change of net worth', () => {
  it('shows the change over one year, computed exactly from the two answers', async () => {
    const fetchMock = stubServer({
      '2024-06-30': answer(200, netWorth('2024-06-30', '36500000000000000.01')),
      '2023-06-30': answer(200, netWorth('2023-06-30', '34000000000000000.00')),
    });
    open('/portal/acme/?asOf=2024-06-30');
    const change = await changeElement();
    const money = change.querySelector('.money[data-amount]');
    expect(money?.getAttribute('data-amount')).toBe('2500000000000000.01');
    expect(change.className).toContain('change--up');
    expect(change.textContent).toMatch(/^Change since .*2023.*: increase of \+CHF.2.500.000.000.000.000\.01 \(\+7\.35\s?%\)$/);
    // the figure the browser journey checks is untouched
    expect(document.querySelectorAll('#net-worth .money[data-amount]')).toHaveLength(1);
    expect(document.querySelector('#net-worth .money')?.getAttribute('data-amount')).toBe('36500000000000000.01');
    const called = fetchMock.mock.calls.map((c) => String(c[0]));
    expect(called.some((u) => u.includes('net-worth?owner=anna&asOf=2023-06-30') && u.includes('currency=CHF'))).toBe(true);
    expect(screen.queryByText(/includes estimates/)).toBeNull();
    expect(screen.getByRole('combobox', { name: 'Change over' })).toBeTruthy();
  });

  it('shows a fall since the end of last year, and a note when the start left out other positions', async () => {
    stubServer({
      '2026-03-31': answer(200, netWorth('2026-03-31', '-50.5')),
      '2025-12-31': answer(200, netWorth('2025-12-31', '100.25', UNPRICED)),
    });
    open('/portal/acme/?asOf=2026-03-31&period=YTD');
    const change = await changeElement();
    expect(change.querySelector('.money')?.getAttribute('data-amount')).toBe('-150.75');
    expect(change.className).toContain('change--down');
    expect(change.textContent).toContain('decrease of');
    expect(change.textContent).toMatch(/\(-150\.37\s?%\)/);
    expect(screen.getByText(/The comparison includes estimates/)).toBeTruthy();
  });

  it('shows no percentage when the start was zero', async () => {
    stubServer({
      '2026-03-31': answer(200, netWorth('2026-03-31', '1000')),
      '2026-02-28': answer(200, netWorth('2026-02-28', '0.00')),
    });
    open('/portal/acme/?asOf=2026-03-31&period=1M');
    const change = await changeElement();
    expect(change.querySelector('.money')?.getAttribute('data-amount')).toBe('1000.00');
    expect(change.textContent).toContain('— (no value at the start)');
  });

  it('says why there is no comparison when the start cannot be read, and still shows the net worth', async () => {
    stubServer({ '2024-06-30': answer(200, netWorth('2024-06-30', '10')) });
    open('/portal/acme/?asOf=2024-06-30&period=3Y');
    const change = await changeElement();
    expect(change.textContent).toContain('no comparison: no answer for that date');
    expect(change.querySelector('.money')).toBeNull();
    expect(document.querySelector('#net-worth .money')?.getAttribute('data-amount')).toBe('10');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('falls back to one year for a bad period and follows the control', async () => {
    const fetchMock = stubServer({
      '2024-06-30': answer(200, netWorth('2024-06-30', '10')),
      '2023-06-30': answer(200, netWorth('2023-06-30', '8')),
      '2024-03-30': answer(200, netWorth('2024-03-30', '5')),
      '2024-01-15': answer(200, netWorth('2024-01-15', '4')),
    });
    open('/portal/acme/?asOf=2024-06-30&period=2W');
    expect((await changeElement()).querySelector('.money')?.getAttribute('data-amount')).toBe('2');
    const select = screen.getByRole<HTMLSelectElement>('combobox', { name: 'Change over' });
    expect(select.value).toBe('1Y');
    expect(screen.queryByLabelText('Since')).toBeNull();

    fireEvent.change(select, { target: { value: '3M' } });
    await waitFor(() => expect(document.querySelector('#net-worth-change .money')?.getAttribute('data-amount')).toBe('5'));
    expect(window.location.search).toContain('period=3M');
    expect(fetchMock.mock.calls.some((c) => String(c[0]).includes('asOf=2024-03-30'))).toBe(true);

    fireEvent.change(select, { target: { value: 'custom' } });
    const since = await screen.findByLabelText<HTMLInputElement>('Since');
    expect(since.value).toBe('2024-03-30');
    fireEvent.change(since, { target: { value: '2024-01-15' } });
    await waitFor(() => expect(document.querySelector('#net-worth-change .money')?.getAttribute('data-amount')).toBe('6'));
    expect(window.location.search).toContain('since=2024-01-15');
  });

  it('masks the change in discreet mode but keeps the percentage', async () => {
    localStorage.setItem('mosaic.discreet', 'true');
    stubServer({
      '2024-06-30': answer(200, netWorth('2024-06-30', '110')),
      '2023-06-30': answer(200, netWorth('2023-06-30', '100')),
    });
    localStorage.setItem('mosaic.language', 'en');
    window.history.pushState({}, '', '/portal/acme/?asOf=2024-06-30');
    render(<App tenant="acme" />);
    const change = await changeElement();
    expect(change.querySelector('[data-amount]')).toBeNull();
    expect(change.textContent).toContain('•••••');
    expect(change.textContent).toMatch(/\(\+10\.00\s?%\)/);
  });
});
