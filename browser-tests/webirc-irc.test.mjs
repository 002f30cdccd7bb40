// The WebIRC widget in IRC mode (issue 15, docs/webirc.md "IRC mode"), in headless Chromium: a real ngircd, a node of
// this file's own at http://127.0.0.1:N with the shaded IRC bridge jar in its plugin directory, and host pages at
// http://localhost:M (another origin and site) whose one script tag embeds the widget with data-channel="irc:local/#help".
// The helper is a raw IRC socket (every line checked). Proves: the bridge (the channel's operator, since it created it)
// is not counted as a helper (names' self) and the offline form reaches the local desk; a helper who becomes operator
// after joining (MODE +o) shows as online; relay mode both ways (the helper sees <Alice_web> ...); markup and
// javascript: links from IRC and from the visitor stay text and nothing runs; history across a navigation; personal
// mode (data-login=personal) speaks under its own nick and survives a page reload without QUIT or a second JOIN
// (the bridge's reclaim). Under 90 s.
//
//   bash browser-tests/run.sh --test-name-pattern='webirc irc'
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

const DIR = path.join(RUN_DIR, 'webirc-irc');
const WAIT = 20000;
const MAX_INTERVAL = 2000;   // [bayeux] max_interval: a page that went away ends its Bayeux client this soon
const GRACE = 3000;          // personal.grace
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A plain IRC client on a socket: registers, answers PING, records every line (UTF-8); waits bounded by WAIT. */
class RawIrc {
  constructor(port, nick) {
    Object.assign(this, { port, nick, lines: [], buf: Buffer.alloc(0), waiters: new Set() });
  }

  async connect() {
    this.socket = net.connect({ host: '127.0.0.1', port: this.port });
    await new Promise((resolve, reject) => { this.socket.once('connect', resolve); this.socket.once('error', reject); });
    this.socket.on('error', () => {});
    this.socket.on('data', (chunk) => {
      this.buf = Buffer.concat([this.buf, chunk]);
      for (let i; (i = this.buf.indexOf('\r\n')) >= 0;) {
        const line = this.buf.subarray(0, i).toString('utf8');
        this.buf = this.buf.subarray(i + 2);
        if (line.startsWith('PING ')) this.send('PONG ' + line.slice(5));
        this.lines.push(line);
        for (const w of this.waiters) w();
      }
    });
    this.send('NICK ' + this.nick);
    this.send('USER ' + this.nick + ' 0 * :' + this.nick);
    await this.await((l) => / 001 /.test(l), 'registration');
  }

  send(line) { this.socket.write(Buffer.from(line + '\r\n', 'utf8')); }

  await(pred, what, from = 0) {
    return new Promise((resolve, reject) => {
      const check = () => {
        const i = this.lines.findIndex((l, n) => n >= from && pred(l));
        if (i < 0) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(this.lines[i]);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(this.nick + ' did not receive ' + what + ' within ' + WAIT + ' ms; got:\n' + this.lines.join('\n')));
      }, WAIT);
      this.waiters.add(check);
      check();
    });
  }

  close() { if (this.socket) this.socket.destroy(); }
}

function canConnect(port) {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.on('connect', () => { s.destroy(); resolve(true); });
    s.on('error', () => resolve(false));
  });
}

let ircd, ircPort, desk, host, chrome, helper;
const pages = [];

/** ngircd, the node with the IRC bridge, the host pages and Chromium; started by the first test that runs. */
let started;
function setup() {
  started = started || (async () => {
    if (!fs.existsSync(JAR)) throw new Error(JAR + ' is missing: build the node first (docs/webirc.md "Tests")');
    fs.rmSync(DIR, { recursive: true, force: true });
    fs.mkdirSync(DIR, { recursive: true, mode: 0o755 });
    fs.chmodSync(DIR, 0o755);   // ngircd started as root runs as nobody
    assert.doesNotThrow(() => execFileSync('sh', ['-c', 'command -v ngircd']), 'ngircd is not installed (run.sh installs it)');
    ircPort = await freePort();
    const conf = path.join(DIR, 'ngircd.conf');
    fs.writeFileSync(conf, ['[Global]', '\tName = irc.webirc.test', '\tInfo = webirc test', '\tListen = 127.0.0.1',
      '\tPorts = ' + ircPort, '\tMotdPhrase = webirc test', '[Limits]', '\tMaxConnectionsIP = 0', '\tMaxNickLength = 30',
      '\tMaxPenaltyTime = 0', '[Options]', '\tDNS = no', '\tIdent = no', '\tPAM = no', '\tOperCanUseMode = yes',
      '[Operator]', '\tName = boss', '\tPassword = boss-pw', ''].join('\n'), { mode: 0o644 });
    const out = fs.openSync(path.join(DIR, 'ngircd.log'), 'w');
    ircd = spawn('ngircd', ['-n', '-f', conf], { cwd: DIR, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    for (const until = Date.now() + 10000; !(await canConnect(ircPort));) {
      assert.equal(ircd.exitCode, null, 'ngircd exited: ' + fs.readFileSync(path.join(DIR, 'ngircd.log'), 'utf8'));
      assert.ok(Date.now() < until, 'ngircd did not listen within 10 s');
      await sleep(20);
    }

    // the shaded bridge jar alone in the node's plugin directory, and the bridge's section
    const plugins = path.join(DIR, 'plugins');
    fs.mkdirSync(plugins);
    const target = path.join(ROOT, 'bridge-irc', 'target');
    const jars = fs.readdirSync(target).filter((f) => /^bridge-irc-.*\.jar$/.test(f) && !/-(sources|tests)\.jar$/.test(f));
    assert.equal(jars.length, 1, 'the shaded bridge jar in ' + target + ' (mvn -pl bridge-irc -am package): ' + jars);
    fs.copyFileSync(path.join(target, jars[0]), path.join(plugins, jars[0]));
    const cfg = path.join(DIR, 'orbited.cfg');
    fs.writeFileSync(cfg, ['[global]', 'plugin.dir = ' + plugins, '', '[plugin:irc.local]', 'active = 1', 'host = 127.0.0.1',
      'port = ' + ircPort, 'tls = 0', 'nick = orbited', 'channels = help', 'personal.grace = ' + GRACE + 'ms', ''].join('\n'));

    host = await startHostServer();
    desk = await startWebircNode({ dir: path.join(DIR, 'node'), pageOrigin: host.origin,
      args: ['--config', cfg, '--set', 'bayeux.max_interval=' + MAX_INTERVAL] });
    for (const until = Date.now() + 20000; !/IRC local: registered as orbited/.test(desk.log());) {
      assert.ok(Date.now() < until, 'the bridge registered with ngircd within 20 s:\n' + desk.log());
      await sleep(100);
    }
    host.setPage('/relay', hostPageHtml({ nodeBase: desk.base, attrs: { channel: 'irc:local/#help' } }));
    host.setPage('/guest', hostPageHtml({ nodeBase: desk.base, attrs: { channel: 'irc:local/#help', 'ask-name': 0 } }));
    host.setPage('/personal', hostPageHtml({ nodeBase: desk.base, attrs: { channel: 'irc:local/#Help', login: 'personal' } }));
    chrome = await launchBrowser();
  })();
  return started;
}

after(async () => {
  for (const p of pages) await p.closeContext().catch(() => {});
  if (chrome) await chrome.close();
  if (helper) helper.close();
  if (desk) await desk.stop();
  if (host) await host.close();
  if (ircd && ircd.exitCode === null) ircd.kill('SIGTERM');
});

async function visitor(name, pathname) {
  await setup();
  const page = await newContextPage(chrome.browser, name);
  pages.push(page);
  await page.goto(host.url(pathname));
  await waitWidget(page);
  return page;
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

/** The raw IRC helper in #help as its operator. */
async function helperOp() {
  if (!helper) {
    helper = new RawIrc(ircPort, 'helper');
    await helper.connect();
    helper.send('JOIN #help');
    await helper.await((l) => / 366 helper #help /.test(l), 'the names of #help');
  }
  const mark = helper.lines.length;
  helper.send('OPER boss boss-pw');
  helper.send('MODE #help +o helper');
  helper.send('NAMES #help');
  await helper.await((l) => / 353 helper . #help :.*@helper/.test(l), 'helper as operator of #help', mark);
}

const helpersAttr = (page) => page.evaluate(() => document.querySelector('[data-orbited-webirc]').getAttribute('data-helpers'));

/** What ran or was built from chat text in the page: script side effects, dialogs, elements, links. */
const damage = (page) => page.evaluate(() => {
  const root = document.querySelector('[data-orbited-webirc]').shadowRoot;
  return {
    pwned: window.__pwned || null,
    imgs: root.querySelectorAll('img').length + document.querySelectorAll('img').length,
    links: [...root.querySelectorAll('[data-part=log] a')].map((a) => [a.getAttribute('href'), a.rel, a.target]),
  };
});

describe('webirc irc', () => {
  test('webirc irc: relay mode on another site: helpers online, both ways, markup as text, history', async () => {
    const page = await visitor('relay', '/relay');
    try {
      await openWidget(page);
      // the bridge created #help and is its operator: names' self keeps it out of the helpers
      await page.waitForFunction(() => document.querySelector('[data-orbited-webirc]').getAttribute('data-helpers') === '0',
        { ...POLL, timeout: WAIT });
      await waitShown(page, 'offline-form');
      await (await part(page, 'offline-text')).type('Please call me back');
      await (await part(page, 'offline-send')).click();
      await waitShown(page, 'offline-done');

      // a helper joins (not an operator: no helper yet), then becomes one (an IRC operator's MODE +o)
      helper = new RawIrc(ircPort, 'helper');
      await helper.connect();
      helper.send('JOIN #help');
      await helper.await((l) => / 366 helper #help /.test(l), 'the names of #help');
      assert.equal(await helpersAttr(page), '0');
      helper.send('OPER boss boss-pw');
      await helper.await((l) => / 381 /.test(l), 'IRC operator');
      helper.send('MODE #help +o helper');
      await waitHelpersOnline(page, 1);
      assert.equal(await helpersAttr(page), '1');
      assert.match(await (await part(page, 'helpers')).evaluate((e) => e.textContent), /helper/);

      // relay: the bridge's nick speaks for the visitor, under the name it chose
      let mark = helper.lines.length;
      await visitorSay(page, 'hello from the web', { name: 'Alice' });
      const said = await helper.await((l) => l.includes(' PRIVMSG #help :'), 'the relayed line', mark);
      assert.match(said, /^:orbited!\S+ PRIVMSG #help :<Alice_web> hello from the web$/);
      helper.send('PRIVMSG #help :hello from IRC');
      await waitWidgetMessages(page, [{ from: 'helper', text: 'hello from IRC' }]);

      // markup and javascript: from IRC, and from the visitor: text, nothing runs, only the https link is a link
      const img = '<img src=x onerror="window.__pwned=1;alert(1)">';
      const js = 'javascript:window.__pwned=2 or see https://example.org/help';
      helper.send('PRIVMSG #help :' + img);
      helper.send('PRIVMSG #help :' + js);
      await waitWidgetMessages(page, [{ from: 'helper', text: img }, { from: 'helper', text: js }]);
      mark = helper.lines.length;
      const mine = '<img src=x onerror="window.__pwned=3"> javascript:alert(3)';
      await visitorSay(page, mine);
      assert.match(await helper.await((l) => l.includes(' PRIVMSG #help :'), 'the visitor\'s markup', mark),
        /PRIVMSG #help :<Alice_web> <img src=x onerror="window.__pwned=3"> javascript:alert\(3\)$/);
      assert.deepEqual(await damage(page), { pwned: null, imgs: 0,
        links: [['https://example.org/help', 'noopener noreferrer nofollow', '_blank']] });
      assert.deepEqual(page.dialogs, []);
      await shot(page, 'webirc-irc-relay');

      // another page of the site: the conversation so far is there (the widget's own store), markup still text
      await page.goto(host.url('/relay'));
      await waitWidget(page);
      await openWidget(page);
      await waitWidgetMessages(page, [{ from: 'me', text: 'hello from the web' }, { from: 'helper', text: 'hello from IRC' },
        { from: 'helper', text: img }, { from: 'me', text: mine }]);
      assert.equal((await widgetMessages(page)).filter((m) => m.text === 'hello from IRC').length, 1, 'shown once');
      assert.deepEqual((await damage(page)).pwned, null);
      await waitHelpersOnline(page, 1);
    } catch (e) {
      await shot(page, 'webirc-irc-relay-failed').catch(() => {});
      throw e;
    }
  });

  test('webirc irc: personal mode speaks as its own nick and survives a page reload (reclaim: no QUIT)', async () => {
    await setup();
    if (!helper) {
      helper = new RawIrc(ircPort, 'helper');
      await helper.connect();
      helper.send('JOIN #help');
      await helper.await((l) => / 366 helper #help /.test(l), 'the names of #help');
    }
    const page = await visitor('personal', '/personal');
    try {
      await openWidget(page);
      const mark = helper.lines.length;
      await visitorSay(page, 'hi as myself', { name: 'Bob' });
      await helper.await((l) => /^:Bob!\S+ JOIN :#help$/.test(l), 'Bob\'s own connection joining', mark);
      await helper.await((l) => /^:Bob!\S+ PRIVMSG #help :hi as myself$/.test(l), 'Bob\'s line', mark);
      helper.send('PRIVMSG #help :hello Bob');
      helper.send('PRIVMSG Bob :just for you');
      await waitWidgetMessages(page, [{ from: 'helper', text: 'hello Bob' }, { from: 'helper', text: 'just for you' }]);

      const reloaded = Date.now();
      await page.reload();
      await waitWidget(page);
      await openWidget(page);
      await waitWidgetMessages(page, [{ from: 'me', text: 'hi as myself' }, { from: 'helper', text: 'hello Bob' }]);
      await visitorSay(page, 'still me after the reload');   // no name asked again, the same nick
      await helper.await((l) => /^:Bob!\S+ PRIVMSG #help :still me after the reload$/.test(l), 'Bob after the reload', mark);
      // by now + 3 s the old page's client has ended (max_interval) and its grace is over: a connection not taken
      // over would have sent its QUIT
      await sleep(Math.max(0, reloaded + MAX_INTERVAL + GRACE + 3000 - Date.now()));
      helper.send('PRIVMSG #help :marker after the grace');
      await waitWidgetMessages(page, [{ from: 'helper', text: 'marker after the grace' }]);
      const bob = helper.lines.slice(mark).filter((l) => l.startsWith(':Bob!'));
      assert.deepEqual(bob.filter((l) => / (QUIT|PART) /.test(l)), [], 'the connection never left: ' + bob.join('\n'));
      assert.equal(bob.filter((l) => / JOIN /.test(l)).length, 1, 'one JOIN only: ' + bob.join('\n'));
      assert.deepEqual(page.dialogs, []);
    } catch (e) {
      await shot(page, 'webirc-irc-personal-failed').catch(() => {});
      throw e;
    }
  });
  test('webirc irc: a guest (data-ask-name=0) keeps its name across pages and knows its own lines by the say answer', async () => {
    await setup();
    await helperOp();
    const a = await visitor('guest-a', '/guest');
    const b = await visitor('guest-b', '/guest');
    try {
      for (const p of [a, b]) { await openWidget(p); await waitHelpersOnline(p, 1); }
      let mark = helper.lines.length;
      await visitorSay(a, 'first from a guest');
      const first = await helper.await((l) => / PRIVMSG #help :<guest\d{4}_web> first from a guest$/.test(l), 'the guest\'s line', mark);
      const name = /<(guest\d{4}_web)>/.exec(first)[1];
      await settled(a, 'first from a guest');

      // the next page: a new Bayeux client, the same guest name; the line shows once, as mine, at once (not after 10 s)
      await a.goto(host.url('/guest'));
      await waitWidget(a);
      await openWidget(a);
      await waitHelpersOnline(a, 1);
      mark = helper.lines.length;
      await visitorSay(a, 'second from the guest');
      await helper.await((l) => l.endsWith(' PRIVMSG #help :<' + name + '> second from the guest'), 'the same name', mark);
      await settled(a, 'second from the guest');
      assert.deepEqual(await rowsOf(a, 'second from the guest'), [['me', false]]);
      assert.deepEqual(await rowsOf(a, 'first from a guest'), [['me', false]]);

      // two visitors say the same text at the same time: each sees its own as "me", the other's as "other"
      const same = 'hi at the same time';
      mark = helper.lines.length;
      await Promise.all([a, b].map((p) => visitorSay(p, same, { wait: false })));
      await helper.await((l) => helper.lines.slice(mark).filter((x) => x.endsWith('> ' + same)).length === 2, 'both lines', mark);
      for (const p of [a, b]) {
        await waitWidgetMessages(p, [{ from: 'me', text: same }, { from: 'other', text: same }]);
        await settled(p, same, 2);
        assert.deepEqual((await rowsOf(p, same)).map((r) => r[0]).sort(), ['me', 'other']);
      }
    } catch (e) {
      await shot(a, 'webirc-irc-guest-failed').catch(() => {});
      throw e;
    }
  });

  test('webirc irc: a name with no Latin letters speaks as a guest nick and the name form lets the visitor through', async () => {
    await setup();
    await helperOp();
    const page = await visitor('cyrillic', '/relay');
    try {
      await openWidget(page);
      await waitHelpersOnline(page, 1);
      const mark = helper.lines.length;
      assert.equal(await visitorSay(page, 'привет', { name: 'Иван', wait: false }), true, 'the name form was asked');
      await helper.await((l) => / PRIVMSG #help :<guest\d{4}_web> привет$/.test(l), 'the line under a guest nick', mark);
      await settled(page, 'привет');
      assert.deepEqual(await rowsOf(page, 'привет'), [['me', false]]);
      assert.equal(await shown(page, 'name-form'), false);
    } catch (e) {
      await shot(page, 'webirc-irc-cyrillic-failed').catch(() => {});
      throw e;
    }
  });
});
