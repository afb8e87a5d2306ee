// A family member in the portal app, in Chromium: signed in already (the session cookie the server gave her after her
// login is handed to the browser), she is offered only the owner a client shared with her, sees its net worth to the
// cent as the domain answers it, cannot see another owner (the refusal is said as such), and an import she tries is
// refused (family members read, they send no commands). Fails on any CSP violation, console error other than the
// refusals it provokes, or serious accessibility finding.
//
// Usage: node family-member.mjs <server base URL> <tenant> <session cookie value> <shared owner> <other owner> <screenshot dir>
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [base, tenant, cookie, shared, other, shots] = process.argv.slice(2);
if (!shots) {
  console.error('usage: node family-member.mjs <base> <tenant> <cookie> <shared owner> <other owner> <screenshot dir>');
  process.exit(2);
}
mkdirSync(shots, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.MOSAIC_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
});
const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
context.setDefaultTimeout(30_000);
await context.addCookies([{ name: 'mosaic_session_' + tenant.replace(/-/g, '_'), value: cookie, url: base,
  httpOnly: true, sameSite: 'Strict' }]);
await context.addInitScript(() => {
  document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective));
});
const page = await context.newPage();
const problems = [];
const expected = [new RegExp(other), /commands\/custody\.ImportStatement/];
page.on('console', (m) => {
  if (/^Failed to load resource: the server responded with a status of 403/.test(m.text())
      && expected.some((r) => r.test(m.location().url || ''))) {
    return;
  }
  if (m.type() === 'error') problems.push(m.text());
});
page.on('pageerror', (e) => problems.push('uncaught ' + e.message));
const result = {};
let step = 'start';

async function accessible(name) {
  const report = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = report.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length > 0) throw new Error('accessibility of ' + name + ': ' + bad.map((v) => v.id).join(', '));
}

try {
  step = 'the overview of what was shared';
  await page.goto(base + '/portal/' + tenant + '/');
  const figure = page.locator('#net-worth .money');
  await figure.waitFor();
  result.owners = await page.getByLabel('Whose wealth').locator('option').evaluateAll((os) => os.map((o) => o.value));
  result.shown = await figure.getAttribute('data-amount');
  result.answered = await page.evaluate(async ([t, o]) => {
    const r = await fetch('/api/tenants/' + t + '/queries/consolidation/net-worth?owner=' + o + '&currency=CHF');
    return JSON.parse((await r.text()).replace(/("netWorth"\s*:\s*)(-?[0-9.eE+-]+)/, '$1"$2"')).netWorth;
  }, [tenant, shared]);
  await accessible('overview');
  await page.screenshot({ path: join(shots, 'family-member-overview.png'), fullPage: true });
  console.log('ok   ' + step + ': ' + result.owners.join(', ') + ' ' + result.shown);

  step = 'another owner is refused, as such';
  await page.goto(base + '/portal/' + tenant + '/?owner=' + other);
  await page.getByText("You may not see this owner's data").waitFor();
  result.otherRefused = true;
  console.log('ok   ' + step);

  step = 'an import is refused: family members only read';
  await page.goto(base + '/portal/' + tenant + '/imports?owner=' + shared);
  await page.locator('#import-file').waitFor();
  await page.setInputFiles('#import-file', { name: 'family.csv', mimeType: 'text/csv', buffer: Buffer.from(
    'account,statement_id,statement_date,currency,opening_balance,closing_balance,booking_date,amount,type,description\n'
    + 'CH9300762011623852957,fm-1,2026-11-30,CHF,1.00,2.00,2026-11-03,1.00,TRANSFER,x\n') });
  await page.fill('#import-custodian', 'Any bank');
  await page.click('#import-submit');
  await page.waitForFunction(() => /was not sent/i.test(document.querySelector('#import-status')?.textContent || ''));
  result.importStatus = (await page.locator('#import-status').innerText()).trim();
  await page.screenshot({ path: join(shots, 'family-member-import-refused.png'), fullPage: true });
  console.log('ok   ' + step + ': ' + result.importStatus);

  if (problems.length > 0) throw new Error(problems.join(' | '));
  console.log('FAMILY OK ' + JSON.stringify(result));
  await browser.close();
} catch (e) {
  console.log('FAILED at "' + step + '": ' + (e && e.message ? e.message : e));
  try {
    await page.screenshot({ path: join(shots, 'family-member-failure.png'), fullPage: true });
    console.log((await page.locator('body').innerText()).slice(0, 1500));
  } catch (ignored) {
    // the browser may be gone
  }
  await browser.close();
  process.exit(1);
}
