// docs/xmpp.md "Walk-through: a visitor and a helper, with a local prosody", run as written: the blocks headed
// "File `PATH`:" (prosody.cfg.lua, orbited.cfg, visitor.html) are written to a temp directory (standing for the home
// directory) with the doc's ports replaced by free loopback ports, and `run_as_root = true` put first in prosody's
// file when the test runs as root (prosody refuses root otherwise; the doc says so). The doc's own commands make the
// directories, the certificate (openssl), the trust store (keytool) and the two accounts (prosodyctl), and start
// prosody in the foreground (stopped by its PID). The node jar runs with the shipped plugin directory as bin/orbited
// makes it (java -Dorbited.shipped_plugins=DIR -jar NODE --config ...). The helper is a plain XMPP client on a socket
// (RawXmpp below: STARTTLS verified against the doc's certificate, SASL PLAIN, bind, MUC join), standing in for the
// doc's Profanity; headless Chromium opens the doc's page with the CometD client 9.0.0 (its CDN address served from
// node_modules/cometd). Checked: the doc's log lines, the conversation both ways in relay mode (the helper's
// message from the bridge's occupant, the page's text, one canonical event equal to the doc's), XMPP text with markup
// shown as text with no dialog or page error, the anonymous login (the helper sees the visitor's own occupant join
// and speak), a private message to that browser alone, the logout, and a login with an account (the helper sees the
// account's real address). Started by run.sh.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import { launchBrowser, shot } from './lib/browser.mjs';
import { freePort } from './lib/node-process.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.join(HERE, '..');
const DOC = fs.readFileSync(path.join(ROOT, 'docs', 'xmpp.md'), 'utf8');
const JAR = process.env.ORBITED_JAR;
const RUN_DIR = process.env.ORBITED_RUN_DIR || path.join(HERE, 'target');
const COMETD_DIR = path.join(HERE, 'node_modules', 'cometd');
const CDN = 'https://unpkg.com/cometd@9.0.0/';
const WAIT = 20000;
const ROOM = 'lobby@conference.localhost';
const LOBBY = '/xmpp/conference$2Elocalhost/lobby';
if (!JAR) throw new Error('run through run.sh (ORBITED_JAR is not set)');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const T0 = Date.now();
const step = (what) => console.log('# ' + ((Date.now() - T0) / 1000).toFixed(1) + ' s: ' + what);

/** The walk-through section of the doc. */
const WALK = (() => {
  const start = DOC.indexOf('## Walk-through: a visitor and a helper, with a local prosody\n');
  const end = DOC.indexOf('\n## ', start + 1);
  assert.ok(start >= 0 && end > start, 'docs/xmpp.md has the walk-through section');
  return DOC.slice(start, end);
})();

/** Every block headed "File `PATH`:", by PATH. */
function docFiles() {
  const files = new Map();
  for (const m of WALK.matchAll(/^File `([^`]+)`:\n\n```[a-z]*\n([\s\S]*?)\n```$/gm)) {
    assert.ok(!files.has(m[1]), 'one block per file: ' + m[1]);
    files.set(m[1], m[2] + '\n');
  }
  return files;
}

/** The commands of the walk-through's ```bash blocks (continued lines joined), comments after two spaces removed. */
const bashLines = () => [...WALK.matchAll(/```bash\n([\s\S]*?)```/g)]
  .flatMap((m) => m[1].replace(/\\\n\s*/g, '').split('\n')).map((l) => l.replace(/\s{2,}#.*$/, '')).filter(Boolean);

/** The one command containing `what`. */
function bashLine(what) {
  const found = bashLines().filter((l) => l.includes(what));
  assert.equal(found.length, 1, 'one command with ' + what + ' in the walk-through: ' + JSON.stringify(found));
  return found[0];
}

/** `text` as the doc writes it in backticks (asserts it is there). */
function docSays(text) {
  assert.ok(WALK.includes('`' + text + '`'), 'the walk-through says `' + text + '`');
  return text;
}

function write(file, text, mode) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text, mode ? { mode } : undefined);
}

/** Runs one of the doc's commands with bash in `cwd` (bounded), failing with its output. */
function runDoc(line, cwd) {
  try {
    return execFileSync('bash', ['-c', line], { cwd, timeout: 60000, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  } catch (e) {
    assert.fail('the doc\'s command failed: ' + line + '\n' + (e.stdout || '') + (e.stderr || '') + e.message);
  }
}

/** The shipped plugin directory bin/orbited makes: each SHIPPED_PLUGINS module's jars, minus sources/tests/original. */
function shippedPlugins(dir) {
  const script = fs.readFileSync(path.join(ROOT, 'bin', 'orbited'), 'utf8');
  assert.match(script, /-Dorbited\.shipped_plugins="\$SHIPPED" -jar "\$JAR" "\$@"/, 'bin/orbited execs the node jar so');
  const modules = script.match(/^SHIPPED_PLUGINS=\(([^)]*)\)$/m)[1].trim().split(/\s+/);
  assert.ok(modules.includes('bridge-xmpp'), 'bin/orbited ships bridge-xmpp: ' + modules);
  fs.mkdirSync(dir, { recursive: true });
  for (const m of modules) {
    const target = path.join(ROOT, m, 'target');
    const jars = fs.existsSync(target) ? fs.readdirSync(target).filter((f) => f.endsWith('.jar')
      && !/-(sources|tests|javadoc)\.jar$/.test(f) && !f.startsWith('original-')) : [];
    if (m === 'bridge-xmpp') {
      assert.ok(jars.length === 1, 'the shaded bridge jar ' + target + '/bridge-xmpp-<version>.jar is missing (found '
        + JSON.stringify(jars) + '); build it: mvn -pl bridge-xmpp -am package -DskipTests (bin/orbited and run.sh do)');
      const sources = path.join(ROOT, 'bridge-xmpp', 'src', 'main');
      const built = fs.statSync(path.join(target, jars[0])).mtimeMs;
      const newer = execFileSync('find', [sources, '-newermt', '@' + Math.floor(built / 1000), '-type', 'f', '-print', '-quit']).toString().trim();
      if (newer) console.log('# warning: ' + jars[0] + ' is older than ' + newer + ': run mvn package to test the current bridge');
    }
    for (const j of jars) fs.copyFileSync(path.join(target, j), path.join(dir, j));
  }
}

function canConnect(port) {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.on('connect', () => { s.destroy(); resolve(true); });
    s.on('error', () => resolve(false));
  });
}

/** A child started with its exit remembered; stop() signals only that PID (TERM, then KILL after graceMs). */
function started(child) {
  child.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  child.stop = async (graceMs = 15000) => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exited;
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
    const how = await child.exited;
    clearTimeout(t);
    return how;
  };
  return child;
}

// ---- a plain XMPP client: just enough XML for prosody's c2s stream ----

const ESC = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' };
const escape = (s) => String(s).replace(/[<>&"']/g, (c) => ESC[c]);
const unescape = (s) => s.replace(/&(lt|gt|amp|quot|apos|#x[0-9a-fA-F]+|#[0-9]+);/g, (_, e) => ({
  lt: '<', gt: '>', amp: '&', quot: '"', apos: "'",
}[e] ?? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10))));

/** An element to send: `x('message', {to, type}, x('body', {}, 'text'))`; text children are escaped. */
function x(name, attrs = {}, ...children) {
  const a = Object.entries(attrs).filter(([, v]) => v !== undefined).map(([k, v]) => ' ' + k + "='" + escape(v) + "'").join('');
  const inner = children.map((c) => (typeof c === 'string' ? escape(c) : c.xml)).join('');
  return { xml: '<' + name + a + (inner ? '>' + inner + '</' + name + '>' : '/>') };
}

/**
 * Reads an XMPP stream incrementally: the stream header, then each top-level element (stanza or nonza) as
 * {name, attrs, children, text}. prosody escapes `<` and `>` in text and attribute values, so a tag ends at the next `>`.
 */
class XmlStream {
  constructor(onElement) {
    Object.assign(this, { onElement, buf: '', stack: [], opened: null, closed: false, decoder: new StringDecoder('utf8') });
  }

  push(chunk) {
    this.buf += this.decoder.write(chunk);
    for (;;) {
      const lt = this.buf.indexOf('<');
      if (lt < 0) return;
      if (lt > 0) {
        if (this.stack.length) this.stack[this.stack.length - 1].text += unescape(this.buf.slice(0, lt));
        this.buf = this.buf.slice(lt);
      }
      const gt = this.buf.indexOf('>');
      if (gt < 0) return;
      const tag = this.buf.slice(1, gt);
      this.buf = this.buf.slice(gt + 1);
      if (tag.startsWith('?')) continue;
      if (tag.startsWith('/')) {
        const el = this.stack.pop();
        if (!el) this.closed = true;
        else if (!this.stack.length) this.onElement(el);
        continue;
      }
      const self = tag.endsWith('/');
      const body = self ? tag.slice(0, -1) : tag;
      const name = body.match(/^[^\s/]+/)[0];
      const attrs = {};
      for (const m of body.slice(name.length).matchAll(/([^\s=]+)\s*=\s*(['"])(.*?)\2/g)) attrs[m[1]] = unescape(m[3]);
      if (name === 'stream:stream') {
        this.opened = attrs;
        continue;
      }
      const el = { name, attrs, children: [], text: '' };
      if (this.stack.length) this.stack[this.stack.length - 1].children.push(el);
      if (self) {
        if (!this.stack.length) this.onElement(el);
      } else {
        this.stack.push(el);
      }
    }
  }
}

/** The first child of `el` named `name` (and in namespace `xmlns` if given). */
const child = (el, name, xmlns) => el && el.children.find((c) => c.name === name && (!xmlns || c.attrs.xmlns === xmlns));

/**
 * A helper's XMPP client on a socket, as a person's client would do it: STARTTLS (verified against `ca` for the
 * domain), SASL PLAIN, resource binding; records every stanza; answers pings. Every wait is bounded by WAIT.
 */
class RawXmpp {
  constructor({ port, user, domain, password, ca }) {
    Object.assign(this, { port, user, domain, password, ca, stanzas: [], waiters: new Set(), ids: 0 });
  }

  open(socket) {
    this.socket = socket;
    this.stream = new XmlStream((el) => {
      if (el.name === 'iq' && el.attrs.type === 'get' && child(el, 'ping', 'urn:xmpp:ping')) {
        this.send(x('iq', { type: 'result', id: el.attrs.id, to: el.attrs.from }));
      }
      this.stanzas.push(el);
      for (const w of this.waiters) w();
    });
    socket.on('data', (chunk) => this.stream.push(chunk));
    this.socket.write("<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'"
      + " to='" + escape(this.domain) + "' version='1.0'>");
  }

  send(el) {
    this.socket.write(el.xml);
  }

  async connect() {
    const plain = net.connect({ host: '127.0.0.1', port: this.port });
    await new Promise((resolve, reject) => { plain.once('connect', resolve); plain.once('error', reject); });
    plain.on('error', (e) => console.log('[' + this.user + '] socket error: ' + e.message));
    this.open(plain);
    let features = await this.await((s) => s.name === 'stream:features', 'stream features');
    assert.ok(child(features, 'starttls', 'urn:ietf:params:xml:ns:xmpp-tls'), 'prosody offers STARTTLS');
    let mark = this.stanzas.length;
    this.send(x('starttls', { xmlns: 'urn:ietf:params:xml:ns:xmpp-tls' }));
    await this.await((s) => s.name === 'proceed', 'STARTTLS proceed', mark);
    plain.removeAllListeners('data');
    const secure = tls.connect({ socket: plain, servername: this.domain, ca: [this.ca] });   // verified: chain and name
    await new Promise((resolve, reject) => { secure.once('secureConnect', resolve); secure.once('error', reject); });
    assert.ok(secure.authorized, 'the helper verified prosody\'s certificate: ' + secure.authorizationError);
    secure.on('error', (e) => console.log('[' + this.user + '] TLS error: ' + e.message));
    mark = this.stanzas.length;
    this.open(secure);
    features = await this.await((s) => s.name === 'stream:features', 'stream features after STARTTLS', mark);
    const mechanisms = (child(features, 'mechanisms') || { children: [] }).children.map((m) => m.text);
    assert.ok(mechanisms.includes('PLAIN'), 'PLAIN offered over TLS: ' + mechanisms);
    mark = this.stanzas.length;
    this.send(x('auth', { xmlns: 'urn:ietf:params:xml:ns:xmpp-sasl', mechanism: 'PLAIN' },
      Buffer.from('\0' + this.user + '\0' + this.password, 'utf8').toString('base64')));
    await this.await((s) => s.name === 'success' || s.name === 'failure', 'SASL answer', mark)
      .then((s) => assert.equal(s.name, 'success', 'the helper logged in as ' + this.user + '@' + this.domain));
    mark = this.stanzas.length;
    this.open(secure);
    await this.await((s) => s.name === 'stream:features', 'stream features after SASL', mark);
    const bound = await this.iq('set', x('bind', { xmlns: 'urn:ietf:params:xml:ns:xmpp-bind' }, x('resource', {}, 'walkthrough')));
    this.jid = child(child(bound, 'bind'), 'jid').text;
    this.send(x('presence'));
  }

  /** Sends an iq; resolves with the result (fails on an error). */
  async iq(type, payload) {
    const id = 'h' + (++this.ids);
    const mark = this.stanzas.length;
    this.send(x('iq', { type, id }, payload));
    const answer = await this.await((s) => s.name === 'iq' && s.attrs.id === id, 'the answer to iq ' + id, mark);
    assert.equal(answer.attrs.type, 'result', 'iq ' + id + ' answered ' + JSON.stringify(answer));
    return answer;
  }

  /** Joins `room` as `nick`; resolves with the self-presence (status 110). */
  join(room, nick) {
    const mark = this.stanzas.length;
    this.send(x('presence', { to: room + '/' + nick }, x('x', { xmlns: 'http://jabber.org/protocol/muc' })));
    return this.await((s) => s.name === 'presence' && s.attrs.from === room + '/' + nick
      && (s.attrs.type === 'error' || (child(s, 'x', 'http://jabber.org/protocol/muc#user') || { children: [] })
        .children.some((c) => c.name === 'status' && c.attrs.code === '110')), 'the join of ' + room, mark)
      .then((s) => { assert.notEqual(s.attrs.type, 'error', 'joined: ' + JSON.stringify(s)); return s; });
  }

  say(room, text) {
    this.send(x('message', { to: room, type: 'groupchat', id: 'm' + (++this.ids) }, x('body', {}, text)));
  }

  privately(fullJid, text) {
    this.send(x('message', { to: fullJid, type: 'chat', id: 'p' + (++this.ids) }, x('body', {}, text)));
  }

  /** The first stanza from index `from` on matching pred; bounded by WAIT. */
  await(pred, what, from = 0) {
    return new Promise((resolve, reject) => {
      const check = () => {
        const i = this.stanzas.findIndex((s, n) => n >= from && pred(s));
        if (i < 0) return false;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(this.stanzas[i]);
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(this.user + ' did not receive ' + what + ' within ' + WAIT + ' ms; got:\n'
          + this.stanzas.map((s) => JSON.stringify(s)).join('\n')));
      }, WAIT);
      this.waiters.add(check);
      check();
    });
  }

  close() {
    if (this.socket) {
      this.socket.end('</stream:stream>');
      this.socket.destroy();
    }
  }
}

const bodyOf = (s) => (child(s, 'body') || { text: null }).text;
const groupchatFrom = (nick, text) => (s) => s.name === 'message' && s.attrs.type === 'groupchat'
  && s.attrs.from === ROOM + '/' + nick && bodyOf(s) === text;
/** The real JID a room shows its moderators in an occupant's presence (muc#user item jid), or ''. */
const realJid = (presence) => ((child(child(presence, 'x', 'http://jabber.org/protocol/muc#user'), 'item') || { attrs: {} }).attrs.jid || '');
const availableFrom = (nick) => (s) => s.name === 'presence' && s.attrs.from === ROOM + '/' + nick && !s.attrs.type;

let work, prosody, node, nodeLog, pageServer, chrome, helper;

before(() => {
  work = path.join(RUN_DIR, 'xmpp-walkthrough');
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
});

after(async () => {
  if (helper) helper.close();
  if (chrome) await chrome.close();
  if (node) await node.stop();
  if (prosody) await prosody.stop(5000);
  if (pageServer) await new Promise((r) => pageServer.close(r));
});

test('docs/xmpp.md walk-through: a visitor and a helper talk through the node, as written', async () => {
  const files = docFiles();
  assert.deepEqual([...files.keys()].sort(), ['xmpp-demo/orbited.cfg', 'xmpp-demo/prosody.cfg.lua', 'xmpp-demo/visitor.html']);
  const [xmppPort, httpPort, opPort, pagePort] = [await freePort(), await freePort(), await freePort(), await freePort()];

  // Step 1: prosody with the doc's file (port replaced), the doc's certificate, trust store and accounts.
  assert.doesNotThrow(() => execFileSync('sh', ['-c', 'command -v prosody && command -v prosodyctl']),
    'prosody is not installed (run.sh installs it)');
  assert.match(bashLine('apt-get install prosody'), /^sudo apt-get install prosody$/);
  runDoc(bashLine('mkdir -p xmpp-demo'), work);
  const luaDoc = files.get('xmpp-demo/prosody.cfg.lua');
  assert.match(luaDoc, /^c2s_ports = \{ 5222 \}$/m);
  assert.match(luaDoc, /^c2s_require_encryption = true$/m, 'STARTTLS required');
  assert.doesNotMatch(luaDoc, /run_as_root/, 'the doc does not run prosody as root');
  let lua = luaDoc.replace(/^c2s_ports = \{ 5222 \}$/m, 'c2s_ports = { ' + xmppPort + ' }');
  if (process.getuid && process.getuid() === 0) {
    assert.ok(WALK.includes('add `run_as_root = true` at the top of the file'), 'the doc says what root needs');
    lua = 'run_as_root = true\n' + lua;
  }
  write(path.join(work, 'xmpp-demo', 'prosody.cfg.lua'), lua, 0o644);
  runDoc(bashLine('openssl req'), work);
  runDoc(bashLine('keytool -importcert'), work);
  const ca = fs.readFileSync(path.join(work, 'xmpp-demo', 'certs', 'demo.crt'), 'utf8');
  const sans = execFileSync('openssl', ['x509', '-noout', '-ext', 'subjectAltName', '-in', path.join(work, 'xmpp-demo', 'certs', 'demo.crt')]).toString();
  for (const name of ['localhost', 'anon.localhost', 'conference.localhost']) assert.ok(sans.includes('DNS:' + name + ''), 'SAN ' + name + ': ' + sans);
  const registers = bashLines().filter((l) => l.startsWith('prosodyctl '));
  assert.equal(registers.length, 3, 'three accounts: ' + JSON.stringify(registers));
  for (const r of registers) runDoc(r, work);
  const helperAccount = registers.map((r) => r.match(/ register (\S+) (\S+) (\S+)$/)).find((m) => m && m[1] === 'helper');
  const bridgeAccount = registers.map((r) => r.match(/ register (\S+) (\S+) (\S+)$/)).find((m) => m && m[1] === 'orbited');
  const aliceAccount = registers.map((r) => r.match(/ register (\S+) (\S+) (\S+)$/)).find((m) => m && m[1] === 'alice');
  assert.ok(helperAccount && bridgeAccount && aliceAccount, 'the doc registers helper, orbited and alice');
  const startProsody = bashLine('prosody -F');
  assert.equal(startProsody, 'prosody -F --config "$PWD/xmpp-demo/prosody.cfg.lua"');
  const prosodyLog = path.join(work, 'prosody.log');
  const prosodyOut = fs.openSync(prosodyLog, 'w');
  prosody = started(spawn('bash', ['-c', 'exec ' + startProsody], { cwd: work, stdio: ['ignore', prosodyOut, prosodyOut] }));
  fs.closeSync(prosodyOut);
  // The doc's two log lines (the certificates load as each host activates, around the port's opening).
  const activated = docSays("Activated service 'c2s' on [127.0.0.1]:5222").replace('5222', String(xmppPort));
  docSays('localhost:tls info Certificates loaded');
  const prosodyReady = (t) => t.includes(activated) && /^localhost:tls\s+info\s+Certificates loaded$/m.test(t);
  for (const until = Date.now() + 15000; !(await canConnect(xmppPort)) || !prosodyReady(fs.readFileSync(prosodyLog, 'utf8'));) {
    assert.equal(prosody.exitCode, null, 'prosody exited during start: ' + fs.readFileSync(prosodyLog, 'utf8'));
    assert.ok(Date.now() < until, 'within 15 s prosody listens on ' + xmppPort + ' and logged the doc\'s lines:\n'
      + fs.readFileSync(prosodyLog, 'utf8'));
    await sleep(20);
  }
  step('prosody ' + prosody.pid + ' on 127.0.0.1:' + xmppPort);

  // Step 2: the node, with the doc's orbited.cfg (ports replaced), started as bin/orbited execs it.
  const pageOrigin = 'http://127.0.0.1:' + pagePort;
  const nodeOrigin = 'http://127.0.0.1:' + httpPort;
  const cfgDoc = files.get('xmpp-demo/orbited.cfg');
  const cfg = cfgDoc.replace(/^http\.port = 8000$/m, 'http.port = ' + httpPort)
    .replace(/^op\.port = 9000$/m, 'op.port = ' + opPort)
    .replace(/^port = 5222$/m, 'port = ' + xmppPort)
    .replace(/^allowed_origins = http:\/\/localhost:8080$/m, 'allowed_origins = ' + pageOrigin);
  assert.doesNotMatch(cfg, /\b(8000|9000|8080|5222)\b/, 'every port of the doc was replaced:\n' + cfg);
  assert.match(cfg, /^http\.bind = 127\.0\.0\.1$/m);
  assert.match(cfg, /^\[plugin:xmpp\]\nactive = 1\n/m);
  assert.doesNotMatch(cfg, /^tls = 0$/m, 'the walk-through uses STARTTLS');
  assert.match(cfg, /^truststore = xmpp-demo\/trust\.p12$/m);
  assert.match(cfg, new RegExp('^sasl\\.user = ' + bridgeAccount[1] + '\\nsasl\\.password = ' + bridgeAccount[3] + '$', 'm'),
    'the bridge logs in with the account the doc registered');
  assert.match(cfg, /^muc = conference\.localhost$/m);
  assert.match(cfg, /^rooms = lobby$/m);
  assert.match(cfg, /^anon\.domain = anon\.localhost$/m);
  assert.match(cfg, /^personal\.auth = both$/m, 'anonymous and account logins');
  write(path.join(work, 'xmpp-demo', 'orbited.cfg'), cfg);
  const startNode = bashLine('bin/orbited');
  assert.equal(startNode, '~/orbited/bin/orbited --config xmpp-demo/orbited.cfg');
  const shipped = path.join(work, 'shipped-plugins');
  shippedPlugins(shipped);
  nodeLog = path.join(work, 'node.log');
  const nodeOut = fs.openSync(nodeLog, 'w');
  node = started(spawn('java', ['-Dorbited.shipped_plugins=' + shipped, '-jar', JAR, ...startNode.split(' ').slice(1)],
    { cwd: work, stdio: ['ignore', nodeOut, nodeOut] }));
  fs.closeSync(nodeOut);
  const logText = () => fs.readFileSync(nodeLog, 'utf8');
  const logBlock = WALK.match(/Among the first lines:\n\n```\n([\s\S]*?)```/)[1].split('\n').filter(Boolean);
  assert.equal(logBlock.length, 3);
  const logRes = logBlock.map((line) => new RegExp(line.split('...').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')));
  for (const until = Date.now() + 45000; !logRes.every((re) => re.test(logText()));) {
    assert.equal(node.exitCode, null, 'the node exited during start:\n' + logText());
    assert.ok(Date.now() < until, 'within 45 s the log has the doc\'s lines ' + JSON.stringify(logBlock) + ':\n' + logText());
    await sleep(100);
  }
  step('node ' + node.pid + ' started, bridge connected');

  // Step 3: the helper, a plain XMPP client with the doc's account, in the room before the bridge.
  assert.equal(bashLine('profanity'), 'profanity');
  docSays('/connect helper@localhost server 127.0.0.1 port 5222 tls trust');
  docSays('/join lobby@conference.localhost nick helper');
  assert.ok(WALK.includes('log in as `helper@localhost` (password `' + helperAccount[3] + '`)'), 'the doc names the helper\'s password');
  helper = new RawXmpp({ port: xmppPort, user: 'helper', domain: 'localhost', password: helperAccount[3], ca });
  await helper.connect();
  await helper.join(ROOM, 'helper');
  step('helper ' + helper.jid + ' in ' + ROOM);

  // Step 4: the doc's page, served as python's http.server would; the CDN's files from node_modules/cometd.
  const serve = bashLine('http.server');
  assert.equal(serve, 'cd xmpp-demo && python3 -m http.server 8080 --bind 127.0.0.1');
  assert.ok(WALK.includes('`http://localhost:8080/visitor.html`'));
  assert.equal(JSON.parse(fs.readFileSync(path.join(COMETD_DIR, 'package.json'), 'utf8')).version, '9.0.0');
  const html = files.get('xmpp-demo/visitor.html');
  assert.ok(html.includes("from '" + CDN + "cometd.js'"));
  assert.ok(html.includes("const LOBBY = '" + LOBBY + "';"), 'the page subscribes to the room\'s Bayeux name');
  assert.ok(html.includes("const SERVICE = 'xmpp/conference$2Elocalhost/';"), 'the page calls the room\'s services');
  assert.ok(html.includes('li.textContent = text;') && !/innerHTML|insertAdjacentHTML|document\.write/.test(html),
    'the page inserts text as text only');
  const page = html.replace("'http://localhost:8000/cometd'", "'" + nodeOrigin + "/cometd'");
  assert.notEqual(page, html, 'the page names http://localhost:8000/cometd');
  pageServer = http.createServer((req, res) => {
    const p = new URL(req.url, pageOrigin).pathname;
    if (p === '/visitor.html') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(page);
    } else {
      res.writeHead(p === '/favicon.ico' ? 204 : 404);
      res.end();
    }
  });
  await new Promise((resolve, reject) => { pageServer.on('error', reject); pageServer.listen(pagePort, '127.0.0.1', resolve); });

  chrome = await launchBrowser();
  const visitor = await chrome.newPage('visitor');
  const dialogs = [];
  const pageErrors = [];
  const consoleLines = [];
  visitor.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  visitor.on('pageerror', (e) => pageErrors.push(e.message));
  visitor.on('console', (m) => consoleLines.push(m.text()));
  await visitor.setRequestInterception(true);
  visitor.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(CDN)) return r.continue();
    const file = path.join(COMETD_DIR, path.basename(new URL(u).pathname));
    if (!/^[A-Za-z0-9_-]+\.js$/.test(path.basename(file)) || !fs.existsSync(file)) return r.respond({ status: 404, body: '' });
    return r.respond({ status: 200, contentType: 'text/javascript', headers: { 'Access-Control-Allow-Origin': '*' }, body: fs.readFileSync(file, 'utf8') });
  });
  await visitor.goto(pageOrigin + '/visitor.html');
  step('page open');

  const shown = () => visitor.$$eval('#log li', (els) => els.map((e) => e.textContent));
  const statusOf = () => visitor.$eval('#status', (e) => e.textContent);
  async function shows(text, what) {
    await visitor.waitForFunction((t) => [...document.querySelectorAll('#log li')].some((e) => e.textContent === t),
      { timeout: WAIT }, text)
      .catch(async () => assert.fail(what + ': expected the page to show ' + JSON.stringify(text) + '; it shows '
        + JSON.stringify(await shown()) + ', status ' + await statusOf()));
  }
  /** Types and sends `text`; resolves with the helper's groupchat message from `nick`, fails at once on "not sent". */
  async function say(text, nick) {
    const mark = helper.stanzas.length;
    const refusals = await visitor.$$eval('#log li', (els) => els.filter((e) => e.textContent.startsWith('not sent: ')).length);
    await visitor.$eval('#text', (e, t) => { e.value = t; }, text);
    await visitor.click('#say button');
    const line = helper.await((s) => s.name === 'message' && s.attrs.type === 'groupchat' && (bodyOf(s) || '').includes(text),
      'the message "' + text + '"', mark);
    const refused = visitor.waitForFunction((n) => {
      const r = [...document.querySelectorAll('#log li')].filter((e) => e.textContent.startsWith('not sent: '));
      return r.length > n && r[r.length - 1].textContent;
    }, { timeout: WAIT + 5000 }, refusals).then(async (h) => h.jsonValue(), () => null);
    const first = await Promise.race([line.then((s) => ({ s }), (e) => ({ e })), refused.then((r) => ({ r }))]);
    if (first.s) {
      assert.equal(first.s.attrs.from, ROOM + '/' + nick, 'the helper got "' + text + '" from ' + nick + ': ' + JSON.stringify(first.s));
      return first.s;
    }
    line.catch(() => {});
    const why = first.r ? 'the say service did not take "' + text + '": ' + first.r : (first.e || {}).message;
    assert.fail(why + '\nthe page shows ' + JSON.stringify(await shown()));
  }

  // Step 5: connected, subscribed; the bridge joins the room (first subscriber) and the page shows who is there.
  await visitor.waitForFunction(() => document.getElementById('status').textContent === 'connected'
    && !document.querySelector('#say button').disabled, { timeout: WAIT })
    .catch(async () => assert.fail('the page did not connect and subscribe: status ' + await statusOf()));
  // Every event as it arrives, beside the page's own subscription (same channel: the client is subscribed).
  await visitor.evaluate((lobby) => {
    window.received = [];
    window.cometd.addListener(lobby, (m) => window.received.push(m.data));
  }, LOBBY);
  await helper.await(availableFrom('orbited'), 'the bridge\'s join');
  step('bridge joined the room');
  const names = WALK.match(/the page shows the occupants, e\.g\.\n?\s*`(here: [^`]*)`/);
  assert.ok(names, 'the doc shows the names line');
  await shows(names[1], 'the occupants');

  // The visitor speaks; the helper gets the doc's message from the bridge's occupant.
  const fromWeb = 'hello from the web';
  assert.ok(WALK.includes('types `' + fromWeb + '`'));
  const relayed = await say(fromWeb, 'orbited');
  docSays(ROOM + '/orbited');
  assert.equal(bodyOf(relayed), docSays('<alice_web> ' + fromWeb), 'the helper\'s message body');
  await shows('<alice_web> ' + fromWeb, 'the visitor\'s own line, from the bridge');

  // The helper answers; then the speaker's line has come exactly once (the reply follows it on the same channel).
  const answer = 'hello from XMPP';
  assert.ok(WALK.includes('The helper answers `' + answer + '`'));
  helper.say(ROOM, answer);
  await shows(docSays('<helper> ' + answer), 'the helper\'s answer');
  assert.equal((await shown()).filter((t) => t === '<alice_web> ' + fromWeb).length, 1, 'one line per message: ' + JSON.stringify(await shown()));
  const events = await visitor.evaluate(() => window.received);
  const own = events.filter((e) => e.text === fromWeb);
  assert.equal(own.length, 1, 'one event for the visitor\'s line: ' + JSON.stringify(events));
  const docEvent = JSON.parse(WALK.match(/`(\{"type":"message","channel":"lobby","sender":"alice_web"[^`]*\})`/)[1]);
  assert.match(own[0].time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/);
  assert.deepEqual({ ...own[0], time: '...' }, docEvent, 'the event is the doc\'s');

  // Markup from XMPP is text: no element, no dialog, no page error.
  const markup = '<img src=x onerror=alert(1)>';
  helper.say(ROOM, markup);
  await shows(docSays('<helper> ' + markup), 'markup from XMPP');
  assert.equal(await visitor.$$eval('img, script:not([type=module])', (els) => els.length), 0, 'no element made from XMPP text');
  helper.say(ROOM, 'after the markup');
  await shows('<helper> after the markup', 'the line after the markup');
  assert.deepEqual(dialogs, [], 'no dialog opened');
  assert.deepEqual(pageErrors, [], 'no page error');
  await shot(visitor, 'xmpp-walkthrough');
  step('relay conversation done');

  // Its own nick, anonymously: the login button; the helper sees alice join, then speak.
  assert.ok(WALK.includes('presses "Log in with this name"'));
  const joinMark = helper.stanzas.length;
  await visitor.click('#login');
  await shows(docSays('logged in as alice'), 'the login');
  docSays('{"ok":true,"nick":"alice"}');
  const aliceJoin = await helper.await(availableFrom('alice'), 'alice\'s own occupant', joinMark);
  step('alice joined: ' + JSON.stringify(aliceJoin.attrs));
  assert.match(realJid(aliceJoin), /^[^@/]+@anon\.localhost\//, 'an anonymous session: ' + JSON.stringify(aliceJoin));
  await shows(docSays('alice joined'), 'alice\'s join');
  const personal = await say('now as alice', 'alice');
  assert.ok(WALK.includes('the helper gets `now as alice` from `' + ROOM + '/alice`'));
  assert.equal(bodyOf(personal), 'now as alice', 'no relay prefix');
  await shows(docSays('<alice> now as alice'), 'the personal line');

  // A private message from the helper reaches this browser alone, on its events channel (not on the room's).
  assert.ok(WALK.includes('`/msg alice psst`'));
  helper.privately(ROOM + '/alice', 'psst');
  await shows(docSays('(to you) <helper> psst'), 'the private message');
  assert.deepEqual((await visitor.evaluate(() => window.received)).filter((e) => e.text === 'psst'), [],
    'the private message is not on the room\'s channel');
  await shot(visitor, 'xmpp-walkthrough');

  // The doc's logout line: alice's occupant leaves the room.
  const logout = WALK.match(/`(cometd\.remoteCall\('xmpp\/conference\$2Elocalhost\/logout'[^`]*)`\s+prints `([^`]*)`/);
  assert.ok(logout, 'the doc has the logout console line and what it prints');
  const leaveMark = helper.stanzas.length;
  await visitor.evaluate(logout[1]);
  for (const until = Date.now() + WAIT; !consoleLines.includes(logout[2]);) {
    assert.ok(Date.now() < until, 'console printed ' + JSON.stringify(consoleLines) + ', the doc says ' + logout[2]);
    await sleep(50);
  }
  await helper.await((s) => s.name === 'presence' && s.attrs.from === ROOM + '/alice' && s.attrs.type === 'unavailable',
    'alice leaving', leaveMark);
  step('logged out');

  // With an account: the doc's console line; the helper (owner, so moderator) sees alice@localhost join.
  const account = WALK.match(/`(cometd\.remoteCall\('xmpp\/conference\$2Elocalhost\/login', \{nick: 'alice', user: 'alice'[^`]*)`\s+prints `([^`]*)`/);
  assert.ok(account, 'the doc has the account login console line and what it prints');
  assert.ok(account[1].includes("password: '" + aliceAccount[3] + "'"), 'with the password the doc registered');
  const accountMark = helper.stanzas.length;
  const printed = consoleLines.length;
  await visitor.evaluate(account[1]);
  for (const until = Date.now() + WAIT; !consoleLines.slice(printed).includes(account[2]);) {
    assert.ok(Date.now() < until, 'console printed ' + JSON.stringify(consoleLines) + ', the doc says ' + account[2]);
    await sleep(50);
  }
  const accountJoin = await helper.await(availableFrom('alice'), 'alice\'s account occupant', accountMark);
  assert.match(realJid(accountJoin), /^alice@localhost\//, docSays('alice@localhost/...') + ': ' + JSON.stringify(accountJoin));
  const withAccount = await say('now with an account', 'alice');
  assert.equal(bodyOf(withAccount), 'now with an account');
  await shows('<alice> now with an account', 'the account\'s line');
  step('account login done');
  assert.deepEqual(pageErrors, [], 'no page error');
  assert.deepEqual((await shown()).filter((t) => /^not (sent|logged in): /.test(t)), [], 'every call was answered ok');

  await chrome.close();   // the page first, so that the node's shutdown has no client to end
  chrome = null;
  const nodeExit = await node.stop();
  node = null;
  assert.equal(nodeExit.code, 0, 'the node stopped cleanly: ' + JSON.stringify(nodeExit));
  assert.doesNotMatch(logText(), /ClassNotFoundException|NoClassDefFoundError|NoSuchFieldError|NoSuchMethodError/);
  helper.close();
  helper = null;
  const prosodyExit = await prosody.stop(5000);
  prosody = null;
  assert.ok(prosodyExit.code === 0 || prosodyExit.signal === 'SIGTERM', 'prosody stopped on SIGTERM: ' + JSON.stringify(prosodyExit));
});
