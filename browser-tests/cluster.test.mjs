// The JavaScript client behind a HaloD gateway (clients/js/README.md, "Behind HaloD"):
// 1. Orbited.route(user, n) equals the Java rule (java.util.zip.CRC32, RoutesTest.VECTORS in
//    clients/java), on names including non-ASCII ones.
// 2. A page opened on a user's route URL (Orbited.routeUrl) follows each transport's reconnect
//    instruction (websocket 1012, sse `event: reconnect`, long_poll and xhr_stream reconnect payloads,
//    iframe r()) back to the SAME URL, which now leads to another node, and goes on there; the resumable
//    transports are told the new node has no history for them (onReset) and start a new session.
// A plain TCP relay stands in for the gateway's browser route port (the HaloD gateway is being written
// by another engineer; the cluster test against it comes with it): it forwards to node A, then, switched,
// to node B. Node A is stopped gracefully, which gives every browser its reconnect instruction.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from './lib/browser.mjs';
import { sendUntilSuccess } from './lib/orbit.mjs';
import { NodeProcess, freePort } from './lib/node-process.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const RUN_DIR = process.env.ORBITED_RUN_DIR || path.join(HERE, 'target');
const HTTP_PORT = Number(process.env.ORBITED_HTTP_PORT);
if (!HTTP_PORT) throw new Error('run through run.sh (ORBITED_HTTP_PORT is not set)');
// The client under test, straight from its source (the node's jar may predate it).
const CLIENT = fs.readFileSync(path.join(HERE, '..', 'clients', 'js', 'src', 'orbited.js'), 'utf8');

// user, route for N = 24, 256, 4096, as java.util.zip.CRC32 gives them (clients/java RoutesTest.VECTORS).
const VECTORS = [
  ['', 1, 1, 1], ['alice', 24, 72, 3144], ['bob', 9, 65, 321], ['carol', 12, 196, 3268], ['user42', 7, 183, 3767],
  ['Zoë', 3, 43, 555], ['ユーザー', 11, 243, 1523], ['😀emoji', 14, 198, 3270], ['naïve café', 22, 214, 982],
];

/**
 * The stand-in route port: every connection is relayed to the current target. moveTo(port) sends new
 * connections to another node and, as the gateway does with a moved route (halod.md 5, relay-mode
 * deadline), force-closes the connections still open to the old node after deadlineMs (2 s): a browser's
 * idle keep-alive connection to the old node must not carry its reconnect there.
 */
class RoutePort {
  constructor(target) {
    this.target = target;
    this.accepted = 0;
    this.live = new Set();
    this.server = net.createServer((c) => {
      this.accepted++;
      const up = net.connect(this.target, '127.0.0.1'), pair = { c, up, target: this.target };
      this.live.add(pair);
      c.pipe(up);
      up.pipe(c);
      // An abrupt end on one side is passed on as a FIN after what was already relayed, never as a cut.
      c.on('error', () => up.end());
      up.on('error', (e) => { if (process.env.HALOD_DEBUG) console.log('[relay] node side: ' + e.code); c.end(); });
      c.on('close', () => this.live.delete(pair));
    });
  }

  moveTo(target, deadlineMs = 2000) {
    const old = this.target;
    this.target = target;
    setTimeout(() => { for (const p of this.live) if (p.target === old) { p.c.destroy(); p.up.destroy(); } }, deadlineMs);
  }

  listen() {
    return new Promise((resolve) => this.server.listen(0, '127.0.0.1', () => resolve(this.port = this.server.address().port)));
  }

  close() {
    this.server.close();
  }
}

let chrome;
before(async () => { chrome = await launchBrowser(); });
after(async () => { if (chrome) await chrome.close(); });

describe('Orbited behind HaloD', () => {
  test('Orbited.route equals the Java CRC32 rule, non-ASCII names included', async (t) => {
    const page = await chrome.newPage('route', { quiet: true });
    t.after(() => page.close());
    await page.goto('http://127.0.0.1:' + HTTP_PORT + '/_/test');
    await page.addScriptTag({ content: CLIENT });
    const got = await page.evaluate((vs) => vs.map(([u]) => [u, Orbited.route(u, 24), Orbited.route(u, 256),
      Orbited.route(u, 4096)]), VECTORS);
    assert.deepEqual(got, VECTORS);
    const url = await page.evaluate(() => [Orbited.routeUrl({ host: 'gw.example', browserBase: 24000, routes: 24 }, 'bob', '/chat'),
      Orbited.routeUrl({ host: 'gw.example', browserBase: 24000, routes: 24, scheme: 'https' }, 'alice')]);
    assert.deepEqual(url, ['http://gw.example:24008/chat', 'https://gw.example:24023']);
  });

  const TRANSPORTS = ['websocket', 'sse', 'long_poll', 'xhr_stream', 'iframe'];
  test('every transport follows its reconnect instruction to the same route URL, now served by another node',
    { timeout: 120000 }, async (t) => {
      const nodes = [];
      for (const name of ['a', 'b']) {
        const n = new NodeProcess({ jar: process.env.ORBITED_JAR, httpPort: await freePort(), opPort: await freePort(),
          dir: path.join(RUN_DIR, 'halod-' + name),
          // Legacy pings every second: the page's legacyTimeout (5 s, below) must only fire on a node that went
          // silent, never on a healthy stream between two events (the default ping is 60 s).
          args: ['--set', 'transport.ping_interval=1'] });
        t.after(() => n.stop());
        await n.start();
        nodes.push(n);
      }
      const [a, b] = nodes;
      const rp = new RoutePort(a.httpPort);
      const port = await rp.listen();
      t.after(() => rp.close());
      // N = 24 and the route port standing for route 24: browserBase = port - 23.
      const gw = { host: '127.0.0.1', browserBase: port - 23, routes: 24 };

      const page = await chrome.newPage('halod', { quiet: !process.env.HALOD_DEBUG });
      t.after(() => page.close());
      const opened = [];
      page.on('request', (r) => { if (r.url().includes('/mv')) opened.push(r.url()); });
      await page.goto('http://127.0.0.1:' + port + '/_/test'); // the page itself came through the route port
      await page.addScriptTag({ content: CLIENT });
      const ends = [];
      page.on('console', (m) => { const t = m.text(); if (/ ended: /.test(t)) ends.push(t.replace('[Orbited] ', '')); });
      const users = await page.evaluate((gw, transports) => {
        // The end of each attempt is logged (collected below). A legacy stream that hears nothing for
        // legacyTimeout is given up and reopened: 5 s here instead of 150 s, because the iframe's r() is
        // sometimes lost when the node closes right after writing it (see the README's Behind HaloD).
        Orbited.settings.debug = true;
        Orbited.settings.legacyTimeout = 5000;
        const r = window.__rec = {}, users = {}, sockets = window.__ws = [];
        const WS = window.WebSocket;
        window.WebSocket = function (u) { sockets.push(u); return new WS(u); };
        window.WebSocket.prototype = WS.prototype;
        for (let i = 0, k = 0; k < transports.length; i++) { // users on route 24
          if (Orbited.route('mv' + i, gw.routes) === 24) users[transports[k++]] = 'mv' + i;
        }
        for (const tr of transports) {
          const rec = r[tr] = { got: [], resets: 0, states: [], closes: [] };
          Orbited.open({ location: Orbited.routeUrl(gw, users[tr], '/mv'), user: users[tr], session: 'tok', transport: tr,
            onEvent: (d) => rec.got.push(d), onReset: () => rec.resets++, onStatus: (s) => rec.states.push(s),
            onClose: (c, why) => rec.closes.push(c + ' ' + why) });
        }
        return users;
      }, gw, TRANSPORTS);
      const key = (tr) => users[tr] + ', tok, /mv';
      const waitFor = (what) => page.waitForFunction((trs, what) => trs.every((tr) => window.__rec[tr].got.includes(what)),
        { timeout: 30000 }, TRANSPORTS, what).catch(async (e) => {
        throw new Error(e.message + ': ' + JSON.stringify(await page.evaluate(() => window.__rec)));
      });

      for (const tr of TRANSPORTS) await sendUntilSuccess(a.opPort, key(tr), '"on-a"');
      await waitFor('on-a');
      const acceptedBefore = rp.accepted;

      rp.moveTo(b.httpPort);    // the gateway's table change: the route now leads to node B
      const how = await a.stop(); // graceful: every browser on A gets its transport's reconnect instruction
      assert.equal(how.signal, null, 'node A did not finish its graceful shutdown');

      for (const tr of TRANSPORTS) {
        await sendUntilSuccess(b.opPort, key(tr), '"on-b"', 30000).catch(async (e) => {
          throw new Error(tr + ' (' + users[tr] + ') never reached node B: ' + e.message + '; page: ' +
            JSON.stringify(await page.evaluate(() => window.__rec)));
        });
      }
      await waitFor('on-b');
      const rec = await page.evaluate(() => window.__rec);
      const sockets = await page.evaluate(() => window.__ws);
      console.log('[halod] route port accepted ' + acceptedBefore + ' then ' + rp.accepted + '; ' +
        TRANSPORTS.map((tr) => tr + ': resets ' + rec[tr].resets + ', states ' + rec[tr].states.join(' ')).join('; ') +
        '; attempts ended: ' + ends.join(', '));

      assert.ok(rp.accepted > acceptedBefore, 'reconnects came through the route port');
      const all = opened.concat(sockets);
      assert.ok(all.length > TRANSPORTS.length, 'requests seen: ' + all.length);
      for (const u of all) assert.match(u, new RegExp('^(http|ws)://127\\.0\\.0\\.1:' + port + '/mv'), 'every attempt uses the route URL');
      for (const tr of ['websocket', 'sse', 'long_poll', 'xhr_stream']) {
        assert.ok(ends.includes(tr + ' ended: 1012 reconnect'), tr + ' followed its reconnect instruction: ' + ends.join(', '));
      }
      for (const tr of TRANSPORTS) {
        assert.ok(rec[tr].states.includes('reconnecting'), tr + ' reconnected: ' + rec[tr].states.join(' '));
        assert.equal(rec[tr].states[rec[tr].states.length - 1], 'open', tr);
        assert.deepEqual(rec[tr].closes.filter((c) => +c.split(' ')[0] >= 4500), [], tr + ' told to stop');
      }
      for (const tr of ['websocket', 'sse', 'long_poll']) {
        assert.ok(rec[tr].resets >= 1, tr + ': node B has no history for the session, so onReset must have run');
      }
    });
});
