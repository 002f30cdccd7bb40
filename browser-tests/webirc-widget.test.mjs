// The WebIRC widget in local mode (issue 15), in headless Chromium, as a site owner embeds it: a node of this file's own
// (help desk on, a known helper key, its own working directory for the desk's store file) at http://127.0.0.1:N, and a
// host page at http://localhost:M (another origin and another site) whose one <script ... data-channel="support" async>
// tag embeds the widget. A helper answers from /webirc/helper.html#key=... in a second browser context; every visitor
// has a browser context of its own. Proves, through the widget's frozen data-part hooks (docs/webirc.md "Embedding"):
// a visitor's line reaches the helper and the answer comes back; keyboard use; markup and javascript: links from
// either side stay text and nothing runs; axe-core finds no violation, closed or open; a hostile reset stylesheet does
// not change the widget and the widget does not change the host page; a 360 px phone gets a full-width panel that
// works (text fields at 16 px or more); prefers-reduced-motion stops the opening animation; a node restart
// mid-conversation shows "reconnecting", then every line (one written meanwhile, numbered ones after) arrives once.
// Writes docs/images/webirc-closed.png, webirc-open.png and webirc-phone.png.
//
//   bash browser-tests/run.sh --test-name-pattern='webirc widget'
import { after, afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { AxePuppeteer } from '@axe-core/puppeteer';
import { launchBrowser, shot } from './lib/browser.mjs';
import {
  DOC_IMAGES, JAR, POLL, RUN_DIR, closeWidget, helperOpenConversation, helperMessages, helperSay, hostPageHtml, hostState,
  newContextPage, openHelperPage, openWidget, part, recordWidgetStates, shown, startHostServer, startWebircNode,
  startAnswerCutter, visitorSay, waitHelperMessages, waitHelperOnline, waitHelpersOnline, waitShown, waitWidget, waitWidgetMessages,
  widgetMessages, widgetStates,
} from './lib/webirc.mjs';

const NODE_DIR = path.join(RUN_DIR, 'webirc-widget-node');

let chrome, host, desk, helper;
const visitors = [];

/**
 * The node, the host page and the signed-in help-desk page, started by the first test that runs (not in a before hook:
 * node --test runs every file's hooks even when --test-name-pattern skips all of the file's tests).
 */
let started;
function setup() {
  started = started || (async () => {
    if (!fs.existsSync(JAR)) throw new Error(JAR + ' is missing: build the node first (see docs/webirc.md "Tests")');
    fs.rmSync(NODE_DIR, { recursive: true, force: true });
    host = await startHostServer();
    desk = await startWebircNode({ dir: NODE_DIR, pageOrigin: host.origin });
    host.setPage('/', hostPageHtml({ nodeBase: desk.base }));
    chrome = await launchBrowser();
    helper = await openHelperPage(chrome.browser, desk.helperUrl, 'helper-page');
  })();
  return started;
}

after(async () => {
  for (const v of visitors) await v.closeContext().catch(() => {});
  if (helper) await helper.closeContext().catch(() => {});
  if (chrome) await chrome.close();
  if (desk) await desk.stop();
  if (host) await host.close();
});

/** A visitor of its own (own browser context) on the host page `pathname`, the widget online with a helper there. */
async function visitor(name, { pathname = '/', viewport, helpers = 1 } = {}) {
  await setup();
  const page = await newContextPage(chrome.browser, name, viewport ? { viewport } : {});
  visitors.push(page);
  await page.goto(host.url(pathname));
  await waitWidget(page, { state: 'online' });
  if (helpers) await waitHelpersOnline(page, helpers);
  return page;
}

/** Screenshot under browser-tests/screenshots/ when `fn` throws, then rethrows. */
async function shotOnFailure(page, name, fn) {
  try {
    return await fn();
  } catch (e) {
    await shot(page, name + '-failed').catch(() => {});
    throw e;
  }
}

describe('webirc widget, local mode', () => {
  // Each test's visitors leave with it: fewer pages polling a stopped node, less load on a small machine.
  afterEach(async () => {
    for (const v of visitors.splice(0)) await v.closeContext().catch(() => {});
  });

  test('webirc widget: a visitor on another site speaks, the help-desk page answers, the answer appears', async () => {
    await setup();
    const widgetRequests = [];
    const page = await newContextPage(chrome.browser, 'visitor-hello');
    visitors.push(page);
    page.on('request', (r) => { if (r.url().startsWith(desk.base)) widgetRequests.push(r.url()); });
    await page.goto(host.url('/'));
    await shotOnFailure(page, 'webirc-hello', async () => {
      await waitWidget(page, { state: 'online' });
      await waitHelpersOnline(page, 1);
      assert.ok(new URL(page.url()).hostname === 'localhost' && new URL(desk.base).hostname === '127.0.0.1',
        'the host page and the node are different sites: ' + page.url() + ' vs ' + desk.base);
      assert.ok(widgetRequests.some((u) => u.startsWith(desk.base + '/webirc/widget.js')), 'widget.js came from the node');
      assert.equal(await shown(page, 'bubble'), true, 'closed: the bubble shows');
      assert.equal(await shown(page, 'panel'), false, 'closed: the panel does not show');

      await openWidget(page);
      const line = 'Hello, is anyone there? My teapot leaks.';
      await visitorSay(page, line, { name: 'Ada Visitor' });
      await helperOpenConversation(helper, 'Ada Visitor');
      await waitHelperMessages(helper, [line]);
      const answer = 'Yes! Which teapot is it?';
      await helperSay(helper, answer);
      await waitWidgetMessages(page, [{ from: 'helper', text: answer }]);
      const log = await widgetMessages(page);
      assert.deepEqual(log.filter((m) => m.from === 'me' || m.from === 'helper'),
        [{ from: 'me', text: line }, { from: 'helper', text: answer }], 'the widget shows the conversation once, in order');
    });
  });

  test('webirc widget: keyboard: Tab reaches the bubble, Enter opens, Shift+Enter is a new line, Enter sends, Escape closes', async () => {
    const page = await visitor('visitor-keys');
    await shotOnFailure(page, 'webirc-keys', async () => {
      const focusIs = (p) => page.evaluate((want) => {
        const hostEl = document.querySelector('[data-orbited-webirc]');
        const a = hostEl.shadowRoot.activeElement;
        if (document.activeElement !== hostEl || !a) return false;
        return want === 'panel' ? !!a.closest('[data-part=panel]') : a.getAttribute('data-part') === want;
      }, p);
      let tabs = 0;
      while (!(await focusIs('bubble')) && tabs < 12) { await page.keyboard.press('Tab'); tabs++; }
      assert.ok(await focusIs('bubble'), 'Tab from the page reaches the bubble (' + tabs + ' presses)');
      await page.keyboard.press('Enter');
      await waitShown(page, 'panel', true);
      await page.waitForFunction(() => {
        const a = document.querySelector('[data-orbited-webirc]').shadowRoot.activeElement;
        return !!a && !!a.closest('[data-part=panel]');
      }, { ...POLL, timeout: 5000 }).catch(() => {});
      assert.ok(await focusIs('panel'), 'focus moved into the panel on open');

      const input = await part(page, 'input');
      await input.focus();
      await page.keyboard.type('first line');
      await page.keyboard.down('Shift');
      await page.keyboard.press('Enter');
      await page.keyboard.up('Shift');
      await page.keyboard.type('second line');
      assert.equal(await input.evaluate((e) => e.value), 'first line\nsecond line', 'Shift+Enter is a new line, not a send');
      const asked = await visitorSay(page, 'first line\nsecond line', { via: 'enter', typed: true, name: 'Kim Keys' });
      assert.ok(asked, 'the first line asked the visitor\'s name (data-ask-name defaults to 1)');
      await helperOpenConversation(helper, 'Kim Keys');
      await waitHelperMessages(helper, ['first line\nsecond line']);

      await page.keyboard.press('Escape');
      await waitShown(page, 'panel', false);
      assert.ok(await focusIs('bubble'), 'focus went back to the bubble on close');
    });
  });

  test('webirc widget: markup and javascript: links from either side show as text and nothing runs', async () => {
    const payloads = ['<img src=x onerror=window.__pwned=1>', 'javascript:alert(1)',
      '<a href="javascript:alert(1)">click me</a>', 'see https://example.org/help and [x](javascript:window.__pwned=2)'];
    const page = await visitor('visitor-xss');
    await shotOnFailure(page, 'webirc-xss', async () => {
      await openWidget(page);
      // The visitor's name is text from a browser too: it shows in the help desk's queue and conversation header.
      const name = '<img src=x onerror=__pwned=3>';
      for (const p of payloads) await visitorSay(page, p, { name });
      await helperOpenConversation(helper, name);
      await waitHelperMessages(helper, payloads);
      for (const p of payloads) await helperSay(helper, p);
      await waitWidgetMessages(page, payloads.map((text) => ({ from: 'helper', text })));
      // One more line each way after the payloads: an image error or a script would have run by the time it is back.
      await visitorSay(page, 'still here');
      await waitHelperMessages(helper, ['still here']);
      await helperSay(helper, 'me too');
      await waitWidgetMessages(page, [{ from: 'helper', text: 'me too' }]);

      const widget = await page.evaluate(() => {
        const root = document.querySelector('[data-orbited-webirc]').shadowRoot;
        const log = root.querySelector('[data-part=log]');
        const anchors = [...root.querySelectorAll('a'), ...document.querySelectorAll('a')];
        return {
          imgs: root.querySelectorAll('img').length + document.querySelectorAll('img').length,
          logElements: [...new Set([...log.querySelectorAll('[data-part=text] *')].map((e) => e.tagName.toLowerCase()))],
          badHrefs: anchors.map((a) => a.getAttribute('href')).filter((h) => h && !/^(https?:|mailto:|#)/i.test(h.trim())),
          links: [...log.querySelectorAll('a')].map((a) => ({ href: a.getAttribute('href'), text: a.textContent,
            rel: (a.getAttribute('rel') || '').split(/\s+/).sort().join(' '), target: a.getAttribute('target') })),
          pwned: window.__pwned,
        };
      });
      const texts = await widgetMessages(page);
      for (const p of payloads) {
        for (const from of ['me', 'helper']) {
          assert.equal(texts.filter((m) => m.from === from && m.text === p).length, 1, 'widget shows ' + from + '\'s ' + JSON.stringify(p) + ' once, as text');
        }
      }
      assert.equal(widget.imgs, 0, 'no <img> in the widget or the host page');
      assert.deepEqual(widget.logElements.filter((t) => t !== 'a'), [], 'message text holds text and safe links only');
      assert.deepEqual(widget.badHrefs, [], 'no javascript: (or other) href');
      const help = widget.links.filter((l) => l.href === 'https://example.org/help');
      assert.equal(help.length, 2, 'the https link became a link on both sides\' lines: ' + JSON.stringify(widget.links));
      for (const l of widget.links) {
        assert.equal(l.rel, 'nofollow noopener noreferrer', 'link rel: ' + JSON.stringify(l));
        assert.equal(l.target, '_blank', 'link target: ' + JSON.stringify(l));
      }
      assert.equal(widget.pwned, undefined, 'a payload ran in the host page');
      assert.deepEqual(page.dialogs, [], 'no dialog opened on the host page');

      const desk = await helper.evaluate(() => ({
        imgs: document.querySelectorAll('img').length,
        badHrefs: [...document.querySelectorAll('a')].map((a) => a.getAttribute('href'))
          .filter((h) => h && !/^(https?:|mailto:|#)/i.test(h.trim())),
        pwned: window.__pwned,
        title: document.querySelector('[data-part=conv-title]').textContent,
      }));
      assert.equal(desk.title, name, 'the visitor\'s name shows as text on the help-desk page');
      const deskTexts = (await helperMessages(helper)).map((m) => m.text);
      for (const p of payloads) assert.equal(deskTexts.filter((t) => t === p).length, 2, 'help-desk page shows ' + JSON.stringify(p) + ' from each side, as text');
      assert.equal(desk.imgs, 0, 'no <img> on the help-desk page');
      assert.deepEqual(desk.badHrefs, [], 'no javascript: href on the help-desk page');
      assert.equal(desk.pwned, undefined, 'a payload ran on the help-desk page');
      assert.deepEqual(helper.dialogs, [], 'no dialog on the help-desk page');
    });
  });

  test('webirc widget: axe-core finds no violations, closed or open', async () => {
    const page = await visitor('visitor-axe');
    const report = (r) => r.violations.map((v) => v.id + ' (' + v.impact + '): ' + v.help + ' at ' +
      v.nodes.slice(0, 4).map((n) => JSON.stringify(n.target)).join(', ')).join('\n');
    await shotOnFailure(page, 'webirc-axe', async () => {
      const closed = await new AxePuppeteer(page).analyze();
      await openWidget(page);
      await visitorSay(page, 'Do you ship to Norway?', { name: 'Axel Audit' });
      await helperOpenConversation(helper, 'Axel Audit');
      await helperSay(helper, 'We do, in 3 to 5 days: see https://example.org/shipping');
      await waitWidgetMessages(page, [{ from: 'helper', text: 'We do, in 3 to 5 days: see https://example.org/shipping' }]);
      const open = await new AxePuppeteer(page).analyze();
      assert.ok(closed.passes.length > 0 && open.passes.length > 0, 'axe ran its rules');
      // A node inside a shadow root is targeted by a selector list (host, then inside): axe looked into the widget.
      assert.ok(open.passes.some((p) => p.nodes.some((n) => Array.isArray(n.target[0]))), 'axe looked into the shadow root');
      assert.equal(report(closed), '', 'closed widget: axe violations');
      assert.equal(report(open), '', 'open widget with a conversation: axe violations');
    });
  });

  test('webirc widget: a hostile reset stylesheet on the host page does not change the widget', async () => {
    await setup();
    host.setPage('/calm', hostPageHtml({ nodeBase: desk.base, body: CALM_BODY }));
    host.setPage('/hostile', hostPageHtml({ nodeBase: desk.base, body: CALM_BODY, css: HOSTILE_CSS }));
    const calm = await visitor('visitor-calm', { pathname: '/calm' });
    const hostile = await visitor('visitor-hostile', { pathname: '/hostile' });
    assert.equal(await hostile.evaluate(() => getComputedStyle(document.querySelector('#host-short')).color), 'rgb(255, 0, 0)',
      'the hostile stylesheet is in force on the host page');
    for (const state of ['closed', 'open']) {
      if (state === 'open') { await openWidget(calm); await openWidget(hostile); }
      const [a, b] = [await settledWidget(calm), await settledWidget(hostile)];
      assert.equal(b.focus, a.focus, state + ': focus is on the same widget element with and without the hostile CSS');
      const diffs = snapshotDiffs(a.elements, b.elements);
      if (diffs.length) await Promise.all([shot(calm, 'webirc-calm-' + state), shot(hostile, 'webirc-hostile-' + state)]);
      assert.deepEqual(diffs.slice(0, 15), [], state + ': ' + diffs.length + ' computed styles or boxes differ under the hostile CSS');
      const clip = unionBox(a.elements.filter((e) => e.shown && e.depth > 0).map((e) => e.rect));
      const pixels = await comparePixels(calm, hostile, clip);
      assert.equal(pixels.differing, 0, state + ': the widget\'s region (' + JSON.stringify(clip) + ') looks different under the hostile CSS: ' + JSON.stringify(pixels));
    }
  });

  test('webirc widget: the widget changes nothing on the host page but one element and one global', async () => {
    await setup();
    host.setPage('/plain', hostPageHtml({ nodeBase: desk.base, widget: false }));
    const plain = await newContextPage(chrome.browser, 'visitor-plain');
    visitors.push(plain);
    await plain.goto(host.url('/plain'));
    const before = await hostSnapshot(plain);
    const page = await visitor('visitor-host');
    const closed = await hostSnapshot(page);
    await openWidget(page);
    await page.evaluate(() => document.querySelector('[data-orbited-webirc]').shadowRoot.activeElement?.blur());
    const open = await hostSnapshot(page);

    for (const [state, after] of [['loaded, closed', closed], ['open', open]]) {
      // puppeteer's own bindings (its ARIA query handler) come with the element handles this test uses; not the widget's.
      const added = after.globals.filter((g) => !before.globals.includes(g) && !/^(puppeteer_|__ariaQuerySelector)/.test(g));
      assert.deepEqual(added, ['OrbitedWebIRC'], state + ': new globals on window');
      assert.deepEqual(after.styleNodes, before.styleNodes, state + ': style and stylesheet elements of the document');
      assert.equal(after.adopted, before.adopted, state + ': document.adoptedStyleSheets');
      assert.deepEqual(after.rootAttrs, before.rootAttrs, state + ': attributes of <html> and <body>');
      assert.deepEqual(after.scroll, before.scroll, state + ': the document\'s scroll size');
      assert.deepEqual(after.bodyChildren, [...before.bodyChildren, 'div[data-orbited-webirc]'], state + ': body children: one element added, last');
      const diffs = snapshotDiffs(before.elements, after.elements);
      assert.deepEqual(diffs.slice(0, 15), [], state + ': ' + diffs.length + ' computed styles or boxes of host elements changed');
    }
    assert.equal(closed.active, 'BODY', 'loading the widget did not take the focus');
    const api = await page.evaluate(() => ({ keys: Object.keys(window.OrbitedWebIRC).sort(), version: typeof window.OrbitedWebIRC.version }));
    assert.ok(['close', 'on', 'open', 'setToken', 'toggle', 'version'].every((k) => api.keys.includes(k)), 'OrbitedWebIRC API: ' + JSON.stringify(api));
    assert.equal(api.version, 'string', 'OrbitedWebIRC.version');
  });

  test('webirc widget: on a 360 px phone the open panel fills the width, fits the screen and works', async () => {
    const viewport = { width: 360, height: 640, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
    const page = await visitor('visitor-phone', { viewport });
    await shotOnFailure(page, 'webirc-phone', async () => {
      const bubble = await part(page, 'bubble');
      await bubble.tap();
      await waitShown(page, 'panel', true);
      await settledWidget(page);
      const boxes = await page.evaluate(() => {
        const root = document.querySelector('[data-orbited-webirc]').shadowRoot;
        const box = (n) => { const el = root.querySelector('[data-part=' + n + ']'); if (!el) return null; const r = el.getBoundingClientRect(); return { left: r.left, top: r.top, right: r.right, bottom: r.bottom }; };
        return { panel: box('panel'), input: box('input'), send: box('send'), close: box('close'), log: box('log'),
          vw: window.innerWidth, vh: window.innerHeight, scrollWidth: document.documentElement.scrollWidth };
      });
      const inside = (b) => b && b.left >= -0.5 && b.top >= -0.5 && b.right <= boxes.vw + 0.5 && b.bottom <= boxes.vh + 0.5 && b.right > b.left && b.bottom > b.top;
      assert.equal(boxes.vw, 360, 'the viewport is 360 px wide');
      assert.ok(boxes.panel.left <= 0.5 && boxes.panel.right >= boxes.vw - 0.5, 'the panel is full width: ' + JSON.stringify(boxes));
      for (const n of ['panel', 'input', 'send', 'close', 'log']) assert.ok(inside(boxes[n]), n + ' within the 360x640 screen: ' + JSON.stringify(boxes));
      assert.ok(boxes.scrollWidth <= boxes.vw, 'no sideways scrolling: ' + boxes.scrollWidth);
      assert.ok(boxes.send.right - boxes.send.left >= 24 && boxes.send.bottom - boxes.send.top >= 24, 'send is a touch-size target');
      // Phone browsers (Safari on iOS) zoom the whole page into a text field whose text is under 16 px when it gets the
      // focus, which leaves the full-screen panel zoomed and partly off the screen.
      const fieldFonts = await page.evaluate(() => {
        const root = document.querySelector('[data-orbited-webirc]').shadowRoot;
        const out = {};
        for (const n of ['input', 'name-input', 'offline-text', 'offline-email']) {
          const el = root.querySelector('[data-part=' + n + ']');
          if (el) out[n] = parseFloat(getComputedStyle(el).fontSize);
        }
        return out;
      });

      await visitorSay(page, 'Is the blue teapot in stock?', { via: 'tap', name: 'Pat Phone' });
      await helperOpenConversation(helper, 'Pat Phone');
      await helperSay(helper, 'It is! We have 4 left.');
      await waitWidgetMessages(page, [{ from: 'helper', text: 'It is! We have 4 left.' }]);
      await page.evaluate(() => document.querySelector('[data-orbited-webirc]').shadowRoot.activeElement?.blur());
      await page.screenshot({ path: path.join(DOC_IMAGES, 'webirc-phone.png') });
      await (await part(page, 'close')).tap();
      await waitShown(page, 'panel', false);
      assert.equal(await shown(page, 'bubble'), true, 'closed again: the bubble shows');
      assert.ok(Object.keys(fieldFonts).length === 4 && Object.values(fieldFonts).every((px) => px >= 16),
        'every text field\'s text is at least 16 px on a phone: ' + JSON.stringify(fieldFonts));
    });
  });

  test('webirc widget: prefers-reduced-motion: the panel animates open, and not at all when the visitor asks for less motion', async () => {
    const page = await visitor('visitor-motion');
    // Clicks the bubble in the page and lists, in the same task, the animations and transitions that opening started.
    const openAndList = () => page.evaluate(() => {
      const root = document.querySelector('[data-orbited-webirc]').shadowRoot;
      root.querySelector('[data-part=bubble]').click();
      void root.host.offsetWidth;
      return root.getAnimations().map((a) => a.animationName || a.transitionProperty || a.constructor.name);
    });
    await page.emulateMediaFeatures([{ name: 'prefers-reduced-motion', value: 'no-preference' }]);
    const normal = await openAndList();
    await waitShown(page, 'panel', true);
    await closeWidget(page);
    await page.emulateMediaFeatures([{ name: 'prefers-reduced-motion', value: 'reduce' }]);
    const reduced = await openAndList();
    await waitShown(page, 'panel', true);
    assert.ok(normal.length > 0, 'opening animates without the preference (so this test can see an animation): ' + JSON.stringify(normal));
    assert.deepEqual(reduced, [], 'with prefers-reduced-motion: reduce, opening starts no animation or transition');
  });

  test('webirc widget: screenshots of the demo page: the bubble with an unread count, the open panel', async () => {
    await setup();
    const page = await newContextPage(chrome.browser, 'visitor-demo');
    visitors.push(page);
    await page.goto(desk.base + '/webirc/');
    await shotOnFailure(page, 'webirc-demo', async () => {
      await waitWidget(page, { state: 'online' });
      await waitHelpersOnline(page, 1);
      await openWidget(page);
      await visitorSay(page, 'Hi! Can I still change the delivery address of my order?', { name: 'Maria' });
      await helperOpenConversation(helper, 'Maria');
      await helperSay(helper, 'Of course. What is the order number?');
      await waitWidgetMessages(page, [{ from: 'helper', text: 'Of course. What is the order number?' }]);
      await visitorSay(page, 'It is 10442.');
      await waitHelperMessages(helper, ['It is 10442.']);
      await helperSay(helper, 'Thanks! Done: it now goes to the new address.');
      await waitWidgetMessages(page, [{ from: 'helper', text: 'Thanks! Done: it now goes to the new address.' }]);
      await settledWidget(page);
      await page.screenshot({ path: path.join(DOC_IMAGES, 'webirc-open.png') });

      await closeWidget(page);
      await helperSay(helper, 'Anything else I can do for you?');
      await helperSay(helper, 'Have a nice day!');
      await page.waitForFunction(() => {
        const u = document.querySelector('[data-orbited-webirc]').shadowRoot.querySelector('[data-part=unread]');
        return !!u && u.textContent.trim() === '2';
      }, { ...POLL, timeout: 15000 }).catch(async (e) => {
        throw new Error('the bubble does not show 2 unread: ' + await page.evaluate(() =>
          document.querySelector('[data-orbited-webirc]').shadowRoot.querySelector('[data-part=unread]')?.outerHTML) + ' (' + e.message + ')');
      });
      assert.equal(await shown(page, 'unread'), true, 'the unread count shows on the bubble');
      await settledWidget(page);
      await page.screenshot({ path: path.join(DOC_IMAGES, 'webirc-closed.png') });
      await openWidget(page);
      await waitShown(page, 'unread', false);
    });
  });

  test('webirc widget: a node restart mid-conversation shows reconnecting, then every numbered line arrives once', { timeout: 150000 }, async () => {
    const page = await visitor('visitor-restart');
    await shotOnFailure(page, 'webirc-restart', async () => {
      await openWidget(page);
      await visitorSay(page, 'Before the restart', { name: 'Rita Restart' });
      await helperOpenConversation(helper, 'Rita Restart');
      await waitHelperMessages(helper, ['Before the restart']);
      await helperSay(helper, 'Answer before the restart');
      await waitWidgetMessages(page, [{ from: 'helper', text: 'Answer before the restart' }]);
      const onlineStatus = await statusText(page);
      await recordWidgetStates(page);

      const how = await desk.node.stop();
      console.log('[webirc-restart] node stopped: ' + JSON.stringify(how));
      await page.waitForFunction(() => document.querySelector('[data-orbited-webirc]').getAttribute('data-state') === 'reconnecting',
        { ...POLL, timeout: 20000 }).catch(async (e) => {
        throw new Error('no data-state=reconnecting after the node stopped: ' + JSON.stringify(await widgetStates(page)) + ' (' + e.message + ')');
      });
      const reconnectingStatus = await statusText(page);
      assert.ok(reconnectingStatus.shown && reconnectingStatus.text && reconnectingStatus.text !== onlineStatus.text,
        'the panel says it is reconnecting: ' + JSON.stringify({ online: onlineStatus, reconnecting: reconnectingStatus }));
      // A line written while the node is away waits in the widget and goes once the link is back.
      await visitorSay(page, 'Written while reconnecting');
      await desk.node.start();
      await waitWidget(page, { state: 'online', timeout: 60000 });
      await waitHelperOnline(helper, 60000);
      await waitHelpersOnline(page, 1, 30000);
      const states = await widgetStates(page);
      assert.equal(states[0], 'online');
      assert.ok(states.includes('reconnecting') && states[states.length - 1] === 'online', 'states: ' + JSON.stringify(states));

      const N = 5, mine = [], theirs = [];
      for (let i = 1; i <= N; i++) {
        mine.push('visitor line #' + i + ' after the restart');
        theirs.push('helper line #' + i + ' after the restart');
        await visitorSay(page, mine[i - 1]);
        await helperSay(helper, theirs[i - 1]);
      }
      await waitWidgetMessages(page, theirs.map((text) => ({ from: 'helper', text })), 20000);
      await waitHelperMessages(helper, ['Written while reconnecting', ...mine], 20000);
      const log = await widgetMessages(page);
      const deskLog = (await helperMessages(helper)).map((m) => m.text);
      const count = (list, t) => list.filter((x) => x === t).length;
      const texts = log.map((m) => m.text);
      for (const t of ['Before the restart', 'Answer before the restart', 'Written while reconnecting', ...mine, ...theirs]) {
        assert.equal(count(texts, t), 1, 'the widget shows ' + JSON.stringify(t) + ' once: ' + JSON.stringify(log));
      }
      for (const t of ['Written while reconnecting', ...mine, ...theirs]) assert.equal(count(deskLog, t), 1, 'the help-desk page shows ' + JSON.stringify(t) + ' once: ' + JSON.stringify(deskLog));
      const order = (list, lines) => lines.map((t) => list.indexOf(t));
      const sorted = (a) => a.every((v, i) => i === 0 || v > a[i - 1]);
      assert.ok(sorted(order(texts, mine)) && sorted(order(texts, theirs)), 'widget: each side\'s lines in the order sent: ' + JSON.stringify(texts));
      assert.ok(sorted(order(deskLog, ['Written while reconnecting', ...mine])) && sorted(order(deskLog, theirs)), 'help-desk page: each side\'s lines in order: ' + JSON.stringify(deskLog));
    });
  });
});

describe('webirc widget, local mode: coming back, leaving, privacy', () => {
  afterEach(async () => {
    for (const v of visitors.splice(0)) await v.closeContext().catch(() => {});
  });

  /** The visitor's own line reaches the help-desk page, which opens its conversation. */
  async function askAndOpen(page, line, name) {
    await openWidget(page);
    await visitorSay(page, line, { name });
    await helperOpenConversation(helper, name);
    await waitHelperMessages(helper, [line]);
  }

  const unreadText = (page) => page.evaluate(() => {
    const u = document.querySelector('[data-orbited-webirc]').shadowRoot.querySelector('[data-part=unread]');
    return u && !u.hidden ? u.textContent : '';
  });

  test('webirc widget: an answer given while no page was open shows as 1 unread when the visitor comes back', async () => {
    const page = await visitor('visitor-return');
    const context = page.browserContext();
    await shotOnFailure(page, 'webirc-return', async () => {
      await askAndOpen(page, 'Is the blue teapot back in stock?', 'Ruth Return');
      await closeWidget(page);
      await page.close();
      await helperSay(helper, 'Yes, since this morning.');
      const back = await context.newPage();
      back.on('pageerror', (e) => console.log('[visitor-return] pageerror: ' + e.message));
      await back.goto(host.url('/'));
      await waitWidget(back, { state: 'online' });
      await back.waitForFunction(() => document.querySelector('[data-orbited-webirc]').shadowRoot.querySelector('[data-part=unread]').textContent === '1',
        { ...POLL, timeout: 15000 }).catch(async (e) => {
        throw new Error('the bubble shows no 1 unread: ' + JSON.stringify(await unreadText(back)) + ' (' + e.message + ')');
      });
      assert.equal(await shown(back, 'unread'), true, 'the unread badge shows');
      await openWidget(back);
      await waitWidgetMessages(back, [{ from: 'helper', text: 'Yes, since this morning.' }]);
      await waitShown(back, 'unread', false);
      // seen now: the next page counts nothing again
      await closeWidget(back);
      await back.reload();
      await waitWidget(back, { state: 'online' });
      await waitWidgetMessages(back, [{ from: 'helper', text: 'Yes, since this morning.' }]);
      assert.equal(await unreadText(back), '', 'a line seen once is not unread on the next page');
    });
  });

  test('webirc widget: ten quick navigations leave no live client behind: the helper count is right and sending works', async () => {
    const page = await visitor('visitor-navigate');
    await shotOnFailure(page, 'webirc-navigate', async () => {
      await askAndOpen(page, 'First page', 'Nina Navigate');
      // every /meta/disconnect the tab's WebSockets send, counted in sessionStorage (it outlives each page)
      await page.evaluateOnNewDocument(() => {
        const send = WebSocket.prototype.send;
        WebSocket.prototype.send = function (d) {
          if (String(d).includes('/meta/disconnect')) sessionStorage.setItem('disconnects', String((Number(sessionStorage.getItem('disconnects')) || 0) + 1));
          return send.call(this, d);
        };
      });
      // each page's widget says hello (a client of this visitor at the desk), then the next
      for (let i = 0; i < 10; i++) {
        await page.goto(host.url('/?page=' + i));
        await waitWidget(page, { state: 'online' });
        await waitHelpersOnline(page, 1);
      }
      assert.equal((await hostState(page)).helpers, '1', 'data-helpers is the real count (one help-desk page)');
      const disconnects = await page.evaluate(() => Number(sessionStorage.getItem('disconnects')) || 0);
      // ten pages left; the first was loaded before the counter was in place
      assert.equal(disconnects, 9, 'each page left with a /meta/disconnect (no live client left behind for max_interval)');
      await openWidget(page);
      await visitorSay(page, 'After ten pages');
      await waitHelperMessages(helper, ['After ten pages']);
      const mine = (await widgetMessages(page)).find((m) => m.text === 'After ten pages');
      assert.ok(mine, 'the line shows');
      const failed = await page.evaluate(() => document.querySelector('[data-orbited-webirc]').shadowRoot.querySelectorAll('[data-part=msg].failed').length);
      assert.equal(failed, 0, 'no line marked failed');
    });
  });

  test('webirc widget: the helpers see the page without its query and fragment unless data-page="full"', async () => {
    await setup();
    host.setPage('/account/reset', hostPageHtml({ nodeBase: desk.base }));
    host.setPage('/full', hostPageHtml({ nodeBase: desk.base, attrs: { channel: 'support', page: 'full' } }));
    const page = await visitor('visitor-private', { pathname: '/account/reset?t=secret-token-123#access_token=secret-oauth' });
    await shotOnFailure(page, 'webirc-private', async () => {
      await askAndOpen(page, 'My reset link does not work', 'Pia Private');
      const seen = await helper.evaluate(() => document.querySelector('[data-part=chat]').outerHTML);
      assert.ok(seen.includes('/account/reset'), 'the helper sees the page: ' + seen.slice(0, 400));
      assert.ok(!seen.includes('secret'), 'no query or fragment on the help-desk page');
      const full = await visitor('visitor-full', { pathname: '/full?q=teapots' });
      await askAndOpen(full, 'Searching for teapots', 'Fred Full');
      await helper.waitForFunction(() => document.querySelector('[data-part=chat]').outerHTML.includes('q=teapots'),
        { ...POLL, timeout: 10000 });
    });
  });

  test('webirc widget: a visitor typing for 8 s still shows as typing on the help-desk page after 7 s', async () => {
    const page = await visitor('visitor-typing');
    await shotOnFailure(page, 'webirc-typing', async () => {
      await askAndOpen(page, 'A long question follows', 'Tom Typing');
      await (await part(page, 'input')).click();
      const typing = () => helper.evaluate(() => document.querySelector('[data-part=typing]').textContent);
      const start = Date.now();
      let shownLate = false;
      for (let i = 0; i < 200 && Date.now() - start < 8000; i++) {   // a key every 200 ms: a visitor writing on
        await page.keyboard.type('x');
        await new Promise((r) => setTimeout(r, 200));
        if (Date.now() - start > 7000 && /typing/.test(await typing())) shownLate = true;
      }
      assert.ok(shownLate, 'the help-desk page still shows the visitor typing 7 s on: ' + JSON.stringify(await typing()));
    });
  });

  test('webirc widget: a line whose answer is lost with the link is sent again and lands once, not marked failed', { timeout: 90000 }, async () => {
    await setup();
    const cutter = await startAnswerCutter(new URL(desk.base).port);
    try {
      host.setPage('/cut', hostPageHtml({ nodeBase: desk.base, attrs: { channel: 'support', server: cutter.base } }));
      const page = await visitor('visitor-cut', { pathname: '/cut' });
      await shotOnFailure(page, 'webirc-cut', async () => {
        await askAndOpen(page, 'Before the cut', 'Carl Cut');
        const line = 'Lost answer line ' + Date.now();
        cutter.cutOn(line);
        await visitorSay(page, line, { wait: false });
        await page.waitForFunction((t) => [...document.querySelector('[data-orbited-webirc]').shadowRoot.querySelectorAll('[data-part=msg]')]
          .some((m) => m.querySelector('[data-part=text]').textContent === t && !m.classList.contains('pending')),
        { ...POLL, timeout: 30000 }, line).catch(async (e) => {
          throw new Error('the line did not settle: ' + await page.evaluate(() => document.querySelector('[data-orbited-webirc]').shadowRoot.querySelector('[data-part=log]').outerHTML) + ' ' + e.message);
        });
        assert.equal(cutter.cuts, 1, 'the answer was cut');
        await visitorSay(page, 'After the cut');
        await waitHelperMessages(helper, [line, 'After the cut']);
        const rows = await page.evaluate((t) => [...document.querySelector('[data-orbited-webirc]').shadowRoot.querySelectorAll('[data-part=msg]')]
          .filter((m) => m.querySelector('[data-part=text]').textContent === t).map((m) => m.className), line);
        assert.equal(rows.length, 1, 'one row for the line: ' + JSON.stringify(rows));
        assert.ok(!/failed|pending/.test(rows[0]), 'not marked: ' + rows[0]);
        const deskLines = (await helperMessages(helper)).filter((m) => m.text === line);
        assert.equal(deskLines.length, 1, 'one line at the desk: ' + JSON.stringify(await helperMessages(helper)));
      });
    } finally {
      await cutter.close();
    }
  });

  test('webirc widget: data-open="1" opens the panel until the visitor closes it, then stays closed on every page', async () => {
    await setup();
    host.setPage('/open', hostPageHtml({ nodeBase: desk.base, attrs: { channel: 'support', open: '1' } }));
    const page = await visitor('visitor-open', { pathname: '/open' });
    await waitShown(page, 'panel', true);
    await closeWidget(page);
    await page.goto(host.url('/open'));
    await waitWidget(page, { state: 'online' });
    assert.equal(await shown(page, 'panel'), false, 'closed by the visitor: stays closed on the next page');
    await openWidget(page);
    await page.goto(host.url('/open'));
    await waitWidget(page, { state: 'online' });
    await waitShown(page, 'panel', true);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Host page and widget snapshots

/** The host content of the hostile-CSS comparison: short, top left, so nothing of the host page lies under the widget. */
const CALM_BODY = '<p id="host-short">Shop</p>';

/** What a careless site stylesheet does to everything it reaches; it reaches the widget's host element, no further. */
const HOSTILE_CSS = `
* { all: unset !important; font-size: 40px !important; color: red !important; font-family: "Comic Sans MS", fantasy !important;
    line-height: 3 !important; letter-spacing: 3px !important; word-spacing: 9px !important; text-transform: uppercase !important;
    text-align: right !important; font-style: italic !important; font-weight: 900 !important; cursor: crosshair !important;
    text-shadow: 2px 2px lime !important; white-space: pre !important; direction: ltr !important; }
*, *::before, *::after { box-sizing: content-box !important; }
html { background: #fafaf7 !important; } /* the calm page's backdrop: under the bubble's round corners both pages match */
head, script, style, title { display: none !important; }
div, button, textarea, input, span, p, a, form, label, ul, li, header, section, footer, aside, svg {
  display: block !important; position: static !important; float: left !important; margin: 12px !important;
  padding: 12px !important; border: 4px dashed blue !important; background: yellow !important; width: 280px !important;
  height: 60px !important; min-width: 0 !important; max-width: none !important; overflow: visible !important; }
button:hover, button:focus, textarea:focus, [tabindex]:focus { outline: 6px solid magenta !important; }
svg, path, circle { fill: red !important; stroke: red !important; }
`;

const STYLE_PROPS = ['display', 'position', 'top', 'right', 'bottom', 'left', 'float', 'width', 'height', 'margin-top',
  'margin-right', 'margin-bottom', 'margin-left', 'padding-top', 'padding-right', 'padding-bottom', 'padding-left',
  'border-top-width', 'border-top-style', 'border-top-color', 'border-left-width', 'border-left-style', 'border-radius',
  'box-sizing', 'background-color', 'background-image', 'color', 'font-family', 'font-size', 'font-weight', 'font-style',
  'line-height', 'letter-spacing', 'word-spacing', 'text-transform', 'text-align', 'text-shadow', 'white-space',
  'box-shadow', 'opacity', 'visibility', 'transform', 'z-index', 'cursor', 'overflow-x', 'overflow-y', 'outline-style',
  'fill', 'stroke'];

/**
 * The widget, once its animations are over: the host element (depth 0) and every element of its shadow root, each with
 * its box, whether it shows, and STYLE_PROPS; and which widget element has the focus (then blurred, so no caret or
 * focus ring differs between two pages).
 */
async function settledWidget(page) {
  const focus = await page.evaluate(() => {
    const a = document.querySelector('[data-orbited-webirc]').shadowRoot.activeElement;
    if (!a) return null;
    a.blur();
    return a.getAttribute('data-part') || a.tagName.toLowerCase();
  });
  await page.mouse.move(1, 1); // no :hover left on the bubble by the click that opened it
  await page.evaluate(async () => {
    const root = document.querySelector('[data-orbited-webirc]').shadowRoot;
    const until = Date.now() + 5000;
    while (Date.now() < until) {
      void document.body.offsetWidth; // flush style, so a transition just caused exists
      const running = root.getAnimations().filter((a) => a.playState === 'running' || a.pending);
      if (!running.length) return;
      await Promise.race([Promise.all(running.map((a) => a.finished.catch(() => {}))), new Promise((r) => setTimeout(r, 1000))]);
    }
  });
  const elements = await page.evaluate((props) => {
    const hostEl = document.querySelector('[data-orbited-webirc]');
    const root = hostEl.shadowRoot;
    const describe = (el, depth, key) => {
      const r = el.getBoundingClientRect(), cs = getComputedStyle(el);
      const style = {};
      for (const p of props) style[p] = cs.getPropertyValue(p);
      const round = (v) => Math.round(v * 100) / 100;
      return { key, depth, shown: r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && !el.closest('[hidden]'),
        rect: { x: round(r.x), y: round(r.y), width: round(r.width), height: round(r.height) }, style };
    };
    const out = [describe(hostEl, 0, 'host')];
    [...root.querySelectorAll('*')].filter((el) => !['STYLE', 'LINK'].includes(el.tagName)).forEach((el, i) => {
      out.push(describe(el, 1, i + ' ' + el.tagName.toLowerCase() + (el.getAttribute('data-part') ? '[data-part=' + el.getAttribute('data-part') + ']' : '')));
    });
    return out;
  }, STYLE_PROPS);
  return { focus, elements };
}

/** The host page as a visitor's browser has it: elements outside the widget, globals, styles, focus, scroll size. */
function hostSnapshot(page) {
  return page.evaluate((props) => {
    const hostEl = document.querySelector('[data-orbited-webirc]');
    const els = [document.documentElement, document.body, ...document.body.querySelectorAll('*')]
      .filter((el) => el !== hostEl && el.tagName !== 'SCRIPT');
    const elements = els.map((el) => {
      const r = el.getBoundingClientRect(), cs = getComputedStyle(el);
      const style = {};
      for (const p of props) style[p] = cs.getPropertyValue(p);
      return { key: el.id || el.tagName.toLowerCase(), depth: 0, shown: true, rect: { x: r.x, y: r.y, width: r.width, height: r.height }, style };
    });
    const attrs = (el) => [...el.attributes].map((x) => x.name + '=' + x.value).sort();
    return {
      globals: Object.getOwnPropertyNames(window),
      styleNodes: [...document.querySelectorAll('style, link')].map((s) => s.tagName + '#' + s.id + ' ' + (s.getAttribute('href') || '')),
      adopted: document.adoptedStyleSheets.length,
      rootAttrs: { html: attrs(document.documentElement), body: attrs(document.body) },
      scroll: { width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight },
      bodyChildren: [...document.body.children].filter((e) => e.tagName !== 'SCRIPT')
        .map((e) => (e === hostEl ? 'div[data-orbited-webirc]' : e.tagName.toLowerCase() + '#' + e.id)),
      active: document.activeElement ? document.activeElement.tagName : null,
      elements,
    };
  }, STYLE_PROPS);
}

/**
 * Inherited text properties are compared on the widget's own elements, where they render; on the host element itself
 * (depth 0), which draws no text, only its box and what it paints count.
 */
const HOST_ELEMENT_SKIP = new Set(['color', 'font-family', 'font-size', 'font-weight', 'font-style', 'line-height',
  'letter-spacing', 'word-spacing', 'text-transform', 'text-align', 'text-shadow', 'white-space', 'cursor', 'fill', 'stroke']);

/** "key: what differs" for every element whose box, visibility or style differs between two snapshots. */
function snapshotDiffs(a, b) {
  const out = [];
  if (a.length !== b.length) out.push('element count ' + a.length + ' vs ' + b.length);
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i], y = b[i];
    if (x.key !== y.key) { out.push('element ' + i + ' is ' + x.key + ' vs ' + y.key); continue; }
    if (x.shown !== y.shown) out.push(x.key + ': shown ' + x.shown + ' vs ' + y.shown);
    // Where an empty (0x0 or zero-height) box sits follows the host page's flow and shows nothing: its size counts.
    const empty = (r) => r.width === 0 || r.height === 0;
    const rx = empty(x.rect) && empty(y.rect) ? { width: x.rect.width, height: x.rect.height } : x.rect;
    const ry = empty(x.rect) && empty(y.rect) ? { width: y.rect.width, height: y.rect.height } : y.rect;
    if (JSON.stringify(rx) !== JSON.stringify(ry)) out.push(x.key + ': box ' + JSON.stringify(x.rect) + ' vs ' + JSON.stringify(y.rect));
    for (const p of Object.keys(x.style)) if (x.style[p] !== y.style[p] && !(x.depth === 0 && x.key === 'host' && HOST_ELEMENT_SKIP.has(p))) out.push(x.key + ': ' + p + ' ' + JSON.stringify(x.style[p]) + ' vs ' + JSON.stringify(y.style[p]));
  }
  return out;
}

function unionBox(rects) {
  const r = rects.filter((b) => b.width > 0 && b.height > 0);
  const x = Math.max(0, Math.floor(Math.min(...r.map((b) => b.x)))), y = Math.max(0, Math.floor(Math.min(...r.map((b) => b.y))));
  const right = Math.ceil(Math.max(...r.map((b) => b.x + b.width))), bottom = Math.ceil(Math.max(...r.map((b) => b.y + b.height)));
  return { x, y, width: right - x, height: bottom - y };
}

/** Screenshots `clip` of both pages and counts the pixels that differ (decoded by Chromium in a scratch page). */
async function comparePixels(pageA, pageB, clip) {
  const [a, b] = [await pageA.screenshot({ clip, encoding: 'base64' }), await pageB.screenshot({ clip, encoding: 'base64' })];
  if (a === b) return { differing: 0 };
  const scratch = await chrome.browser.newPage();
  try {
    return await scratch.evaluate(async (a64, b64) => {
      const load = async (b64) => createImageBitmap(await (await fetch('data:image/png;base64,' + b64)).blob());
      const [ia, ib] = [await load(a64), await load(b64)];
      const pixels = (img) => { const c = new OffscreenCanvas(img.width, img.height); const g = c.getContext('2d'); g.drawImage(img, 0, 0); return g.getImageData(0, 0, img.width, img.height).data; };
      if (ia.width !== ib.width || ia.height !== ib.height) return { differing: -1, sizes: [ia.width, ia.height, ib.width, ib.height] };
      const [pa, pb] = [pixels(ia), pixels(ib)];
      let differing = 0, minX = Infinity, minY = Infinity, maxX = -1, maxY = -1;
      for (let i = 0; i < pa.length; i += 4) {
        if (pa[i] !== pb[i] || pa[i + 1] !== pb[i + 1] || pa[i + 2] !== pb[i + 2] || pa[i + 3] !== pb[i + 3]) {
          differing++;
          const x = (i / 4) % ia.width, y = Math.floor(i / 4 / ia.width);
          minX = Math.min(minX, x); minY = Math.min(minY, y); maxX = Math.max(maxX, x); maxY = Math.max(maxY, y);
        }
      }
      return { differing, of: ia.width * ia.height, where: differing ? { minX, minY, maxX, maxY } : null };
    }, a, b);
  } finally {
    await scratch.close();
  }
}

/** The [data-part=status] text and whether it shows. */
const statusText = (page) => page.evaluate(() => {
  const el = document.querySelector('[data-orbited-webirc]').shadowRoot.querySelector('[data-part=status]');
  if (!el) return { shown: false, text: null };
  const r = el.getBoundingClientRect();
  return { shown: r.width > 0 && r.height > 0 && !el.closest('[hidden]'), text: el.textContent.trim() };
});
