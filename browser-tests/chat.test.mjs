// The Java chat example (clients/java/examples) in headless Debian Chromium: two users join, talk,
// and each sees both messages. Starts its own node (with the example's chat.cfg, rewritten for free
// ports) and the example jar, and stops only those two processes. Saves screenshots/chat.png.
//
//   mvn -B -q package -DskipTests && cd browser-tests && node --test chat.test.mjs
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { NodeProcess, freePort } from './lib/node-process.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const SHOTS = path.join(HERE, 'screenshots');
const NODE_JAR = path.join(ROOT, 'orbited-node/target/orbited-node-0.4.0-SNAPSHOT-all.jar');
const CHAT_JAR = path.join(ROOT, 'clients/java/examples/target/orbited-chat-example-0.4.0-SNAPSHOT-all.jar');
const CHAT_CFG = path.join(ROOT, 'clients/java/examples/chat.cfg');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

// Two pages are open at once and only one is in front: poll on a timer, since a background tab's
// requestAnimationFrame (puppeteer's default polling) may never fire.
const POLL = { polling: 100 };

let browser, profileDir, runDir, node, app, base;

function canConnect(port) {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.on('connect', () => { s.destroy(); resolve(true); });
    s.on('error', () => resolve(false));
  });
}

async function startApp(port, opPort, open) {
  const log = fs.openSync(path.join(runDir, 'chat-app.log'), 'w');
  const child = spawn('java', ['-jar', CHAT_JAR, '--port', String(port), '--orbit', '127.0.0.1:' + opPort, '--open', open],
    { cwd: runDir, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  child.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const until = Date.now() + 30000;
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error('chat app exited; see ' + runDir);
    if (await canConnect(port)) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('chat app did not listen within 30 s; see ' + runDir);
}

async function stopApp(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 5000);
  await child.exited;
  clearTimeout(t);
}

before(async () => {
  for (const jar of [NODE_JAR, CHAT_JAR]) {
    if (!fs.existsSync(jar)) throw new Error(jar + ' is missing: run mvn -B -q package -DskipTests first');
  }
  fs.mkdirSync(SHOTS, { recursive: true });
  runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'orbited-chat.'));
  const [httpPort, opPort, appPort] = [await freePort(), await freePort(), await freePort()];
  // The shipped config, with the app's port rewritten; the node's own ports come from the command line.
  const cfg = fs.readFileSync(CHAT_CFG, 'utf8').replace('http://127.0.0.1:4700', 'http://127.0.0.1:' + appPort);
  assert.ok(cfg.includes('http://127.0.0.1:' + appPort), 'chat.cfg proxies / to the app');
  const cfgFile = path.join(runDir, 'chat.cfg');
  fs.writeFileSync(cfgFile, cfg);
  base = 'http://127.0.0.1:' + httpPort;
  node = new NodeProcess({ jar: NODE_JAR, httpPort, opPort, dir: runDir, args: ['--config', cfgFile] });
  await node.start();
  app = await startApp(appPort, opPort, base + '/');
  profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chrome-profile.'));
  browser = await puppeteer.launch({
    executablePath: CHROMIUM, headless: true, userDataDir: profileDir, timeout: 30000, protocolTimeout: 30000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--window-size=1024,768'],
  });
});

after(async () => {
  if (browser) await browser.close();
  await stopApp(app);
  if (node) await node.stop();
  if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
  if (runDir && process.exitCode === undefined) fs.rmSync(runDir, { recursive: true, force: true });
});

async function join(name) {
  const page = await browser.newPage();
  await page.setViewport({ width: 960, height: 600 });
  page.setDefaultTimeout(15000);
  page.on('console', (m) => console.log('[' + name + '] console.' + m.type() + ': ' + m.text()));
  page.on('pageerror', (e) => console.log('[' + name + '] pageerror: ' + e.message));
  await page.bringToFront();
  await page.goto(base + '/');
  await page.type('#name', name);
  await page.click('#join-button');
  await page.waitForFunction(() => document.getElementById('status').textContent === 'connected', POLL);
  return page;
}

const members = (page) => page.$$eval('#members li', (els) => els.map((e) => e.textContent));
const said = (page) => page.$$eval('#messages li:not(.notice)', (els) =>
  els.map((e) => e.querySelector('.who').textContent + ': ' + e.querySelector('.text').textContent));

async function say(page, text) {
  await page.bringToFront();
  await page.type('#text', text);
  await page.click('#send');
  await page.waitForFunction(() => document.getElementById('text').value === '', POLL);
}

test('two users join the Java chat example, exchange messages and both see both', async () => {
  const ann = await join('Ann');
  const bo = await join('Bo');
  for (const page of [ann, bo]) {
    await page.waitForFunction(() => document.querySelectorAll('#members li').length === 2, POLL);
    assert.deepEqual((await members(page)).sort(), ['Ann', 'Bo']);
  }
  const first = 'Hi Bo! Does <b>this</b> stay plain text?';
  const second = 'It does, Ann — pushed through orbited-node ✓';
  await say(ann, first);
  await bo.waitForFunction((n) => document.querySelectorAll('#messages li:not(.notice)').length === n, POLL, 1);
  await say(bo, second);
  const expected = ['Ann: ' + first, 'Bo: ' + second];
  for (const page of [ann, bo]) {
    await page.waitForFunction((n) => document.querySelectorAll('#messages li:not(.notice)').length === n, POLL, 2);
    assert.deepEqual(await said(page), expected);
    assert.equal(await page.$$eval('#messages b', (els) => els.length), 0, 'user text is never parsed as HTML');
  }
  assert.ok((await ann.$$eval('#messages li.notice', (els) => els.map((e) => e.textContent))).includes('Bo joined.'));
  await ann.screenshot({ path: path.join(SHOTS, 'chat.png') });
  await bo.screenshot({ path: path.join(SHOTS, 'chat-bo.png') });
});
