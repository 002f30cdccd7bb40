// End-to-end tests of orbited-node in headless Debian Chromium through puppeteer-core
// (test-servers.md 6; orbit-protocol.md 3, 5, 7). Started by run.sh, which passes the running node's
// ports in ORBITED_HTTP_PORT / ORBITED_OP_PORT and the jar in ORBITED_JAR.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { sendEvent, sendUntilSuccess } from './lib/orbit.mjs';
import { NodeProcess, freePort } from './lib/node-process.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SHOTS = path.join(HERE, 'screenshots');
const RUN_DIR = process.env.ORBITED_RUN_DIR || path.join(HERE, 'target');
const HTTP_PORT = Number(process.env.ORBITED_HTTP_PORT);
const OP_PORT = Number(process.env.ORBITED_OP_PORT);
const BASE = 'http://127.0.0.1:' + HTTP_PORT;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

if (!HTTP_PORT || !OP_PORT) throw new Error('run through run.sh (ORBITED_HTTP_PORT and ORBITED_OP_PORT are not set)');

// Three bodies a user would send: plain JSON, a body that tries to close the transport's <script>,
// and non-ASCII text (several UTF-8 lengths).
const EVENTS = [
  '["msg","hi"]',
  '{"text":"</script><script>window.__xss = 1;</script>","n":2}',
  '"héllo wörld — 日本語 ✓ 🚀"',
];
const EXPECTED = EVENTS.map((e) => JSON.stringify(JSON.parse(e)));
const PROBE = '"probe"';

let browser, profileDir;

before(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chrome-profile.'));
  browser = await puppeteer.launch({
    executablePath: CHROMIUM, headless: true, userDataDir: profileDir, timeout: 30000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--window-size=1024,768'],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
});

async function newPage(name) {
  const page = await browser.newPage();
  await page.setViewport({ width: 1024, height: 768 });
  page.setDefaultTimeout(15000);
  page.on('console', (m) => console.log('[' + name + '] console.' + m.type() + ': ' + m.text()));
  page.on('pageerror', (e) => console.log('[' + name + '] pageerror: ' + e.message));
  page.on('requestfailed', (r) => console.log('[' + name + '] requestfailed: ' + r.url() + ' ' + (r.failure() || {}).errorText));
  return page;
}

function shot(page, name) {
  return page.screenshot({ path: path.join(SHOTS, name + '.png'), fullPage: true });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
describe('demo page at /', () => {
  test('connects, shows events sent on the Orbit port and by its own shell command', async (t) => {
    const page = await newPage('demo');
    t.after(() => page.close());
    await page.goto(BASE + '/');
    await page.waitForFunction(() => document.getElementById('status').textContent === 'connected');
    assert.equal(await page.$eval('#key', (e) => e.textContent), '(guest, 0, /demo)');

    const firstData = async () => page.$$eval('#events li .data', (els) => els.map((e) => e.firstChild.nodeValue));

    // 1. The bytes the page's command writes, sent from here.
    const shown = await page.$eval('#cmd-bash', (e) => e.textContent);
    const id = /id: (\d+)/.exec(shown)[1];
    const body1 = '{"from":"the test","text":"naïve ✓"}';
    const r1 = await sendEvent(OP_PORT, id, ['guest, 0, /demo'], body1);
    assert.equal(r1.status, 'Success', r1.reply);
    await page.waitForFunction((b) => [...document.querySelectorAll('#events li .data')]
      .some((e) => e.firstChild.nodeValue === b), {}, body1);
    assert.equal(await page.$eval('#empty', (e) => e.hidden), true);

    // 2. The page's own bash command, for a body with quotes, % and backslash that the printf format
    //    and the shell quoting must carry byte for byte.
    const body2 = '{"msg":"it\'s 100% \\\\o/ — ünïcode"}';
    await page.$eval('#body', (e) => { e.value = ''; });
    await page.type('#body', body2);
    const cmd = await page.$eval('#cmd-bash', (e) => e.textContent);
    assert.match(cmd, /^exec 3<>\/dev\/tcp\/127\.0\.0\.1\/\d+; printf '/);
    assert.ok(cmd.includes('/dev/tcp/127.0.0.1/' + OP_PORT + ';'), 'command targets the Orbit port: ' + cmd);
    assert.ok(cmd.includes('length: ' + Buffer.byteLength(body2, 'utf8') + '\\r\\n'), 'UTF-8 length: ' + cmd);
    console.log('[demo] running: ' + cmd);
    const out = await new Promise((resolve, reject) => {
      execFile('bash', ['-c', cmd], { timeout: 10000 }, (err, stdout, stderr) => {
        if (err) reject(new Error('command failed: ' + err.message + '\n' + stderr)); else resolve(stdout);
      });
    });
    assert.match(out, /^Success\r\nid: \d+\r\n$/);
    await page.waitForFunction((b) => [...document.querySelectorAll('#events li .data')]
      .some((e) => e.firstChild.nodeValue === b), {}, body2);
    assert.deepEqual(await firstData(), [body2, body1]); // newest first
    await shot(page, 'demo');
  });

  test('/?user=NAME is the page as NAME; a second client on the key takes it over, the page says so and takes it back', async (t) => {
    const user = 'tour-' + process.pid;
    const page = await newPage('demo-user');
    t.after(() => page.close());
    await page.goto(BASE + '/?user=' + user);
    await page.waitForFunction(() => document.getElementById('status').textContent === 'connected');
    assert.equal(await page.$eval('#key', (e) => e.textContent), '(' + user + ', 0, /demo)');
    assert.equal(await page.$eval('#replaced', (e) => e.hidden), true);

    // A curl-like client with the same key: the page is replaced (4500) and says so.
    const curl = http.get(BASE + '/demo?user=' + user + '&transport=sse');
    t.after(() => curl.destroy());
    let curlText = '';
    curl.on('response', (res) => res.on('data', (d) => { curlText += d; }));
    await page.waitForFunction(() => !document.getElementById('replaced').hidden);
    assert.equal(await page.$eval('#status', (e) => e.textContent), 'replaced');
    assert.match(await page.$eval('#replaced-text', (e) => e.textContent), new RegExp('\\(' + user + ', 0, /demo\\) took it over'));
    await shot(page, 'demo-replaced');

    // Taking it back: the page holds the key again, curl is closed with 4500, and events reach the page.
    await page.click('#take-back');
    await page.waitForFunction(() => document.getElementById('status').textContent === 'connected');
    const deadline = Date.now() + 10000;
    while (!curlText.includes('4500') && Date.now() < deadline) await sleep(50);
    assert.match(curlText, /event: close\ndata: 4500 replaced/);
    await sendUntilSuccess(OP_PORT, user + ', 0, /demo', '"back"');
    await page.waitForFunction(() => [...document.querySelectorAll('#events li .data')]
      .some((e) => e.firstChild.nodeValue === '"back"'));

    // The page's bash command prints a whole Failure: its msg and the recipient it could not reach.
    const cmd = (await page.$eval('#cmd-bash', (e) => e.textContent)).replace(user + ', 0, /demo', 'nobody-' + user + ', 0, /demo');
    const out = await new Promise((resolve, reject) => {
      execFile('bash', ['-c', cmd], { timeout: 10000 }, (err, stdout, stderr) => {
        if (err) reject(new Error('command failed: ' + err.message + '\n' + stderr)); else resolve(stdout);
      });
    });
    assert.match(out, new RegExp('^Failure\r\nid: \\d+\r\nmsg: [^\r]+\r\nrecipient: \\(nobody-' + user + ', 0, /demo\\)\r\n$'));
  });
});

// ---------------------------------------------------------------------------------------------
// Each case runs on a page from the node itself (/_/test, UTF-8), so the comet URLs are same-origin.
const TRANSPORTS = [
  { name: 'legacy-iframe', transport: 'iframe', api: 'connect' },
  { name: 'legacy-xhr_stream', transport: 'xhr_stream', api: 'connect' },
  { name: 'open-websocket', transport: 'websocket', api: 'open' },
  { name: 'open-sse', transport: 'sse', api: 'open' },
  { name: 'open-long_poll', transport: 'long_poll', api: 'open' },
  { name: '0.1-iframe', transport: 'iframe', api: 'raw01' },
];

async function openTestPage(page) {
  await page.goto(BASE + '/_/test');
  await page.evaluate(() => {
    const h = document.createElement('h2'); h.textContent = 'received'; document.body.appendChild(h);
    const ol = document.createElement('ol'); ol.id = 'got'; document.body.appendChild(ol);
    window.__got = [];
    window.__record = function (data, id) {
      const s = JSON.stringify(data);
      window.__got.push(s);
      const li = document.createElement('li'); li.textContent = s + (id ? '  (id ' + id + ')' : '');
      document.getElementById('got').appendChild(li);
    };
  });
}

describe('every browser transport delivers in order, escaped and UTF-8 intact', () => {
  for (const c of TRANSPORTS) {
    test(c.name, async (t) => {
      const page = await newPage(c.name);
      t.after(() => page.close());
      await openTestPage(page);
      const user = 'u-' + c.name;
      const loc = '/e2e';
      if (c.api === 'raw01') {
        // An Orbited 0.1 page: a global function event(data) and an iframe to /loc|user,0,iframe.
        await page.evaluate((loc, user) => {
          const s = document.createElement('script');
          s.textContent = 'function event(data) { window.__record(data); }';
          document.head.appendChild(s);
          const f = document.createElement('iframe');
          f.style.display = 'none';
          f.src = loc + '|' + user + ',0,iframe';
          document.body.appendChild(f);
        }, loc, user);
      } else {
        await page.addScriptTag({ url: BASE + '/_/orbited.js' });
        await page.evaluate((api, loc, user, transport) => {
          Orbited.settings.debug = true;
          if (api === 'connect') {
            window.__conn = Orbited.connect(function (data) { window.__record(data); }, user, loc, '0', transport);
          } else {
            window.__conn = Orbited.open({ location: loc, user: user, session: '0', transport: transport,
              onevent: function (data, id) { window.__record(data, id); },
              onclose: function (code, reason) { console.log('onclose ' + code + ' ' + reason); } });
          }
        }, c.api, loc, user, c.transport);
      }
      const key = user + ', 0, ' + loc;
      await sendUntilSuccess(OP_PORT, key, PROBE);
      for (let i = 0; i < EVENTS.length; i++) {
        const r = await sendEvent(OP_PORT, c.name + '-' + (i + 1), [key], EVENTS[i]);
        assert.equal(r.status, 'Success', r.reply);
      }
      const got = async () => (await page.evaluate(() => window.__got)).filter((s) => s !== PROBE);
      await page.waitForFunction((n, probe) => window.__got.filter((s) => s !== probe).length >= n, {}, EVENTS.length, PROBE)
        .catch(async (e) => { await shot(page, 'transport-' + c.name + '-failed'); throw new Error(e.message + '; got ' + JSON.stringify(await got())); });
      await sleep(300); // a duplicate or a late extra event would show up here
      assert.deepEqual(await got(), EXPECTED);
      assert.equal(await page.evaluate(() => window.__xss), undefined, 'an event body ran as script');
      if (c.api === 'open' || c.api === 'connect') {
        assert.equal(await page.evaluate(() => window.__conn.transport), c.transport);
      }
      await shot(page, 'transport-' + c.name);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// The node pings an idle WebSocket every modern_ping_interval and closes it with 4002 when nothing
// (pongs included) came back for two intervals; Chromium answers pings, so it must stay open.
describe('an idle websocket', () => {
  test('survives the node\'s pings and still delivers', async (t) => {
    const node = new NodeProcess({ jar: process.env.ORBITED_JAR, httpPort: await freePort(), opPort: await freePort(),
      dir: path.join(RUN_DIR, 'ping-node'), args: ['--set', 'transport.modern_ping_interval=1',
        // The browser's idle keep-alive connections hold a stop for the whole drain; not this test's subject.
        '--set', 'global.shutdown.drain=1'] });
    let page;
    t.after(async () => { if (page) await page.close(); await node.stop(); });
    await node.start();
    const base2 = 'http://127.0.0.1:' + node.httpPort;
    page = await newPage('ping');
    await page.goto(base2 + '/_/test');
    await page.addScriptTag({ url: base2 + '/_/orbited.js' });
    await page.evaluate(() => {
      Orbited.settings.debug = true;
      window.__got = []; window.__closes = [];
      window.__conn = Orbited.open({ location: '/ping', user: 'idle', session: '0', transport: 'websocket',
        onevent: (d) => window.__got.push(d), onclose: (code, reason) => window.__closes.push(code + ' ' + reason) });
    });
    await sendUntilSuccess(node.opPort, 'idle, 0, /ping', PROBE);
    await sleep(3500); // more than three ping intervals, with nothing to deliver
    assert.deepEqual(await page.evaluate(() => window.__closes), [], 'the idle websocket was closed');
    const r = await sendEvent(node.opPort, 'after-idle', ['idle, 0, /ping'], '"after idle"');
    assert.equal(r.status, 'Success', r.reply);
    await page.waitForFunction(() => window.__got.includes('after idle'));
    const log = fs.readFileSync(path.join(node.dir, 'node-1.log'), 'utf8');
    assert.equal(log.split('\n').filter((l) => / websocket \(idle, 0, \/ping\)/.test(l)).length, 1,
      'the browser had to reconnect:\n' + log);
  });
});

// ---------------------------------------------------------------------------------------------
// A second node is stopped gracefully (SIGTERM) and restarted on the same ports while three senders
// push 200 numbered events each. The browser must see each number at most once and in order, and
// may miss only numbers whose send was answered with Failure.
describe('reconnect across a graceful restart of the node', () => {
  test('sse, websocket and long_poll keep order with no duplicates', async (t) => {
    const node = new NodeProcess({ jar: process.env.ORBITED_JAR, httpPort: await freePort(), opPort: await freePort(),
      dir: path.join(RUN_DIR, 'restart-node') });
    t.after(() => node.stop());
    await node.start();
    const base2 = 'http://127.0.0.1:' + node.httpPort;
    const page = await newPage('restart');
    t.after(() => page.close());
    await page.goto(base2 + '/_/test');
    await page.addScriptTag({ url: base2 + '/_/orbited.js' });
    const kinds = ['sse', 'websocket', 'long_poll'];
    await page.evaluate((kinds) => {
      Orbited.settings.debug = true;
      // This test is about order and duplicates, not the backoff schedule: with the default full
      // jitter up to 30 s, early attempts that fail while the node is down can push the first good
      // one several seconds out, past this test's 200-event window. jsclient.test.mjs keeps the defaults.
      Orbited.settings.maxDelay = 2000;
      const pre = document.createElement('pre'); pre.id = 'rc'; document.body.appendChild(pre);
      window.__rc = {};
      const render = () => {
        pre.textContent = kinds.map((k) => {
          const r = window.__rc[k];
          return k + ': ' + r.got.length + ' events, last ' + r.got[r.got.length - 1] + ', resets ' + r.resets +
            ', closes ' + JSON.stringify(r.closes);
        }).join('\n');
      };
      for (const k of kinds) {
        const r = window.__rc[k] = { got: [], resets: 0, closes: [] };
        r.conn = Orbited.open({ location: '/rc', user: 'rc-' + k, session: '0', transport: k,
          onevent: (d) => { if (d && d.seq) { r.got.push(d.seq); render(); } },
          onreset: () => { r.resets++; render(); },
          onclose: (code, reason) => { r.closes.push(code + ' ' + reason); render(); } });
      }
      render();
    }, kinds);
    for (const k of kinds) await sendUntilSuccess(node.opPort, 'rc-' + k + ', 0, /rc', '{"probe":true}');

    const TOTAL = 200, KILL_AT = 50, INTERVAL_MS = 50;
    let reachedKill;
    const killPoint = new Promise((r) => { reachedKill = r; });
    const restart = (async () => {
      await killPoint;
      const t0 = Date.now(), how = await node.stop();
      console.log('[restart] node stopped in ' + (Date.now() - t0) + ' ms: ' + JSON.stringify(how));
      await node.start();
      console.log('[restart] node restarted');
      return how;
    })();

    async function sender(k) {
      const status = new Array(TOTAL + 1);
      let retries = 0, ambiguous = 0;
      const until = Date.now() + 90000;
      for (let seq = 1; seq <= TOTAL; seq++) {
        if (seq === KILL_AT) reachedKill();
        for (;;) {
          try {
            const r = await sendEvent(node.opPort, k + '-' + seq, ['rc-' + k + ', 0, /rc'], JSON.stringify({ seq }), 3000);
            status[seq] = r.status;
            break;
          } catch (e) {
            retries++;
            if (e.sent) { ambiguous++; console.log('[restart] ' + k + ' seq ' + seq + ' sent but unanswered: ' + e.message); }
            if (Date.now() > until) throw new Error(k + ': sender gave up at seq ' + seq + ': ' + e.message);
            await sleep(100);
          }
        }
        await sleep(INTERVAL_MS);
      }
      return { status, retries, ambiguous };
    }

    const results = await Promise.all(kinds.map(sender));
    const how = await restart;
    assert.equal(how.signal, null, 'node did not finish its graceful shutdown: ' + JSON.stringify(how));

    // Everything answered Success must arrive (bounded wait), then check order and gaps.
    for (let i = 0; i < kinds.length; i++) {
      const k = kinds[i], { status } = results[i];
      const want = [];
      for (let s = 1; s <= TOTAL; s++) if (status[s] === 'Success') want.push(s);
      await page.waitForFunction((k, want) => { const g = new Set(window.__rc[k].got); return want.every((s) => g.has(s)); },
        { timeout: 20000 }, k, want).catch(() => {});
    }
    await sleep(500);
    await shot(page, 'reconnect');
    const seen = await page.evaluate((kinds) => Object.fromEntries(kinds.map((k) =>
      [k, { got: window.__rc[k].got, resets: window.__rc[k].resets, closes: window.__rc[k].closes }])), kinds);
    for (let i = 0; i < kinds.length; i++) {
      const k = kinds[i], { status, retries, ambiguous } = results[i], { got, resets, closes } = seen[k];
      const ok = status.filter((s) => s === 'Success').length, failed = status.filter((s) => s === 'Failure').length;
      console.log('[restart] ' + k + ': ' + ok + ' Success, ' + failed + ' Failure, ' + retries + ' retries (' + ambiguous +
        ' unanswered), received ' + got.length + ', resets ' + resets + ', closes ' + JSON.stringify(closes));
      for (let j = 1; j < got.length; j++) {
        assert.ok(got[j] > got[j - 1], k + ': received ' + got[j] + ' after ' + got[j - 1] + ' (duplicate or out of order): ' + got.join(','));
      }
      const gotSet = new Set(got);
      const failedButShown = got.filter((s) => status[s] === 'Failure');
      if (failedButShown.length) console.log('[restart] ' + k + ': answered Failure but received: ' + failedButShown.join(','));
      console.log('[restart] ' + k + ': Failure for ' + status.flatMap((v, s) => (v === 'Failure' ? [s] : [])).join(','));
      const lost = [];
      for (let s = 1; s <= TOTAL; s++) if (!gotSet.has(s) && status[s] !== 'Failure') lost.push(s);
      assert.deepEqual(lost, [], k + ': events answered Success never arrived');
      assert.ok(got.some((s) => s < KILL_AT), k + ': nothing received before the restart');
      assert.ok(got[got.length - 1] === TOTAL || status[TOTAL] === 'Failure', k + ': the last event did not arrive');
      assert.ok(got.filter((s) => s > KILL_AT).length >= 50, k + ': the browser did not come back after the restart: ' + got.join(','));
      assert.deepEqual(closes.filter((c) => +c.split(' ')[0] >= 4500), [], k + ': told not to reconnect');
    }
  });
});

