import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from './App';

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

const netWorth = `{"ownerId":"anna","asOf":"2024-06-30","knownAt":"2024-07-01T08:00:00Z","currency":"CHF",
  "netWorth":123456789012345678.90,"assets":123456789012345700.00,"liabilities":-21.10,
  "unpriced":[{"positionId":"holding:x","entityId":"holdco","name":"Tokyo flat","currency":"JPY",
  "amount":5000000,"share":0.6,"reason":"no rate for JPY/CHF"}],"staleRates":[{"currency":"USD","rateDate":"2024-06-20"}]}`;

function answer(status: number, body: string): Response {
  return new Response(body, { status, headers: { 'Content-Type': 'application/json' } });
}

function stubServer(routes: (url: string) => Response) {
  const fetchMock = vi.fn((input: RequestInfo | URL) => Promise.resolve(routes(String(input))));
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
});

describe('App', () => {
  it('shows the sign-in screen in the bank\'s brand when nobody is signed in, with the demo letter where offered', async () => {
    window.history.pushState({}, '', '/portal/acme/');
    stubServer(() => answer(200, JSON.stringify({ signedIn: false, loginUrl: '/portal/acme/login', activationLetter: true,
      brand: { name: 'Acme Private Bank', logo: '/portal/acme/logo', locale: 'de-CH', currency: 'CHF' } })));
    render(<App tenant="acme" />);
    expect(await screen.findByRole('img', { name: 'Acme Private Bank' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Show my activation letter' })).toBeTruthy();
  });

  it('shows the sign-in screen when the session ended (401)', async () => {
    window.history.pushState({}, '', '/portal/acme/holdings?owner=anna');
    stubServer(() => answer(401, '{"title":"Unauthorized","status":401,"detail":"not signed in"}'));
    render(<App tenant="acme" />);
    const link = await screen.findByRole('link', { name: 'Sign in' });
    expect(link.getAttribute('href')).toBe('/portal/acme/login?return=%2Fportal%2Facme%2Fholdings%3Fowner%3Danna');
  });

  it('shows the net worth of the default owner exactly', async () => {
    localStorage.setItem('mosaic.language', 'en');
    window.history.pushState({}, '', '/portal/acme/');
    const fetchMock = stubServer((url) => {
      if (url === '/portal/acme/session') return answer(200, JSON.stringify(session));
      if (url.startsWith('/api/tenants/acme/queries/consolidation/net-worth')) return answer(200, netWorth);
      return answer(404, '{"title":"Not Found","status":404}');
    });
    render(<App tenant="acme" />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Overview' })).toBeTruthy();
    const exact = "CHF\u00a0123'456'789'012'345'678.90"; // de-CH region, this runtime's ICU
    const figure = await screen.findByText((_, el) => el?.classList.contains('money') === true
      && el.textContent === exact, {}, { timeout: 3000 });
    expect(figure.textContent).toBe(exact);
    expect(screen.getByText('Tokyo flat')).toBeTruthy();
    const called = fetchMock.mock.calls.map((c) => String(c[0]));
    expect(called.some((u) => u.includes('net-worth?owner=anna&asOf=') && u.includes('currency=CHF'))).toBe(true);
    expect(screen.getByRole('navigation', { name: 'Main' })).toBeTruthy();
    expect(screen.getByRole('main')).toBeTruthy();
  });

  it("says so when the gate denies the owner's data", async () => {
    localStorage.setItem('mosaic.language', 'en');
    window.history.pushState({}, '', '/portal/acme/?owner=other');
    stubServer((url) => {
      if (url === '/portal/acme/session') return answer(200, JSON.stringify(session));
      return answer(403, '{"title":"Forbidden","status":403,"detail":"anna may not read other"}');
    });
    render(<App tenant="acme" />);
    expect(await screen.findByText("You may not see this owner's data", {}, { timeout: 3000 })).toBeTruthy();
    expect(screen.getByText('anna may not read other')).toBeTruthy();
  });
});
