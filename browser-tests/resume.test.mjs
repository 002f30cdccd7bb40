// Resume under abrupt network cuts (issue 10): a real Chromium page on each resumable transport
// (Orbited.open with default options, only the transport forced) reaches the node through a TCP proxy
// that resets (RST) every connection 0.3-2 s after it opened. Meanwhile an application sends 2,000
// numbered events at 200/s to the page's key over one Orbit connection and records every reply. The
// page must receive 1..2000 exactly once, in order, with no reset; no event may fail; every Success
// must have reached the page. The page itself is served through the proxy (same origin).
//
// The cuts are random but seeded: the seed is logged, and RESUME_SEED=<seed> repeats a run.
// Started by run.sh (ORBITED_HTTP_PORT, ORBITED_OP_PORT: the suite's node, default settings).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { launchBrowser, shot } from './lib/browser.mjs';
import { OrbitPipe, sendUntilSuccess } from './lib/orbit.mjs';
import { CuttingProxy, seededRandom } from './lib/cutting-proxy.mjs';

const HTTP_PORT = Number(process.env.ORBITED_HTTP_PORT);
const OP_PORT = Number(process.env.ORBITED_OP_PORT);
if (!HTTP_PORT || !OP_PORT) throw new Error('run through run.sh (ORBITED_HTTP_PORT and ORBITED_OP_PORT are not set)');

const TOTAL = 2000, EVERY_MS = 5;                 // 200 events/s, about 10 s of sending
const REPLIES_WITHIN_MS = 45000;                  // the node answers every request within event.deadline (30 s)
const RECEIVED_WITHIN_MS = 30000;
const SEED = process.env.RESUME_SEED ? Number(process.env.RESUME_SEED) : crypto.randomInt(2 ** 31);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let chrome;
before(async () => {
  console.log('[resume] seed ' + SEED + ' (RESUME_SEED=' + SEED + ' repeats these cuts)');
  chrome = await launchBrowser();
});
after(async () => { if (chrome) await chrome.close(); });

/** Loads /_/test and /_/orbited.js through the proxy; a cut during the load is retried (bounded). */
async function loadClient(page, base) {
  for (let attempt = 1; ; attempt++) {
    try {
      await page.goto(base + '/_/test');
      await page.addScriptTag({ url: base + '/_/orbited.js' });
      return;
    } catch (e) {
      if (attempt >= 5) throw e;
      console.log('[resume] page load cut (' + e.message + '); again');
    }
  }
}

describe('resume under abrupt network cuts (RST every 0.3-2 s)', () => {
  const TRANSPORTS = ['websocket', 'sse', 'long_poll'];
  TRANSPORTS.forEach((transport, index) => {
    test(transport + ': 1..' + TOTAL + ' exactly once, in order, no reset, no Failure', { timeout: 120000 }, async (t) => {
      const proxy = new CuttingProxy({ targetPort: HTTP_PORT, random: seededRandom(SEED + index) });
      const base = 'http://127.0.0.1:' + await proxy.listen();
      t.after(() => proxy.close());
      const page = await chrome.newPage('resume-' + transport, { quiet: true });
      t.after(() => page.close());
      await loadClient(page, base);

      const user = 'resume-' + transport, session = crypto.randomBytes(6).toString('hex');
      const key = user + ', ' + session + ', /resume';
      await page.evaluate((user, session, transport) => {
        const r = window.__rec = { got: [], resets: 0, states: [], closes: [] };
        window.__conn = Orbited.open({ location: '/resume', user, session, transport,
          onEvent: (d) => { if (d && d.seq) r.got.push(d.seq); },
          onReset: () => { r.resets++; },
          onStatus: (s) => { r.states.push(s); },
          onClose: (code, reason) => { r.closes.push(code + ' ' + reason); } });
      }, user, session, transport);
      await sendUntilSuccess(OP_PORT, key, '{"probe":true}', 30000);

      // The application: one Orbit connection, one request every 5 ms, every reply recorded.
      const started = Date.now();
      const pipe = await OrbitPipe.open(OP_PORT);
      t.after(() => pipe.close());
      const replies = [];
      for (let seq = 1; seq <= TOTAL; seq++) {
        const wait = started + (seq - 1) * EVERY_MS - Date.now();
        if (wait > 0) await sleep(wait);
        replies.push(pipe.send('e' + seq, [key], JSON.stringify({ seq })));
      }
      const sentMs = Date.now() - started;
      let timer;
      const statuses = await Promise.race([Promise.all(replies),
        new Promise((resolve) => { timer = setTimeout(() => resolve(null), REPLIES_WITHIN_MS); })]);
      clearTimeout(timer);
      assert.ok(statuses, 'the node answered every request within ' + REPLIES_WITHIN_MS + ' ms');

      await page.waitForFunction((n) => window.__rec.got.length >= n, { timeout: RECEIVED_WITHIN_MS }, TOTAL)
        .catch(() => {});
      await sleep(500); // a duplicate or a late replay would show up here
      const seen = await page.evaluate(() => window.__rec);
      await shot(page, 'resume-' + transport);

      const failed = [], other = [];
      statuses.forEach((s, i) => { if (s === 'Failure') failed.push(i + 1); else if (s !== 'Success') other.push(i + 1 + ': ' + s); });
      const got = new Set(seen.got);
      const successLost = [];
      statuses.forEach((s, i) => { if (s === 'Success' && !got.has(i + 1)) successLost.push(i + 1); });
      const order = [];
      for (let i = 0; i < Math.max(seen.got.length, TOTAL) && order.length < 10; i++) {
        if (seen.got[i] !== i + 1) order.push('position ' + i + ': expected ' + (i + 1) + ', got ' + seen.got[i]);
      }
      const reconnects = seen.states.filter((s) => s === 'reconnecting').length;
      console.log('[resume-' + transport + '] sent ' + TOTAL + ' in ' + sentMs + ' ms; proxy: ' + proxy.accepted +
        ' connections, ' + proxy.cuts + ' cut; page: received ' + seen.got.length + ', ' + reconnects + ' reconnects, ' +
        seen.resets + ' resets, closes ' + JSON.stringify(seen.closes) + '; app: ' + failed.length + ' Failure, ' +
        successLost.length + ' Success not received');

      assert.ok(proxy.cuts >= 3, 'the proxy cut the page\'s connections (' + proxy.cuts + ' cuts)');
      assert.deepEqual(other, [], 'every request answered Success or Failure');
      assert.deepEqual(successLost.slice(0, 20), [], successLost.length + ' events got Success but never reached the page');
      assert.equal(seen.resets, 0, 'the page was told its history was lost (reset)');
      assert.deepEqual(failed.slice(0, 20), [], failed.length + ' events failed back to the application');
      assert.deepEqual(order, [], 'not exactly 1..' + TOTAL + ' in order (' + seen.got.length + ' received)');
      assert.deepEqual(seen.closes, [], 'disconnect codes');
    });
  });
});
