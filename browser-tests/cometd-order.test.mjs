// Publication order is delivery order (issue 9) for the CometD JavaScript client 9.0.0 in headless Chromium.
// A page served by this file from its own loopback origin (http://127.0.0.1:ORBITED_PAGE_PORT, which run.sh
// lets use the node's /cometd through bayeux.allowed_origins) loads the client's ES modules from
// node_modules/cometd and talks to the node cross-origin, with the browser's own CORS, cookies and WebSocket.
// Over websocket and over long-polling (every other transport unregistered) it subscribes, publishes
// {n: 0..499}, each after the previous publish reply, then an end marker {end: true}, and must receive exactly
// n = 0..499 then the marker: in order, each once. A duplicate delivered before the marker shows; one after it
// would be out of order by itself. Started by run.sh (ORBITED_HTTP_PORT, ORBITED_PAGE_PORT).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, shot } from './lib/browser.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const COMETD_DIR = path.join(HERE, 'node_modules', 'cometd');
const HTTP_PORT = Number(process.env.ORBITED_HTTP_PORT);
const PAGE_PORT = Number(process.env.ORBITED_PAGE_PORT);
if (!HTTP_PORT || !PAGE_PORT) throw new Error('run through run.sh (ORBITED_HTTP_PORT and ORBITED_PAGE_PORT are not set)');
const NODE_ORIGIN = 'http://127.0.0.1:' + HTTP_PORT;
const PAGE_ORIGIN = 'http://127.0.0.1:' + PAGE_PORT;
const COUNT = 500;

const PAGE = `<!doctype html>
<meta charset="utf-8"><title>CometD publication order</title>
<h1>CometD publication order</h1>
<p id="status">loading the CometD client</p>
<script type="module">
  import { CometD } from '/lib/cometd/cometd.js';
  window.CometD = CometD;
  document.getElementById('status').textContent = 'CometD client loaded';
</script>
`;

/** The page and the client's module files (node_modules/cometd/*.js), on PAGE_PORT, loopback only. */
function startPageServer() {
  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url, PAGE_ORIGIN);
    const module = /^\/lib\/cometd\/([A-Za-z0-9_-]+\.js)$/.exec(pathname);
    if (pathname === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(PAGE);
    } else if (pathname === '/favicon.ico') {
      res.writeHead(204);
      res.end();
    } else if (module && fs.existsSync(path.join(COMETD_DIR, module[1]))) {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
      fs.createReadStream(path.join(COMETD_DIR, module[1])).pipe(res);
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found\n');
    }
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(PAGE_PORT, '127.0.0.1', () => resolve(server));
  });
}

/**
 * Runs in the page: one CometD client pinned to `transport` subscribes, publishes {n: 0..count-1} each after
 * the previous reply, then the end marker, waits (bounded) for the marker and `count` other messages, and
 * disconnects. Resolves with what the subscription listener received: n, 'end' for the marker, else the JSON.
 */
async function orderScenario({ url, transport, channel, count, publishMs, waitMs }) {
  const within = (ms, what, promise) => {
    let timer;
    const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(what + ': not done within ' + ms + ' ms')), ms); });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  };
  const status = (text) => { document.getElementById('status').textContent = text; };
  const cometd = new window.CometD();
  for (const t of cometd.getTransportTypes()) {
    if (t !== transport) cometd.unregisterTransport(t);
  }
  cometd.configure({ url, logLevel: 'warn' });
  const got = [];
  await within(10000, 'successful handshake', new Promise((resolve) => {
    cometd.handshake((reply) => { if (reply.successful === true) resolve(reply); });
  }));
  await within(10000, 'subscribe ' + channel, new Promise((resolve, reject) => {
    cometd.subscribe(channel, (m) => {
      const d = m.data;
      got.push(d && typeof d.n === 'number' ? d.n : d && d.end === true ? 'end' : JSON.stringify(d));
    }, (r) => (r.successful === true ? resolve(r) : reject(new Error('subscribe failed: ' + JSON.stringify(r)))));
  }));
  const publish = (data) => within(10000, 'publish ' + JSON.stringify(data), new Promise((resolve, reject) => {
    cometd.publish(channel, data, (r) => (r.successful === true ? resolve(r) : reject(new Error('publish ' + JSON.stringify(data) + ' failed: ' + JSON.stringify(r)))));
  }));
  status('publishing over ' + transport);
  await within(publishMs, count + ' publishes, each awaiting its reply', (async () => {
    for (let n = 0; n < count; n++) await publish({ n });
  })());
  await publish({ end: true });
  const deadline = Date.now() + waitMs;
  while (!(got.includes('end') && got.length >= count + 1) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 10));
  }
  const used = cometd.getTransport() ? cometd.getTransport().type : null;
  await within(3000, 'disconnect', new Promise((resolve) => cometd.disconnect(resolve))).catch(() => {});
  status(used + ': received ' + got.length + ' messages; last ' + JSON.stringify(got.slice(-3)));
  return { transport: used, got };
}

/** The first index where the arrays differ (a shorter one differs where it ends), or -1. */
function firstDifference(a, b) {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return i;
  return -1;
}

function orderReport(got, expected) {
  const i = firstDifference(got, expected);
  const from = Math.max(0, i - 5);
  const counts = new Map();
  for (const v of got) counts.set(v, (counts.get(v) || 0) + 1);
  const at = (l, k) => (k < l.length ? JSON.stringify(l[k]) : 'nothing (list ends)');
  return 'expected n=0..' + (expected.length - 2) + ' then the end marker, in publication order, exactly once each; got ' +
    got.length + ' messages; first wrong index ' + i + ': expected ' + at(expected, i) + ', got ' + at(got, i) +
    '; indices ' + from + '..' + (i + 5) + ' got ' + JSON.stringify(got.slice(from, i + 6)) + ', expected ' +
    JSON.stringify(expected.slice(from, i + 6)) + '; missing ' + JSON.stringify(expected.filter((v) => !counts.has(v)).slice(0, 20)) +
    '; more than once ' + JSON.stringify([...counts].filter(([, c]) => c > 1).map(([v, c]) => v + 'x' + c).slice(0, 20)) +
    '; out of place ' + got.filter((v, k) => v !== expected[k]).length;
}

let chrome, pageServer;
before(async () => {
  pageServer = await startPageServer();
  chrome = await launchBrowser();
});
after(async () => {
  if (chrome) await chrome.close();
  if (pageServer) await new Promise((r) => pageServer.close(r));
});

describe('CometD JS 9.0.0 in Chromium: publication order is delivery order', () => {
  for (const transport of ['websocket', 'long-polling']) {
    test(transport + ': ' + COUNT + ' publishes, each awaiting its reply, come back in order, each once', async (t) => {
      const page = await chrome.newPage('cometd-order-' + transport, { quiet: true });
      t.after(() => page.close());
      const toNode = [];
      page.on('request', (r) => { if (r.url().startsWith(NODE_ORIGIN + '/cometd')) toNode.push(r.method() + ' ' + r.url()); });
      await page.goto(PAGE_ORIGIN + '/');
      await page.waitForFunction(() => typeof window.CometD === 'function', { timeout: 15000 });

      const r = await page.evaluate(orderScenario, {
        url: NODE_ORIGIN + '/cometd', transport, channel: '/order/browser/' + transport, count: COUNT,
        publishMs: 120000, waitMs: 30000,
      });
      await shot(page, 'cometd-order-' + transport);

      assert.equal(r.transport, transport);
      const expected = [...Array(COUNT).keys(), 'end'];
      assert.ok(firstDifference(r.got, expected) < 0, transport + ': ' + orderReport(r.got, expected));
      if (transport === 'long-polling') {
        assert.ok(toNode.some((u) => u.startsWith('POST ' + NODE_ORIGIN + '/cometd/connect')), 'cross-origin connects: ' + toNode.slice(0, 5));
        // The node finds a long-polling session through the browser cookie it set on the cross-origin handshake;
        // Chromium kept it (HttpOnly: the page cannot read it). A WebSocket session is bound to its connection.
        const cookie = (await page.cookies(NODE_ORIGIN + '/')).find((c) => c.name === 'BAYEUX_BROWSER');
        assert.ok(cookie && cookie.httpOnly, 'BAYEUX_BROWSER cookie in Chromium for ' + NODE_ORIGIN + ': ' + JSON.stringify(cookie));
      } else {
        assert.ok(!toNode.some((u) => u.startsWith('POST ')), 'websocket only, no HTTP polls: ' + toNode.slice(0, 5));
      }
    });
  }
});
