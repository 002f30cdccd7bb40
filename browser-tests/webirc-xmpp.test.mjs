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
import path from 'node:path';
import { shot } from './lib/browser.mjs';
import { freePort } from './lib/node-process.mjs';
import {
  ROOT, RUN_DIR, openWidget, shotOnFailure, visitorSay, waitHelpersOnline, waitWidgetMessages, widgetMessages,
} from './lib/webirc.mjs';
import {
  IMG, JS, MINE, WAIT, bridgeRig, damage, guestKeepsName, markupStaysText, nextPage, personalFirstLines, relayBothWays,
  reloadPage, unusableNameSpeaksAsGuest, waitHelperNamed, waitNoHelpers, waitOutGrace,
} from './lib/webirc-bridge.mjs';

const DIR = path.join(RUN_DIR, 'webirc-xmpp');
const ROOM = 'lobby@conference.localhost';

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

let xmppPort, helper;

/** prosody, the node with the XMPP bridge, the host pages and Chromium; started by the first test that runs. */
const rig = bridgeRig(async () => {
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
  await rig.startServer({ name: 'prosody', cmd: 'prosody', args: ['-F', '--config', lua], dir: DIR, port: xmppPort, within: 15000, step: 50 });
  const channel = 'xmpp:' + ROOM;
  await rig.startNode({
    dir: DIR, module: 'bridge-xmpp',
    section: ['[plugin:xmpp]', 'active = 1', 'host = 127.0.0.1', 'port = ' + xmppPort, 'tls = 0', 'domain = localhost',
      'sasl.user = bridge', 'sasl.password = bridge-pw', 'muc = conference.localhost', 'rooms = lobby', 'nick = bridge',
      'anon.domain = anon.localhost'],
    ready: /XMPP xmpp: logged in as bridge@localhost/, what: 'the bridge logged in to prosody',
    pages: {
      '/relay': { attrs: { channel } },
      '/other': { attrs: { channel }, title: 'Another page' },
      '/guest': { attrs: { channel, 'ask-name': 0 } },
      '/personal': { attrs: { channel: 'xmpp:Lobby@conference.localhost', login: 'personal' } },
    },
  });
});

after(() => rig.stop(async () => { if (helper) await helper.close(); }));

/** The shared checks' view of the Smack helper in the room (lib/webirc-bridge.mjs). */
const talk = {
  mark: () => helper.events.length,
  await: (pred, what, from) => helper.await(pred, what, from),
  since: (mark) => helper.events.slice(mark),
  say: (text) => helper.say(text),
  privately: (nick, text) => helper.privately(nick, text),
  textOf: (e) => e.text,
  relayed: (re) => (e) => e.type === 'message' && e.from === 'bridge' && re.test(e.text || '') && !e.delay,
  /** A live groupchat line from the bridge's nick (bridge) saying exactly `text`. */
  expectRelayed: (text, what, from) => helper.await(groupchat('bridge', text), what, from),
  joined: (nick) => (e) => presenceOf(nick)(e) && e.available,
  spoke: (nick, text) => groupchat(nick, text),
};

async function helperInRoom() {
  if (helper) return;
  helper = new SmackHelper(xmppPort, 'helper', 'helper-pw', 'helper');
  await helper.start();
  const self = await helper.await((e) => presenceOf('helper')(e) && e.available, 'its own presence in the room');
  assert.deepEqual([self.affiliation, self.role], ['owner', 'moderator'], 'the helper is the room\'s owner: ' + JSON.stringify(self));
}

describe('webirc xmpp', () => {
  test('webirc xmpp: relay mode on another site: helpers online, both ways, markup as text, history once', async () => {
    const page = await rig.visitor('relay', '/relay');
    await shotOnFailure(page, 'webirc-xmpp-relay', async () => {
      await openWidget(page);
      // the bridge created the room and owns it: names' self keeps it out of the helpers
      await waitNoHelpers(page);

      await helperInRoom();   // an owner of every room: a moderator as it joins
      await waitHelperNamed(page);

      await relayBothWays(page, talk, { name: 'Alice', reply: 'hello from XMPP' });
      await markupStaysText(page, talk, { name: 'Alice' });
      await shot(page, 'webirc-xmpp-relay');

      // another page: the widget's stored lines and the room's history (from the bridge) show each line once
      await nextPage(page, rig.host.url('/other'));
      const all = [{ from: 'me', text: 'hello from the web' }, { from: 'helper', text: 'hello from XMPP' },
        { from: 'helper', text: IMG }, { from: 'helper', text: JS }, { from: 'me', text: MINE }];
      await waitWidgetMessages(page, all);
      await waitHelpersOnline(page, 1);   // the names of the new subscription came, and the room's history with them
      helper.say('after the navigation');
      await waitWidgetMessages(page, [{ from: 'helper', text: 'after the navigation' }]);
      const rows = await widgetMessages(page);
      for (const m of all) assert.equal(rows.filter((r) => r.text === m.text).length, 1, 'once: ' + JSON.stringify(rows));
      assert.deepEqual((await damage(page)).pwned, null);
    });
  });

  test('webirc xmpp: personal mode speaks as its own nick and survives a page reload (reclaim: no leave)', async () => {
    await rig.ready();
    await helperInRoom();
    const page = await rig.visitor('personal', '/personal');
    await shotOnFailure(page, 'webirc-xmpp-personal', async () => {
      const mark = await personalFirstLines(page, talk, 'Bob');
      const reloaded = await reloadPage(page);
      await visitorSay(page, 'still me after the reload');
      await helper.await(groupchat('Bob', 'still me after the reload'), 'Bob after the reload', mark);
      // a session not taken over would have left the room by the end of the grace
      await waitOutGrace(page, talk, reloaded);
      const bob = helper.events.slice(mark).filter(presenceOf('Bob'));
      assert.deepEqual(bob.map((e) => (e.available ? 'available' : 'unavailable')), ['available'], 'one join, no leave: ' + JSON.stringify(bob));
      assert.deepEqual(page.dialogs, []);
    });
  });

  test('webirc xmpp: a guest (data-ask-name=0) keeps its name across pages and knows its own lines by the say answer',
    () => guestKeepsName(rig, talk, helperInRoom, 'webirc-xmpp-guest'));

  test('webirc xmpp: a name with no letters speaks as a guest nick and the name form lets the visitor through',
    () => unusableNameSpeaksAsGuest(rig, talk, helperInRoom,
      { visitorName: 'symbols', name: '★★★', text: 'hello in stars', shotName: 'webirc-xmpp-symbols' }));
});
