// Drives /_/orbited.js in node with fake XHR, WebSocket, EventSource and timers.
// Usage: node orbited-client-check.js path/to/orbited.js   (exit 0 and "OK" on success)
'use strict';
const fs = require('fs'), vm = require('vm'), assert = require('assert');
// Values made inside the vm context have that realm's prototypes, so compare them as JSON.
const same = (actual, expected) => assert.strictEqual(JSON.stringify(actual), JSON.stringify(expected));
// A resumable transport's URL without its trailing instance and attempt (checked on their own below).
const bare = (u) => u.replace(/&instance=[0-9a-z]+&attempt=[0-9]+$/, '');

function sandbox(features) {
  const timers = [], xhrs = [], sockets = [], sources = [];
  function FakeXHR() { xhrs.push(this); this.readyState = 0; this.status = 0; this.responseText = ''; }
  FakeXHR.prototype.open = function (m, u) { this.method = m; this.url = u; this.readyState = 1; };
  FakeXHR.prototype.send = function () {};
  FakeXHR.prototype.abort = function () { this.aborted = true; };
  FakeXHR.prototype.feed = function (text, done) {
    this.status = 200; this.responseText += text; this.readyState = done ? 4 : 3;
    if (this.onreadystatechange) this.onreadystatechange();
  };
  function FakeWS(u) { sockets.push(this); this.url = u; this.sent = []; }
  FakeWS.prototype.send = function (s) { this.sent.push(s); };
  FakeWS.prototype.close = function () { this.closed = true; };
  function FakeES(u) { sources.push(this); this.url = u; this.listeners = {}; }
  FakeES.prototype.addEventListener = function (t, f) { this.listeners[t] = f; };
  FakeES.prototype.close = function () { this.closed = true; };
  const window = { location: { href: 'http://chat.example.com:8000/page', hostname: 'chat.example.com' },
                   XMLHttpRequest: FakeXHR, console };
  if (features.ws) window.WebSocket = FakeWS;
  if (features.es) window.EventSource = FakeES;
  const ctx = { window, document: { domain: '' }, URL, XMLHttpRequest: FakeXHR, WebSocket: FakeWS,
                EventSource: FakeES,
                setTimeout: (f, d) => { timers.push(f); return timers.length; }, clearTimeout: (i) => { timers[i - 1] = null; } };
  vm.createContext(ctx);
  vm.runInContext(fs.readFileSync(process.argv[2], 'utf8') + '\nthis.Orbited = Orbited;', ctx);
  ctx.runTimers = () => { const fs = timers.splice(0); fs.forEach((f) => f && f()); };
  return { O: ctx.Orbited, ctx, xhrs, sockets, sources };
}

// Legacy connect, xhr_stream: URL-encoding, JSON decoding, the ping/reconnect rule, reconnect.
{
  const s = sandbox({}), got = [];
  const conn = s.O.connect((d) => got.push(d), 'al ice&', '/chat', '7f3a', 'xhr_stream');
  assert.strictEqual(s.xhrs[0].url, '/chat?user=al%20ice%26&session=7f3a&transport=xhr_stream');
  assert.strictEqual(conn.transport, 'xhr_stream');
  const x = s.xhrs[0];
  x.feed('.'.repeat(256) + '\r\n\r\n');
  x.feed('\r\n|O|\r\nping\r\n|O|\r\n["msg","hi"]\r\n|O|\r\nplain <b>text</b>\r\n|O|\r\n');
  x.feed('\r\n|O|\r\n');                       // empty payload: undecided until the next one
  x.feed('"after empty"\r\n|O|\r\n');
  same(got, [['msg', 'hi'], 'plain <b>text</b>', '', 'after empty']);
  x.feed('\r\n|O|\r\nreconnect\r\n|O|\r\n');
  assert.ok(x.aborted, 'reconnect instruction ends the stream');
  s.ctx.runTimers();
  assert.strictEqual(s.xhrs.length, 2, 'reconnected');
  s.O.settings.legacyEval = true;
  s.xhrs[1].feed('\r\n\r\n{"a":1}\r\n|O|\r\n');
  assert.strictEqual(JSON.stringify(got[4]), '{"a":1}'); // eval result: another realm's Object
  conn.close();
}

// Auto selection: websocket first; failing before open falls back to sse, then long_poll.
{
  const s = sandbox({ ws: true, es: true }), got = [];
  const conn = s.O.open({ location: '/chat', user: 'bob', session: '0', channels: ['/rooms/a'],
                          onevent: (d, id) => got.push([d, id]) });
  assert.strictEqual(bare(s.sockets[0].url), 'ws://chat.example.com:8000/chat?user=bob&session=0&transport=websocket&hello=1&channel=%2Frooms%2Fa');
  s.sockets[0].onclose({ code: 1006, reason: '' });
  s.ctx.runTimers();
  assert.strictEqual(conn.transport, 'sse');
  s.sources[0].onerror();
  s.ctx.runTimers();
  assert.strictEqual(conn.transport, 'xhr_stream');
  s.xhrs[0].readyState = 4; s.xhrs[0].status = 0; s.xhrs[0].onreadystatechange();
  s.ctx.runTimers();
  assert.strictEqual(conn.transport, 'long_poll');
  assert.strictEqual(conn.status, 'connecting');
  const p = s.xhrs[1];
  p.feed('[{"id":"e1-1","data":"[1]"},{"id":"e1-2","data":"not json"}]', true);
  same(got, [[[1], 'e1-1'], ['not json', 'e1-2']]);
  assert.strictEqual(conn.lastEventId, 'e1-2');
  assert.strictEqual(conn.status, 'open');
  assert.ok(/last_event_id=e1-2$/.test(bare(s.xhrs[2].url)), 'next poll resumes: ' + s.xhrs[2].url);
  conn.close();
}

// websocket: ack, reset, 1012 reconnects silently with last id, 4500 calls onclose and stops.
{
  const s = sandbox({ ws: true, es: true }), closes = [];
  let resets = 0;
  const conn = s.O.open({ location: '/c', user: 'u', transport: 'websocket', onreset: () => resets++,
                          onclose: (code, reason) => closes.push([code, reason]) });
  const ws = s.sockets[0];
  ws.onopen();
  ws.onmessage({ data: '{"type":"reset"}' });
  ws.onmessage({ data: '{"id":"k-5","data":"\\"x\\""}' });
  same(ws.sent, ['{"ack":"k-5"}']);
  assert.strictEqual(resets, 1);
  ws.onclose({ code: 1012, reason: 'reconnect' });
  s.ctx.runTimers();
  assert.ok(bare(s.sockets[1].url).endsWith('last_event_id=k-5'), s.sockets[1].url);
  same(closes, []);
  s.sockets[1].onopen();
  s.sockets[1].onclose({ code: 4500, reason: 'replaced' });
  s.ctx.runTimers();
  same(closes, [[4500, 'replaced']]);
  assert.strictEqual(s.sockets.length, 2, 'no reconnect after 4500');
  assert.ok(conn.closed);
}

// sse: ids, the close control with a 4000-range code reconnects after onclose.
{
  const s = sandbox({ ws: true, es: true }), got = [], closes = [];
  s.O.open({ location: '/c', user: 'u', transport: 'sse', onevent: (d, id) => got.push(id),
             onclose: (c, r) => closes.push(c + ' ' + r) });
  const es = s.sources[0];
  es.onopen();
  es.onmessage({ data: '1', lastEventId: 'q-1' });
  es.listeners.close({ data: '4001 slow consumer' });
  assert.ok(es.closed);
  s.ctx.runTimers();
  same(got, ['q-1']);
  same(closes, ['4001 slow consumer']);
  assert.ok(bare(s.sources[1].url).endsWith('transport=sse&hello=1&last_event_id=q-1'), s.sources[1].url);
}

// Modern options: camelCase callbacks, an ordered transports list, onStatus states, backoff with full
// jitter within minDelay..maxDelay, the client-side reconnect(), close().
{
  const s = sandbox({ ws: true, es: true }), states = [], got = [], delays = [];
  const realSetTimeout = s.ctx.setTimeout;
  s.ctx.setTimeout = (f, d) => { delays.push(d); return realSetTimeout(f, d); };
  s.ctx.Math = Object.create(Math); s.ctx.Math.random = () => 0.999;
  vm.runInContext('Math = this.Math;', s.ctx);
  const conn = s.O.open({ location: '/c', user: 'u', transports: ['nope', 'long_poll', 'sse'],
                          onEvent: (d, id) => got.push(id), onStatus: (st) => states.push(st) });
  assert.strictEqual(conn.transport, 'long_poll');
  same(states, ['connecting']);
  s.xhrs[0].feed('[{"type":"reset"},{"id":"a-1","data":"1"}]', true);
  same(states, ['connecting', 'open']);
  same(got, ['a-1']);
  const x = s.xhrs[1];
  conn.reconnect();                               // client-side: drop and come back at once
  assert.ok(x.aborted);
  same(states, ['connecting', 'open', 'reconnecting']);
  assert.strictEqual(delays[delays.length - 1], 0);
  s.ctx.runTimers();
  assert.ok(bare(s.xhrs[2].url).endsWith('transport=long_poll&hello=1&last_event_id=a-1'), s.xhrs[2].url);
  // Failures after opening keep the transport and back off: 500, 1000, 2000, ... ms, capped.
  const waits = [];
  for (let i = 0; i < 8; i++) {
    const p = s.xhrs[s.xhrs.length - 1];
    p.readyState = 4; p.status = 0; p.onreadystatechange();
    waits.push(Math.round(delays[delays.length - 1]));
    s.ctx.runTimers();
    assert.strictEqual(conn.transport, 'long_poll', 'kept after it opened');
  }
  same(waits, [500, 999, 1998, 3996, 7992, 15984, 29970, 29970]);
  conn.close();
  same(states, ['connecting', 'open', 'reconnecting', 'closed']);
  const n = s.xhrs.length;
  s.ctx.runTimers();
  assert.strictEqual(s.xhrs.length, n, 'nothing after close()');
}

// Resuming (issue 10): the hello's epoch and grace; E-0 when no event arrived yet; retries within
// resumeDelay while the node still holds the session (3/4 of its grace since the connection was lost);
// the long backoff once that has passed, and after a 4000-4499 close.
{
  const s = sandbox({ ws: true, es: true }), delays = [];
  let clock = 1e6;
  const realSetTimeout = s.ctx.setTimeout;
  s.ctx.setTimeout = (f, d) => { delays.push(d); return realSetTimeout(f, d); };
  s.ctx.Math = Object.create(Math); s.ctx.Math.random = () => 0.999;
  s.ctx.Date = function () { this.getTime = () => clock; };
  vm.runInContext('Math = this.Math; Date = this.Date;', s.ctx);
  const conn = s.O.open({ location: '/c', user: 'u', transport: 'websocket' });
  const last = () => Math.round(delays[delays.length - 1]);
  assert.ok(/transport=websocket&hello=1$/.test(bare(s.sockets[0].url)), 'asks for the hello: ' + s.sockets[0].url);
  s.sockets[0].onopen();
  s.sockets[0].onmessage({ data: '{"type":"hello","epoch":"ep1","grace":30000}' });
  same(s.sockets[0].sent, []);                    // a control, not an event: no ack
  s.sockets[0].onclose({ code: 1006, reason: '' });   // cut before any event
  same(last(), 500);
  s.ctx.runTimers();
  assert.ok(bare(s.sockets[1].url).endsWith('&hello=1&last_event_id=ep1-0'), 'E-0 resumes from the start: ' + s.sockets[1].url);
  const waits = [];
  for (let i = 1; i <= 7; i++) {                  // the retries keep failing; 5 s pass between them
    clock += 5000;
    s.sockets[i].onclose({ code: 1006, reason: '' });
    waits.push(last());
    s.ctx.runTimers();
  }
  // 5, 10, 15, 20 s after the loss: within 1 s; from 25 s (past 3/4 of 30 s): the long backoff.
  same(waits, [999, 999, 999, 999, 1998, 3996, 7992]);
  const ws = s.sockets[8];
  ws.onopen();
  ws.onmessage({ data: '{"type":"hello","epoch":"ep1","grace":30000}' });
  ws.onmessage({ data: '{"id":"ep1-3","data":"3"}' });
  ws.onclose({ code: 1006, reason: '' });          // a new loss: the session can be resumed again
  same(last(), 999);
  s.ctx.runTimers();
  assert.ok(bare(s.sockets[9].url).endsWith('last_event_id=ep1-3'), s.sockets[9].url);
  s.sockets[9].onopen();
  s.sockets[9].onclose({ code: 4001, reason: 'slow consumer' }); // the session is gone: back off
  same(last(), 1998);
  conn.close();

  // sse and long_poll read the same hello.
  const es = s.O.open({ location: '/c', user: 'u', transport: 'sse' });
  const src = s.sources[0];
  assert.ok(/transport=sse&hello=1$/.test(bare(src.url)), src.url);
  src.onopen();
  src.listeners.hello({ data: '{"epoch":"ep2","grace":2000}' });
  src.onerror();
  same(last(), 500);                              // min(resumeDelay, grace / 4) = 500
  s.ctx.runTimers();
  assert.ok(bare(s.sources[1].url).endsWith('last_event_id=ep2-0'), s.sources[1].url);
  es.close();
  const lp = s.O.open({ location: '/c', user: 'u', transport: 'long_poll' });
  s.xhrs[s.xhrs.length - 1].feed('[{"type":"hello","epoch":"ep3","grace":30000}]', true);
  assert.ok(bare(s.xhrs[s.xhrs.length - 1].url).endsWith('&hello=1&last_event_id=ep3-0'), s.xhrs[s.xhrs.length - 1].url);
  lp.close();
}

// Stale attempts: every request of a resumable transport names the connection object (instance, random) and
// its attempt (1, 2, ...); all polls of one long_poll attempt share its number; legacy transports send neither.
{
  const s = sandbox({ ws: true, es: true });
  const tail = (u) => { const m = /&instance=([0-9a-z]+)&attempt=([0-9]+)$/.exec(u); assert.ok(m, u); return [m[1], +m[2]]; };
  const lp = s.O.open({ location: '/c', user: 'u', transport: 'long_poll' });
  const [id, first] = tail(s.xhrs[0].url);
  assert.ok(id.length >= 8 && id.length <= 64, id);
  assert.strictEqual(first, 1);
  s.xhrs[0].feed('[{"id":"a-1","data":"1"}]', true);
  same(tail(s.xhrs[1].url), [id, 1]);             // the next poll of the same attempt
  lp.reconnect();                                 // aborts that poll: a new attempt
  assert.ok(s.xhrs[1].aborted);
  s.ctx.runTimers();
  same(tail(s.xhrs[2].url), [id, 2]);
  s.xhrs[2].readyState = 4; s.xhrs[2].status = 0; s.xhrs[2].onreadystatechange(); // fails: the next attempt
  s.ctx.runTimers();
  same(tail(s.xhrs[3].url), [id, 3]);
  lp.close();
  const ws = s.O.open({ location: '/c', user: 'u', transport: 'websocket' });
  const [other] = tail(s.sockets[0].url);
  assert.notStrictEqual(other, id, 'another connection object is another instance');
  s.sockets[0].onclose({ code: 1012, reason: 'reconnect' });
  s.ctx.runTimers();
  same(tail(s.sockets[1].url), [other, 2]);
  ws.close();
  s.O.open({ location: '/c', user: 'u', transport: 'sse' });
  same(tail(s.sources[0].url)[1], 1);
  s.O.open({ location: '/c', user: 'u', transport: 'xhr_stream' });
  assert.ok(!/instance=|attempt=/.test(s.xhrs[s.xhrs.length - 1].url), s.xhrs[s.xhrs.length - 1].url);
}

// Legacy names the browser cannot honour choose automatically; the legacy automatic list has no xhr_stream.
{
  const s = sandbox({ ws: true, es: true });
  const conn = s.O.connect(() => {}, 'u', '/c', '0', 'server_sent_events');
  assert.strictEqual(conn.transport, 'websocket');
  s.sockets[0].onclose({ code: 1006, reason: '' }); s.ctx.runTimers();
  assert.strictEqual(conn.transport, 'sse');
  s.sources[0].onerror(); s.ctx.runTimers();
  assert.strictEqual(conn.transport, 'long_poll');
  conn.close();
  assert.strictEqual(s.O.connect(() => {}, 'u', '/c', '0', 'htmlfile').transport, 'websocket');
}

// Legacy utilities.
{
  const s = sandbox({});
  assert.strictEqual(s.O.extract_xss_domain('a.b.example.com'), 'example.com');
  assert.strictEqual(s.O.extract_xss_domain('10.0.0.7'), '10.0.0.7');
  assert.strictEqual(s.O.extract_xss_domain('localhost'), 'localhost');
  assert.throws(() => s.O.open({ user: 'u' }), /location is required/);
}

console.log('OK');
