// Makes docs/images/demo-page.png, the README's picture of the demo page, as a newcomer sees it:
// the node on the default Orbit port 9000 (so the page's commands say 9000), one "hello" sent by the
// page's own bash command. Not a test: run by hand after changing the page.
//
//   node browser-tests/demo-screenshot.mjs      (needs the node jar built and port 9000 free)
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { NodeProcess, freePort } from './lib/node-process.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.join(HERE, '..');
const JAR = path.join(ROOT, 'orbited-node/target/orbited-node-0.4.0-SNAPSHOT-all.jar');
const OUT = path.join(ROOT, 'docs/images/demo-page.png');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orbited-shot.'));
const node = new NodeProcess({ jar: JAR, httpPort: await freePort(), opPort: 9000, dir });
await node.start();
const browser = await puppeteer.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--window-size=1024,768'] });
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1024, height: 768 });
  await page.goto('http://localhost:' + node.httpPort + '/');
  await page.waitForFunction(() => document.getElementById('status').textContent === 'connected');
  const cmd = await page.$eval('#cmd-bash', (e) => e.textContent);
  const out = await new Promise((resolve, reject) => execFile('bash', ['-c', cmd], { timeout: 10000 },
    (err, stdout) => (err ? reject(err) : resolve(stdout))));
  if (!out.startsWith('Success')) throw new Error('the page\'s command got: ' + out);
  await page.waitForFunction(() => document.querySelectorAll('#events li').length === 1);
  await page.screenshot({ path: OUT, fullPage: true });
  console.log('wrote ' + OUT);
} finally {
  await browser.close();
  await node.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
