// docs/irc.md "Walk-through: a visitor and a helper, with a local ngircd", run as written: the blocks headed
// "File `PATH`:" (ngircd.conf, orbited.cfg, visitor.html) are written to a temp directory with the doc's ports
// replaced by free loopback ports; ngircd starts with the doc's command and is stopped by its PID; the node jar runs
// with the shipped plugin directory as bin/orbited makes it (java -Dorbited.shipped_plugins=DIR -jar NODE --config
// ...); a raw IRC socket is the helper (every line checked byte for byte) and headless Chromium opens the doc's page
// with the CometD client 9.0.0 (its CDN address served from node_modules/cometd). Checked: the doc's log lines, the
// conversation both ways (the helper's PRIVMSG line, the page's text, one canonical event for the speaker), IRC text
// with markup shown as text with no dialog or page error, and the personal-nick login. Started by run.sh.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, shot } from './lib/browser.mjs';
import { freePort } from './lib/node-process.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.join(HERE, '..');
const DOC = fs.readFileSync(path.join(ROOT, 'docs', 'irc.md'), 'utf8');
const JAR = process.env.ORBITED_JAR;
const RUN_DIR = process.env.ORBITED_RUN_DIR || path.join(HERE, 'target');
const COMETD_DIR = path.join(HERE, 'node_modules', 'cometd');
const CDN = 'https://unpkg.com/cometd@9.0.0/';
const WAIT = 20000;
if (!JAR) throw new Error('run through run.sh (ORBITED_JAR is not set)');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const T0 = Date.now();
const step = (what) => console.log('# ' + ((Date.now() - T0) / 1000).toFixed(1) + ' s: ' + what);

/** The walk-through section of the doc. */
const WALK = (() => {
  const start = DOC.indexOf('## Walk-through: a visitor and a helper, with a local ngircd\n');
  const end = DOC.indexOf('\n## ', start + 1);
  assert.ok(start >= 0 && end > start, 'docs/irc.md has the walk-through section');
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

/** The lines of the walk-through's ```bash blocks, comments after two spaces removed. */
const bashLines = () => [...WALK.matchAll(/```bash\n([\s\S]*?)```/g)]
  .flatMap((m) => m[1].split('\n')).map((l) => l.replace(/\s{2,}#.*$/, '')).filter(Boolean);

/** The one bash line containing `what`. */
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

/** The shipped plugin directory bin/orbited makes: each SHIPPED_PLUGINS module's jars, minus sources/tests/original. */
function shippedPlugins(dir) {
  const script = fs.readFileSync(path.join(ROOT, 'bin', 'orbited'), 'utf8');
  assert.match(script, /-Dorbited\.shipped_plugins="\$SHIPPED" -jar "\$JAR" "\$@"/, 'bin/orbited execs the node jar so');
  const modules = script.match(/^SHIPPED_PLUGINS=\(([^)]*)\)$/m)[1].trim().split(/\s+/);
  assert.ok(modules.includes('bridge-irc'), 'bin/orbited ships bridge-irc: ' + modules);
  fs.mkdirSync(dir, { recursive: true });
  for (const m of modules) {
    const target = path.join(ROOT, m, 'target');
    const jars = fs.existsSync(target) ? fs.readdirSync(target).filter((f) => f.endsWith('.jar')
      && !/-(sources|tests|javadoc)\.jar$/.test(f) && !f.startsWith('original-')) : [];
    if (m === 'bridge-irc') {
      assert.ok(jars.length === 1, 'the shaded bridge jar ' + target + '/bridge-irc-<version>.jar is missing (found '
        + JSON.stringify(jars) + '); build it: mvn -pl bridge-irc -am package -DskipTests (bin/orbited and run.sh do)');
      const sources = path.join(ROOT, 'bridge-irc', 'src', 'main');
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

/** A plain IRC client on a socket: registers, answers PING, records every received line as raw bytes. */
class RawIrc {
  constructor(port, nick) {
    Object.assign(this, { port, nick, lines: [], buf: Buffer.alloc(0), waiters: new Set() });
  }

  async connect() {
    this.socket = net.connect({ host: '127.0.0.1', port: this.port });
    await new Promise((resolve, reject) => { this.socket.once('connect', resolve); this.socket.once('error', reject); });
    this.socket.on('error', (e) => console.log('[' + this.nick + '] socket error: ' + e.message));
    this.socket.on('data', (chunk) => {
      this.buf = Buffer.concat([this.buf, chunk]);
      for (let i; (i = this.buf.indexOf('\r\n')) >= 0;) {
        const raw = this.buf.subarray(0, i);
        this.buf = this.buf.subarray(i + 2);
        const line = raw.toString('utf8');
        if (line.startsWith('PING ')) this.send('PONG ' + line.slice(5));
        this.lines.push(raw);
        for (const w of this.waiters) w();
      }
    });
    this.send('NICK ' + this.nick);
    this.send('USER ' + this.nick + ' 0 * :' + this.nick);
    await this.await((l) => / 001 /.test(l), 'registration (001)');
  }

  send(line) {
    this.socket.write(Buffer.from(line + '\r\n', 'utf8'));
  }

  /** The first line from `from` on (an index into lines) matching pred, as raw bytes; bounded by WAIT. */
  await(pred, what, from = 0) {
    return new Promise((resolve, reject) => {
      const check = () => {
        const i = this.lines.findIndex((b, n) => n >= from && pred(b.toString('utf8')));
        if (i < 0) return false;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(this.lines[i]);
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(this.nick + ' did not receive ' + what + ' within ' + WAIT + ' ms; got:\n'
          + this.lines.map((b) => b.toString('utf8')).join('\n')));
      }, WAIT);
      this.waiters.add(check);
      check();
    });
  }

  close() {
    if (this.socket) this.socket.destroy();
  }
}

let work, ircd, node, nodeLog, pageServer, chrome, helper;

before(() => {
  work = path.join(RUN_DIR, 'irc-walkthrough');
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
});

after(async () => {
  if (helper) helper.close();
  if (chrome) await chrome.close();
  if (node) await node.stop();
  if (ircd) await ircd.stop(5000);
  if (pageServer) await new Promise((r) => pageServer.close(r));
});

test('docs/irc.md walk-through: a visitor and a helper talk through the node, as written', async () => {
  const files = docFiles();
  assert.deepEqual([...files.keys()].sort(), ['irc-demo/ngircd.conf', 'irc-demo/orbited.cfg', 'irc-demo/visitor.html']);
  const [ircPort, httpPort, opPort, pagePort] = [await freePort(), await freePort(), await freePort(), await freePort()];

  // Step 1: ngircd with the doc's file (port replaced), started with the doc's command, in the foreground.
  assert.doesNotThrow(() => execFileSync('sh', ['-c', 'command -v ngircd']), 'ngircd is not installed (run.sh installs it)');
  const demo = path.join(work, 'irc-demo');
  fs.mkdirSync(demo, { recursive: true, mode: 0o755 });
  fs.chmodSync(work, 0o755);   // ngircd started as root runs as nobody; it reads the file first, but keep it readable
  const ircConf = files.get('irc-demo/ngircd.conf');
  assert.match(ircConf, /^\tPorts = 6667$/m);
  write(path.join(demo, 'ngircd.conf'), ircConf.replace(/^\tPorts = 6667$/m, '\tPorts = ' + ircPort), 0o644);
  const startIrcd = bashLine('ngircd -n');
  assert.equal(startIrcd, 'ngircd -n -f "$PWD/irc-demo/ngircd.conf"');
  const ircdOut = fs.openSync(path.join(work, 'ngircd.log'), 'w');
  ircd = started(spawn('bash', ['-c', 'exec ' + startIrcd], { cwd: work, stdio: ['ignore', ircdOut, ircdOut] }));
  fs.closeSync(ircdOut);
  for (const until = Date.now() + 10000; !(await canConnect(ircPort));) {
    assert.equal(ircd.exitCode, null, 'ngircd exited during start: ' + fs.readFileSync(path.join(work, 'ngircd.log'), 'utf8'));
    assert.ok(Date.now() < until, 'ngircd did not listen on ' + ircPort + ' within 10 s');
    await sleep(20);
  }
  step('ngircd ' + ircd.pid + ' on 127.0.0.1:' + ircPort);

  // Step 2: the node, with the doc's orbited.cfg (ports replaced), started as bin/orbited execs it.
  const pageOrigin = 'http://127.0.0.1:' + pagePort;
  const nodeOrigin = 'http://127.0.0.1:' + httpPort;
  const cfgDoc = files.get('irc-demo/orbited.cfg');
  const cfg = cfgDoc.replace(/^http\.port = 8000$/m, 'http.port = ' + httpPort)
    .replace(/^op\.port = 9000$/m, 'op.port = ' + opPort)
    .replace(/^port = 6667$/m, 'port = ' + ircPort)
    .replace(/^allowed_origins = http:\/\/localhost:8080$/m, 'allowed_origins = ' + pageOrigin);
  assert.doesNotMatch(cfg, /\b(8000|9000|8080|6667)\b/, 'every port of the doc was replaced:\n' + cfg);
  assert.match(cfg, /^http\.bind = 127\.0\.0\.1$/m);
  assert.match(cfg, /^\[plugin:irc\.local\]\nactive = 1\n/m);
  assert.match(cfg, /^channels = help$/m, 'channels written without # (a comment in orbited.cfg)');
  write(path.join(demo, 'orbited.cfg'), cfg);
  const startNode = bashLine('bin/orbited');
  assert.equal(startNode, '~/orbited/bin/orbited --config irc-demo/orbited.cfg');
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
  for (const until = Date.now() + 30000; !logRes.every((re) => re.test(logText()));) {
    assert.equal(node.exitCode, null, 'the node exited during start:\n' + logText());
    assert.ok(Date.now() < until, 'within 30 s the log has the doc\'s lines ' + JSON.stringify(logBlock) + ':\n' + logText());
    await sleep(100);
  }
  step('node ' + node.pid + ' started, bridge registered');

  // Step 3: the helper, a raw socket, in #help before the bridge.
  helper = new RawIrc(ircPort, 'helper');
  await helper.connect();
  assert.match(bashLine('irssi'), /^irssi -c 127\.0\.0\.1 -p 6667 -n helper$/);
  assert.ok(WALK.includes('`/join #help`'));
  helper.send('JOIN #help');
  await helper.await((l) => / 366 helper #help /.test(l), 'the end of #help\'s names');

  // Step 4: the doc's page, served as python's http.server would; the CDN's files from node_modules/cometd.
  const serve = bashLine('http.server');
  assert.equal(serve, 'cd irc-demo && python3 -m http.server 8080 --bind 127.0.0.1');
  assert.ok(WALK.includes('`http://localhost:8080/visitor.html`'));
  assert.equal(JSON.parse(fs.readFileSync(path.join(COMETD_DIR, 'package.json'), 'utf8')).version, '9.0.0');
  const html = files.get('irc-demo/visitor.html');
  assert.ok(html.includes("from '" + CDN + "cometd.js'"));
  assert.ok(html.includes("const HELP = '/irc/local/$23help';"), 'the page subscribes to #help\'s Bayeux name');
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
  /** Types and sends `text`; resolves with the helper's next PRIVMSG line, fails at once if the page says "not sent". */
  async function say(text) {
    const mark = helper.lines.length;
    const refusals = await visitor.$$eval('#log li', (els) => els.filter((e) => e.textContent.startsWith('not sent: ')).length);
    await visitor.$eval('#text', (e, t) => { e.value = t; }, text);
    await visitor.click('#say button');
    const line = helper.await((l) => l.includes(' PRIVMSG #help :'), 'the line "' + text + '"', mark);
    const refused = visitor.waitForFunction((n) => {
      const r = [...document.querySelectorAll('#log li')].filter((e) => e.textContent.startsWith('not sent: '));
      return r.length > n && r[r.length - 1].textContent;
    }, { timeout: WAIT + 5000 }, refusals).then(async (h) => h.jsonValue(), () => null);
    const first = await Promise.race([line.then((b) => ({ b }), (e) => ({ e })), refused.then((r) => ({ r }))]);
    if (first.b) return first.b;
    line.catch(() => {});
    const why = first.r ? 'the say service did not take "' + text + '": ' + first.r : (first.e || {}).message;
    assert.fail(why + '\nthe page shows ' + JSON.stringify(await shown()));
  }

  // Step 5: connected, subscribed; the bridge joins #help (first subscriber) and the page shows it.
  await visitor.waitForFunction(() => document.getElementById('status').textContent === 'connected'
    && !document.querySelector('#say button').disabled, { timeout: WAIT })
    .catch(async () => assert.fail('the page did not connect and subscribe: status ' + await statusOf()));
  // Every event as it arrives, beside the page's own subscription (same channel: the client is subscribed).
  await visitor.evaluate(() => {
    window.received = [];
    window.cometd.addListener('/irc/local/$23help', (m) => window.received.push(m.data));
  });
  const bridgeJoin = await helper.await((l) => / JOIN :#help$/.test(l) && l.startsWith(':orbited!'), 'the bridge\'s JOIN');
  step('bridge joined: ' + bridgeJoin.toString('utf8'));
  await shows(docSays('orbited joined'), 'the bridge\'s join');
  await shows(docSays('here: @helper orbited'), 'the member list');

  // The visitor speaks; the helper gets exactly the doc's line, byte for byte.
  const fromWeb = 'hello from the web';
  assert.ok(WALK.includes('types `' + fromWeb + '`'));
  const wire = docSays(':orbited!~orbited@127.0.0.1 PRIVMSG #help :<alice_web> ' + fromWeb);
  const relayed = await say(fromWeb);
  assert.equal(relayed.toString('utf8'), wire, 'the helper\'s line');
  assert.deepEqual(relayed, Buffer.from(wire, 'utf8'), 'byte for byte');
  docSays('<orbited> <alice_web> ' + fromWeb);
  await shows(docSays('<alice_web> ' + fromWeb), 'the visitor\'s own line, from the bridge');

  // The helper answers; then the speaker's line has come exactly once (the reply follows it on the same channel).
  helper.send('PRIVMSG #help :hello from IRC');
  await shows(docSays('<helper> hello from IRC'), 'the helper\'s answer');
  assert.equal((await shown()).filter((t) => t === '<alice_web> ' + fromWeb).length, 1, 'one line per message: ' + JSON.stringify(await shown()));
  const events = await visitor.evaluate(() => window.received);
  const own = events.filter((e) => e.text === fromWeb);
  assert.equal(own.length, 1, 'one event for the visitor\'s line: ' + JSON.stringify(events));
  const docEvent = JSON.parse(WALK.match(/`(\{"type":"message","channel":"#help","sender":"alice_web"[^`]*\})`/)[1]);
  assert.match(own[0].time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.deepEqual({ ...own[0], time: '...' }, docEvent, 'the event is the doc\'s');

  // Markup from IRC is text: no element, no dialog, no page error.
  const markup = '<img src=x onerror=alert(1)>';
  helper.send('PRIVMSG #help :' + markup);
  await shows(docSays('<helper> ' + markup), 'markup from IRC');
  assert.equal(await visitor.$$eval('img, script:not([type=module])', (els) => els.length), 0, 'no element made from IRC text');
  helper.send('PRIVMSG #help :after the markup');
  await shows('<helper> after the markup', 'the line after the markup');
  assert.deepEqual(dialogs, [], 'no dialog opened');
  assert.deepEqual(pageErrors, [], 'no page error');
  await shot(visitor, 'irc-walkthrough');
  step('conversation done');

  // A personal nick: the doc's console line, then say speaks as alice.
  const login = WALK.match(/`(cometd\.remoteCall\('irc\/local\/login'[^`]*)`\s+prints `([^`]*)`/);
  assert.ok(login, 'the doc has the login console line and what it prints');
  await visitor.evaluate(login[1]);
  for (const until = Date.now() + WAIT; !consoleLines.includes(login[2]);) {
    assert.ok(Date.now() < until, 'console printed ' + JSON.stringify(consoleLines) + ', the doc says ' + login[2]);
    await sleep(50);
  }
  await helper.await((l) => /^:alice!\S+ JOIN :#help$/.test(l), 'alice\'s JOIN');
  const personalDoc = docSays(':alice!~web@127.0.0.1 PRIVMSG #help :...');
  const personal = await say('now as alice');
  assert.equal(personal.toString('utf8'), personalDoc.replace('...', 'now as alice'), 'the helper\'s line');
  assert.deepEqual(personal, Buffer.from(personalDoc.replace('...', 'now as alice'), 'utf8'), 'byte for byte');
  await shows('<alice> now as alice', 'the personal line');
  await shot(visitor, 'irc-walkthrough');

  await chrome.close();   // the page first, so that the node's shutdown has no client to end
  chrome = null;
  const nodeExit = await node.stop();
  node = null;
  assert.equal(nodeExit.code, 0, 'the node stopped cleanly: ' + JSON.stringify(nodeExit));
  assert.doesNotMatch(logText(), /ClassNotFoundException|NoClassDefFoundError|NoSuchFieldError/);
  helper.close();
  helper = null;
  const ircdExit = await ircd.stop(5000);
  ircd = null;
  assert.ok(ircdExit.code === 0 || ircdExit.signal === 'SIGTERM', 'ngircd stopped on SIGTERM: ' + JSON.stringify(ircdExit));
});
