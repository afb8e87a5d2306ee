// The journey of a new user of the demo tenant, in Chromium: open the tenant's portal, get the activation letter,
// enrol the photoTAN device emulator page with it, sign in (password, enrolment code), see the portal, sign out,
// sign in again with password and photoTAN (a wrong TAN first, refused), and see the portal again.
//
// Usage: node portal-journey.mjs <server base URL> <tenant> <user> <password> <screenshot dir>
// Prints one line per step; the last line is "JOURNEY OK {json}" and the exit code 0 when every step passed.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [base, tenant, user, password, shots] = process.argv.slice(2);
if (!shots) {
  console.error('usage: node portal-journey.mjs <base> <tenant> <user> <password> <screenshot dir>');
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
const context = await browser.newContext({ ignoreHTTPSErrors: true });
context.setDefaultTimeout(STEP_TIMEOUT);
const portal = await context.newPage();
const device = await context.newPage();
const result = { tenant, user };
let step = 'start';
// The server's pages run under a strict CSP (nonces, no 'unsafe-inline'): whatever the browser refuses is a failure.
const cspViolations = [];
for (const page of [portal, device]) {
  page.on('console', (message) => {
    if (page.url().startsWith(base) && /content.security.policy/i.test(message.text())) {
      cspViolations.push(page.url() + ': ' + message.text());
    }
  });
}

function ok(what) {
  console.log('ok   ' + what);
}

async function shot(name) {
  await portal.screenshot({ path: join(shots, name + '.png'), fullPage: true });
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

try {
  step = 'open the portal';
  await portal.goto(base + '/portal/' + tenant);
  const brand = (await portal.textContent('#brand')).trim();
  const primary = await portal.evaluate(() => getComputedStyle(document.querySelector('header')).backgroundColor);
  result.brand = brand;
  result.headerColour = primary;
  ok(step + ': "' + brand + '", header ' + primary + ', factors ' + (await portal.textContent('#factors')));

  step = 'activation letter';
  await portal.fill('#enrol-user', user);
  await portal.click('#get-letter');
  await portal.waitForSelector('#letter-box:not([hidden])');
  const letter = await portal.getAttribute('#letter', 'src');
  if (!letter || !letter.startsWith('data:image/png;base64,')) {
    throw new Error('the activation letter is not a PNG data URI: ' + letter);
  }
  await shot('1-portal-letter');
  ok(step + ': ' + letter.length + ' characters of PNG');

  step = 'enrol the device emulator';
  await device.goto(base + '/device');
  const enrolmentCode = await deviceReads(letter, '#enrolment-code');
  await device.screenshot({ path: join(shots, '2-device-enrolment.png'), fullPage: true });
  result.enrolmentCode = enrolmentCode;
  ok(step + ': enrolment code ' + enrolmentCode.slice(0, 12) + '…');

  step = 'first sign-in: password, then the enrolment code';
  await signInWithPassword();
  await portal.waitForSelector('#kc-phototan-enrol-form');
  result.keycloakTitle = await portal.title();
  await shot('3-keycloak-enrol');
  await portal.fill('#enrolment-code', enrolmentCode);
  await portal.click('#kc-phototan-enrol-form #kc-login');
  await portal.waitForSelector('#signed-in:not([hidden])');
  result.firstUsername = (await portal.textContent('#username')).trim();
  await portal.waitForFunction(() => !document.querySelector('#assets-status').textContent.startsWith('Loading'));
  result.firstAssets = (await portal.textContent('#assets-status')).trim();
  await shot('4-portal-signed-in');
  ok(step + ': signed in as ' + result.firstUsername + ', ' + result.firstAssets);

  step = 'refresh the session, then sign out';
  const before = await portal.evaluate((t) => JSON.parse(sessionStorage.getItem('mosaic-portal-' + t)), tenant);
  const renewed = await portal.evaluate(() => window.MosaicPortal.refresh());
  result.refreshed = typeof renewed === 'string' && renewed !== before.accessToken;
  const afterRefresh = await portal.evaluate((t) => JSON.parse(sessionStorage.getItem('mosaic-portal-' + t)), tenant);
  await portal.click('#sign-out');
  await portal.waitForURL(new RegExp('/portal/' + tenant + '$'));
  await portal.waitForSelector('#signed-out:not([hidden])');
  // the refresh token of the ended session must not give new tokens
  result.refreshAfterSignOut = await portal.evaluate(async ([t, token]) => (await fetch('/portal/' + t + '/refresh', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refreshToken: token }) })).status,
  [tenant, afterRefresh.refreshToken]);
  ok(step + ': renewed ' + result.refreshed + ', refresh after sign-out answered ' + result.refreshAfterSignOut);

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
  await shot('5-keycloak-phototan');
  const tan = await deviceReads(secondImage, '#tan');
  result.details = (await device.locator('body').innerText()).includes(user);
  await device.screenshot({ path: join(shots, '6-device-tan.png'), fullPage: true });
  await portal.fill('#tan', tan);
  await portal.click('#kc-phototan-form #kc-login');
  await portal.waitForSelector('#signed-in:not([hidden])');
  result.secondUsername = (await portal.textContent('#username')).trim();
  await portal.waitForFunction(() => !document.querySelector('#assets-status').textContent.startsWith('Loading'));
  result.secondAssets = (await portal.textContent('#assets-status')).trim();
  result.rows = await portal.$$eval('#assets tbody tr', rows => rows.map(r => r.innerText.replace(/\s+/g, ' ').trim()));
  await shot('7-portal-after-phototan');
  ok(step + ': signed in as ' + result.secondUsername + ' with TAN ' + tan);

  step = 'no CSP violations';
  if (cspViolations.length > 0) {
    throw new Error('the browser refused parts of the server\'s pages: ' + cspViolations.join(' | '));
  }
  ok(step);

  console.log('JOURNEY OK ' + JSON.stringify(result));
  await browser.close();
} catch (e) {
  console.log('FAILED at "' + step + '": ' + (e && e.message ? e.message : e));
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
