// A family member in the portal app, in Chromium: signed in already (the session cookie the server gave her after her
// login is handed to the browser), she is offered only the owner a client shared with her, sees its net worth to the
// cent as the domain answers it, cannot see another owner (the refusal is said as such), and an import she tries is
// refused (family members read, they send no commands). Fails on any CSP violation, console error other than the
// refusals it provokes, or serious accessibility finding.
//
// Usage: node family-member.mjs <server base URL> <tenant> <session cookie value> <shared owner> <other owner> <screenshot dir>
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { signedIn } from './signed-in.mjs';

const [base, tenant, cookie, shared, other, shots] = process.argv.slice(2);
if (!shots) {
  console.error('usage: node family-member.mjs <base> <tenant> <cookie> <shared owner> <other owner> <screenshot dir>');
  process.exit(2);
}
mkdirSync(shots, { recursive: true });
// the refusals this script provokes: another owner's data, and an import (family members send no commands)
const { browser, page, problems, accessible } = await signedIn({ base, tenant, cookie,
  refusals: [new RegExp(other), /commands\/custody\.ImportStatement/] });
const result = {};
let step = 'start';

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
