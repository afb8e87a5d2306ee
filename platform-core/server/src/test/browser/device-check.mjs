// Checks the photoTAN device page (device.html) against the vectors of the Java emulator (DeviceVectorsTest):
// the same device key must give the same enrolment code, challenge id, display lines and TAN.
//
//   node device-check.mjs <path to device.html> <path to the vectors directory>
//
// Drives Debian's Chromium (/usr/bin/chromium) with playwright-core. Prints one line per check; exits with 0 only
// when every check passes.
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const [pagePath, vectorsDir] = process.argv.slice(2);
if (!pagePath || !vectorsDir) {
  console.error('usage: node device-check.mjs <path to device.html> <path to vectors dir>');
  process.exit(2);
}

const results = [];
function check(name, ok, detail = '') {
  results.push(ok);
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
}
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const shown = (value) => JSON.stringify(value);

/** Compares each expected property with the actual one, as one check. */
function checkEqual(name, actual, expected) {
  const wrong = Object.keys(expected).filter((key) => !same(actual?.[key], expected[key]));
  check(name, wrong.length === 0, wrong.length === 0 ? ''
      : wrong.map((key) => `${key}: expected ${shown(expected[key])}, got ${shown(actual?.[key])}`).join('; '));
}

async function main() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install it with apt-get install -y chromium`);
  }
  const vectors = JSON.parse(await readFile(path.join(vectorsDir, 'vectors.json'), 'utf8'));
  const file = (name) => path.join(vectorsDir, name);
  const base64 = async (name) => (await readFile(file(name))).toString('base64');

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    const pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(pathToFileURL(path.resolve(pagePath)).href);
    await page.waitForFunction(() => window.MosaicDevice !== undefined, null, { timeout: 10000 });

    // A first visit creates a device key of its own
    const fresh = await page.evaluate(() => window.MosaicDevice.deviceId());
    check('a new page creates its own device key', /^[0-9a-f]{16}$/.test(fresh) && fresh !== vectors.device.deviceId,
        `device ${fresh}`);

    // The page and the Java emulator hold the same key
    const properties = await readFile(file(vectors.device.file), 'utf8');
    const imported = await page.evaluate((text) => window.MosaicDevice.importProperties(text), properties);
    checkEqual('importProperties(device.properties) gives the Java device', imported,
        { deviceId: vectors.device.deviceId, publicKey: vectors.device.publicKey });
    check('the device id is shown', (await page.textContent('#device-id')) === vectors.device.deviceId);

    /** MosaicDevice.readImageBytes of a vector file: the reading, or {error} with the message. */
    const read = async (name) => page.evaluate(async (data) => {
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      try {
        return await window.MosaicDevice.readImageBytes(bytes);
      } catch (error) {
        return { error: error.message };
      }
    }, await base64(name));

    const letter = await read(vectors.letter.file);
    checkEqual('activation letter: realm, user and enrolment code as Java', letter, {
      kind: 'letter', realm: vectors.letter.realm, user: vectors.letter.user, enrolmentCode: vectors.letter.enrolmentCode,
    });
    const dataUri = await readFile(file(vectors.letter.dataUriFile), 'utf8');
    const fromUri = await page.evaluate(async (uri) => {
      try {
        return await window.MosaicDevice.readDataUri(uri);
      } catch (error) {
        return { error: error.message };
      }
    }, dataUri);
    checkEqual('activation letter as a data URI (readDataUri): the same enrolment code', fromUri,
        { kind: 'letter', enrolmentCode: vectors.letter.enrolmentCode });

    const challenge = await read(vectors.challenge.file);
    checkEqual('challenge: id, operation, display lines, expiry and TAN as Java', challenge, {
      kind: 'challenge', challengeId: vectors.challenge.challengeId, operation: vectors.challenge.operation,
      lines: vectors.challenge.lines, expiresAt: vectors.challenge.expiresAt, tan: vectors.challenge.tan,
    });

    const foreign = await read(vectors.foreignChallenge.file);
    check('a challenge sealed to another device is refused', foreign.error?.includes(vectors.foreignChallenge.error),
        foreign.error ?? `no error: ${shown(foreign)}`);

    const expired = await read(vectors.expiredChallenge.file);
    check('an expired challenge gives no TAN', expired.error?.includes(`expired at ${vectors.expiredChallenge.expiresAt}`),
        expired.error ?? `no error: ${shown(expired)}`);

    const corrupt = await read(vectors.corruptChallenge.file);
    check('an altered mosaic is refused', corrupt.error?.includes(vectors.corruptChallenge.error),
        corrupt.error ?? `no error: ${shown(corrupt)}`);

    // Export and import again: the same key, the same TAN
    const exported = await page.evaluate(() => window.MosaicDevice.exportProperties());
    const publicLine = exported.split('\n').find((line) => line.startsWith('public='));
    check('exportProperties() holds the Java public key', publicLine === `public=${vectors.device.publicKey}`,
        publicLine);
    await page.evaluate(() => window.MosaicDevice.forgetDevice());
    const reimported = await page.evaluate((text) => window.MosaicDevice.importProperties(text), exported);
    const again = await read(vectors.challenge.file);
    check('after forget and re-import of the exported key, the same TAN',
        reimported.deviceId === vectors.device.deviceId && again.tan === vectors.challenge.tan,
        `device ${reimported.deviceId}, TAN ${again.tan ?? again.error}`);

    // The UI: a file chosen in the file input shows the TAN
    await page.setInputFiles('#image-file', file(vectors.challenge.file));
    await page.waitForSelector('#tan:not(:empty)', { state: 'attached', timeout: 10000 }).catch(() => {});
    const tanShown = (await page.textContent('#tan'))?.trim();
    check('UI: choosing the challenge PNG shows the TAN in #tan', tanShown === vectors.challenge.tan
        && await page.isVisible('#tan'), `#tan shows ${shown(tanShown)}`);

    await page.setInputFiles('#image-file', file(vectors.foreignChallenge.file));
    await page.waitForSelector('#error', { state: 'visible', timeout: 10000 }).catch(() => {});
    const errorShown = await page.textContent('#error');
    check('UI: the foreign challenge shows the error in #error',
        errorShown?.includes(vectors.foreignChallenge.error) && !(await page.isVisible('#tan')), shown(errorShown));

    check('no uncaught errors in the page', pageErrors.length === 0, pageErrors.join('; '));
  } finally {
    await browser.close();
  }
}

try {
  await main();
} catch (error) {
  check('the check ran to its end', false, error?.stack ?? String(error));
}
const failed = results.filter((ok) => !ok).length;
console.log(failed === 0 ? `all ${results.length} checks passed` : `${failed} of ${results.length} checks FAILED`);
process.exit(failed === 0 ? 0 : 1);
