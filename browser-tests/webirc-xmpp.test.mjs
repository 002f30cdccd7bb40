// The WebIRC widget in XMPP mode (issue 15, docs/webirc.md "XMPP mode"), in headless Chromium: a real prosody (plain
// c2s on loopback), a node of this file's own at http://127.0.0.1:N with the shaded XMPP bridge jar in its plugin
// directory, and host pages at http://localhost:M (another origin and site) whose one script tag embeds the widget with
// data-channel="xmpp:lobby@conference.localhost". The helper is a real Smack 4.4.8 client (bridge-xmpp's test class
// SmackHelperMain, a java process on the module's test class path, driven by JSON lines) logged in as an account that
// the server makes owner of every room. Proves: the bridge (owner of the room it created) is not counted as a helper
// (names' self) and the offline form shows; the helper joining shows as online; relay both ways; markup and
// javascript: links from XMPP and from the visitor stay text and nothing runs; after a navigation every line shows
// once (the widget's store and the room's history deduplicated); personal mode (data-login=personal) speaks under its
// own nick and survives a page reload without the room seeing it leave (the bridge's reclaim). Under 90 s.
//
//   bash browser-tests/run.sh --test-name-pattern='webirc xmpp'
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { launchBrowser, shot } from './lib/browser.mjs';
import { freePort } from './lib/node-process.mjs';
import {
  JAR, POLL, ROOT, RUN_DIR, hostPageHtml, newContextPage, openWidget, part, startHostServer, startWebircNode, visitorSay,
  shown, waitHelpersOnline, waitShown, waitWidget, waitWidgetMessages, widgetMessages,
} from './lib/webirc.mjs';

const DIR = path.join(RUN_DIR, 'webirc-xmpp');
const WAIT = 20000;
const ROOM = 'lobby@conference.localhost';
const MAX_INTERVAL = 2000;   // [bayeux] max_interval: a page that went away ends its Bayeux client this soon
const GRACE = 3000;          // personal.grace
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- the helper: a real Smack 4.4.8 client (bridge-xmpp's test class SmackHelperMain) speaking JSON lines ----

const XMPP_TARGET = path.join(ROOT, 'bridge-xmpp', 'target');
const CLASSPATH_FILE = path.join(XMPP_TARGET, 'test-classpath.txt');

/**
 * The helper's XMPP client: a java process running org.orbited.bridge.xmpp.SmackHelperMain (Smack logs in with its own
 * SASL choice over plain c2s on loopback and joins the room without history). It prints one JSON event per line
 * (ready, message {from, text, delay}, private, presence {from, available, role, affiliation}, error); every event is
 * recorded in `events`. Commands go to its stdin.
 */
class SmackHelper {
  constructor(port, user, password, nick) { Object.assign(this, { port, user, password, nick, events: [], waiters: new Set(), stderr: '' }); }

  async start() {
    for (const f of [CLASSPATH_FILE, path.join(XMPP_TARGET, 'test-classes', 'org', 'orbited', 'bridge', 'xmpp', 'SmackHelperMain.class')]) {
      assert.ok(fs.existsSync(f), f + ' is missing: build with mvn -pl orbited-node,bridge-irc,bridge-xmpp -am package -DskipTests');
    }
    const cp = [path.join(XMPP_TARGET, 'test-classes'), path.join(XMPP_TARGET, 'classes'),
      fs.readFileSync(CLASSPATH_FILE, 'utf8').trim()].join(path.delimiter);
    this.proc = spawn('java', ['-cp', cp, 'org.orbited.bridge.xmpp.SmackHelperMain', '--host', '127.0.0.1',
      '--port', String(this.port), '--domain', 'localhost', '--user', this.user, '--password', this.password,
      '--room', ROOM, '--nick', this.nick], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => this.proc.once('exit', resolve));
    this.proc.stdin.on('error', () => {});
    this.proc.stderr.setEncoding('utf8').on('data', (d) => { this.stderr = (this.stderr + d).slice(-8000); });
    let buf = '';
    this.proc.stdout.setEncoding('utf8').on('data', (d) => {
      buf += d;
      for (let nl; (nl = buf.indexOf('\n')) >= 0;) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.trim()) this.events.push(JSON.parse(line));
        for (const w of this.waiters) w();
      }
    });
    this.proc.once('exit', () => { for (const w of this.waiters) w(); });
    const first = await this.await((e) => e.type === 'ready' || e.type === 'error', 'ready (the join)', 0, 30000);
    assert.equal(first.type, 'ready', 'the helper joined: ' + JSON.stringify(first) + '\n' + this.stderr);
  }

  send(cmd) { this.proc.stdin.write(JSON.stringify(cmd) + '\n'); }

  say(text) { this.send({ cmd: 'say', text }); }

  privately(nick, text) { this.send({ cmd: 'private', nick, text }); }

  /** The first event from index `from` on matching `pred`; rejects after `ms` or when the process ends first. */
  await(pred, what, from = 0, ms = WAIT) {
    return new Promise((resolve, reject) => {
      const fail = (why) => {
        this.waiters.delete(check);
        clearTimeout(timer);
        reject(new Error('the Smack helper ' + why + ' before ' + what + '; got:\n'
          + this.events.map((e) => JSON.stringify(e)).join('\n') + '\nstderr:\n' + this.stderr));
      };
      const check = () => {
        const i = this.events.findIndex((e, n) => n >= from && pred(e));
        if (i >= 0) {
          this.waiters.delete(check);
          clearTimeout(timer);
          resolve(this.events[i]);
        } else if (this.proc.exitCode !== null || this.proc.signalCode !== null) {
          fail('exited (' + (this.proc.exitCode ?? this.proc.signalCode) + ')');
        }
      };
      const timer = setTimeout(() => fail('got nothing matching within ' + ms + ' ms'), ms);
      this.waiters.add(check);
      check();
    });
  }

  /** Quits (the room sees it leave), then SIGKILL if the process is still there after 5 s. */
  async close() {
    if (!this.proc || this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    this.send({ cmd: 'quit' });
    this.proc.stdin.end();
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(timer);
  }
}

const groupchat = (nick, text) => (e) => e.type === 'message' && e.from === nick && e.text === text && !e.delay;
const presenceOf = (nick) => (e) => e.type === 'presence' && e.from === nick;

function canConnect(port) {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.on('connect', () => { s.destroy(); resolve(true); });
    s.on('error', () => resolve(false));
  });
}

let prosody, xmppPort, desk, host, chrome, helper;
const pages = [];

/** prosody, the node with the XMPP bridge, the host pages and Chromium; started by the first test that runs. */
let started;
function setup() {
  started = started || (async () => {
    if (!fs.existsSync(JAR)) throw new Error(JAR + ' is missing: build the node first (docs/webirc.md "Tests")');
    assert.doesNotThrow(() => execFileSync('sh', ['-c', 'command -v prosody && command -v prosodyctl']),
      'prosody is not installed (run.sh installs it)');
    fs.rmSync(DIR, { recursive: true, force: true });
    fs.mkdirSync(path.join(DIR, 'data'), { recursive: true });
    xmppPort = await freePort();
    const lua = path.join(DIR, 'prosody.cfg.lua');
    fs.writeFileSync(lua, [
      ...(process.getuid && process.getuid() === 0 ? ['run_as_root = true'] : []),
      'data_path = "' + path.join(DIR, 'data') + '"', 'log = { info = "*console" }', 'interfaces = { "127.0.0.1" }',
      'c2s_ports = { ' + xmppPort + ' }', 'c2s_direct_tls_ports = { }', 's2s_ports = { }', 'component_ports = { }',
      'http_ports = { }', 'https_ports = { }', 'modules_enabled = { "roster", "saslauth", "disco", "ping" }',
      'modules_disabled = { "s2s", "offline" }', 'c2s_require_encryption = false', 'allow_unencrypted_plain_auth = true',
      'authentication = "internal_hashed"', 'storage = "internal"', 'network_settings = { nagle = false }',
      'admins = { "helper@localhost" }',   // owner of every room: a helper who is a moderator wherever it joins
      'VirtualHost "localhost"', 'VirtualHost "anon.localhost"', '\tauthentication = "anonymous"',
      'Component "conference.localhost" "muc"', '\trestrict_room_creation = false', '\tmuc_room_locking = false', '',
    ].join('\n'));
    for (const [user, pw] of [['bridge', 'bridge-pw'], ['helper', 'helper-pw']]) {
      execFileSync('prosodyctl', ['--config', lua, 'register', user, 'localhost', pw], { cwd: DIR, stdio: 'ignore' });
    }
    const out = fs.openSync(path.join(DIR, 'prosody.log'), 'w');
    prosody = spawn('prosody', ['-F', '--config', lua], { cwd: DIR, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    for (const until = Date.now() + 15000; !(await canConnect(xmppPort));) {
      assert.equal(prosody.exitCode, null, 'prosody exited: ' + fs.readFileSync(path.join(DIR, 'prosody.log'), 'utf8'));
      assert.ok(Date.now() < until, 'prosody did not listen within 15 s');
      await sleep(50);
    }

    const plugins = path.join(DIR, 'plugins');
    fs.mkdirSync(plugins);
    const target = path.join(ROOT, 'bridge-xmpp', 'target');
    const jars = fs.readdirSync(target).filter((f) => /^bridge-xmpp-.*\.jar$/.test(f) && !/-(sources|tests)\.jar$/.test(f));
    assert.equal(jars.length, 1, 'the shaded bridge jar in ' + target + ' (mvn -pl bridge-xmpp -am package): ' + jars);
    fs.copyFileSync(path.join(target, jars[0]), path.join(plugins, jars[0]));
    const cfg = path.join(DIR, 'orbited.cfg');
    fs.writeFileSync(cfg, ['[global]', 'plugin.dir = ' + plugins, '', '[plugin:xmpp]', 'active = 1', 'host = 127.0.0.1',
      'port = ' + xmppPort, 'tls = 0', 'domain = localhost', 'sasl.user = bridge', 'sasl.password = bridge-pw',
      'muc = conference.localhost', 'rooms = lobby', 'nick = bridge', 'anon.domain = anon.localhost',
      'personal.grace = ' + GRACE + 'ms', ''].join('\n'));

    host = await startHostServer();
    desk = await startWebircNode({ dir: path.join(DIR, 'node'), pageOrigin: host.origin,
      args: ['--config', cfg, '--set', 'bayeux.max_interval=' + MAX_INTERVAL] });
    for (const until = Date.now() + 20000; !/XMPP xmpp: logged in as bridge@localhost/.test(desk.log());) {
      assert.ok(Date.now() < until, 'the bridge logged in to prosody within 20 s:\n' + desk.log());
      await sleep(100);
    }
    const channel = 'xmpp:' + ROOM;
    host.setPage('/relay', hostPageHtml({ nodeBase: desk.base, attrs: { channel } }));
    host.setPage('/other', hostPageHtml({ nodeBase: desk.base, attrs: { channel }, title: 'Another page' }));
    host.setPage('/guest', hostPageHtml({ nodeBase: desk.base, attrs: { channel, 'ask-name': 0 } }));
    host.setPage('/personal', hostPageHtml({ nodeBase: desk.base, attrs: { channel: 'xmpp:Lobby@conference.localhost', login: 'personal' } }));
    chrome = await launchBrowser();
  })();
  return started;
}

after(async () => {
  for (const p of pages) await p.closeContext().catch(() => {});
  if (chrome) await chrome.close();
  if (helper) await helper.close();
  if (desk) await desk.stop();
  if (host) await host.close();
  if (prosody && prosody.exitCode === null) prosody.kill('SIGTERM');
});

async function visitor(name, pathname) {
  await setup();
  const page = await newContextPage(chrome.browser, name);
  pages.push(page);
  await page.goto(host.url(pathname));
  await waitWidget(page);
  return page;
}

async function helperInRoom() {
  if (helper) return;
  helper = new SmackHelper(xmppPort, 'helper', 'helper-pw', 'helper');
  await helper.start();
  const self = await helper.await((e) => presenceOf('helper')(e) && e.available, 'its own presence in the room');
  assert.deepEqual([self.affiliation, self.role], ['owner', 'moderator'], 'the helper is the room\'s owner: ' + JSON.stringify(self));
}

/** The rows showing `text`, as [from, pending] pairs. */
const rowsOf = (page, text) => page.evaluate((t) => [...document.querySelector('[data-orbited-webirc]').shadowRoot
  .querySelectorAll('[data-part=log] [data-part=msg]')].filter((m) => m.querySelector('[data-part=text]')?.textContent === t)
  .map((m) => [m.getAttribute('data-from'), m.classList.contains('pending')]), text);

/** Waits (bounded by `ms`) until `text` shows in `n` rows none of which is still being sent. */
async function settled(page, text, n = 1, ms = 5000) {
  await page.waitForFunction((t, k) => {
    const rows = [...document.querySelector('[data-orbited-webirc]').shadowRoot.querySelectorAll('[data-part=log] [data-part=msg]')]
      .filter((m) => m.querySelector('[data-part=text]')?.textContent === t);
    return rows.length >= k && rows.every((m) => !m.classList.contains('pending'));
  }, { ...POLL, timeout: ms }, text, n).catch(async (e) => {
    throw new Error(JSON.stringify(text) + ' not settled in ' + n + ' row(s) within ' + ms + ' ms: ' + JSON.stringify(await rowsOf(page, text)) + ' (' + e.message + ')');
  });
}

const damage = (page) => page.evaluate(() => {
  const root = document.querySelector('[data-orbited-webirc]').shadowRoot;
  return {
    pwned: window.__pwned || null,
    imgs: root.querySelectorAll('img').length + document.querySelectorAll('img').length,
    links: [...root.querySelectorAll('[data-part=log] a')].map((a) => [a.getAttribute('href'), a.rel, a.target]),
  };
});

describe('webirc xmpp', () => {
  test('webirc xmpp: relay mode on another site: helpers online, both ways, markup as text, history once', async () => {
    const page = await visitor('relay', '/relay');
    try {
      await openWidget(page);
      // the bridge created the room and owns it: names' self keeps it out of the helpers
      await page.waitForFunction(() => document.querySelector('[data-orbited-webirc]').getAttribute('data-helpers') === '0',
        { ...POLL, timeout: WAIT });
      await waitShown(page, 'offline-form');

      await helperInRoom();   // an owner of every room: a moderator as it joins
      await waitHelpersOnline(page, 1);
      assert.match(await (await part(page, 'helpers')).evaluate((e) => e.textContent), /helper/);

      let mark = helper.events.length;
      await visitorSay(page, 'hello from the web', { name: 'Alice' });
      await helper.await(groupchat('bridge', '<Alice_web> hello from the web'), 'the relayed line', mark);
      helper.say('hello from XMPP');
      await waitWidgetMessages(page, [{ from: 'helper', text: 'hello from XMPP' }]);

      const img = '<img src=x onerror="window.__pwned=1;alert(1)">';
      const js = 'javascript:window.__pwned=2 or see https://example.org/help';
      helper.say(img);
      helper.say(js);
      await waitWidgetMessages(page, [{ from: 'helper', text: img }, { from: 'helper', text: js }]);
      mark = helper.events.length;
      const mine = '<img src=x onerror="window.__pwned=3"> javascript:alert(3)';
      await visitorSay(page, mine);
      await helper.await(groupchat('bridge', '<Alice_web> ' + mine), 'the visitor\'s markup, as text', mark);
      assert.deepEqual(await damage(page), { pwned: null, imgs: 0,
        links: [['https://example.org/help', 'noopener noreferrer nofollow', '_blank']] });
      assert.deepEqual(page.dialogs, []);
      await shot(page, 'webirc-xmpp-relay');

      // another page: the widget's stored lines and the room's history (from the bridge) show each line once
      await page.goto(host.url('/other'));
      await waitWidget(page);
      await openWidget(page);
      const all = [{ from: 'me', text: 'hello from the web' }, { from: 'helper', text: 'hello from XMPP' },
        { from: 'helper', text: img }, { from: 'helper', text: js }, { from: 'me', text: mine }];
      await waitWidgetMessages(page, all);
      await waitHelpersOnline(page, 1);   // the names of the new subscription came, and the room's history with them
      helper.say('after the navigation');
      await waitWidgetMessages(page, [{ from: 'helper', text: 'after the navigation' }]);
      const rows = await widgetMessages(page);
      for (const m of all) assert.equal(rows.filter((r) => r.text === m.text).length, 1, 'once: ' + JSON.stringify(rows));
      assert.deepEqual((await damage(page)).pwned, null);
    } catch (e) {
      await shot(page, 'webirc-xmpp-relay-failed').catch(() => {});
      throw e;
    }
  });

  test('webirc xmpp: personal mode speaks as its own nick and survives a page reload (reclaim: no leave)', async () => {
    await setup();
    await helperInRoom();
    const page = await visitor('personal', '/personal');
    try {
      await openWidget(page);
      const mark = helper.events.length;
      await visitorSay(page, 'hi as myself', { name: 'Bob' });
      await helper.await((e) => presenceOf('Bob')(e) && e.available, 'Bob\'s own session joining', mark);
      await helper.await(groupchat('Bob', 'hi as myself'), 'Bob\'s line', mark);
      helper.say('hello Bob');
      helper.privately('Bob', 'just for you');
      await waitWidgetMessages(page, [{ from: 'helper', text: 'hello Bob' }, { from: 'helper', text: 'just for you' }]);

      const reloaded = Date.now();
      await page.reload();
      await waitWidget(page);
      await openWidget(page);
      await visitorSay(page, 'still me after the reload');
      await helper.await(groupchat('Bob', 'still me after the reload'), 'Bob after the reload', mark);
      // by now + 3 s the old page's client has ended (max_interval) and its grace is over: a session not taken over
      // would have left the room
      await sleep(Math.max(0, reloaded + MAX_INTERVAL + GRACE + 3000 - Date.now()));
      helper.say('marker after the grace');
      await waitWidgetMessages(page, [{ from: 'helper', text: 'marker after the grace' }]);
      const bob = helper.events.slice(mark).filter(presenceOf('Bob'));
      assert.deepEqual(bob.map((e) => (e.available ? 'available' : 'unavailable')), ['available'], 'one join, no leave: ' + JSON.stringify(bob));
      assert.deepEqual(page.dialogs, []);
    } catch (e) {
      await shot(page, 'webirc-xmpp-personal-failed').catch(() => {});
      throw e;
    }
  });
  test('webirc xmpp: a guest (data-ask-name=0) keeps its name across pages and knows its own lines by the say answer', async () => {
    await setup();
    await helperInRoom();
    const relayed = (re) => (e) => e.type === 'message' && e.from === 'bridge' && re.test(e.text || '') && !e.delay;
    const a = await visitor('guest-a', '/guest');
    const b = await visitor('guest-b', '/guest');
    try {
      for (const p of [a, b]) { await openWidget(p); await waitHelpersOnline(p, 1); }
      let mark = helper.events.length;
      await visitorSay(a, 'first from a guest');
      const first = await helper.await(relayed(/^<guest\d{4}_web> first from a guest$/), 'the guest\'s line', mark);
      const name = /<(guest\d{4}_web)>/.exec(first.text)[1];
      await settled(a, 'first from a guest');

      // the next page: a new Bayeux client, the same guest name; the line shows once, as mine, at once (not after 10 s)
      await a.goto(host.url('/guest'));
      await waitWidget(a);
      await openWidget(a);
      await waitHelpersOnline(a, 1);
      mark = helper.events.length;
      await visitorSay(a, 'second from the guest');
      await helper.await(relayed(new RegExp('^<' + name + '> second from the guest$')), 'the same name', mark);
      await settled(a, 'second from the guest');
      assert.deepEqual(await rowsOf(a, 'second from the guest'), [['me', false]]);
      assert.deepEqual(await rowsOf(a, 'first from a guest'), [['me', false]]);

      // two visitors say the same text at the same time: each sees its own as "me", the other's as "other"
      const same = 'hi at the same time';
      mark = helper.events.length;
      await Promise.all([a, b].map((p) => visitorSay(p, same, { wait: false })));
      await helper.await(() => helper.events.slice(mark).filter(relayed(/> hi at the same time$/)).length === 2, 'both lines', mark);
      for (const p of [a, b]) {
        await waitWidgetMessages(p, [{ from: 'me', text: same }, { from: 'other', text: same }]);
        await settled(p, same, 2);
        assert.deepEqual((await rowsOf(p, same)).map((r) => r[0]).sort(), ['me', 'other']);
      }
    } catch (e) {
      await shot(a, 'webirc-xmpp-guest-failed').catch(() => {});
      throw e;
    }
  });

  test('webirc xmpp: a name with no letters speaks as a guest nick and the name form lets the visitor through', async () => {
    await setup();
    await helperInRoom();
    const page = await visitor('symbols', '/relay');
    try {
      await openWidget(page);
      await waitHelpersOnline(page, 1);
      const mark = helper.events.length;
      assert.equal(await visitorSay(page, 'hello in stars', { name: '★★★', wait: false }), true, 'the name form was asked');
      await helper.await((e) => e.type === 'message' && e.from === 'bridge'
        && /^<guest\d{4}_web> hello in stars$/.test(e.text || ''), 'the line under a guest nick', mark);
      await settled(page, 'hello in stars');
      assert.deepEqual(await rowsOf(page, 'hello in stars'), [['me', false]]);
      assert.equal(await shown(page, 'name-form'), false);
    } catch (e) {
      await shot(page, 'webirc-xmpp-symbols-failed').catch(() => {});
      throw e;
    }
  });
});
