// A page of the portal app in Chromium for a person signed in already: the session cookie the server gave them after
// their login is handed to the browser. Every console error and CSP violation is collected in `problems`, except a
// refusal (403) the script provokes on purpose (`refusals`: patterns of the refused URLs). `accessible` runs axe
// (WCAG 2.1 A and AA) and throws on any serious or critical finding.
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';

export async function signedIn({ base, tenant, cookie, refusals = [] }) {
  const browser = await chromium.launch({
    executablePath: process.env.MOSAIC_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
  });
  // en-US: the app follows the browser's language, so it speaks English
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(30_000);
  await context.addCookies([{ name: 'mosaic_session_' + tenant.replace(/-/g, '_'), value: cookie, url: base,
    httpOnly: true, sameSite: 'Strict' }]);
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective));
  });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (/^Failed to load resource: the server responded with a status of 403/.test(m.text())
        && refusals.some((r) => r.test(m.location().url || ''))) {
      return;
    }
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push('uncaught ' + e.message));
  async function accessible(name) {
    const report = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const bad = report.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    if (bad.length > 0) throw new Error('accessibility of ' + name + ': ' + bad.map((v) => v.id).join(', '));
  }
  return { browser, context, page, problems, accessible };
}
