// The bank's console in the portal app, in Chromium: a tenant administrator, signed in already (the session cookie the
// server gave her after her login is handed to the browser), sees the console in the navigation, the audit trail's
// chain check ("Chain intact") above its most recent records, narrows the records with a search, and sees the
// installed apps with their dead letters. Fails on any CSP violation, console error or serious accessibility finding
// (axe on both pages), and when a page is wider than a phone (its tables scroll in their own containers).
//
// Usage: node console.mjs <server base URL> <tenant> <session cookie value> <screenshot dir>
// Prints, when everything holds: CONSOLE OK {"chainIntact":true,"rows":<records listed>,"plugins":[<plugin ids>]}
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { signedIn } from './signed-in.mjs';

const [base, tenant, cookie, shots] = process.argv.slice(2);
if (!shots) {
  console.error('usage: node console.mjs <base> <tenant> <cookie> <screenshot dir>');
  process.exit(2);
}
mkdirSync(shots, { recursive: true });
const { browser, page, problems, accessible } = await signedIn({ base, tenant, cookie });
const result = { chainIntact: false, rows: 0, plugins: [] };
let step = 'start';

const auditRows = () => page.locator('#audit-records tbody tr');

/** Types a search and waits until the table and its count agree. */
async function searchFor(search, text) {
  await search.fill(text);
  await page.waitForFunction(() => {
    const rows = document.querySelectorAll('#audit-records tbody tr').length;
    return (document.querySelector('#audit-count')?.textContent || '').startsWith(rows + ' of ');
  });
  return auditRows().count();
}

try {
  step = 'the console in the navigation';
  await page.goto(base + '/portal/' + tenant + '/console/audit');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Audit trail' }).waitFor();
  await nav.getByRole('link', { name: 'Apps and dead letters' }).waitFor();
  console.log('ok   ' + step);

  step = 'the audit trail: chain check and records';
  const chain = page.locator('#audit-chain');
  await chain.waitFor();
  const chainText = (await chain.innerText()).trim();
  if (!/Chain intact/.test(chainText)) throw new Error('the chain check says: ' + chainText);
  result.chainIntact = true;
  await auditRows().first().waitFor();
  result.rows = await auditRows().count();
  if (result.rows < 1) throw new Error('no audit record is listed');
  console.log('ok   ' + step + ': ' + chainText.replace(/\s+/g, ' ') + ' / ' + result.rows + ' record(s)');

  step = 'a search narrows the records';
  const search = page.getByRole('searchbox', { name: 'Search' });
  const cells = await auditRows().first().locator('td').allInnerTexts();
  const candidates = [...new Set(cells.flatMap((c) => c.split('\n')).map((c) => c.trim()).filter((c) => c.length > 1))];
  let narrowed = null;
  for (const text of candidates) {
    const shown = await searchFor(search, text);
    if (shown >= 1 && shown < result.rows) {
      narrowed = { text, shown };
      break;
    }
  }
  if (narrowed === null && result.rows > 1) {
    throw new Error('no text of the first record narrows the ' + result.rows + ' records: ' + candidates.join(' | '));
  }
  if (narrowed === null) { // a single record: nothing to narrow, the search still finds it
    narrowed = { text: candidates[0] ?? '', shown: await searchFor(search, candidates[0] ?? '') };
  }
  const count = (await page.locator('#audit-count').innerText()).trim();
  if (!count.startsWith(narrowed.shown + ' of ' + result.rows + ' ')) {
    throw new Error('the count says "' + count + '" for ' + narrowed.shown + ' of ' + result.rows + ' rows');
  }
  await page.screenshot({ path: join(shots, 'console-audit.png'), fullPage: true });
  await accessible('the audit trail');
  console.log('ok   ' + step + ': "' + narrowed.text + '" leaves ' + count);

  step = 'the audit trail at a phone\'s width';
  await page.setViewportSize({ width: 375, height: 812 });
  await searchFor(search, '');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 0) throw new Error('the audit page is ' + overflow + ' px wider than a phone');
  await page.setViewportSize({ width: 1280, height: 900 });
  console.log('ok   ' + step + ': no horizontal overflow');

  step = 'the apps and their dead letters';
  await page.goto(base + '/portal/' + tenant + '/console/apps');
  await page.locator('#console-plugins tbody tr[data-plugin]').first().waitFor();
  result.plugins = await page.locator('#console-plugins tbody tr[data-plugin]')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-plugin')));
  if (!result.plugins.includes('assets')) {
    throw new Error('the plugin assets is not listed: ' + result.plugins.join(', '));
  }
  const toggle = page.getByRole('button', { name: /dead letters of assets$/ });
  await page.waitForFunction(() => { // the count of its dead letters has arrived
    const label = document.querySelector('tr[data-plugin="assets"] button')?.textContent;
    return label !== undefined && !label.includes('…');
  });
  await toggle.click();
  await page.getByRole('heading', { name: 'Dead letters of assets' }).waitFor();
  const letters = page.locator('tr[data-plugin="assets"] + tr');
  await letters.locator('table, .console__empty').first().waitFor();
  const letterCount = await letters.locator('tbody tr').count();
  await page.screenshot({ path: join(shots, 'console-apps.png'), fullPage: true });
  await accessible('the apps');
  console.log('ok   ' + step + ': ' + result.plugins.join(', ') + '; assets has ' + letterCount + ' dead letter(s)');

  step = 'the apps at a phone\'s width';
  await page.setViewportSize({ width: 375, height: 812 });
  const appsOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (appsOverflow > 0) throw new Error('the apps page is ' + appsOverflow + ' px wider than a phone');
  console.log('ok   ' + step + ': no horizontal overflow');

  if (problems.length > 0) throw new Error(problems.join(' | '));
  console.log('CONSOLE OK ' + JSON.stringify(result));
  await browser.close();
} catch (e) {
  console.log('FAILED at "' + step + '": ' + (e && e.message ? e.message : e));
  try {
    await page.screenshot({ path: join(shots, 'console-failure.png'), fullPage: true });
    console.log((await page.locator('body').innerText()).slice(0, 1500));
  } catch (ignored) {
    // the browser may be gone
  }
  await browser.close();
  process.exit(1);
}
