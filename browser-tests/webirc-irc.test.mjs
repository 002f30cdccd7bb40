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
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { shot } from './lib/browser.mjs';
import { freePort } from './lib/node-process.mjs';
import {
  RUN_DIR, openWidget, part, shotOnFailure, visitorSay, waitHelpersOnline, waitShown, waitWidgetMessages, widgetMessages,
} from './lib/webirc.mjs';
import {
  IMG, MINE, WAIT, bridgeRig, damage, escapeRe, guestKeepsName, helpersAttr, markupStaysText, nextPage, personalFirstLines,
  relayBothWays, reloadPage, unusableNameSpeaksAsGuest, waitHelperNamed, waitNoHelpers, waitOutGrace,
} from './lib/webirc-bridge.mjs';

const DIR = path.join(RUN_DIR, 'webirc-irc');

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

let ircPort, helper;

/** ngircd, the node with the IRC bridge, the host pages and Chromium; started by the first test that runs. */
const rig = bridgeRig(async () => {
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
  await rig.startServer({ name: 'ngircd', cmd: 'ngircd', args: ['-n', '-f', conf], dir: DIR, port: ircPort, within: 10000, step: 20 });
  await rig.startNode({
    dir: DIR, module: 'bridge-irc',
    section: ['[plugin:irc.local]', 'active = 1', 'host = 127.0.0.1', 'port = ' + ircPort, 'tls = 0', 'nick = orbited',
      'channels = help'],
    ready: /IRC local: registered as orbited/, what: 'the bridge registered with ngircd',
    pages: {
      '/relay': { attrs: { channel: 'irc:local/#help' } },
      '/guest': { attrs: { channel: 'irc:local/#help', 'ask-name': 0 } },
      '/personal': { attrs: { channel: 'irc:local/#Help', login: 'personal' } },
    },
  });
});

after(() => rig.stop(() => { if (helper) helper.close(); }));

/** The text of a PRIVMSG #help line (null for any other line). */
const textOf = (l) => (/ PRIVMSG #help :(.*)$/.exec(l) || [])[1] ?? null;

/** The shared checks' view of the raw IRC helper in #help (lib/webirc-bridge.mjs). */
const talk = {
  mark: () => helper.lines.length,
  await: (pred, what, from) => helper.await(pred, what, from),
  since: (mark) => helper.lines.slice(mark),
  say: (text) => helper.send('PRIVMSG #help :' + text),
  privately: (nick, text) => helper.send('PRIVMSG ' + nick + ' :' + text),
  textOf,
  relayed: (re) => (l) => { const t = textOf(l); return t !== null && re.test(t); },
  /** The next line to #help is the bridge's nick (orbited) saying exactly `text`. */
  async expectRelayed(text, what, from) {
    const said = await helper.await((l) => l.includes(' PRIVMSG #help :'), what, from);
    assert.match(said, new RegExp('^:orbited!\\S+ PRIVMSG #help :' + escapeRe(text) + '$'));
  },
  joined: (nick) => (l) => new RegExp('^:' + nick + '!\\S+ JOIN :#help$').test(l),
  spoke: (nick, text) => (l) => new RegExp('^:' + nick + '!\\S+ PRIVMSG #help :' + escapeRe(text) + '$').test(l),
};

/** The raw IRC helper in #help (not an operator). */
async function helperJoined() {
  if (helper) return;
  helper = new RawIrc(ircPort, 'helper');
  await helper.connect();
  helper.send('JOIN #help');
  await helper.await((l) => / 366 helper #help /.test(l), 'the names of #help');
}

/** The raw IRC helper in #help as its operator. */
async function helperOp() {
  await helperJoined();
  const mark = helper.lines.length;
  helper.send('OPER boss boss-pw');
  helper.send('MODE #help +o helper');
  helper.send('NAMES #help');
  await helper.await((l) => / 353 helper . #help :.*@helper/.test(l), 'helper as operator of #help', mark);
}

describe('webirc irc', () => {
  test('webirc irc: relay mode on another site: helpers online, both ways, markup as text, history', async () => {
    const page = await rig.visitor('relay', '/relay');
    await shotOnFailure(page, 'webirc-irc-relay', async () => {
      await openWidget(page);
      // the bridge created #help and is its operator: names' self keeps it out of the helpers
      await waitNoHelpers(page);
      await (await part(page, 'offline-text')).type('Please call me back');
      await (await part(page, 'offline-send')).click();
      await waitShown(page, 'offline-done');

      // a helper joins (not an operator: no helper yet), then becomes one (an IRC operator's MODE +o)
      await helperJoined();
      assert.equal(await helpersAttr(page), '0');
      helper.send('OPER boss boss-pw');
      await helper.await((l) => / 381 /.test(l), 'IRC operator');
      helper.send('MODE #help +o helper');
      await waitHelperNamed(page);
      assert.equal(await helpersAttr(page), '1');

      // relay: the bridge's nick speaks for the visitor, under the name it chose
      await relayBothWays(page, talk, { name: 'Alice', reply: 'hello from IRC' });
      // markup and javascript: from IRC, and from the visitor: text, nothing runs, only the https link is a link
      await markupStaysText(page, talk, { name: 'Alice' });
      await shot(page, 'webirc-irc-relay');

      // another page of the site: the conversation so far is there (the widget's own store), markup still text
      await nextPage(page, rig.host.url('/relay'));
      await waitWidgetMessages(page, [{ from: 'me', text: 'hello from the web' }, { from: 'helper', text: 'hello from IRC' },
        { from: 'helper', text: IMG }, { from: 'me', text: MINE }]);
      assert.equal((await widgetMessages(page)).filter((m) => m.text === 'hello from IRC').length, 1, 'shown once');
      assert.deepEqual((await damage(page)).pwned, null);
      await waitHelpersOnline(page, 1);
    });
  });

  test('webirc irc: personal mode speaks as its own nick and survives a page reload (reclaim: no QUIT)', async () => {
    await rig.ready();
    await helperJoined();
    const page = await rig.visitor('personal', '/personal');
    await shotOnFailure(page, 'webirc-irc-personal', async () => {
      const mark = await personalFirstLines(page, talk, 'Bob');
      const reloaded = await reloadPage(page);
      await waitWidgetMessages(page, [{ from: 'me', text: 'hi as myself' }, { from: 'helper', text: 'hello Bob' }]);
      await visitorSay(page, 'still me after the reload');   // no name asked again, the same nick
      await helper.await(talk.spoke('Bob', 'still me after the reload'), 'Bob after the reload', mark);
      // a connection not taken over would have sent its QUIT by the end of the grace
      await waitOutGrace(page, talk, reloaded);
      const bob = helper.lines.slice(mark).filter((l) => l.startsWith(':Bob!'));
      assert.deepEqual(bob.filter((l) => / (QUIT|PART) /.test(l)), [], 'the connection never left: ' + bob.join('\n'));
      assert.equal(bob.filter((l) => / JOIN /.test(l)).length, 1, 'one JOIN only: ' + bob.join('\n'));
      assert.deepEqual(page.dialogs, []);
    });
  });

  test('webirc irc: a guest (data-ask-name=0) keeps its name across pages and knows its own lines by the say answer',
    () => guestKeepsName(rig, talk, helperOp, 'webirc-irc-guest'));

  test('webirc irc: a name with no Latin letters speaks as a guest nick and the name form lets the visitor through',
    () => unusableNameSpeaksAsGuest(rig, talk, helperOp,
      { visitorName: 'cyrillic', name: 'Иван', text: 'привет', shotName: 'webirc-irc-cyrillic' }));
});
