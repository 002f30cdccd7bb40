// Shared by the WebIRC widget's bridge tests (issue 15: webirc-irc.test.mjs and webirc-xmpp.test.mjs): the rig (a chat
// server of the test's own, a node with one shaded bridge jar in its plugin directory, host pages on another origin and
// site, Chromium) and the checks both bridges must pass. Each test file keeps what is its protocol's own: the chat
// server's configuration, the helper's client, and a `talk` object through which the checks here drive that client:
//
//   mark()                        where the helper's record stands now (a `from` for await and since)
//   await(pred, what, from)       the first record since `from` matching `pred` (bounded; rejects with the record)
//   since(mark)                   the records since `mark`
//   say(text), privately(nick, text)   a line in the channel / room, or to one nick
//   relayed(re)                   a predicate: a line the bridge relayed into the channel, its text (`<name_web> ...`) matching `re`
//   textOf(record)                the text of such a line
//   expectRelayed(text, what, from)    waits for the bridge's relay of exactly `text` (asserting on the protocol's own terms)
//   joined(nick), spoke(nick, text)    predicates: `nick`'s own connection joining the channel, and its own line `text`
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { launchBrowser } from './browser.mjs';
import {
  JAR, POLL, ROOT, hostPageHtml, newContextPage, openWidget, part, shotOnFailure, shown, startHostServer, startWebircNode,
  visitorSay, waitHelpersOnline, waitShown, waitWidget, waitWidgetMessages,
} from './webirc.mjs';

/** How long a wait on the chat server, the bridge or the helper may take. */
export const WAIT = 20000;
/** [bayeux] max_interval: a page that went away ends its Bayeux client this soon. */
export const MAX_INTERVAL = 2000;
/** The bridge's personal.grace: how long a personal connection outlives its page. */
export const GRACE = 3000;
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function canConnect(port) {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.on('connect', () => { s.destroy(); resolve(true); });
    s.on('error', () => resolve(false));
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The rig

/**
 * The rig of one bridge test file, started once by `rig.ready()` (the first test that runs; later calls wait for that
 * start): checks the node jar, then runs `prepare(rig)`, which starts the chat server (`rig.startServer`) and the node
 * (`rig.startNode`). `rig.stop(closeHelper)` (in `after`) closes the visitors' contexts, Chromium, the helper, the
 * node, the host pages and the chat server, in that order.
 */
export function bridgeRig(prepare) {
  let started;
  const rig = {
    pages: [], server: null, host: null, desk: null, chrome: null,

    ready() {
      started = started || (async () => {
        if (!fs.existsSync(JAR)) throw new Error(JAR + ' is missing: build the node first (docs/webirc.md "Tests")');
        await prepare(rig);
      })();
      return started;
    },

    /**
     * Spawns the chat server `cmd args` in `dir` (its output in dir/NAME.log) and waits until it listens on `port`;
     * fails with its log if it exits first, or after `within` ms.
     */
    async startServer({ name, cmd, args, dir, port, within, step }) {
      const log = path.join(dir, name + '.log');
      const out = fs.openSync(log, 'w');
      rig.server = spawn(cmd, args, { cwd: dir, stdio: ['ignore', out, out] });
      fs.closeSync(out);
      for (const until = Date.now() + within; !(await canConnect(port));) {
        assert.equal(rig.server.exitCode, null, name + ' exited: ' + fs.readFileSync(log, 'utf8'));
        assert.ok(Date.now() < until, name + ' did not listen within ' + within / 1000 + ' s');
        await sleep(step);
      }
    },

    /**
     * The shaded jar of `module` (bridge-irc, bridge-xmpp) alone in the node's plugin directory, `section` (the
     * bridge's config lines) with personal.grace = GRACE, the host pages (`pages`: path to hostPageHtml options), the
     * node (max_interval = MAX_INTERVAL) and Chromium; waits until the node's log says `ready` (`what` within 20 s).
     */
    async startNode({ dir, module, section, ready, what, pages }) {
      const plugins = path.join(dir, 'plugins');
      fs.mkdirSync(plugins);
      const target = path.join(ROOT, module, 'target');
      const shaded = new RegExp('^' + module + '-.*\\.jar$');
      const jars = fs.readdirSync(target).filter((f) => shaded.test(f) && !/-(sources|tests)\.jar$/.test(f));
      assert.equal(jars.length, 1, 'the shaded bridge jar in ' + target + ' (mvn -pl ' + module + ' -am package): ' + jars);
      fs.copyFileSync(path.join(target, jars[0]), path.join(plugins, jars[0]));
      const cfg = path.join(dir, 'orbited.cfg');
      fs.writeFileSync(cfg, ['[global]', 'plugin.dir = ' + plugins, '', ...section, 'personal.grace = ' + GRACE + 'ms', ''].join('\n'));

      rig.host = await startHostServer();
      rig.desk = await startWebircNode({ dir: path.join(dir, 'node'), pageOrigin: rig.host.origin,
        args: ['--config', cfg, '--set', 'bayeux.max_interval=' + MAX_INTERVAL] });
      for (const until = Date.now() + 20000; !ready.test(rig.desk.log());) {
        assert.ok(Date.now() < until, what + ' within 20 s:\n' + rig.desk.log());
        await sleep(100);
      }
      for (const [p, o] of Object.entries(pages)) rig.host.setPage(p, hostPageHtml({ nodeBase: rig.desk.base, ...o }));
      rig.chrome = await launchBrowser();
    },

    /** A visitor of its own (browser context) on host page `pathname`, the widget there. */
    async visitor(name, pathname) {
      await rig.ready();
      const page = await newContextPage(rig.chrome.browser, name);
      rig.pages.push(page);
      await page.goto(rig.host.url(pathname));
      await waitWidget(page);
      return page;
    },

    async stop(closeHelper) {
      for (const p of rig.pages) await p.closeContext().catch(() => {});
      if (rig.chrome) await rig.chrome.close();
      await closeHelper();
      if (rig.desk) await rig.desk.stop();
      if (rig.host) await rig.host.close();
      if (rig.server && rig.server.exitCode === null) rig.server.kill('SIGTERM');
    },
  };
  return rig;
}

// ---------------------------------------------------------------------------------------------------------------
// The widget, as the bridge tests look at it

/** The rows showing `text`, as [from, pending] pairs. */
export const rowsOf = (page, text) => page.evaluate((t) => [...document.querySelector('[data-orbited-webirc]').shadowRoot
  .querySelectorAll('[data-part=log] [data-part=msg]')].filter((m) => m.querySelector('[data-part=text]')?.textContent === t)
  .map((m) => [m.getAttribute('data-from'), m.classList.contains('pending')]), text);

/** Waits (bounded by `ms`) until `text` shows in `n` rows none of which is still being sent. */
export async function settled(page, text, n = 1, ms = 5000) {
  await page.waitForFunction((t, k) => {
    const rows = [...document.querySelector('[data-orbited-webirc]').shadowRoot.querySelectorAll('[data-part=log] [data-part=msg]')]
      .filter((m) => m.querySelector('[data-part=text]')?.textContent === t);
    return rows.length >= k && rows.every((m) => !m.classList.contains('pending'));
  }, { ...POLL, timeout: ms }, text, n).catch(async (e) => {
    throw new Error(JSON.stringify(text) + ' not settled in ' + n + ' row(s) within ' + ms + ' ms: ' + JSON.stringify(await rowsOf(page, text)) + ' (' + e.message + ')');
  });
}

/** What ran or was built from chat text in the page: script side effects, dialogs, elements, links. */
export const damage = (page) => page.evaluate(() => {
  const root = document.querySelector('[data-orbited-webirc]').shadowRoot;
  return {
    pwned: window.__pwned || null,
    imgs: root.querySelectorAll('img').length + document.querySelectorAll('img').length,
    links: [...root.querySelectorAll('[data-part=log] a')].map((a) => [a.getAttribute('href'), a.rel, a.target]),
  };
});

/** The host element's data-helpers. */
export const helpersAttr = (page) => page.evaluate(() => document.querySelector('[data-orbited-webirc]').getAttribute('data-helpers'));

/** Waits until the widget counts no helper (data-helpers=0) and shows the offline form. */
export async function waitNoHelpers(page) {
  await page.waitForFunction(() => document.querySelector('[data-orbited-webirc]').getAttribute('data-helpers') === '0',
    { ...POLL, timeout: WAIT });
  await waitShown(page, 'offline-form');
}

/** Waits until the widget counts a helper online and names it (the header says "helper"). */
export async function waitHelperNamed(page) {
  await waitHelpersOnline(page, 1);
  assert.match(await (await part(page, 'helpers')).evaluate((e) => e.textContent), /helper/);
}

/** Another page of the site (or the same again): the widget there, its panel open. */
export async function nextPage(page, url) {
  await page.goto(url);
  await waitWidget(page);
  await openWidget(page);
}

// ---------------------------------------------------------------------------------------------------------------
// The checks both bridges pass

/** Chat text that must stay text: markup and a javascript: link from the helper, markup from the visitor. */
export const IMG = '<img src=x onerror="window.__pwned=1;alert(1)">';
export const JS = 'javascript:window.__pwned=2 or see https://example.org/help';
export const MINE = '<img src=x onerror="window.__pwned=3"> javascript:alert(3)';

/**
 * Relay mode both ways: the visitor's first line (the name form answered with `name`) reaches the channel as
 * `<NAME_web> ...` from the bridge, and the helper's `reply` shows in the widget.
 */
export async function relayBothWays(page, talk, { name, reply }) {
  const mark = talk.mark();
  await visitorSay(page, 'hello from the web', { name });
  await talk.expectRelayed('<' + name + '_web> hello from the web', 'the relayed line', mark);
  talk.say(reply);
  await waitWidgetMessages(page, [{ from: 'helper', text: reply }]);
}

/**
 * Markup and javascript: from the helper (IMG, JS) and from the visitor `name` (MINE, relayed as it is): all text in
 * the widget, nothing runs, no image, only the https link is a link (noopener, new tab), no dialog.
 */
export async function markupStaysText(page, talk, { name }) {
  talk.say(IMG);
  talk.say(JS);
  await waitWidgetMessages(page, [{ from: 'helper', text: IMG }, { from: 'helper', text: JS }]);
  const mark = talk.mark();
  await visitorSay(page, MINE);
  await talk.expectRelayed('<' + name + '_web> ' + MINE, 'the visitor\'s markup, as text', mark);
  assert.deepEqual(await damage(page), { pwned: null, imgs: 0,
    links: [['https://example.org/help', 'noopener noreferrer nofollow', '_blank']] });
  assert.deepEqual(page.dialogs, []);
}

/**
 * Personal mode's first lines: the visitor says a line as `nick` (the name form), its own connection joins and speaks
 * it; the helper's line to the channel and its private line both show. Resolves with the mark before the visitor spoke.
 */
export async function personalFirstLines(page, talk, nick) {
  await openWidget(page);
  const mark = talk.mark();
  await visitorSay(page, 'hi as myself', { name: nick });
  await talk.await(talk.joined(nick), nick + '\'s own connection joining', mark);
  await talk.await(talk.spoke(nick, 'hi as myself'), nick + '\'s line', mark);
  talk.say('hello ' + nick);
  talk.privately(nick, 'just for you');
  await waitWidgetMessages(page, [{ from: 'helper', text: 'hello ' + nick }, { from: 'helper', text: 'just for you' }]);
  return mark;
}

/** Reloads the page and opens the widget again; resolves with when the reload began. */
export async function reloadPage(page) {
  const reloaded = Date.now();
  await page.reload();
  await waitWidget(page);
  await openWidget(page);
  return reloaded;
}

/**
 * Waits until the old page's client has surely ended (max_interval) and its grace is over (+ 3 s): a connection not
 * taken over would have left by then. Then a marker line from the helper shows, so all the channel saw is in.
 */
export async function waitOutGrace(page, talk, reloaded) {
  await sleep(Math.max(0, reloaded + MAX_INTERVAL + GRACE + 3000 - Date.now()));
  talk.say('marker after the grace');
  await waitWidgetMessages(page, [{ from: 'helper', text: 'marker after the grace' }]);
}

/**
 * A guest (data-ask-name=0, host page /guest) keeps its name across pages and knows its own lines by the say answer:
 * its line is relayed under a guest nick, settles as "me"; on the next page (a new Bayeux client) its next line goes
 * under the same nick and settles as "me" at once; then two guests say the same text at the same time and each sees
 * its own as "me", the other's as "other". `helperReady()` makes sure a helper is online.
 */
export async function guestKeepsName(rig, talk, helperReady, shotName) {
  await rig.ready();
  await helperReady();
  const a = await rig.visitor('guest-a', '/guest');
  const b = await rig.visitor('guest-b', '/guest');
  await shotOnFailure(a, shotName, async () => {
    for (const p of [a, b]) { await openWidget(p); await waitHelpersOnline(p, 1); }
    let mark = talk.mark();
    await visitorSay(a, 'first from a guest');
    const first = await talk.await(talk.relayed(/^<guest\d{4}_web> first from a guest$/), 'the guest\'s line', mark);
    const name = /<(guest\d{4}_web)>/.exec(talk.textOf(first))[1];
    await settled(a, 'first from a guest');

    // the next page: a new Bayeux client, the same guest name; the line shows once, as mine, at once (not after 10 s)
    await nextPage(a, rig.host.url('/guest'));
    await waitHelpersOnline(a, 1);
    mark = talk.mark();
    await visitorSay(a, 'second from the guest');
    await talk.await(talk.relayed(new RegExp('^<' + name + '> second from the guest$')), 'the same name', mark);
    await settled(a, 'second from the guest');
    assert.deepEqual(await rowsOf(a, 'second from the guest'), [['me', false]]);
    assert.deepEqual(await rowsOf(a, 'first from a guest'), [['me', false]]);

    // two visitors say the same text at the same time: each sees its own as "me", the other's as "other"
    const same = 'hi at the same time';
    mark = talk.mark();
    await Promise.all([a, b].map((p) => visitorSay(p, same, { wait: false })));
    const both = talk.relayed(new RegExp('> ' + escapeRe(same) + '$'));
    await talk.await(() => talk.since(mark).filter(both).length === 2, 'both lines', mark);
    for (const p of [a, b]) {
      await waitWidgetMessages(p, [{ from: 'me', text: same }, { from: 'other', text: same }]);
      await settled(p, same, 2);
      assert.deepEqual((await rowsOf(p, same)).map((r) => r[0]).sort(), ['me', 'other']);
    }
  });
}

/**
 * A name the protocol cannot make a nick of (`name`, on host page /relay): the name form lets the visitor through
 * and `text` goes out under a guest nick, settled as the visitor's own; the form is gone.
 */
export async function unusableNameSpeaksAsGuest(rig, talk, helperReady, { visitorName, name, text, shotName }) {
  await rig.ready();
  await helperReady();
  const page = await rig.visitor(visitorName, '/relay');
  await shotOnFailure(page, shotName, async () => {
    await openWidget(page);
    await waitHelpersOnline(page, 1);
    const mark = talk.mark();
    assert.equal(await visitorSay(page, text, { name, wait: false }), true, 'the name form was asked');
    await talk.await(talk.relayed(new RegExp('^<guest\\d{4}_web> ' + escapeRe(text) + '$')), 'the line under a guest nick', mark);
    await settled(page, text);
    assert.deepEqual(await rowsOf(page, text), [['me', false]]);
    assert.equal(await shown(page, 'name-form'), false);
  });
}
