// The journey of a new user of the demo tenant through the portal app, in Chromium: open the portal, get the
// activation letter, enrol the photoTAN device emulator page with it, sign in (password, enrolment code), see the
// family's net worth (checked to the cent against the domain's own answer), watch it move live when a valuation is
// recorded through the API, open every view, sign out, sign in again with password and photoTAN (a wrong TAN first,
// refused), and read the overview at a phone's width. Every page of the server is checked: no CSP violation, no
// console error, no serious or critical accessibility finding (axe).
//
// Usage: node portal-journey.mjs <server base URL> <tenant> <user> <password> <owner> <asset> <screenshot dir>
// Prints one line per step; the last line is "JOURNEY OK {json}" and the exit code 0 when every step passed.
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [base, tenant, user, password, owner, asset, shots] = process.argv.slice(2);
if (!shots) {
  console.error('usage: node portal-journey.mjs <base> <tenant> <user> <password> <owner> <asset> <screenshot dir>');
  process.exit(2);
}
mkdirSync(shots, { recursive: true });

const STEP_TIMEOUT = 30_000;
const browser = await chromium.launch({
  executablePath: process.env.MOSAIC_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
// Keycloak's pages use a certificate made for this machine (deployment/local/keycloak): accepted, as a user would.
const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'en-US', viewport: { width: 1280, height: 900 } });
context.setDefaultTimeout(STEP_TIMEOUT);
// every CSP violation of a page of the server is reported on the console, where it is collected below
await context.addInitScript(() => {
  document.addEventListener('securitypolicyviolation', (e) => {
    console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at '
      + e.sourceFile + ':' + e.lineNumber);
  });
});
const portal = await context.newPage();
const device = await context.newPage();
const result = { tenant, user, views: {}, axe: {} };
let step = 'start';
const problems = [];
// refusals the journey asks for on purpose (an owner nobody bound to her, another bank): the browser logs them as
// failed loads, which are expected there and nowhere else
const expectedRefusals = [/family-nobody-advises/, /\/api\/tenants\/alpine\//];
for (const page of [portal, device]) {
  page.on('console', (message) => {
    if (/^Failed to load resource: the server responded with a status of 40[13]/.test(message.text())
        && expectedRefusals.some((r) => r.test(message.location().url || ''))) {
      return;
    }
    if (page.url().startsWith(base) && (message.type() === 'error' || /content.security.policy/i.test(message.text()))) {
      problems.push(page.url() + ': ' + message.text());
    }
  });
  page.on('pageerror', (error) => {
    if (page.url().startsWith(base)) {
      problems.push(page.url() + ': uncaught ' + error.message);
    }
  });
}

function ok(what) {
  console.log('ok   ' + what);
}

async function shot(name, page = portal) {
  await page.screenshot({ path: join(shots, name + '.png'), fullPage: true });
}

/** axe on the page as it is now: serious and critical findings fail the journey. */
async function accessible(name) {
  const report = await new AxeBuilder({ page: portal }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = report.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  result.axe[name] = { violations: report.violations.length, serious: bad.length, passes: report.passes.length };
  if (bad.length > 0) {
    throw new Error('accessibility of ' + name + ': ' + bad.map((v) => v.id + ' (' + v.impact + '): '
      + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')).join(' | '));
  }
}

/** Loads an image (a data: URI) into the device emulator page and returns what it shows. */
async function deviceReads(dataUri, resultSelector) {
  await device.bringToFront();
  await device.fill('#image-data', dataUri);
  await device.click('#read-data');
  await device.waitForFunction((sel) => {
    const el = document.querySelector(sel);
    const error = document.querySelector('#error');
    return (el && el.textContent.trim().length > 0 && el.offsetParent !== null)
      || (error && error.textContent.trim().length > 0 && error.offsetParent !== null);
  }, resultSelector);
  const error = await device.locator('#error').textContent().catch(() => '');
  const value = (await device.locator(resultSelector).textContent()).trim();
  if (!value) {
    throw new Error('the device emulator showed no ' + resultSelector + ' but: ' + error);
  }
  await portal.bringToFront();
  return value;
}

async function signInWithPassword() {
  await portal.click('#sign-in');
  await portal.waitForURL(/\/realms\//);
  await portal.fill('#username', user);
  await portal.fill('#password', password);
  await Promise.all([portal.waitForLoadState('domcontentloaded'), portal.click('#kc-login')]);
}

/** JavaScript the page has loaded so far: bytes over the wire (gzipped where the server compresses) and files. */
async function javaScriptLoaded() {
  return portal.evaluate(() => {
    const scripts = performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.js'));
    return { wire: scripts.reduce((n, e) => n + e.encodedBodySize, 0),
      decoded: scripts.reduce((n, e) => n + e.decodedBodySize, 0), files: scripts.length };
  });
}

/** The net worth the overview shows: the decimal string behind the formatted figure, and the text. */
async function netWorthShown() {
  const figure = portal.locator('#net-worth .money');
  await figure.waitFor();
  return { amount: await figure.getAttribute('data-amount'), text: (await figure.innerText()).trim() };
}

/** The domain's own answer, through the API with the browser's session (no token in the page). */
async function netWorthAnswered(whose = owner) {
  return portal.evaluate(async ([t, o]) => {
    const r = await fetch('/api/tenants/' + t + '/queries/consolidation/net-worth?owner=' + o + '&currency=CHF');
    return JSON.parse((await r.text()).replace(/("netWorth"\s*:\s*)(-?[0-9.eE+-]+)/, '$1"$2"')).netWorth;
  }, [tenant, whose]);
}

try {
  step = 'open the portal';
  await portal.goto(base + '/portal/' + tenant);
  await portal.locator('#sign-in').waitFor();
  result.brand = await portal.getAttribute('.sign-in__logo', 'alt');
  result.logoLoaded = await portal.evaluate(() => document.querySelector('.sign-in__logo').naturalWidth > 0);
  result.headerColour = await portal.evaluate(() => getComputedStyle(document.querySelector('.sign-in__card')).borderTopColor);
  await accessible('sign-in');
  await shot('1-sign-in');
  ok(step + ': "' + result.brand + '", logo ' + result.logoLoaded + ', brand colour ' + result.headerColour);

  step = 'activation letter';
  await portal.fill('#enrol-user', user);
  await portal.click('#get-letter');
  await portal.locator('#letter').waitFor();
  const letter = await portal.getAttribute('#letter', 'src');
  if (!letter || !letter.startsWith('data:image/png;base64,')) {
    throw new Error('the activation letter is not a PNG data URI: ' + letter);
  }
  await shot('2-activation-letter');
  ok(step + ': ' + letter.length + ' characters of PNG');

  step = 'enrol the device emulator';
  await device.goto(base + '/device');
  const enrolmentCode = await deviceReads(letter, '#enrolment-code');
  await shot('3-device-enrolment', device);
  ok(step + ': enrolment code ' + enrolmentCode.slice(0, 12) + '…');

  step = 'first sign-in: password, then the enrolment code';
  await signInWithPassword();
  await portal.waitForSelector('#kc-phototan-enrol-form');
  result.keycloakTitle = await portal.title();
  await shot('4-keycloak-enrol');
  await portal.fill('#enrolment-code', enrolmentCode);
  await portal.click('#kc-phototan-enrol-form #kc-login');
  await portal.waitForURL(new RegExp('/portal/' + tenant));
  result.firstUsername = (await portal.locator('.topbar__username').innerText()).replace(/^Signed in as /, '').trim();
  result.storage = await portal.evaluate(() => JSON.stringify(sessionStorage) + JSON.stringify(localStorage) + document.cookie);
  ok(step + ': signed in as ' + result.firstUsername);

  step = 'overview: the net worth, to the cent as the domain answers it';
  const shown = await netWorthShown();
  const answered = await netWorthAnswered();
  result.netWorth = { shown: shown.amount, text: shown.text, answered };
  if (shown.amount !== answered) {
    throw new Error('the overview shows ' + shown.amount + ' but the domain answers ' + answered);
  }
  result.javaScript = { overview: await javaScriptLoaded() };
  await accessible('overview');
  await shot('5-overview');
  ok(step + ': ' + shown.text);

  step = 'live: a valuation recorded through the API moves the figure without a reload';
  const navigations = [];
  portal.on('framenavigated', (frame) => { if (frame === portal.mainFrame()) navigations.push(frame.url()); });
  const posted = await portal.evaluate(async ([t, a]) => {
    const session = await (await fetch('/portal/' + t + '/session')).json();
    const r = await fetch('/api/tenants/' + t + '/commands/assets.RecordValuation?entity=' + a, {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrfToken },
      body: JSON.stringify({ assetId: a, valuationId: 'v-live', amount: '3650000.00', currency: 'CHF',
        valuationDate: new Date().toISOString().slice(0, 10), method: 'APPRAISAL', appraiser: 'Journey appraiser' }) });
    return r.status;
  }, [tenant, asset]);
  if (posted !== 202) {
    throw new Error('the valuation was not accepted: HTTP ' + posted);
  }
  await portal.waitForFunction((before) => {
    const el = document.querySelector('#net-worth .money');
    return el && el.getAttribute('data-amount') !== before;
  }, shown.amount, { timeout: 20_000 });
  await portal.locator('.live-cue__updated').waitFor();
  const moved = await netWorthShown();
  result.live = { before: shown.amount, after: moved.amount, reloads: navigations.length,
    cue: (await portal.locator('.live-cue__updated').innerText()).trim() };
  if (navigations.length > 0) {
    throw new Error('the page reloaded instead of updating: ' + navigations.join(', '));
  }
  await shot('6-overview-live');
  ok(step + ': ' + shown.text + ' -> ' + moved.text + ' (' + result.live.cue + ')');

  step = 'time travel: as of yesterday, before the new valuation';
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  await portal.getByLabel('As of').fill(yesterday);
  await portal.waitForFunction((d) => new URLSearchParams(location.search).get('asOf') === d, yesterday);
  await portal.waitForFunction((after) => {
    const el = document.querySelector('#net-worth .money');
    return el && el.getAttribute('data-amount') !== after;
  }, result.live.after);
  const then = await netWorthShown();
  const thenAnswered = await portal.evaluate(async ([t, o, d]) => {
    const r = await fetch('/api/tenants/' + t + '/queries/consolidation/net-worth?owner=' + o + '&currency=CHF&asOf=' + d);
    return JSON.parse((await r.text()).replace(/("netWorth"\s*:\s*)(-?[0-9.eE+-]+)/, '$1"$2"')).netWorth;
  }, [tenant, owner, yesterday]);
  result.timeTravel = { asOf: yesterday, shown: then.amount, answered: thenAnswered, url: portal.url().replace(base, '') };
  if (then.amount !== thenAnswered) {
    throw new Error('as of ' + yesterday + ' the overview shows ' + then.amount + ' but the domain answers ' + thenAnswered);
  }
  // the link reproduces the view: a new tab on the same address shows the same figure
  const again = await context.newPage();
  await again.goto(portal.url());
  await again.locator('#net-worth .money').waitFor();
  result.timeTravel.reproduced = await again.locator('#net-worth .money').getAttribute('data-amount');
  await again.close();
  await portal.bringToFront();
  await portal.goto(base + '/portal/' + tenant + '/?owner=' + owner); // back to today
  await portal.waitForFunction((after) => document.querySelector('#net-worth .money')?.getAttribute('data-amount') === after,
    result.live.after);
  ok(step + ': ' + then.text + ' as of ' + yesterday + ', reproduced from the link: ' + result.timeTravel.reproduced);

  step = 'who sees what: only the bound owners, a refusal said as such, nothing of another bank';
  result.owners = await portal.getByLabel('Whose wealth').locator('option').evaluateAll((os) => os.map((o) => o.value));
  await portal.goto(base + '/portal/' + tenant + '/?owner=family-nobody-advises');
  await portal.getByText("You may not see this owner's data").waitFor();
  result.refusalShown = true;
  await accessible('refused');
  await shot('6b-refused');
  result.otherTenant = await portal.evaluate(async () => (await fetch('/api/tenants/alpine/me')).status);
  await portal.goto(base + '/portal/' + tenant + '/?owner=' + owner);
  await netWorthShown();
  ok(step + ': offered ' + result.owners.join(', ') + '; another bank answers ' + result.otherTenant);

  for (const [i, view] of ['Allocation', 'Holdings', 'Structure', 'Performance'].entries()) {
    step = 'view ' + view;
    await portal.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: view, exact: true }).click();
    await portal.getByRole('heading', { level: 1, name: view }).waitFor();
    await portal.waitForFunction(() => document.querySelectorAll('#main .skeleton').length === 0);
    const main = (await portal.locator('#main').innerText()).replace(/\s+/g, ' ').trim();
    if (/may not see|could not/i.test(main)) {
      throw new Error(view + ' shows an error: ' + main.slice(0, 300));
    }
    result.views[view] = { url: portal.url().replace(base, ''), text: main.slice(0, 160) };
    result.javaScript[view] = await javaScriptLoaded(); // so far: the first view and every view opened since
    await accessible(view.toLowerCase());
    await shot((7 + i) + '-' + view.toLowerCase());
    ok(step + ': ' + result.views[view].url);
  }

  step = 'the Muster family office: its net worth, structure and allocation';
  await portal.getByLabel('Whose wealth').selectOption('family-muster');
  await portal.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview', exact: true }).click();
  await portal.waitForFunction(() => /owner=family-muster/.test(location.search));
  await portal.waitForFunction((before) => {
    const el = document.querySelector('#net-worth .money');
    return el && el.getAttribute('data-amount') !== before;
  }, result.live.after); // the journey family's figure gives way to the family office's
  const muster = await netWorthShown();
  const musterAnswered = await netWorthAnswered('family-muster');
  result.muster = { shown: muster.amount, text: muster.text, answered: musterAnswered };
  if (muster.amount !== musterAnswered) {
    throw new Error('the Muster overview shows ' + muster.amount + ' but the domain answers ' + musterAnswered);
  }
  await shot('docs-overview');
  await portal.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Structure', exact: true }).click();
  await portal.waitForFunction(() => document.querySelectorAll('.react-flow__node').length >= 4);
  result.muster.nodes = await portal.locator('.react-flow__node').count();
  await accessible('structure-muster');
  await shot('docs-structure');
  await portal.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Allocation', exact: true }).click();
  await portal.waitForFunction(() => document.querySelectorAll('#main .skeleton').length === 0
    && document.querySelector('#main table') !== null);
  await shot('docs-allocation');
  ok(step + ': ' + muster.text + ', ' + result.muster.nodes + ' parties in the graph');

  step = 'statement import: a good CSV file counts, a broken one is refused whole';
  await portal.goto(base + '/portal/' + tenant + '/imports?owner=' + owner);
  await portal.locator('#import-file').waitFor();
  const header = 'account,statement_id,statement_date,currency,opening_balance,closing_balance,booking_date,amount,type,description\n';
  const good = header + 'CH5604835012345678009,jn-2026-11,2026-11-30,CHF,100000.00,104500.00,2026-11-03,5000.00,TRANSFER,Deposit\n'
    + 'CH5604835012345678009,jn-2026-11,2026-11-30,CHF,100000.00,104500.00,2026-11-20,-500.00,FEE,Custody fee\n';
  await portal.setInputFiles('#import-file', { name: 'journey-2026-11.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
  await portal.fill('#import-custodian', 'Journey Privatbank');
  await portal.click('#import-submit');
  await portal.waitForFunction(() => /is imported/.test(document.querySelector('#import-status')?.textContent || ''),
    undefined, { timeout: 60_000 });
  result.importGood = { status: (await portal.locator('#import-status').innerText()).trim(),
    closing: await portal.locator('#import-result .money[data-amount]').evaluateAll((els) => els.map((e) => e.getAttribute('data-amount'))) };
  await accessible('import');
  await shot('10b-import-good');
  await portal.getByRole('button', { name: 'Import another file' }).click();
  const broken = header + 'CH5604835012345678009,jn-2026-12,2026-12-31,CHF,104500.00,104000.00,2026-12-05,-500,00,FEE,Custody fee\n';
  await portal.setInputFiles('#import-file', { name: 'journey-2026-12.csv', mimeType: 'text/csv', buffer: Buffer.from(broken) });
  await portal.fill('#import-custodian', 'Journey Privatbank');
  await portal.click('#import-submit');
  await portal.locator('#import-problems li').first().waitFor({ timeout: 60_000 });
  result.importBroken = { status: (await portal.locator('#import-status').innerText()).trim(),
    problems: await portal.locator('#import-problems li').evaluateAll((els) => els.map((e) => e.getAttribute('title') || e.textContent)) };
  await accessible('import-rejected');
  await shot('10c-import-rejected');
  ok(step + ': "' + result.importGood.status + '"; "' + result.importBroken.status + '" ' + result.importBroken.problems.length
    + ' problem(s)');

  step = 'sign out';
  await portal.getByRole('button', { name: 'Sign out' }).click();
  await portal.locator('#sign-in').waitFor();
  result.sessionAfterSignOut = await portal.evaluate(async (t) => (await (await fetch('/portal/' + t + '/session')).json())
    .signedIn, tenant);
  ok(step + ': signed in afterwards: ' + result.sessionAfterSignOut);

  step = 'second sign-in: password, a wrong TAN, then the photoTAN';
  await signInWithPassword();
  await portal.waitForSelector('#kc-phototan-form');
  const firstImage = await portal.getAttribute('#mosaic-phototan-mosaic', 'src');
  const firstTan = await deviceReads(firstImage, '#tan');
  const wrong = firstTan === '00000000' ? '11111111' : '00000000';
  await portal.fill('#tan', wrong);
  await portal.click('#kc-phototan-form #kc-login');
  await portal.waitForSelector('#kc-phototan-form');
  const secondImage = await portal.getAttribute('#mosaic-phototan-mosaic', 'src');
  result.wrongTanRefused = secondImage !== firstImage;
  if (!result.wrongTanRefused) {
    throw new Error('after a wrong TAN the bank did not show a new photoTAN image');
  }
  await shot('11-keycloak-phototan');
  const tan = await deviceReads(secondImage, '#tan');
  result.details = (await device.locator('body').innerText()).includes(user);
  await shot('12-device-tan', device);
  await portal.fill('#tan', tan);
  await portal.click('#kc-phototan-form #kc-login');
  await portal.waitForURL(new RegExp('/portal/' + tenant));
  result.secondUsername = (await portal.locator('.topbar__username').innerText()).replace(/^Signed in as /, '').trim();
  result.secondNetWorth = (await netWorthShown()).amount;
  ok(step + ': signed in as ' + result.secondUsername + ' with TAN ' + tan);

  step = 'the overview at a phone\'s width';
  await portal.setViewportSize({ width: 375, height: 812 });
  await portal.reload();
  await netWorthShown();
  result.phoneOverflow = await portal.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (result.phoneOverflow > 0) {
    throw new Error('the overview is ' + result.phoneOverflow + ' px wider than a phone');
  }
  await accessible('overview-phone');
  await shot('13-overview-phone');
  ok(step + ': no horizontal overflow');

  step = 'no CSP violation, no console error';
  if (problems.length > 0) {
    throw new Error(problems.join(' | '));
  }
  ok(step);

  console.log('JOURNEY OK ' + JSON.stringify(result));
  await browser.close();
} catch (e) {
  console.log('FAILED at "' + step + '": ' + (e && e.message ? e.message : e));
  if (problems.length > 0) {
    console.log('problems seen so far: ' + problems.join(' | '));
  }
  try {
    await portal.screenshot({ path: join(shots, 'failure-portal.png'), fullPage: true });
    await device.screenshot({ path: join(shots, 'failure-device.png'), fullPage: true });
    console.log('portal at ' + portal.url() + ':\n' + (await portal.locator('body').innerText()).slice(0, 2000));
  } catch (ignored) {
    // the browser may be gone
  }
  await browser.close();
  process.exit(1);
}
