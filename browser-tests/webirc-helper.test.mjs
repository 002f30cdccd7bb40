// The help-desk page /webirc/helper.html (issue 15, docs/webirc.md "The help-desk page") in headless Chromium,
// against a node of this test's own running the help desk (local mode) with a known helper key and a store file in
// the test's directory. Two helpers sign in (one through the #key= link, one through the form); a visitor on a page
// of another origin (http://localhost:PORT, the node being http://127.0.0.1:PORT) talks to the desk with the
// widget's own Bayeux client (webirc/src/main/js/bayeux.js) and the visitor services. Checked: a bad key is refused
// clearly and the node keeps serving; the visitor's line reaches both helpers' queues; helper A answers and B sees
// the conversation taken; typing both ways; Enter / Shift+Enter; hostile text stays text; offline messages shown and
// marked done for everyone; the title count and the beep, and mute; the reconnecting state across a node restart;
// a 360 px wide phone; axe-core on the sign-in and the signed-in page; the screenshot docs/images/webirc-helper.png.
// Started by run.sh (ORBITED_JAR).
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxePuppeteer } from '@axe-core/puppeteer';
import { launchBrowser, shot } from './lib/browser.mjs';
import { NodeProcess, freePort } from './lib/node-process.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.join(HERE, '..');
const JAR = process.env.ORBITED_JAR;
const RUN_DIR = process.env.ORBITED_RUN_DIR || path.join(HERE, 'target');
if (!JAR) throw new Error('run through run.sh (ORBITED_JAR is not set)');
const BAYEUX_JS = fs.readFileSync(path.join(ROOT, 'webirc', 'src', 'main', 'js', 'bayeux.js'), 'utf8');
const KEY = crypto.randomBytes(18).toString('base64url');
const POLL = { polling: 100 };
const XSS = '<img src=x onerror=window.__pwned=1> javascript:alert(1) see https://example.org/help?a=1&b=2.';

let chrome, node, nodeBase, pages, pageOrigin;
let helperA, helperB, visitor;

// ---- the visitor: a page of another origin running the widget's Bayeux client ----

const VISITOR_HTML = (nodeUrl) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Shop</title></head><body><main><h1>Shop</h1></main>
<script type="module">
import { createBayeux } from '/bayeux.js';
const b = createBayeux({ url: ${JSON.stringify(nodeUrl + '/cometd')} });
const v = window.visitor = { events: [], hello: null, states: [], call: (s, d) => b.call(s, d) };
b.listen('/service/helpdesk/events', (e) => v.events.push(e));
b.on('state', (s) => v.states.push(s));
b.on('handshake', async () => {
  const known = JSON.parse(localStorage.getItem('desk') || '{}');
  v.hello = await b.call('helpdesk/hello', { desk: 'support', visitor: known.visitor, key: known.key,
    name: new URLSearchParams(location.search).get('name') || 'Ann Visitor', page: location.href });
  if (v.hello && v.hello.ok) localStorage.setItem('desk', JSON.stringify({ visitor: v.hello.visitor, key: v.hello.key }));
});
b.start();
</script></body></html>`;

function startPageServer(port) {
  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url, 'http://localhost');
    if (pathname === '/bayeux.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(BAYEUX_JS);
    } else if (pathname === '/shop.html') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(VISITOR_HTML(nodeBase));
    } else if (pathname === '/favicon.ico') {
      res.writeHead(204);
      res.end();
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found\n');
    }
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

async function newPage(name, viewport = { width: 1200, height: 800 }) {
  const context = await chrome.browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport(viewport);
  page.setDefaultTimeout(15000);
  page.on('console', (m) => { if (m.type() === 'error') console.log('[' + name + '] console.error: ' + m.text()); });
  page.on('pageerror', (e) => console.log('[' + name + '] pageerror: ' + e.message));
  page.on('dialog', (d) => { console.log('[' + name + '] dialog: ' + d.message()); d.dismiss().catch(() => {}); });
  // Counts the page's beeps (oscillators started) without changing what they do.
  await page.evaluateOnNewDocument(() => {
    window.__beeps = 0;
    window.__lastBeepAt = -1e9;
    const start = OscillatorNode.prototype.start;
    OscillatorNode.prototype.start = function (...a) {
      window.__beeps++;
      window.__lastBeepAt = performance.now();
      return start.apply(this, a);
    };
  });
  return page;
}

/** Waits (bounded) until fn(arg) in the page is truthy; the failure says what `describe` finds in the page. */
async function until(page, fn, arg, what, timeout = 15000) {
  try {
    return await page.waitForFunction(fn, { ...POLL, timeout }, arg);
  } catch (e) {
    const body = await page.evaluate(() => document.body.innerText.slice(0, 1500)).catch(() => '?');
    throw new Error(what + ' within ' + timeout + ' ms (' + e.message + '); page text:\n' + body);
  }
}

const signedIn = (page) => until(page, () => document.body.dataset.signedIn === '1' && document.body.dataset.state === 'online',
  null, 'signed in and online');

/** The queue item of conversation `id`: {waiting, helper, unread, online, text}. */
const queueItem = (page, id) => page.evaluate((id) => {
  const li = document.querySelector('[data-part=queue] [data-conversation="' + id + '"]');
  if (!li) return null;
  const u = li.querySelector('[data-part=unread]');
  return { waiting: li.dataset.waiting, helper: li.dataset.helper, online: li.dataset.online, closed: li.dataset.closed,
    unread: u ? parseInt(u.textContent, 10) : 0, text: li.textContent };
}, id);

const logRows = (page) => page.evaluate(() => [...document.querySelectorAll('[data-part=log] [data-part=msg]')]
  .map((m) => ({ from: m.dataset.from, text: m.querySelector('[data-part=text]').textContent })));

const waitLog = (page, from, text) => until(page, ([f, t]) => [...document.querySelectorAll('[data-part=log] [data-part=msg]')]
  .some((m) => m.dataset.from === f && m.querySelector('[data-part=text]').textContent === t), [from, text],
'log line ' + from + ': ' + JSON.stringify(text));

const visitorWaitEvent = (fn, arg, what) => until(visitor, fn, arg, 'visitor event: ' + what);

async function axe(page, what) {
  const result = await new AxePuppeteer(page).analyze();
  const bad = result.violations.map((v) => v.id + ' (' + v.impact + '): ' + v.help + ' at ' + v.nodes.map((n) => n.target.join(' ')).join(', '));
  assert.deepEqual(bad, [], 'axe-core violations on ' + what);
}

// Started by the first test that runs, not in a before() hook: hooks run even when a name pattern skips every test
// of this file, and then no node, page server or browser should start.
let started = null;
function setup() {
  started = started || (async () => {
    const dir = path.join(RUN_DIR, 'webirc-helper');
    fs.rmSync(dir, { recursive: true, force: true });
    const pagePort = await freePort();
    pageOrigin = 'http://localhost:' + pagePort;
    node = new NodeProcess({
      jar: JAR, httpPort: await freePort(), opPort: await freePort(), dir,
      args: ['--set', 'plugin:helpdesk.active=1', '--set', 'plugin:helpdesk.helper.key=' + KEY,
        '--set', 'plugin:helpdesk.store=' + path.join(dir, 'helpdesk-data.json'), '--set', 'global.shutdown.drain=1',
        '--set', 'bayeux.allowed_origins=' + pageOrigin],
    });
    await node.start();
    nodeBase = 'http://127.0.0.1:' + node.httpPort;
    pages = await startPageServer(pagePort);
    chrome = await launchBrowser();
  })();
  return started;
}

after(async () => {
  if (chrome) await chrome.close();
  if (pages) await new Promise((r) => { pages.closeAllConnections(); pages.close(r); });
  if (node) await node.stop();
});

// One scenario in steps that build on each other: select them together (--test-name-pattern='help-desk page').
describe('webirc help-desk page', () => {
  test('sign-in: a bad key is refused with a clear message, the node keeps serving, the right key signs in', async () => {
    await setup();
    helperB = await newPage('helper-b');
    await helperB.goto(nodeBase + '/webirc/helper.html');
    await until(helperB, () => document.body.dataset.state === 'online', null, 'online');
    assert.equal(await helperB.evaluate(() => document.body.dataset.signedIn), '0');
    await axe(helperB, 'the sign-in page');

    await helperB.type('[data-part=name]', 'Bea');
    await helperB.type('[data-part=key]', 'not-the-key');
    await helperB.click('[data-part=signin]');
    await until(helperB, () => /helper key is wrong/.test(document.querySelector('[data-part=login-error]').textContent),
      null, 'the bad-key refusal');
    const refusal = await helperB.$eval('[data-part=login-error]', (e) => ({ text: e.textContent, role: e.getAttribute('role') }));
    assert.match(refusal.text, /helpdesk_bad_key/);
    assert.equal(refusal.role, 'alert', 'the refusal is announced');
    assert.equal(await helperB.evaluate(() => document.body.dataset.signedIn), '0');
    assert.equal(await helperB.evaluate(() => sessionStorage.getItem('orbited-helper-key')), null, 'a refused key is not kept');
    await axe(helperB, 'the sign-in page with a refusal');

    // The same client, then the right key: signed in (the node kept serving it).
    await helperB.$eval('[data-part=key]', (e) => { e.value = ''; });
    await helperB.type('[data-part=key]', KEY);
    await helperB.keyboard.press('Enter');
    await signedIn(helperB);
    assert.match(await helperB.$eval('[data-part=me]', (e) => e.textContent), /Bea/);
  });

  test('the #key= link signs in and leaves the address bar', async () => {
    await setup();
    helperA = await newPage('helper-a');
    await helperA.goto(nodeBase + '/webirc/helper.html#key=' + encodeURIComponent(KEY));
    await until(helperA, () => document.body.dataset.state === 'online', null, 'online');
    assert.equal(await helperA.evaluate(() => location.hash), '', 'the key left the address');
    assert.equal(await helperA.evaluate(() => sessionStorage.getItem('orbited-helper-key')), KEY);
    // Signed in at once, under the desk's default name; "Change name" renames (a refused name changes nothing).
    await signedIn(helperA);
    assert.equal(await helperA.$eval('[data-part=me]', (e) => e.textContent), 'Signed in as Helper');
    await helperA.click('[data-part=rename]');
    await helperA.$eval('[data-part=rename-input]', (e) => { e.value = 'Al\u202e'; });
    await helperA.keyboard.press('Enter');
    await until(helperA, () => /helpdesk_bad_name/.test(document.querySelector('[data-part=rename-error]').textContent),
      null, 'the refused name');
    assert.equal(await helperA.$eval('[data-part=me]', (e) => e.textContent), 'Signed in as Helper');
    await helperA.$eval('[data-part=rename-input]', (e) => { e.value = ''; });
    await helperA.type('[data-part=rename-input]', 'Al');
    await helperA.keyboard.press('Enter');
    await until(helperA, () => document.querySelector('[data-part=me]').textContent === 'Signed in as Al', null, 'renamed');
    await until(helperB, () => document.querySelector('[data-part=helpers]').textContent === 'Helpers online: Al, Bea',
      null, 'B sees Al online');
    // A reload keeps the tab's key and the name.
    await helperA.reload();
    await signedIn(helperA);
    assert.equal(await helperA.$eval('[data-part=me]', (e) => e.textContent), 'Signed in as Al');
  });


  let convId, visitor2, conv2;

  /** Waits until `page`'s queue lists a conversation whose text includes `name`; resolves with its id. */
  async function waitQueued(page, name) {
    const h = await until(page, (n) => {
      const li = [...document.querySelectorAll('[data-part=queue] [data-conversation]')].find((e) => e.textContent.includes(n));
      return li ? li.dataset.conversation : false;
    }, name, 'a conversation with ' + name + ' in the queue');
    return h.jsonValue();
  }

  test('a visitor\'s line reaches both helpers; A answers, B sees it taken; typing both ways', async () => {
    await setup();
    visitor = await newPage('visitor');
    await visitor.goto(pageOrigin + '/shop.html?name=Ann');
    await until(visitor, () => window.visitor && window.visitor.hello && window.visitor.hello.ok, null, 'hello answered');
    await visitor.evaluate(() => window.visitor.call('helpdesk/say', { text: 'Hello, is anyone there?' }));

    // Both queues: the conversation, waiting, one unread line, the visitor online.
    for (const page of [helperA, helperB]) {
      convId = await waitQueued(page, 'Ann');
      await until(page, (id) => document.querySelector('[data-conversation="' + id + '"] [data-part=unread]'), convId, 'unread');
      const item = await queueItem(page, convId);
      assert.deepEqual([item.waiting, item.unread, item.online, item.helper], ['1', 1, '1', '']);
      assert.match(item.text, /waiting (just now|1 min)/);
    }
    assert.match(await helperA.title(), /^\(1\) New (visitor|message) - Help desk$/, 'the title counts the unread line');

    // A opens it from the keyboard (focus on the item, Enter).
    await helperA.focus('[data-conversation="' + convId + '"] button');
    await helperA.keyboard.press('Enter');
    await waitLog(helperA, 'visitor', 'Hello, is anyone there?');
    assert.equal((await queueItem(helperA, convId)).unread, 0, 'opened: read');
    assert.equal(await helperA.title(), 'Help desk');
    assert.equal(await helperA.evaluate(() => document.activeElement.dataset.part), 'input', 'focus in the composer');

    // Typing, visitor to helper and helper to visitor.
    await visitor.evaluate(() => window.visitor.call('helpdesk/typing', { typing: true }));
    await until(helperA, () => /Ann is typing/.test(document.querySelector('[data-part=typing]').textContent), null, 'visitor typing shown');
    await helperA.type('[data-part=input]', 'Hi Ann,');
    await visitorWaitEvent(() => window.visitor.events.some((e) => e.type === 'typing' && e.typing === true), null, 'helper typing');
    // Shift+Enter is a new line, Enter sends.
    await helperA.keyboard.down('Shift');
    await helperA.keyboard.press('Enter');
    await helperA.keyboard.up('Shift');
    await helperA.type('[data-part=input]', 'how can I help?');
    await helperA.keyboard.press('Enter');
    const answer = 'Hi Ann,\nhow can I help?';
    await waitLog(helperA, 'helper', answer);
    assert.equal(await helperA.$eval('[data-part=input]', (e) => e.value), '', 'sent: the box is empty');
    await visitorWaitEvent((t) => window.visitor.events.some((e) => e.type === 'message' && e.message.from === 'helper'
      && e.message.text === t), answer, 'the answer');
    await visitorWaitEvent(() => window.visitor.events.some((e) => e.type === 'typing' && e.typing === false), null, 'helper stopped typing');
    await visitor.evaluate(() => window.visitor.call('helpdesk/say', { text: 'My order #1042 has not arrived.' }));
    await waitLog(helperA, 'visitor', 'My order #1042 has not arrived.');
    assert.equal(await helperA.$eval('[data-part=typing]', (e) => e.textContent), '', 'a line ends the visitor\'s typing');

    // B, live: taken by A, not waiting; opened, the same lines.
    await until(helperB, (id) => {
      const li = document.querySelector('[data-conversation="' + id + '"]');
      return li && li.dataset.helper === 'Al' && /taken by Al/.test(li.textContent);
    }, convId, 'B sees the conversation taken by Al');
    await helperB.click('[data-conversation="' + convId + '"]');
    await waitLog(helperB, 'helper', answer);
    assert.deepEqual((await logRows(helperB)).filter((r) => r.from !== 'system'), [
      { from: 'visitor', text: 'Hello, is anyone there?' }, { from: 'helper', text: answer },
      { from: 'visitor', text: 'My order #1042 has not arrived.' }]);
    assert.match(await helperB.$eval('[data-part=conv-meta]', (e) => e.textContent), /Al answers/);
    await helperA.type('[data-part=input]', 'Let me check.');
    await helperA.keyboard.press('Enter');
    await waitLog(helperB, 'helper', 'Let me check.');
  });

  test('offline messages: every helper sees them, with a mailto: link', async () => {
    await setup();
    const left = await visitor.evaluate((page) => window.visitor.call('helpdesk/leave', { desk: 'support', name: 'Otto',
      email: 'otto+shop@example.org', text: 'Please call me back about my invoice.', page }), pageOrigin + '/contact.html');
    assert.equal(left.ok, true, JSON.stringify(left));
    for (const page of [helperA, helperB]) {
      await until(page, (id) => document.querySelector('[data-part=offline] [data-offline="' + id + '"]'), left.id, 'the offline message');
      const o = await page.$eval('[data-offline="' + left.id + '"]', (li) => ({
        text: li.querySelector('[data-part=text]').textContent, from: li.querySelector('[data-part=from]').textContent,
        mail: [li.querySelector('[data-part=email] a').getAttribute('href'), li.querySelector('[data-part=email] a').textContent],
        page: [...li.querySelectorAll('a')].map((a) => a.getAttribute('href')).filter((h) => h.startsWith('http')),
        done: !!li.querySelector('button[data-part=done]'),
      }));
      assert.deepEqual(o, { text: 'Please call me back about my invoice.', from: 'Otto',
        mail: ['mailto:otto%2Bshop@example.org', 'otto+shop@example.org'], page: [pageOrigin + '/contact.html'], done: true });
    }
    // A second one stays for the screenshot; this one is marked done below.
    const second = await visitor.evaluate(() => window.visitor.call('helpdesk/leave', { desk: 'support', name: 'Mia',
      text: 'Do you ship to Norway?' }));
    assert.equal(second.ok, true);
    await helperB.click('[data-offline="' + left.id + '"] [data-part=done]');
    for (const page of [helperA, helperB]) {
      await until(page, (id) => !document.querySelector('[data-offline="' + id + '"]'), left.id, 'done: gone');
      await until(page, (id) => document.querySelector('[data-offline="' + id + '"]'), second.id, 'the other one stays');
    }
  });

  test('notifications: title count, flash while hidden (not with reduced motion), beep, mute', async () => {
    await setup();
    // B reads Ann's conversation; a new visitor arrives (once B's last beep, for the offline messages, is 2 s old:
    // the page beeps at most once every 2 s).
    await until(helperB, () => performance.now() - window.__lastBeepAt > 2100, null, 'the beep interval passed');
    const beeps0 = await helperB.evaluate(() => window.__beeps);
    visitor2 = await newPage('visitor2');
    await visitor2.goto(pageOrigin + '/shop.html?name=Ben');
    await until(visitor2, () => window.visitor && window.visitor.hello && window.visitor.hello.ok, null, 'hello answered');
    await visitor2.evaluate(() => window.visitor.call('helpdesk/say', { text: 'Hi! Quick question about sizes.' }));
    conv2 = await waitQueued(helperB, 'Ben');
    await until(helperB, (id) => /^\(1\) New (visitor|message) - Help desk$/.test(document.title), conv2, 'B\'s title counts Ben');
    await until(helperB, (n) => window.__beeps > n, beeps0, 'a beep for the new visitor');
    assert.equal((await queueItem(helperB, conv2)).unread, 1);
    const order = await helperB.$$eval('[data-part=queue] [data-conversation]', (l) => l.map((e) => e.dataset.conversation));
    assert.equal(order[0], conv2, 'the waiting conversation comes first');

    // Muted: counted, no beep (once the page's 2 s between beeps has passed, so only the mute can keep it quiet).
    await helperB.click('[data-part=mute]');
    assert.equal(await helperB.$eval('[data-part=mute]', (e) => e.getAttribute('aria-pressed')), 'true');
    await until(helperB, () => performance.now() - window.__lastBeepAt > 2100, null, 'the beep interval passed');
    const beeps1 = await helperB.evaluate(() => window.__beeps);
    await visitor2.evaluate(() => window.visitor.call('helpdesk/say', { text: 'Do you have it in blue?' }));
    await until(helperB, () => /^\(2\) /.test(document.title), null, 'B\'s title counts 2');
    assert.equal(await helperB.evaluate(() => window.__beeps), beeps1, 'muted: no beep');
    await helperB.click('[data-part=mute]');
    assert.equal(await helperB.$eval('[data-part=mute]', (e) => e.getAttribute('aria-pressed')), 'false');

    // Hidden (another tab in front): the title flashes; with reduced motion it does not.
    await helperB.evaluate(() => {
      window.__titles = [];
      new MutationObserver(() => window.__titles.push(document.title)).observe(document.querySelector('title'), { childList: true });
    });
    const tab = await helperB.browserContext().newPage();
    await tab.bringToFront();
    await until(helperB, () => document.hidden, null, 'B hidden');
    await visitor2.evaluate(() => window.visitor.call('helpdesk/say', { text: 'Size 42, please.' }));
    await until(helperB, () => window.__titles.some((t) => t.startsWith('(3) ')) && window.__titles.some((t) => t.startsWith('\u2022'))
      && document.body.dataset.flash === '1', null, 'the title flashes', 10000);
    await helperB.emulateMediaFeatures([{ name: 'prefers-reduced-motion', value: 'reduce' }]);
    await visitor2.evaluate(() => window.visitor.call('helpdesk/say', { text: 'Thanks!' }));
    await until(helperB, () => document.title === '(4) New message - Help desk', null, 'a still count');
    assert.equal(await helperB.evaluate(() => document.body.dataset.flash), '0', 'reduced motion: no flashing');
    await helperB.bringToFront();
    await tab.close();
    await helperB.emulateMediaFeatures([]);
    await until(helperB, () => !document.hidden && document.body.dataset.flash === '0', null, 'B in front, no flash');
    assert.equal(await helperB.title(), '(4) New message - Help desk', 'Ben\'s lines are still unread');
    await helperB.click('[data-conversation="' + conv2 + '"]');
    await waitLog(helperB, 'visitor', 'Thanks!');
    await until(helperB, () => document.title === 'Help desk', null, 'read: the plain title');
  });

  test('the signed-in page passes axe-core; screenshot docs/images/webirc-helper.png', async () => {
    await setup();
    await until(helperA, (id) => document.querySelector('[data-conversation="' + id + '"] [data-part=unread]'), conv2, 'Ben unread on A');
    await axe(helperA, 'the signed-in page with an open conversation');
    await helperA.evaluate(() => document.activeElement && document.activeElement.blur());
    fs.mkdirSync(path.join(ROOT, 'docs', 'images'), { recursive: true });
    await helperA.screenshot({ path: path.join(ROOT, 'docs', 'images', 'webirc-helper.png') });
    await shot(helperA, 'webirc-helper');
  });

  test('hostile text from either side stays text and nothing runs', async () => {
    await setup();
    await visitor.evaluate((t) => window.visitor.call('helpdesk/say', { text: t }), XSS);
    await helperB.click('[data-conversation="' + convId + '"]');
    await helperB.type('[data-part=input]', XSS);
    await helperB.click('[data-part=send]');
    for (const page of [helperA, helperB]) {
      await waitLog(page, 'visitor', XSS);
      await waitLog(page, 'helper', XSS);
      const found = await page.evaluate(() => ({
        pwned: window.__pwned, imgs: document.querySelectorAll('[data-part=log] img').length,
        links: [...document.querySelectorAll('[data-part=log] a')].map((a) => [a.getAttribute('href'), a.textContent, a.rel, a.target]),
      }));
      assert.equal(found.pwned, undefined, 'nothing ran');
      assert.equal(found.imgs, 0, 'no element made from the text');
      const link = ['https://example.org/help?a=1&b=2', 'https://example.org/help?a=1&b=2', 'noopener noreferrer nofollow', '_blank'];
      assert.deepEqual(found.links, [link, link], 'one link per line; javascript: stays text; the final dot is not in the link');
    }
    await visitorWaitEvent((t) => window.visitor.events.some((e) => e.type === 'message' && e.message.text === t), XSS,
      'the helper\'s hostile line, as sent');
  });

  test('close a conversation: every helper sees it closed, the visitor is told', async () => {
    await setup();
    await helperA.click('[data-part=close-conversation]');
    for (const page of [helperA, helperB]) {
      await until(page, (id) => document.querySelector('[data-conversation="' + id + '"]')?.dataset.closed === '1', convId, 'closed');
    }
    await visitorWaitEvent(() => window.visitor.events.some((e) => e.type === 'closed'), null, 'closed');
    assert.equal(await helperA.$eval('[data-part=close-conversation]', (e) => e.hidden), true);
    const order = await helperA.$$eval('[data-part=queue] [data-conversation]', (l) => l.map((e) => e.dataset.conversation));
    assert.equal(order[order.length - 1], convId, 'closed conversations come last');
  });

  test('node restart: reconnecting shown, signed in again, lines flow both ways afterwards', async () => {
    await setup();
    for (const page of [helperA, helperB]) {
      await page.evaluate(() => {
        window.__states = [document.body.dataset.state];
        new MutationObserver(() => {
          const s = document.body.dataset.state;
          if (window.__states[window.__states.length - 1] !== s) window.__states.push(s);
        }).observe(document.body, { attributes: true, attributeFilter: ['data-state'] });
      });
    }
    await node.stop();
    await until(helperA, () => document.body.dataset.state === 'reconnecting', null, 'reconnecting shown');
    assert.match(await helperA.$eval('[data-part=status]', (e) => e.textContent), /Reconnecting/);
    await node.start();
    for (const page of [helperA, helperB]) {
      await until(page, () => window.__states.includes('reconnecting') && document.body.dataset.state === 'online'
        && document.body.dataset.signedIn === '1', null, 'online again', 30000);
    }
    await until(visitor, () => window.visitor.states.filter((s) => s === 'online').length >= 2 && window.visitor.hello?.ok,
      null, 'the visitor back', 30000);
    // The conversation survived (the store); A still has it open; new lines go both ways.
    await visitor.evaluate(() => window.visitor.call('helpdesk/say', { text: 'Back after the restart.' }));
    await waitLog(helperA, 'visitor', 'Back after the restart.');
    await waitLog(helperA, 'helper', 'Let me check.');
    await helperA.type('[data-part=input]', 'Welcome back.');
    await helperA.keyboard.press('Enter');
    await visitorWaitEvent(() => window.visitor.events.some((e) => e.type === 'message' && e.message.text === 'Welcome back.'),
      null, 'the answer after the restart');
    await waitLog(helperB, 'helper', 'Welcome back.');
  });

  test('a 360 px wide phone: one column, no sideways scrolling, back to the list', async () => {
    await setup();
    const phone = await newPage('phone', { width: 360, height: 740, isMobile: true, hasTouch: true });
    await phone.goto(nodeBase + '/webirc/helper.html#key=' + encodeURIComponent(KEY));
    await signedIn(phone);
    await waitQueued(phone, 'Ben');
    const wide = () => phone.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(await wide() <= 360, 'no sideways scrolling on the list: ' + await wide());
    await phone.tap('[data-conversation="' + conv2 + '"] button');
    await waitLog(phone, 'visitor', 'Thanks!');
    const layout = await phone.evaluate(() => ({
      list: document.querySelector('[data-part=queue]').getBoundingClientRect().width,
      log: document.querySelector('[data-part=log]').getBoundingClientRect().width,
      input: document.querySelector('[data-part=input]').getBoundingClientRect().right,
    }));
    assert.equal(layout.list, 0, 'the list gives way to the conversation');
    assert.ok(layout.log > 300 && layout.input <= 360, JSON.stringify(layout));
    assert.ok(await wide() <= 360, 'no sideways scrolling in the conversation: ' + await wide());
    await axe(phone, 'the phone layout');
    await phone.tap('[data-part=back]');
    await until(phone, () => document.querySelector('[data-part=queue]').getBoundingClientRect().width > 300, null, 'the list again');
  });
});
