// docs/plugins.md section 1, the plugin walk-through, run as written: the blocks headed "File `PATH`:" (pom,
// plugin class, service file, configuration, token script, browser page) are written to a temp project, the API is
// installed with the doc's command and the plugin built with Maven, the jar goes into plugins/ beside the doc's
// orbited.cfg, the node jar runs it (what bin/orbited execs), and every claim of steps 7 and 8 is checked: the log
// lines, /_/status, and in headless Chromium the doc's page with the CometD client 9.0.0 (its CDN address served
// from node_modules/cometd): who is here, joined/left events with identities from the doc's make-token.sh, a forged
// token refused, the scoped policy denying a publish. Maven runs against a temp local repository that resolves
// only from ~/.m2/repository (a file:// mirror of everything): no network, and ~/.m2 is never written.
// Ports are free loopback ports (the doc's 8000, 9000 and 8080 replaced). Started by run.sh.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, shot } from './lib/browser.mjs';
import { freePort } from './lib/node-process.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.join(HERE, '..');
const DOC = fs.readFileSync(path.join(ROOT, 'docs', 'plugins.md'), 'utf8');
const JAR = process.env.ORBITED_JAR;
const RUN_DIR = process.env.ORBITED_RUN_DIR || path.join(HERE, 'target');
const M2 = path.join(os.homedir(), '.m2', 'repository');
const COMETD_DIR = path.join(HERE, 'node_modules', 'cometd');
if (!JAR) throw new Error('run through run.sh (ORBITED_JAR is not set)');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const T0 = Date.now();
const step = (what) => console.log('# ' + ((Date.now() - T0) / 1000).toFixed(1) + ' s: ' + what);

/** The walk-through: section 1 of the doc. */
const WALK = (() => {
  const start = DOC.indexOf('## 1. Walk-through');
  const end = DOC.indexOf('\n## 2.', start);
  assert.ok(start >= 0 && end > start, 'docs/plugins.md has section 1, the walk-through');
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

/** The ```bash blocks of the walk-through, as lists of lines. */
const bashBlocks = () => [...WALK.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1].split('\n').filter(Boolean));

function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: 120000, maxBuffer: 16 << 20, ...opts }, (err, stdout, stderr) => {
      if (err) reject(new Error(cmd + ' ' + args.join(' ') + ' failed: ' + err.message + '\n' + stdout + '\n' + stderr));
      else resolve(stdout);
    });
  });
}

function write(file, text, mode) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text, mode ? { mode } : undefined);
}

const version = fs.readFileSync(path.join(ROOT, 'pom.xml'), 'utf8').match(/<artifactId>orbited-parent<\/artifactId>\s*<version>([^<]+)<\/version>/)[1];

let work, node, nodeLog, pageServer, chrome;

async function stopNode() {
  if (!node) return;
  const child = node;
  node = null;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.on('exit', r));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 15000);
  await exited;
  clearTimeout(t);
}

before(() => {
  work = path.join(RUN_DIR, 'plugin-walkthrough');
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
});

after(async () => {
  await stopNode();
  if (chrome) await chrome.close();
  if (pageServer) await new Promise((r) => pageServer.close(r));
});

test('docs/plugins.md walk-through: build, run and use the presence plugin as written', async () => {
  const files = docFiles();
  assert.deepEqual([...files.keys()].sort(), [
    'presence-demo/make-token.sh', 'presence-demo/orbited.cfg', 'presence-demo/presence.html', 'presence-plugin/pom.xml',
    'presence-plugin/src/main/java/com/example/presence/PresencePlugin.java',
    'presence-plugin/src/main/resources/META-INF/services/org.orbited.plugin.OrbitedPlugin'].sort());
  const pom = files.get('presence-plugin/pom.xml');
  assert.match(pom, /<groupId>com\.example<\/groupId>/);
  assert.doesNotMatch(pom, /<parent>/, 'a standalone project, not a child of orbited-parent');
  assert.ok(pom.includes('<orbited.version>' + version + '</orbited.version>'), 'the pom names the checkout version ' + version);
  assert.match(pom, /<artifactId>orbited-plugin-api<\/artifactId>\s*<version>\$\{orbited\.version\}<\/version>\s*<scope>provided<\/scope>/);

  // A temp local repository whose only source is ~/.m2/repository: no network, ~/.m2 untouched.
  const repo = path.join(work, 'm2-repository');
  const settings = path.join(work, 'settings.xml');
  write(settings, '<settings><offline>false</offline><mirrors><mirror><id>local-m2</id><mirrorOf>*</mirrorOf><url>'
    + new URL('file://' + M2).href + '</url></mirror></mirrors></settings>\n');
  const mvn = ['-B', '-s', settings, '-Dmaven.repo.local=' + repo];
  const env = { ...process.env, MAVEN_OPTS: (process.env.MAVEN_OPTS || '') + ' -Djansi.noreset=true' };

  // Step 1, the doc's command (in the checkout, into the temp repository). Without maven-install-plugin in ~/.m2
  // (a CI machine that only ran mvn verify) the two artifacts are placed as install would place them.
  const install = bashBlocks().flat().find((l) => l.includes('install'));
  assert.match(install, /^cd ~\/orbited && mvn -q -pl orbited-plugin-api -am install -DskipTests$/);
  if (fs.existsSync(path.join(M2, 'org/apache/maven/plugins/maven-install-plugin/3.1.4'))) {
    await run('mvn', [...mvn, ...install.replace(/^cd ~\/orbited && mvn /, '').split(' ')], { cwd: ROOT, env });
  } else {
    console.log('# maven-install-plugin 3.1.4 is not in ~/.m2: placing the API artifacts by hand');
    const apiJar = path.join(ROOT, 'orbited-plugin-api', 'target', 'orbited-plugin-api-' + version + '.jar');
    assert.ok(fs.existsSync(apiJar), apiJar + ' (the main build makes it)');
    const put = (from, group, artifact, ext) => {
      const dir = path.join(repo, group, artifact, version);
      fs.mkdirSync(dir, { recursive: true });
      fs.copyFileSync(from, path.join(dir, artifact + '-' + version + '.' + ext));
    };
    put(path.join(ROOT, 'pom.xml'), 'org/orbited', 'orbited-parent', 'pom');
    put(path.join(ROOT, 'orbited-plugin-api', 'pom.xml'), 'org/orbited', 'orbited-plugin-api', 'pom');
    put(apiJar, 'org/orbited', 'orbited-plugin-api', 'jar');
  }
  assert.ok(fs.existsSync(path.join(repo, 'org/orbited/orbited-plugin-api', version)), 'the API is in the local repository');

  step('API installed');
  // Steps 2-5: the project, built with the doc's command.
  for (const [name, text] of files) write(path.join(work, name), text, name.endsWith('.sh') ? 0o755 : undefined);
  const build = bashBlocks().flat().find((l) => l.includes('package'));
  assert.equal(build, 'cd presence-plugin && mvn -q package');
  await run('mvn', [...mvn, '-q', 'package'], { cwd: path.join(work, 'presence-plugin'), env });
  const pluginJar = path.join(work, 'presence-plugin', 'target', 'presence-plugin-1.0.0.jar');
  assert.ok(WALK.includes('`target/presence-plugin-1.0.0.jar`') && fs.existsSync(pluginJar), 'mvn package made ' + pluginJar);

  step('plugin built');
  // Step 6: plugins/ beside the configuration, on free loopback ports.
  const demo = path.join(work, 'presence-demo');
  const copy = bashBlocks().flat().filter((l) => l.startsWith('mkdir -p') || l.startsWith('cp '));
  assert.deepEqual(copy, ['mkdir -p ~/presence-demo/plugins', 'cp target/presence-plugin-1.0.0.jar ~/presence-demo/plugins/']);
  fs.mkdirSync(path.join(demo, 'plugins'), { recursive: true });
  fs.copyFileSync(pluginJar, path.join(demo, 'plugins', 'presence-plugin-1.0.0.jar'));
  const [httpPort, opPort, pagePort] = [await freePort(), await freePort(), await freePort()];
  const nodeOrigin = 'http://127.0.0.1:' + httpPort;
  const pageOrigin = 'http://127.0.0.1:' + pagePort;
  const cfg = files.get('presence-demo/orbited.cfg')
    .replace('http.port = 8000', 'http.port = ' + httpPort + '\nhttp.bind = 127.0.0.1')
    .replace('op.port = 9000', 'op.port = ' + opPort)
    .replace('allowed_origins = http://localhost:8080', 'allowed_origins = ' + pageOrigin);
  assert.doesNotMatch(cfg, /\b(8000|9000|8080)\b/, 'every default port was replaced');
  write(path.join(demo, 'orbited.cfg'), cfg);

  // Step 7: start it as bin/orbited does (java -jar the node, in the directory), with the key in the environment.
  const start = bashBlocks().find((b) => b.some((l) => l.includes('bin/orbited')));
  assert.deepEqual(start.map((l) => l.replace(/\s+#.*$/, '')), ['cd ~/presence-demo && chmod +x make-token.sh',
    'export PRESENCE_JWT_KEY=$(openssl rand -hex 32)', '~/orbited/bin/orbited orbited.cfg']);
  const key = (await run('bash', ['-c', 'openssl rand -hex 32'])).trim();
  assert.match(key, /^[0-9a-f]{64}$/);
  nodeLog = path.join(demo, 'node.log');
  const out = fs.openSync(nodeLog, 'w');
  node = spawn('java', ['-jar', JAR, 'orbited.cfg'], { cwd: demo, env: { ...process.env, PRESENCE_JWT_KEY: key }, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  const logText = () => fs.readFileSync(nodeLog, 'utf8');
  const started = /plugins started: /;
  for (const until = Date.now() + 30000; !started.test(logText()) && Date.now() < until;) {
    assert.equal(node.exitCode, null, 'the node exited during start:\n' + logText());
    await sleep(100);
  }
  assert.match(logText(), started, 'the node started its plugins within 30 s:\n' + logText());

  step('node started');
  // The log lines the doc shows ("..." stands for anything).
  const logBlock = WALK.match(/Among its first lines:\n\n```\n([\s\S]*?)```/)[1].split('\n').filter(Boolean);
  assert.equal(logBlock.length, 4);
  for (const line of logBlock) {
    const re = new RegExp(line.split('...').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*'));
    assert.match(logText(), re, 'the log has the doc\'s line ' + line);
  }

  // /_/status: the doc's plugins entry.
  const statusDoc = WALK.match(/```json\n"plugins" : (\[[\s\S]*?\])\n```/);
  assert.ok(statusDoc, 'the doc shows the /_/status plugins entry');
  const status = await (await fetch(nodeOrigin + '/_/status')).json();
  assert.deepEqual(status.plugins, JSON.parse(statusDoc[1]), '/_/status plugins: ' + JSON.stringify(status.plugins));

  // Step 8: the page, served as python's http.server would; the CDN's module files from node_modules/cometd.
  const cdn = 'https://unpkg.com/cometd@9.0.0/';
  const html = files.get('presence-demo/presence.html');
  assert.ok(html.includes(cdn + 'cometd.js'));
  assert.equal(JSON.parse(fs.readFileSync(path.join(COMETD_DIR, 'package.json'), 'utf8')).version, '9.0.0');
  const page = html.replace("'http://localhost:8000/cometd'", "'" + nodeOrigin + "/cometd'");
  assert.notEqual(page, html, 'the page names http://localhost:8000/cometd');
  pageServer = http.createServer((req, res) => {
    if (new URL(req.url, pageOrigin).pathname === '/presence.html') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(page);
    } else {
      res.writeHead(new URL(req.url, pageOrigin).pathname === '/favicon.ico' ? 204 : 404);
      res.end();
    }
  });
  await new Promise((resolve, reject) => { pageServer.on('error', reject); pageServer.listen(pagePort, '127.0.0.1', resolve); });

  const makeToken = async (user, name, withKey = key) => (await run(path.join(demo, 'make-token.sh'), [user, name],
    { cwd: demo, env: { ...process.env, PRESENCE_JWT_KEY: withKey } })).trim();
  assert.ok(WALK.includes('$(./make-token.sh alice Alice)'));

  chrome = await launchBrowser();
  const consoleLines = new Map();
  async function open(name, token) {
    const context = await chrome.browser.createBrowserContext();   // a private window: its own cookies
    const p = await context.newPage();
    p.setDefaultTimeout(15000);
    consoleLines.set(p, []);
    p.on('console', (m) => { consoleLines.get(p).push(m.text()); console.log('[' + name + '] console.' + m.type() + ': ' + m.text()); });
    p.on('pageerror', (e) => console.log('[' + name + '] pageerror: ' + e.message));
    await p.setRequestInterception(true);
    p.on('request', (r) => {
      const u = r.url();
      if (!u.startsWith(cdn)) return r.continue();
      const file = path.join(COMETD_DIR, path.basename(new URL(u).pathname));
      if (!/^[A-Za-z0-9_-]+\.js$/.test(path.basename(file)) || !fs.existsSync(file)) return r.respond({ status: 404, body: '' });
      return r.respond({ status: 200, contentType: 'text/javascript', headers: { 'Access-Control-Allow-Origin': '*' }, body: fs.readFileSync(file, 'utf8') });
    });
    await p.goto(pageOrigin + '/presence.html' + (token ? '?token=' + token : ''));
    return p;
  }
  const statusOf = (p) => p.$eval('#status', (e) => e.textContent);
  const events = (p) => p.$$eval('#events li', (els) => els.map((e) => e.textContent));
  async function shows(p, text, what) {
    assert.ok(WALK.includes('`' + text + '`'), 'the doc says ' + text);
    await p.waitForFunction((t) => [...document.querySelectorAll('#events li')].some((e) => e.textContent === t), {}, text)
      .catch(async () => assert.fail(what + ': expected ' + text + ', the page shows ' + JSON.stringify(await events(p)) + ', status ' + await statusOf(p)));
  }
  async function statusIs(p, text) {
    await p.waitForFunction((t) => document.getElementById('status').textContent === t, {}, text)
      .catch(async () => assert.fail('status: expected ' + text + ', got ' + await statusOf(p) + '; events ' + JSON.stringify(await events(p))));
  }

  step('browser up');
  const alice = await open('alice', await makeToken('alice', 'Alice'));
  await statusIs(alice, 'connected');
  await shows(alice, 'here: ["Alice"]', 'Alice, alone');

  const visitor = await open('visitor', null);
  await statusIs(visitor, 'connected');
  await shows(visitor, 'here: ["Alice","a visitor"]', 'the visitor');
  await shows(alice, '{"event":"joined","name":"a visitor"}', 'Alice, when the visitor came');

  const bob = await open('bob', await makeToken('bob', 'Bob'));
  await statusIs(bob, 'connected');
  await shows(alice, '{"event":"joined","name":"Bob","user":"bob"}', 'Alice, when Bob came');

  await visitor.click('#leave');
  await statusIs(visitor, 'left');
  await shows(alice, '{"event":"left","name":"a visitor","why":"disconnect"}', 'Alice, when the visitor left');

  const forged = await open('forged', await makeToken('mallory', 'Mallory', crypto.randomBytes(32).toString('hex')));
  await statusIs(forged, 'refused: 401:token_signature_invalid:authentication_failed');
  assert.ok(WALK.includes('`refused: 401:token_signature_invalid:authentication_failed`'));

  // The console line of the last bullet, in Alice's page.
  const policy = WALK.match(/`(cometd\.publish\('\/presence'[^`]*)`\s+prints `([^`]*)`/);
  assert.ok(policy, 'the doc has the console publish and what it prints');
  const before = (await events(alice)).length;
  await alice.evaluate(policy[1]);
  for (const until = Date.now() + 10000; !consoleLines.get(alice).includes(policy[2]) && Date.now() < until;) await sleep(50);
  assert.ok(consoleLines.get(alice).includes(policy[2]), 'console printed ' + JSON.stringify(consoleLines.get(alice)) + ', the doc says ' + policy[2]);
  await sleep(300);
  assert.equal((await events(alice)).length, before, 'nobody receives the denied publish: ' + JSON.stringify(await events(alice)));
  await shot(alice, 'plugin-walkthrough-alice');

  await chrome.close();   // the pages first, so that the node's shutdown has no client to end
  chrome = null;
  await stopNode();
  assert.match(logText(), /plugins stopped/, 'the node stopped its plugins');
});
