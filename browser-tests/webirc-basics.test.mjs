// The WebIRC building blocks in headless Chromium (issue 15): the mini Bayeux client (webirc/src/main/js/bayeux.js,
// loaded as an ES module from a page on ORBITED_PAGE_PORT, an origin the run.sh node allows) over WebSocket and over
// long-polling (forced), across a node restart; and the widget in local mode on the run.sh node (/webirc/widget.js,
// the help desk on by default), with a helper signed in from a second browser context through bayeux.js and the
// helpdesk/helper/* services. The run.sh node's helper key is read from its log (the line the desk writes at start).
//
//   bash browser-tests/run.sh --test-name-pattern='webirc basics'
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { launchBrowser } from './lib/browser.mjs';
import { NodeProcess, freePort } from './lib/node-process.mjs';
import {
  JAR, POLL, ROOT, RUN_DIR, newContextPage, part, shotOnFailure, shown, waitShown, waitWidget, waitWidgetMessages, widgetMessages,
} from './lib/webirc.mjs';

const JS = path.join(ROOT, 'webirc', 'src', 'main', 'js');
const NODE = 'http://127.0.0.1:' + process.env.ORBITED_HTTP_PORT;
const PAGE_PORT = Number(process.env.ORBITED_PAGE_PORT);

let chrome, pages;
const contexts = [];
let ready;

/** Chromium and the page server (the bayeux.js sources and host pages), started by the first test that runs. */
function setup() {
  ready = ready || (async () => {
    assert.ok(process.env.ORBITED_HTTP_PORT && PAGE_PORT, 'run through browser-tests/run.sh (ORBITED_HTTP_PORT, ORBITED_PAGE_PORT)');
    pages = http.createServer((req, res) => {
      const u = new URL(req.url, 'http://x');
      if (u.pathname.startsWith('/js/') && /^[\w/.-]+\.js$/.test(u.pathname) && !u.pathname.includes('..')) {
        const file = path.join(JS, u.pathname.slice(4));
        if (fs.existsSync(file)) {
          res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
          res.end(fs.readFileSync(file));
          return;
        }
      }
      if (u.pathname === '/blank.html' || u.pathname === '/shop.html') {
        // /shop.html?channel=support&...: data-* attributes; at=PORT: the widget of the node on that port
        const at = u.searchParams.get('at') ? 'http://127.0.0.1:' + u.searchParams.get('at') : NODE;
        u.searchParams.delete('at');
        const attrs = u.pathname === '/blank.html' ? null : [...u.searchParams].map(([k, v]) => ' data-' + k + '="' + v.replace(/"/g, '') + '"').join('');
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
        res.end('<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
          '<title>Basics</title></head><body><main><h1>A shop</h1><p>Teapots.</p></main>' +
          (attrs === null ? '' : '<script src="' + at + '/webirc/widget.js"' + attrs + ' async></script>') + '</body></html>');
        return;
      }
      res.writeHead(404);
      res.end();
    });
    await new Promise((resolve, reject) => { pages.on('error', reject); pages.listen(PAGE_PORT, '127.0.0.1', resolve); });
    chrome = await launchBrowser();
  })();
  return ready;
}

after(async () => {
  for (const c of contexts) await c.closeContext().catch(() => {});
  if (chrome) await chrome.close();
  if (pages) await new Promise((r) => { pages.closeAllConnections(); pages.close(r); });
});

async function page(name, pathname = '/blank.html') {
  await setup();
  const p = await newContextPage(chrome.browser, name);
  contexts.push(p);
  await p.goto('http://127.0.0.1:' + PAGE_PORT + pathname);
  return p;
}

/**
 * A node of the test's own (free ports, in RUN_DIR/DIRNAME, the page server's origin allowed, `args` added) for `fn`,
 * which gets the node and its /cometd URL; the node is stopped afterwards, whatever happened.
 */
async function withOwnNode(dirName, args, fn) {
  const dir = path.join(RUN_DIR, dirName);
  fs.rmSync(dir, { recursive: true, force: true });
  const node = new NodeProcess({ jar: JAR, httpPort: await freePort(), opPort: await freePort(), dir,
    args: ['--set', 'bayeux.allowed_origins=http://127.0.0.1:' + PAGE_PORT, '--set', 'global.shutdown.drain=1', ...args] });
  await node.start();
  try {
    return await fn(node, 'http://127.0.0.1:' + node.httpPort + '/cometd');
  } finally {
    await node.stop();
  }
}

/**
 * Makes window.clients[name], a bayeux.js client on `url` in `p`, recording its states, handshakes, deliveries
 * (window.got[name]) and help-desk events (window.events[name]).
 */
function client(p, name, url, opts = {}) {
  return p.evaluate(async (name, url, opts) => {
    const { createBayeux } = await import('/js/bayeux.js');
    for (const k of ['clients', 'states', 'handshakes', 'got', 'events']) window[k] = window[k] || {};
    const b = createBayeux({ url, ...opts });
    window.clients[name] = b;
    window.states[name] = [];
    window.handshakes[name] = 0;
    window.got[name] = [];
    window.events[name] = [];
    b.on('state', (s) => window.states[name].push(s));
    b.on('handshake', () => { window.handshakes[name]++; });
    b.listen('/service/helpdesk/events', (d) => window.events[name].push(d));
    b.start();
  }, name, url, opts);
}

const waitState = (p, name, state, timeout = 20000) => p.waitForFunction((n, s) => window.clients[n].state === s,
  { ...POLL, timeout }, name, state).catch(async (e) => {
  throw new Error(name + ' not ' + state + ': states ' + JSON.stringify(await p.evaluate((n) => window.states[n], name)) + ' (' + e.message + ')');
});

describe('webirc basics: bayeux.js', () => {
  for (const transport of ['websocket', 'long-polling']) {
    test('webirc basics: bayeux.js over ' + transport + (transport === 'long-polling' ? ' (forced)' : '') +
      ': subscribe, publish, service calls matched by id, errors, timeout', async () => {
      const p = await page('bayeux-' + transport);
      const opts = transport === 'long-polling' ? { transports: ['long-polling'], callTimeout: 1500 } : { callTimeout: 1500 };
      await client(p, 'c', NODE + '/cometd', opts);
      await waitState(p, 'c', 'online');
      const r = await p.evaluate(async () => {
        const b = window.clients.c;
        const ch = '/basics/' + Math.random().toString(36).slice(2);
        const exact = [], pattern = [];
        b.subscribe(ch + '/x', (d) => exact.push(d));
        const off = b.subscribe(ch + '/*', (d) => pattern.push(d));
        const reply = await b.publish(ch + '/x', { n: 1 });
        const until = Date.now() + 10000;
        while (exact.length < 1 && Date.now() < until) await new Promise((res) => setTimeout(res, 50));
        off();
        await b.publish(ch + '/x', { n: 2 });
        while (exact.length < 2 && Date.now() < until) await new Promise((res) => setTimeout(res, 50));
        const hello = await b.call('helpdesk/hello', { desk: 'support', name: 'Bayeux Basics' });
        const unknownDesk = await b.call('helpdesk/hello', { desk: 'no-such-desk' });
        const outcome = (pr) => pr.then((v) => ({ ok: v }), (e) => ({ error: e.message }));
        const badChannel = await outcome(b.publish('/basics/*', { n: 3 }));
        const nobody = await outcome(b.call('nobody/home', {}));
        const fetches = performance.getEntriesByType('resource').filter((e) => e.name.includes('/cometd')).length;
        return { reply, exact, pattern, hello, unknownDesk, badChannel, nobody, transport: b.transport, fetches };
      });
      assert.equal(r.transport, transport);
      if (transport === 'websocket') assert.equal(r.fetches, 0, 'no HTTP request to /cometd over WebSocket');
      else assert.ok(r.fetches >= 3, 'long-polling: handshake, connects, publishes over HTTP (' + r.fetches + ')');
      assert.equal(r.reply.successful, true, 'publish reply: ' + JSON.stringify(r.reply));
      assert.deepEqual(r.exact, [{ n: 1 }, { n: 2 }], 'the exact subscription got both publications once each');
      assert.deepEqual(r.pattern, [{ n: 1 }], 'the pattern subscription got the first, then was unsubscribed');
      assert.equal(r.hello.ok, true, 'helpdesk/hello answered through call(): ' + JSON.stringify(r.hello));
      assert.equal(r.hello.name, 'Bayeux Basics');
      assert.ok(r.hello.visitor && r.hello.key, 'hello gives a visitor id and key');
      assert.equal(r.unknownDesk.ok, false);
      assert.equal(r.unknownDesk.code, 'helpdesk_unknown_desk', 'a desk refusal resolves with its code: ' + JSON.stringify(r.unknownDesk));
      assert.match(r.badChannel.error || '', /^405:/, 'publishing to a pattern rejects with the node\'s error: ' + JSON.stringify(r.badChannel));
      assert.equal(r.nobody.error, 'timeout', 'a service nobody answers rejects after callTimeout');
      await p.evaluate(() => window.clients.c.stop());
      assert.deepEqual(await p.evaluate(() => window.states.c), ['connecting', 'online', 'offline']);
    });
  }

  test('webirc basics: bayeux.js across a node restart: reconnecting, a new handshake, subscriptions restored, held publish sent', { timeout: 120000 }, async () => {
    await setup();
    await withOwnNode('webirc-basics-node', [], async (node, url) => {
      const p = await page('bayeux-restart');
      await client(p, 'ws', url, { callTimeout: 90000 });   // its held publish waits for the restart, however slow
      await client(p, 'lp', url, { transports: ['long-polling'] });
      await waitState(p, 'ws', 'online');
      await waitState(p, 'lp', 'online');
      await p.evaluate(() => {
        for (const n of ['ws', 'lp']) window.clients[n].subscribe('/restart/news', (d) => window.got[n].push(d.text));
      });
      await node.stop();
      await waitState(p, 'ws', 'reconnecting');
      await waitState(p, 'lp', 'reconnecting');
      // published while the node is down: held until the next handshake, then sent
      await p.evaluate(() => { window.held = window.clients.ws.publish('/restart/news', { text: 'held' }).then((r) => r.successful); });
      await node.start();
      await waitState(p, 'ws', 'online', 60000);
      await waitState(p, 'lp', 'online', 60000);
      assert.equal(await p.evaluate(() => window.held), true, 'the publish made while reconnecting was accepted');
      await p.evaluate(() => window.clients.lp.publish('/restart/news', { text: 'after' }));
      await p.waitForFunction(() => window.got.ws.includes('held') && ['ws', 'lp'].every((n) => window.got[n].includes('after')),
        { ...POLL, timeout: 15000 }).catch(async (e) => {
        throw new Error('subscriptions not restored: ' + JSON.stringify(await p.evaluate(() => window.got)) + ' ' + e.message);
      });
      const r = await p.evaluate(() => ({ got: window.got, handshakes: window.handshakes, states: window.states,
        transports: [window.clients.ws.transport, window.clients.lp.transport] }));
      // ws resubscribes in the batch that carries its held publish, so it gets 'held'; lp gets it only if it was back
      // first (no telling which client reconnects first)
      assert.deepEqual(r.got.ws, ['held', 'after'], 'ws: each line once, in order');
      assert.deepEqual(r.got.lp.filter((t) => t !== 'held'), ['after'], 'lp: the line after the restart, once: ' + JSON.stringify(r.got.lp));
      assert.ok(r.got.lp.filter((t) => t === 'held').length <= 1, 'lp: no duplicate');
      // at least one new handshake each (a client may also handshake with the stopping node during its drain second)
      assert.ok(r.handshakes.ws >= 2 && r.handshakes.lp >= 2, 'new handshakes after the restart: ' + JSON.stringify(r.handshakes));
      assert.deepEqual(r.transports, ['websocket', 'long-polling']);
      for (const n of ['ws', 'lp']) {
        assert.equal(r.states[n][0], 'connecting');
        assert.ok(r.states[n].includes('reconnecting') && r.states[n].at(-1) === 'online', n + ': ' + JSON.stringify(r.states[n]));
      }
      await p.evaluate(() => { window.clients.ws.stop(); window.clients.lp.stop(); });
    });
  });
});

/** A helper signed in from its own browser context through bayeux.js (window.clients.h, events in window.events.h). */
async function signedInHelper(name) {
  const log = fs.readFileSync(path.join(RUN_DIR, 'node.log'), 'utf8');
  const key = (/helpdesk: helpers sign in at \S*#key=(\S+)/.exec(log) || [])[1];
  assert.ok(key, 'the run.sh node logged its help desk\'s helper key');
  const helper = await page(name);
  helper.signIn = async () => {
    await client(helper, 'h', NODE + '/cometd');
    await waitState(helper, 'h', 'online');
    const login = await helper.evaluate((k) => window.clients.h.call('helpdesk/helper/login', { key: k, name: 'Hanna' }), key);
    assert.equal(login.ok, true, 'helper login: ' + JSON.stringify(login));
    return login;
  };
  helper.event = (pred, what, arg) => helper.waitForFunction(pred, { ...POLL, timeout: 15000 }, arg)
    .then((h) => h.jsonValue()).catch(async (e) => {
      throw new Error('the helper got no ' + what + ': ' + JSON.stringify(await helper.evaluate(() => window.events.h)).slice(0, 2000) + ' ' + e.message);
    });
  helper.call = (service, data) => helper.evaluate((s, d) => window.clients.h.call(s, d), service, data);
  await helper.signIn();
  return helper;
}

test('webirc basics: bayeux.js over WebSocket: what is sent during a reconnection backoff waits for the socket, never an HTTP POST', { timeout: 120000 }, async () => {
  await setup();
  await withOwnNode('webirc-basics-backoff-node', [], async (node, url) => {
    const p = await page('bayeux-backoff');
    const posts = [];
    p.on('request', (r) => { if (r.url().startsWith(url) && r.method() === 'POST') posts.push(r.postData()); });
    await client(p, 'ws', url, { callTimeout: 90000 });
    await waitState(p, 'ws', 'online');
    await node.stop();
    await waitState(p, 'ws', 'reconnecting');
    // a subscription and a publish made while the client waits to reconnect
    await p.evaluate(() => {
      window.clients.ws.subscribe('/backoff/news', (d) => window.got.ws.push(d.text));
      window.held = window.clients.ws.publish('/backoff/news', { text: 'held' }).then((r) => r.successful);
    });
    await node.start();
    await waitState(p, 'ws', 'online', 60000);
    assert.equal(await p.evaluate(() => window.held), true, 'the publish made during the backoff was accepted');
    await p.evaluate(() => window.clients.ws.publish('/backoff/news', { text: 'after' }));
    await p.waitForFunction(() => window.got.ws.includes('after'), { ...POLL, timeout: 15000 });
    assert.equal(await p.evaluate(() => window.clients.ws.transport), 'websocket');
    assert.deepEqual(posts, [], 'no HTTP POST to /cometd while the WebSocket was the transport');
    await p.evaluate(() => window.clients.ws.stop());
  });
});

describe('webirc basics: the widget in local mode', () => {
  test('webirc basics: widget: name asked on the first line, the desk gets it, a helper answers, typing both ways, unread, history after a navigation, offline form', { timeout: 120000 }, async () => {
    await setup();
    const helper = await signedInHelper('basics-helper');

    const v = await page('basics-visitor', '/shop.html?channel=support');
    await shotOnFailure(v, 'webirc-basics', async () => {
      await v.evaluate(() => { window.api = []; });
      await waitWidget(v, { state: 'online' });
      await v.evaluate(() => window.OrbitedWebIRC.on('message', (m) => window.api.push(m.from + ':' + m.text)));
      await v.waitForFunction(() => Number(document.querySelector('[data-orbited-webirc]').getAttribute('data-helpers')) >= 1, { ...POLL, timeout: 15000 });
      assert.match(await (await part(v, 'helpers')).evaluate((e) => e.textContent), /online/, 'the header says who is online');
      assert.equal(await shown(v, 'panel'), false, 'starts closed');

      await (await part(v, 'bubble')).click();
      await waitShown(v, 'panel', true);
      assert.equal(await v.evaluate(() => document.querySelector('[data-orbited-webirc]').shadowRoot.activeElement?.getAttribute('data-part')),
        'input', 'focus moved to the composer');
      const line = 'Hello from the basics test <b>bold?</b>';
      await v.keyboard.type(line);
      await v.keyboard.press('Enter');
      await waitShown(v, 'name-form', true);
      await v.keyboard.type('Bea Basic');   // the name input has the focus
      await v.keyboard.press('Enter');
      await waitShown(v, 'name-form', false);
      const said = await helper.event((t) => window.events.h.find((e) => e.type === 'message' && e.message.text === t), 'visitor line', line);
      const conversation = said.conversation;
      assert.equal(said.message.name, 'Bea Basic', 'the line carries the name the visitor chose');
      assert.equal(said.message.from, 'visitor');

      // typing both ways
      await v.keyboard.type('a');
      await helper.event((c) => window.events.h.some((e) => e.type === 'typing' && e.conversation === c && e.typing), 'typing', conversation);
      await helper.call('helpdesk/helper/typing', { conversation, typing: true });
      await waitShown(v, 'typing', true);
      assert.match(await (await part(v, 'typing')).evaluate((e) => e.textContent), /Hanna/);
      const answer = 'Hi Bea! See https://example.org/teapots or javascript:alert(1)';
      const said2 = await helper.call('helpdesk/helper/say', { conversation, text: answer });
      assert.equal(said2.ok, true, JSON.stringify(said2));
      await waitWidgetMessages(v, [{ from: 'me', text: line }, { from: 'helper', text: answer }]);
      await waitShown(v, 'typing', false);
      const links = await v.evaluate(() => [...document.querySelector('[data-orbited-webirc]').shadowRoot.querySelectorAll('[data-part=log] a')]
        .map((a) => a.getAttribute('href') + ' ' + a.rel + ' ' + a.target));
      assert.deepEqual(links, ['https://example.org/teapots noopener noreferrer nofollow _blank'], 'one safe link, javascript: stays text');

      // closed: helper lines count as unread
      await (await part(v, 'close')).click();
      await waitShown(v, 'panel', false);
      for (const t of ['Are you still there?', 'We are open until six.']) {
        assert.equal((await helper.call('helpdesk/helper/say', { conversation, text: t })).ok, true);
      }
      await v.waitForFunction(() => document.querySelector('[data-orbited-webirc]').shadowRoot.querySelector('[data-part=unread]').textContent === '2',
        { ...POLL, timeout: 15000 });
      assert.equal(await shown(v, 'unread'), true);
      assert.match(await (await part(v, 'bubble')).evaluate((e) => e.getAttribute('aria-label')), /2 unread/);
      assert.deepEqual(await v.evaluate(() => window.api), ['me:' + line, 'helper:' + answer, 'helper:Are you still there?',
        'helper:We are open until six.'], 'OrbitedWebIRC.on("message") saw each line once, in order');

      // a navigation: the conversation comes back from the desk (hello), the unread count from localStorage
      await v.reload();
      await waitWidget(v, { state: 'online' });
      await v.waitForFunction(() => document.querySelector('[data-orbited-webirc]').shadowRoot.querySelector('[data-part=unread]').textContent === '2',
        { ...POLL, timeout: 15000 });
      await (await part(v, 'bubble')).click();
      await waitShown(v, 'panel', true);
      await waitWidgetMessages(v, [{ from: 'me', text: line }, { from: 'helper', text: answer },
        { from: 'helper', text: 'We are open until six.' }]);
      await waitShown(v, 'unread', false);
      const rows = (await widgetMessages(v)).filter((m) => m.from !== 'system');
      assert.equal(rows.length, 4, 'history once each: ' + JSON.stringify(rows));
      assert.equal(await shown(v, 'name-form'), false, 'the name is not asked again');

      // no helper online: the offline form, then a thank-you; the helper finds the message on its next sign-in
      await helper.evaluate(() => window.clients.h.stop());
      await v.waitForFunction(() => document.querySelector('[data-orbited-webirc]').getAttribute('data-helpers') === '0', { ...POLL, timeout: 30000 });
      await waitShown(v, 'offline-form', true);
      assert.equal(await shown(v, 'input'), false, 'no dead composer while nobody is there');
      await (await part(v, 'offline-text')).type('Please call me back about the blue teapot.');
      await (await part(v, 'offline-email')).type('bea@example.org');
      await (await part(v, 'offline-send')).click();
      await waitShown(v, 'offline-done', true);
      const again = await helper.signIn();
      const left = (again.offline || []).find((o) => o.text === 'Please call me back about the blue teapot.');
      assert.ok(left, 'the offline message reached the desk: ' + JSON.stringify(again.offline));
      assert.equal(left.email, 'bea@example.org');
      await helper.evaluate(() => window.clients.h.stop());
    });
  });

  test('webirc basics: widget: data-token goes in the handshake; refused, the widget says so and setToken() brings it back', { timeout: 90000 }, async () => {
    await setup();
    const secret = crypto.randomBytes(32).toString('base64url');
    process.env.WEBIRC_BASICS_AUTH_KEY = secret;   // the node reads [auth] key_env from its environment
    await withOwnNode('webirc-basics-auth-node', ['--set', 'auth.algorithm=HS256', '--set', 'auth.key_env=WEBIRC_BASICS_AUTH_KEY',
      '--set', 'plugin:helpdesk.store='], async (node) => {
      const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const jwt = (key, claims) => {
        const head = b64({ alg: 'HS256', typ: 'JWT' }) + '.' + b64(claims);
        return head + '.' + crypto.createHmac('sha256', key).update(head).digest('base64url');
      };
      const claims = { sub: 'vera', exp: Math.floor(Date.now() / 1000) + 3600 };
      const good = jwt(Buffer.from(secret), claims), forged = jwt(Buffer.from('x'.repeat(32)), claims);

      const v = await page('basics-token', '/shop.html?at=' + node.httpPort + '&channel=support&token=' + forged);
      await shotOnFailure(v, 'webirc-basics-token', async () => {
        await waitWidget(v, { state: 'offline' });   // 401:token_signature_invalid with reconnect none
        await (await part(v, 'bubble')).click();
        await waitShown(v, 'status', true);
        assert.match(await (await part(v, 'status')).evaluate((e) => e.textContent), /not available/);
        await v.evaluate((t) => window.OrbitedWebIRC.setToken(t), good);
        await waitWidget(v, { state: 'online' });
        await waitShown(v, 'status', false);
        await v.waitForFunction(() => document.querySelector('[data-orbited-webirc]').getAttribute('data-helpers') === '0', { ...POLL, timeout: 15000 });
        await waitShown(v, 'offline-form', true);   // the desk answered hello: nobody online on this node
      });
      const v2 = await page('basics-token-good', '/shop.html?at=' + node.httpPort + '&channel=support&token=' + good);
      await waitWidget(v2, { state: 'online' });
      const none = await page('basics-token-none', '/shop.html?at=' + node.httpPort + '&channel=support');
      await waitWidget(none, { state: 'offline' });   // 401:token_missing
    });
  });

  test('webirc basics: widget: data-ask-name=0 gives a guest name at once, data-lang=de speaks German, a refused line is marked', async () => {
    await setup();
    const helper = await signedInHelper('basics-guest-helper');
    const v = await page('basics-guest', '/shop.html?channel=support&ask-name=0&lang=de&open=1');
    await shotOnFailure(v, 'webirc-basics-guest', async () => {
      await waitWidget(v, { state: 'online' });
      await waitShown(v, 'panel', true);
      await v.waitForFunction(() => Number(document.querySelector('[data-orbited-webirc]').getAttribute('data-helpers')) >= 1, { ...POLL, timeout: 15000 });
      const labels = await v.evaluate(() => {
        const r = document.querySelector('[data-orbited-webirc]').shadowRoot;
        return ['bubble', 'close', 'input', 'send'].map((n) => r.querySelector('[data-part=' + n + ']').getAttribute('aria-label'));
      });
      assert.deepEqual(labels, ['Chat schließen', 'Chat schließen', 'Nachricht schreiben', 'Senden']);
      assert.equal(await v.evaluate(() => document.activeElement.tagName), 'BODY', 'data-open=1 does not take the focus from the page');
      await (await part(v, 'input')).click();
      await v.keyboard.type('Guten Tag!');
      await v.keyboard.press('Enter');
      const said = await helper.event(() => window.events.h.find((e) => e.type === 'message' && e.message.text === 'Guten Tag!'), 'guest line');
      assert.match(said.message.name, /^Guest \d+$/, 'a generated guest name');
      assert.equal(await shown(v, 'name-form'), false, 'no name asked');
      await waitWidgetMessages(v, [{ from: 'me', text: 'Guten Tag!' }]);

      // a line the desk refuses (a bidi override) is marked, in German, with a retry button; the next line goes
      await (await part(v, 'input')).evaluate((e) => { e.value = 'Hallo \u202Ewelt'; });
      await v.keyboard.press('Enter');
      const refused = await v.waitForFunction(() => {
        const row = document.querySelector('[data-orbited-webirc]').shadowRoot.querySelector('[data-part=msg].failed');
        return row && { text: row.querySelector('[data-part=text]').textContent, note: row.querySelector('.note').textContent,
          retry: !!row.querySelector('.note button') };
      }, { ...POLL, timeout: 15000 }).then((h) => h.jsonValue());
      assert.equal(refused.text, 'Hallo \u202Ewelt');
      assert.match(refused.note, /^Nicht gesendet\. Diese Nachricht enthält Zeichen/, 'the refusal is said, in German: ' + JSON.stringify(refused));
      assert.doesNotMatch(refused.note, /schiefgegangen/, 'no server message in English: ' + JSON.stringify(refused));
      assert.ok(refused.retry, 'a retry button');
      await (await part(v, 'input')).type('Noch da?');
      await v.keyboard.press('Enter');
      await helper.event(() => window.events.h.find((e) => e.type === 'message' && e.message.text === 'Noch da?'), 'the line after a refused one');
      await helper.evaluate(() => window.clients.h.stop());
    });
  });
});
