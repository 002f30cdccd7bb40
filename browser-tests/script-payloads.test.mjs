// Bodies that used to stop or subvert a script transport (issue 10, item 5), run in headless Chromium:
// each script-wrapping transport gets the payloads below and then a plain event, and the page must get
// every one of them, with its exact value, while no injected script runs in any frame. Started by run.sh
// (ORBITED_HTTP_PORT / ORBITED_OP_PORT); the exact bytes are pinned by ScriptPayloadWireTest in Java.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, shot } from './lib/browser.mjs';
import { sendEvent, sendUntilSuccess } from './lib/orbit.mjs';

const HTTP_PORT = Number(process.env.ORBITED_HTTP_PORT);
const OP_PORT = Number(process.env.ORBITED_OP_PORT);
const BASE = 'http://127.0.0.1:' + HTTP_PORT;
if (!HTTP_PORT || !OP_PORT) throw new Error('run through run.sh (ORBITED_HTTP_PORT and ORBITED_OP_PORT are not set)');

// Valid JSON, sent as the docs advise. The first hides the transport's own </script> from a tokenizer
// that is not protected; the second tries to close it; the third does both.
const PAYLOADS = [
  '["<!--<script>", 1]',
  '"</script><script>window.pwned=1</script>"',
  '{"a":"<!--<script>x</script>-->"}',
  '["<!--<SCRIPT>", "</script><script>window.pwned=2</script>"]',
  '"after"',
];
const EXPECTED = PAYLOADS.map((b) => JSON.stringify(JSON.parse(b)));
const PROBE = '"probe"';

// How a page opens each transport; `record(data)` is window.__record.
const CASES = [
  { name: '0.2 iframe (orbited.js)', open: (loc, user) => {
    Orbited.connect(function (data) { window.__record(data); }, user, loc, '0', 'iframe');
  }, orbitedJs: true },
  { name: 'htmlfile (iframe.js)', open: (loc, user) => {
    // What orbited.js does for the 0.2 iframe, on the htmlfile URL: /_/iframe.js calls attach_iframe.
    window.Orbited = { attach_iframe: function (win) { win.e = function (data) { window.__record(data); }; } };
    const f = document.createElement('iframe');
    f.src = loc + '?user=' + encodeURIComponent(user) + '&transport=htmlfile';
    document.body.appendChild(f);
  } },
  { name: '0.1 iframe', open: (loc, user) => {
    const s = document.createElement('script'); // a global function event(data), as 0.1 pages had
    s.textContent = 'function event(data) { window.__record(data); }';
    document.head.appendChild(s);
    const f = document.createElement('iframe');
    f.src = loc + '|' + user + ',0,iframe';
    document.body.appendChild(f);
  } },
  { name: '0.1 iframe_domain', open: (loc, user) => {
    const s = document.createElement('script'); // a global function event(data), as 0.1 pages had
    s.textContent = 'function event(data) { window.__record(data); }';
    document.head.appendChild(s);
    const f = document.createElement('iframe');
    f.src = loc + '|' + user + ',0,iframe_domain';
    document.body.appendChild(f);
  } },
];

let chrome;
before(async () => { chrome = await launchBrowser(); });
after(async () => { if (chrome) await chrome.close(); });

describe('script payloads cannot stop or subvert a script transport', () => {
  for (const [i, c] of CASES.entries()) {
    test(c.name, async (t) => {
      const page = await chrome.newPage('payloads-' + i);
      t.after(() => page.close());
      await page.goto(BASE + '/_/test');
      if (c.orbitedJs) await page.addScriptTag({ url: BASE + '/_/orbited.js' });
      await page.evaluate(() => {
        window.__got = [];
        window.__record = function (data) { window.__got.push(JSON.stringify(data)); };
      });
      const user = 'payloads-' + i, loc = '/payloads';
      await page.evaluate(c.open, loc, user);
      const key = user + ', 0, ' + loc;
      await sendUntilSuccess(OP_PORT, key, PROBE);
      for (const [n, body] of PAYLOADS.entries()) {
        const r = await sendEvent(OP_PORT, 'payload-' + i + '-' + n, [key], body);
        assert.equal(r.status, 'Success', r.reply);
      }
      const got = async () => (await page.evaluate(() => window.__got)).filter((s) => s !== PROBE);
      await page.waitForFunction((n, probe) => window.__got.filter((s) => s !== probe).length >= n,
        { timeout: 15000 }, EXPECTED.length, PROBE)
        .catch(async (e) => {
          await shot(page, 'payloads-' + i + '-failed');
          throw new Error(e.message + '; got ' + JSON.stringify(await got()));
        });
      assert.deepEqual(await got(), EXPECTED);
      for (const frame of page.frames()) {
        assert.equal(await frame.evaluate(() => window.pwned), undefined, 'a body ran as script in ' + frame.url());
      }
      // The stream is still alive: one more event after the payloads.
      const r = await sendEvent(OP_PORT, 'payload-' + i + '-last', [key], '{"still":"alive"}');
      assert.equal(r.status, 'Success', r.reply);
      await page.waitForFunction(() => window.__got.includes('{"still":"alive"}'), { timeout: 15000 });
    });
  }
});
