// Shared helpers for the WebIRC browser tests (issue 15): a node of the test's own with the help desk, a host page
// served from another origin and site (http://localhost:PORT, the node being http://127.0.0.1:PORT), and drivers for
// the widget's frozen test hooks (docs/webirc.md "Embedding"; all inside the host element's open shadow root) and for
// the help-desk page. Owned by the tests helper; other WebIRC tests import it.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { shot } from './browser.mjs';
import { NodeProcess, freePort } from './node-process.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '..', '..');
export const JAR = process.env.ORBITED_JAR || path.join(ROOT, 'orbited-node/target/orbited-node-0.4.0-SNAPSHOT-all.jar');
export const RUN_DIR = process.env.ORBITED_RUN_DIR || path.join(ROOT, 'browser-tests', 'target');
export const DOC_IMAGES = path.join(ROOT, 'docs', 'images');

/** Puppeteer waits poll on a timer: a page that is not in front may never get an animation frame. */
export const POLL = { polling: 100 };

export const randomKey = () => crypto.randomBytes(18).toString('base64url');

// ---------------------------------------------------------------------------------------------------------------
// The node

/**
 * Starts a node of the caller's own on free loopback ports (or the given ones), in `dir` (the help desk's store file
 * lives there), with a known helper key and `pageOrigin` allowed to use /cometd cross-origin. Resolves with
 * `{node, base, key, helperUrl, restart()}`; `restart()` stops the process and starts it again on the same ports and
 * directory. `global.shutdown.drain=1`: the browsers' idle keep-alive connections need not hold a stop for 5 s.
 */
export async function startWebircNode({ dir, pageOrigin, key = randomKey(), httpPort, opPort, args = [] }) {
  const node = new NodeProcess({
    jar: JAR, httpPort: httpPort || await freePort(), opPort: opPort || await freePort(), dir,
    args: ['--set', 'plugin:helpdesk.helper.key=' + key, '--set', 'global.shutdown.drain=1',
      ...(pageOrigin ? ['--set', 'bayeux.allowed_origins=' + pageOrigin] : []), ...args],
  });
  await node.start();
  const base = 'http://127.0.0.1:' + node.httpPort;
  return {
    node, base, key,
    helperUrl: base + '/webirc/helper.html#key=' + encodeURIComponent(key),
    /** The node's log of its current (latest) run. */
    log: () => fs.readFileSync(path.join(dir, 'node-' + node.starts + '.log'), 'utf8'),
    async restart() { const how = await node.stop(); await node.start(); return how; },
    stop: () => node.stop(),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The host page

/** The one tag a site owner pastes: `attrs` become data-* attributes (`{channel: 'support'}` is data-channel). */
export function widgetTag(nodeBase, attrs = { channel: 'support' }) {
  const a = Object.entries(attrs).map(([k, v]) => ' data-' + k + '="' + escapeAttr(String(v)) + '"').join('');
  return '<script src="' + escapeAttr(nodeBase) + '/webirc/widget.js"' + a + ' async></script>';
}

const escapeAttr = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * A small, accessible shop page (a landmark, a heading, a form, a link) that embeds the widget unless `widget` is
 * false. `css` goes into a <style id="host-css"> in the head; `body` replaces the default content.
 */
export function hostPageHtml({ nodeBase, attrs, widget = true, css = '', title = 'Example shop', body } = {}) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style id="host-base">
  body { font: 16px/1.5 Georgia, serif; margin: 0; color: #222; background: #fafaf7; }
  header, main { padding: 16px 24px; max-width: 560px; }
  #host-box { width: 240px; padding: 12px; border: 2px solid #264; background: #efe; }
</style>
${css ? '<style id="host-css">\n' + css + '\n</style>' : ''}
</head>
<body>
${body || `<header id="host-header"><h1 id="host-title">${title}</h1></header>
<main id="host-main">
  <p id="host-text">Tea, cups and teapots. Questions? Ask us in the corner.</p>
  <div id="host-box">A box of the host page</div>
  <form id="host-form" onsubmit="return false"><label for="host-q">Search</label> <input id="host-q" name="q">
    <button id="host-button" type="submit">Go</button></form>
  <p><a id="host-link" href="#top">Back to top</a></p>
</main>`}
${widget ? widgetTag(nodeBase, attrs) : ''}
</body>
</html>
`;
}

/**
 * A page server on `http://localhost:PORT` (bound to 127.0.0.1 only): another origin and another site than the node
 * at 127.0.0.1. `setPage(path, html)` publishes a page; `url(path)` is its address.
 */
export async function startHostServer({ port } = {}) {
  const pages = new Map();
  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url, 'http://localhost');
    const html = pages.get(pathname);
    if (html !== undefined) {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(html);
    } else if (pathname === '/favicon.ico') {
      res.writeHead(204);
      res.end();
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found\n');
    }
  });
  const p = port || await freePort();
  await new Promise((resolve, reject) => { server.on('error', reject); server.listen(p, '127.0.0.1', resolve); });
  const origin = 'http://localhost:' + p;
  return {
    port: p, origin,
    setPage(pathname, html) { pages.set(pathname, html); return origin + pathname; },
    url: (pathname) => origin + pathname,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Browser contexts

/** A page in its own browser context (own cookies and localStorage: another visitor), logging like browser.mjs. */
export async function newContextPage(browser, name, { viewport = { width: 1024, height: 768 }, quiet = true } = {}) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport(viewport);
  page.setDefaultTimeout(15000);
  page.on('console', (m) => { if (!quiet || m.type() === 'error') console.log('[' + name + '] console.' + m.type() + ': ' + m.text()); });
  page.on('pageerror', (e) => console.log('[' + name + '] pageerror: ' + e.message));
  page.dialogs = [];
  page.on('dialog', (d) => { page.dialogs.push(d.type() + ': ' + d.message()); d.dismiss().catch(() => {}); });
  page.closeContext = () => context.close();
  return page;
}

/** Runs `fn`; when it throws, a screenshot of `page` under browser-tests/screenshots/NAME-failed.png, then rethrows. */
export async function shotOnFailure(page, name, fn) {
  try {
    return await fn();
  } catch (e) {
    await shot(page, name + '-failed').catch(() => {});
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The widget (section 1 of the shared brief: host element [data-orbited-webirc], open shadow root, data-part hooks)

/** An ElementHandle for `[data-part=PART]` (or any selector) inside the widget's shadow root, or null. */
export async function part(page, selector) {
  const sel = /^[a-z-]+$/.test(selector) ? '[data-part=' + selector + ']' : selector;
  const h = await page.evaluateHandle((s) => {
    const host = document.querySelector('[data-orbited-webirc]');
    return host && host.shadowRoot ? host.shadowRoot.querySelector(s) : null;
  }, sel);
  const el = h.asElement();
  if (!el) await h.dispose();
  return el;
}

/** Waits (bounded) until the host element exists with data-state `state` (any state when null). */
export async function waitWidget(page, { state = 'online', timeout = 20000 } = {}) {
  await page.waitForFunction((st) => {
    const host = document.querySelector('[data-orbited-webirc]');
    return !!(host && host.shadowRoot && host.shadowRoot.querySelector('[data-part=bubble]') &&
      (st === null || host.getAttribute('data-state') === st));
  }, { ...POLL, timeout }, state).catch(async (e) => {
    throw new Error('widget not ' + (state || 'present') + ' within ' + timeout + ' ms: ' + e.message + '; host: ' +
      await page.evaluate(() => { const h = document.querySelector('[data-orbited-webirc]'); return h ? h.outerHTML : 'none'; }));
  });
}

/** The host element's data-state and data-helpers. */
export const hostState = (page) => page.evaluate(() => {
  const h = document.querySelector('[data-orbited-webirc]');
  return h ? { state: h.getAttribute('data-state'), helpers: h.getAttribute('data-helpers') } : null;
});

/** Waits until the widget says at least `n` helpers are online (data-helpers). */
export async function waitHelpersOnline(page, n = 1, timeout = 20000) {
  await page.waitForFunction((k) => {
    const h = document.querySelector('[data-orbited-webirc]');
    return h && Number(h.getAttribute('data-helpers')) >= k;
  }, { ...POLL, timeout }, n).catch(async (e) => {
    throw new Error('widget shows fewer than ' + n + ' helpers online: ' + JSON.stringify(await hostState(page)) + ' (' + e.message + ')');
  });
}

/** Whether `[data-part=NAME]` is rendered: not under [hidden], has a box, not display:none or visibility:hidden. */
export const shown = (page, name) => page.evaluate((n) => {
  const host = document.querySelector('[data-orbited-webirc]');
  const el = host && host.shadowRoot && host.shadowRoot.querySelector('[data-part=' + n + ']');
  if (!el || el.closest('[hidden]')) return false;
  const r = el.getBoundingClientRect(), cs = getComputedStyle(el);
  return r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.display !== 'none';
}, name);

/** Waits (bounded) until `[data-part=NAME]` is shown (or, with want=false, is not). */
export async function waitShown(page, name, want = true, timeout = 15000) {
  await page.waitForFunction((n, w) => {
    const host = document.querySelector('[data-orbited-webirc]');
    const el = host && host.shadowRoot && host.shadowRoot.querySelector('[data-part=' + n + ']');
    let is = false;
    if (el && !el.closest('[hidden]')) {
      const r = el.getBoundingClientRect(), cs = getComputedStyle(el);
      is = r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.display !== 'none';
    }
    return is === w;
  }, { ...POLL, timeout }, name, want).catch((e) => {
    throw new Error('[data-part=' + name + '] ' + (want ? 'not shown' : 'still shown') + ' within ' + timeout + ' ms (' + e.message + ')');
  });
}

/** Opens the panel by clicking the bubble (as a visitor does) and waits for it. */
export async function openWidget(page) {
  if (await shown(page, 'panel')) return;
  const bubble = await part(page, 'bubble');
  await bubble.click();
  await waitShown(page, 'panel', true);
}

/** Closes the panel with its close button and waits until it is gone. */
export async function closeWidget(page) {
  if (!(await shown(page, 'panel'))) return;
  const close = await part(page, 'close');
  await close.click();
  await waitShown(page, 'panel', false);
}

/** The message rows in the log: [{from, text, id}] (text: textContent of [data-part=text]). */
export const widgetMessages = (page) => page.evaluate(() => {
  const host = document.querySelector('[data-orbited-webirc]');
  if (!host || !host.shadowRoot) return [];
  return [...host.shadowRoot.querySelectorAll('[data-part=log] [data-part=msg]')].map((m) => {
    const t = m.querySelector('[data-part=text]');
    return { from: m.getAttribute('data-from'), text: t ? t.textContent : null };
  });
});

/** Waits until every `{from, text}` of `want` is in the log (bounded); throws with the log's content otherwise. */
export async function waitWidgetMessages(page, want, timeout = 15000) {
  await page.waitForFunction((w) => {
    const host = document.querySelector('[data-orbited-webirc]');
    if (!host || !host.shadowRoot) return false;
    const rows = [...host.shadowRoot.querySelectorAll('[data-part=log] [data-part=msg]')].map((m) => {
      const t = m.querySelector('[data-part=text]');
      return m.getAttribute('data-from') + '\u0000' + (t ? t.textContent : '');
    });
    return w.every((x) => rows.includes(x.from + '\u0000' + x.text));
  }, { ...POLL, timeout }, want).catch(async (e) => {
    const got = await widgetMessages(page);
    const missing = want.filter((x) => !got.some((g) => g.from === x.from && g.text === x.text));
    throw new Error('widget log lacks ' + JSON.stringify(missing) + ' after ' + timeout + ' ms; it has ' + JSON.stringify(got) + ' (' + e.message + ')');
  });
}

/**
 * The visitor types `text` into the composer (unless `typed`: already there) and sends it: `via` 'click' (the send
 * button), 'tap' (a touch on it) or 'enter' (the Enter key). If the widget then asks a nickname (the visitor's first
 * line, data-ask-name=1), `name` is typed into the name form and submitted with Enter; the widget then sends the pending
 * line. Waits until the line shows as the visitor's own (data-from=me) unless `wait` is false. Resolves with whether
 * the name form was shown.
 */
export async function visitorSay(page, text, { name = 'Visitor', wait = true, via = 'click', typed = false } = {}) {
  const before = (await widgetMessages(page)).filter((m) => m.from === 'me' && m.text === text).length;
  const input = await part(page, 'input');
  if (!input) throw new Error('no [data-part=input] in the widget');
  if (!typed) {
    if (via === 'tap') await input.tap(); else await input.click();
    await input.evaluate((el) => { el.value = ''; });
    await page.keyboard.type(text);
  }
  if (via === 'enter') await page.keyboard.press('Enter');
  else if (via === 'tap') await (await part(page, 'send')).tap();
  else await (await part(page, 'send')).click();
  const next = await page.waitForFunction((t, n) => {
    const root = document.querySelector('[data-orbited-webirc]').shadowRoot;
    const form = root.querySelector('[data-part=name-form]');
    if (form && !form.closest('[hidden]') && form.getBoundingClientRect().height > 0) return 'name';
    const mine = [...root.querySelectorAll('[data-part=log] [data-part=msg][data-from=me] [data-part=text]')]
      .filter((e) => e.textContent === t).length;
    return mine > n ? 'sent' : false;
  }, { ...POLL, timeout: 15000 }, text, before).then((h) => h.jsonValue()).catch(async (e) => {
    throw new Error('the visitor\'s line ' + JSON.stringify(text) + ' neither showed nor led to the name form: ' + e.message +
      '; log ' + JSON.stringify(await widgetMessages(page)));
  });
  if (next === 'name') {
    const ni = await part(page, 'name-input');
    const focused = await ni.evaluate((el) => el.getRootNode().activeElement === el);
    if (via === 'tap') await ni.tap();
    else if (via === 'click' || !focused) await ni.click();
    await ni.evaluate((el) => { el.value = ''; });
    await page.keyboard.type(name);
    await page.keyboard.press('Enter');
    await waitShown(page, 'name-form', false);
  }
  if (wait) await waitWidgetMessages(page, [{ from: 'me', text }]);
  return next === 'name';
}

/** Records every data-state the host element takes, from now on, in the page (read with widgetStates). */
export const recordWidgetStates = (page) => page.evaluate(() => {
  const host = document.querySelector('[data-orbited-webirc]');
  const seen = [host.getAttribute('data-state')];
  new MutationObserver(() => {
    const s = host.getAttribute('data-state');
    if (seen[seen.length - 1] !== s) seen.push(s);
  }).observe(host, { attributes: true, attributeFilter: ['data-state'] });
  Object.defineProperty(host, '__statesSeen', { value: seen });
});
export const widgetStates = (page) => page.evaluate(() => document.querySelector('[data-orbited-webirc]').__statesSeen);

// ---------------------------------------------------------------------------------------------------------------
// The help-desk page (/webirc/helper.html#key=...), through its own hooks (webirc/src/main/js/helper/helper.html):
// body[data-state][data-signed-in], the queue [data-part=queue] of li[data-conversation], the open conversation in
// [data-part=chat] with [data-part=log] rows [data-part=msg][data-from=visitor|helper|system] and the composer.

export const HELPER = {
  chat: '[data-part=chat]',
  log: '[data-part=chat] [data-part=log]',
  msg: '[data-part=msg]',
  text: '[data-part=text]',
  input: '[data-part=chat] [data-part=input]',
  error: '[data-part=chat] [data-part=composer-error]',
  conversation: '[data-part=queue] li[data-conversation]',
};

/**
 * Opens the help-desk page in its own browser context with `helperUrl` (#key=...); signs in as `helperName` through
 * the page's form if the key alone did not sign it in; waits until it is connected and signed in.
 */
export async function openHelperPage(browser, helperUrl, name = 'helper', { helperName = 'Sam', viewport } = {}) {
  const page = await newContextPage(browser, name, { viewport: viewport || { width: 1200, height: 800 } });
  await page.goto(helperUrl);
  const how = await page.waitForFunction(() => {
    const b = document.body;
    if (b.dataset.state === 'online' && b.dataset.signedIn === '1') return 'in';
    const form = document.querySelector('[data-part=login-form]');
    return b.dataset.state === 'online' && form && form.getBoundingClientRect().height > 0 && !document.querySelector('[data-part=signin]').disabled ? 'form' : false;
  }, { ...POLL, timeout: 20000 }).then((h) => h.jsonValue());
  if (how === 'form') {
    await page.type('[data-part=login-form] [data-part=name]', helperName);
    await page.$eval('[data-part=login-form] [data-part=key]', (e) => { e.value = ''; });
    const key = new URL(helperUrl).hash.replace(/^#key=/, '');
    await page.type('[data-part=login-form] [data-part=key]', decodeURIComponent(key));
    await page.click('[data-part=signin]');
  }
  await waitHelperOnline(page);
  return page;
}

/** Waits until the help-desk page is connected and signed in (body data-state=online, data-signed-in=1). */
export async function waitHelperOnline(page, timeout = 20000) {
  await page.waitForFunction(() => document.body.dataset.state === 'online' && document.body.dataset.signedIn === '1',
    { ...POLL, timeout }).catch(async (e) => {
    throw new Error('help-desk page not online and signed in within ' + timeout + ' ms (' + e.message + '): ' +
      JSON.stringify(await page.evaluate(() => ({ ...document.body.dataset,
        status: document.querySelector('[data-part=status]')?.textContent,
        error: document.querySelector('[data-part=login-error]')?.textContent }))));
  });
}

/** Opens the conversation whose queue entry names `visitorName` (waits for it to appear). */
export async function helperOpenConversation(page, visitorName, timeout = 15000) {
  const handle = await page.waitForFunction((sel, n) => [...document.querySelectorAll(sel)]
    .find((li) => (li.querySelector('.who')?.firstChild?.textContent || '').trim() === n)?.querySelector('button') || false,
  { ...POLL, timeout }, HELPER.conversation, visitorName).catch(async (e) => {
    throw new Error('no conversation with ' + JSON.stringify(visitorName) + ' on the help-desk page (' + e.message + '): ' +
      (await page.evaluate((sel) => [...document.querySelectorAll(sel)].map((x) => x.textContent).join(' | '), HELPER.conversation)));
  });
  await handle.asElement().click();
  await page.waitForFunction((h, n) => document.querySelector(h.chat).dataset.open === '1' &&
    document.querySelector('[data-part=conv-title]').textContent === n, { ...POLL, timeout: 10000 }, HELPER, visitorName);
}

/** The open conversation's lines on the help-desk page: [{from, text}] (from: visitor, helper or system). */
export const helperMessages = (page) => page.evaluate((h) => [...document.querySelectorAll(h.log + ' ' + h.msg)].map((m) => {
  const t = m.querySelector(h.text);
  return { from: m.getAttribute('data-from'), text: t ? t.textContent : null };
}), HELPER);

/** Waits until the open conversation on the help-desk page shows every text of `texts`. */
export async function waitHelperMessages(page, texts, timeout = 15000) {
  await page.waitForFunction((h, w) => {
    const got = [...document.querySelectorAll(h.log + ' ' + h.msg + ' ' + h.text)].map((t) => t.textContent);
    return w.every((x) => got.includes(x));
  }, { ...POLL, timeout }, HELPER, texts).catch(async (e) => {
    throw new Error('help-desk page lacks ' + JSON.stringify(texts) + ' after ' + timeout + ' ms; it has ' +
      JSON.stringify(await helperMessages(page)) + ' (' + e.message + ')');
  });
}

/**
 * The helper types `text` into the open conversation's composer and presses Enter; resolves once the page took it
 * (the composer emptied), throws with the page's error line if it refused.
 */
export async function helperSay(page, text) {
  const input = await page.waitForSelector(HELPER.input, { visible: true });
  await input.click();
  await input.evaluate((el) => { el.value = ''; });
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  const r = await page.waitForFunction((h) => {
    const err = document.querySelector(h.error).textContent;
    if (err) return { error: err };
    return document.querySelector(h.input).value === '' ? { ok: true } : false;
  }, { ...POLL, timeout: 15000 }, HELPER).then((x) => x.jsonValue()).catch((e) => ({ error: 'composer not emptied: ' + e.message }));
  if (r.error) throw new Error('the help-desk page did not send ' + JSON.stringify(text) + ': ' + r.error);
}

// ---------------------------------------------------------------------------------------------------------------
// A proxy that loses one answer

/**
 * A TCP proxy on a free loopback port in front of the node's HTTP port that, once armed with `cutOn(marker)`, cuts
 * the connection (both sides, RST) carrying the first node-to-browser chunk that contains `marker`, without passing
 * that chunk on: a request the node has done whose answer the browser never gets. WebSocket compression is taken out
 * of the upgrade request (Sec-WebSocket-Extensions), so the node's frames are plain JSON the marker can be found in.
 * Resolves with `{port, base, cutOn(marker), cuts, close()}`; `cuts` counts the connections cut.
 */
export async function startAnswerCutter(targetPort) {
  const net = await import('node:net');
  const live = new Set();
  let armed = null;
  const state = { cuts: 0 };
  const server = net.createServer((client) => {
    const upstream = net.connect({ host: '127.0.0.1', port: targetPort });
    const pair = { client, upstream };
    live.add(pair);
    const end = () => { if (live.delete(pair)) { client.destroy(); upstream.destroy(); } };
    let first = true;
    client.on('data', (b) => {
      if (first) {   // the request head: no permessage-deflate
        first = false;
        const s = b.toString('latin1');
        const at = s.indexOf('\r\n\r\n');
        if (at > 0 && /^GET /.test(s)) b = Buffer.from(s.slice(0, at).replace(/\r\nSec-WebSocket-Extensions:[^\r]*/ig, '') + s.slice(at), 'latin1');
      }
      upstream.write(b);
    });
    upstream.on('data', (b) => {
      if (armed && b.includes(armed)) {
        armed = null;
        state.cuts++;
        live.delete(pair);
        client.resetAndDestroy();
        upstream.resetAndDestroy();
        return;
      }
      client.write(b);
    });
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise((resolve, reject) => { server.once('error', reject); server.listen(0, '127.0.0.1', resolve); });
  const port = server.address().port;
  return Object.assign(state, {
    port, base: 'http://127.0.0.1:' + port,
    cutOn(marker) { armed = Buffer.from(marker); },
    close() {
      for (const p of live) { p.client.destroy(); p.upstream.destroy(); }
      live.clear();
      return new Promise((r) => server.close(() => r()));
    },
  });
}
