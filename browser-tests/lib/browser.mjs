// Headless Debian Chromium through puppeteer-core (test-servers.md 6): a fresh profile per launch,
// the page's console and errors copied into the test output, screenshots under screenshots/.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

const SHOTS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'screenshots');

export async function launchBrowser() {
  fs.mkdirSync(SHOTS, { recursive: true });
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chrome-profile.'));
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, userDataDir: profileDir, timeout: 30000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--window-size=1024,768'],
  });
  return {
    browser,
    async close() {
      await browser.close();
      fs.rmSync(profileDir, { recursive: true, force: true });
    },
    /** A page whose console, errors and failed requests are logged with `name` (quiet: errors only). */
    async newPage(name, { quiet = false } = {}) {
      const page = await browser.newPage();
      await page.setViewport({ width: 1024, height: 768 });
      page.setDefaultTimeout(15000);
      page.on('console', (m) => { if (!quiet || m.type() === 'error') console.log('[' + name + '] console.' + m.type() + ': ' + m.text()); });
      page.on('pageerror', (e) => console.log('[' + name + '] pageerror: ' + e.message));
      if (!quiet) page.on('requestfailed', (r) => console.log('[' + name + '] requestfailed: ' + r.url() + ' ' + (r.failure() || {}).errorText));
      return page;
    },
  };
}

export function shot(page, name) {
  return page.screenshot({ path: path.join(SHOTS, name + '.png'), fullPage: true });
}
