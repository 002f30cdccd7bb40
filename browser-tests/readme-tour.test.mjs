// The README's five-minute tour, run as written (only the ports are the test node's): the demo page
// opened as a newcomer opens it, the step-3 commands (nc, then bash alone), a recipient nobody is
// connected as, the step-4 curl clients one at a time with the two-recipient send, and the page still
// holding its key at the end. Needs nc and curl (run.sh installs them). Started by run.sh.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const README = fs.readFileSync(path.join(HERE, '..', 'README.md'), 'utf8');
const HTTP_PORT = Number(process.env.ORBITED_HTTP_PORT);
const OP_PORT = Number(process.env.ORBITED_OP_PORT);
const BASE = 'http://127.0.0.1:' + HTTP_PORT;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
if (!HTTP_PORT || !OP_PORT) throw new Error('run through run.sh (ORBITED_HTTP_PORT and ORBITED_OP_PORT are not set)');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The tour's ```bash blocks, in order. */
function tourBlocks() {
  const start = README.indexOf('## Five-minute tour');
  const end = README.indexOf('\n## ', start + 1);
  assert.ok(start >= 0 && end > start, 'README has a Five-minute tour section');
  const tour = README.slice(start, end);
  return [...tour.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1].split('\n').map((l) => l.trim()).filter(Boolean));
}

/** A README command with the default ports replaced by the test node's. */
function local(cmd) {
  const out = cmd.replaceAll('127.0.0.1 9000', '127.0.0.1 ' + OP_PORT)
    .replaceAll('/dev/tcp/127.0.0.1/9000', '/dev/tcp/127.0.0.1/' + OP_PORT)
    .replaceAll('localhost:8000', '127.0.0.1:' + HTTP_PORT);
  assert.doesNotMatch(out, /\b(9000|8000)\b/, 'every default port was replaced: ' + out);
  return out;
}

function run(cmd) {
  return new Promise((resolve, reject) => {
    execFile('bash', ['-c', cmd], { timeout: 15000 }, (err, stdout, stderr) => {
      if (err) reject(new Error('command failed: ' + err.message + '\n' + stderr)); else resolve(stdout);
    });
  });
}

let browser, profileDir, page;

before(async () => {
  profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chrome-profile.'));
  browser = await puppeteer.launch({
    executablePath: CHROMIUM, headless: true, userDataDir: profileDir, timeout: 30000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
});

const pageData = () => page.$$eval('#events li .data', (els) => els.map((e) => e.firstChild.nodeValue));

async function awaitPageData(text, count) {
  await page.waitForFunction((t, n) => [...document.querySelectorAll('#events li .data')]
    .filter((e) => e.firstChild.nodeValue === t).length >= n, { timeout: 15000 }, text, count);
}

test('the README tour works as written', async () => {
  const blocks = tourBlocks();
  assert.equal(blocks.length, 4, 'step 3 (nc, bash), step 4 (curls, send to both): ' + JSON.stringify(blocks));
  const [[ncSend], [bashSend], curls, [ncBoth]] = blocks;

  // Step 2: the page, as user guest.
  page = await browser.newPage();
  page.setDefaultTimeout(15000);
  page.on('console', (m) => console.log('[tour] console.' + m.type() + ': ' + m.text()));
  await page.goto(BASE + '/');
  await page.waitForFunction(() => document.getElementById('status').textContent === 'connected');
  assert.equal(await page.$eval('#key', (e) => e.textContent), '(guest, 0, /demo)');
  const before = (await pageData()).filter((d) => d === '"hello"').length;

  // Step 3: nc, then bash alone; each gets Success / id: 1 and the page shows "hello".
  assert.match(ncSend, /\| nc -q1 127\.0\.0\.1 9000$/);
  const ncOut = await run(local(ncSend));
  assert.ok(ncOut.startsWith('Success\r\nid: 1\r\n'), 'nc got: ' + JSON.stringify(ncOut));
  await awaitPageData('"hello"', before + 1);
  const bashOut = await run(local(bashSend));
  assert.equal(bashOut, 'Success\r\nid: 1\r\n');
  await awaitPageData('"hello"', before + 2);

  // "Name a recipient nobody is connected as (bob, 0, /demo) and you get a Failure ...".
  const failOut = await run(local(bashSend.replace('guest, 0, /demo', 'bob, 0, /demo')));
  assert.match(failOut, /^Failure\r\nid: 1\r\nmsg: [^\r]+\r\nrecipient: \(bob, 0, \/demo\)\r\n$/);

  // Step 4: each curl in turn, sent to with the two-recipient command until it is connected.
  assert.equal(curls.length, 4);
  let again = (await pageData()).filter((d) => d === '"again"').length;
  for (const line of curls) {
    const cmd = local(line.replace(/\s+#.*$/, ''));
    const curl = spawn('bash', ['-c', 'exec ' + cmd], { stdio: ['ignore', 'pipe', 'ignore'] });
    let text = '';
    curl.stdout.on('data', (d) => { text += d; });
    try {
      let out = '';
      const until = Date.now() + 15000;
      while (!out.startsWith('Success') && Date.now() < until) {
        out = await run(local(ncBoth));
        if (!out.startsWith('Success')) await sleep(200);
      }
      assert.ok(out.startsWith('Success\r\nid: 2\r\n'), cmd + ': the send to page and curl got ' + JSON.stringify(out));
      const deadline = Date.now() + 10000;
      while (!text.includes('again') && Date.now() < deadline) await sleep(50);
      assert.ok(text.includes('again'), cmd + ' printed ' + JSON.stringify(text));
      again++;
      await awaitPageData('"again"', again);
    } finally {
      curl.kill('SIGINT');
    }
    // The page keeps its key: curl had its own.
    assert.equal(await page.$eval('#status', (e) => e.textContent), 'connected', 'after ' + cmd);
    assert.equal(await page.$eval('#replaced', (e) => e.hidden), true, 'after ' + cmd);
  }

  // Step 5: status and metrics.
  for (const p of ['/_/status', '/_/metrics']) {
    const r = await fetch(BASE + p);
    assert.equal(r.status, 200, p);
  }
  await page.close();
});
