// GENERATED from src/orbited.js by clients/js/build.mjs: edit the source, then run
// `node clients/js/build.mjs`. Same client as /_/orbited.js, as an ES module.
/*
 * orbited.js: browser client for orbited-node (Orbited 0.1-0.3 wire-compatible), served as
 * /_/orbited.js. Source of truth: clients/js/src/orbited.js; dist/orbited.mjs is generated from it
 * by clients/js/build.mjs. No dependencies. See clients/js/README.md.
 *
 * Transports: websocket, sse, long_poll resume from the last event id (exactly once, in order,
 * within the server's replay ring); xhr_stream and iframe/htmlfile are legacy and carry no ids.
 * Before a connection first opens, a failing transport gives way to the next in the list; once one
 * has opened it is kept. A lost connection is retried with exponential backoff and full jitter
 * (settings.minDelay doubling to settings.maxDelay), except that while the node still holds the
 * session (its hello said for how long) retries stay within settings.resumeDelay. Close codes
 * (orbit-protocol.md 5.5): 1012 and the reconnect instruction reconnect at once, silently; 4000-4499
 * call onclose, then reconnect with backoff; 4500-4999 call onclose and stop.
 */
const Orbited = (function (window, document) {
  'use strict';

  /**
   * @typedef {'connecting'|'open'|'reconnecting'|'closed'} OrbitedStatus
   *
   * @typedef {Object} OrbitedOptions
   * @property {string} location comet location, e.g. '/chat'
   * @property {string} user
   * @property {string} [session] app-chosen token; the server's default ('0') when omitted
   * @property {string} [transport] one name, or 'auto'
   * @property {string[]} [transports] names in order of preference;
   *   default ['websocket', 'sse', 'xhr_stream', 'long_poll']
   * @property {string[]} [channels] channels to subscribe to, e.g. ['/rooms/lobby']
   * @property {boolean} [json] JSON.parse each body (default true; a body that is not JSON stays a string)
   * @property {string} [lastEventId] resume point from an earlier connection
   * @property {function(*, ?string): void} [onevent] (data, id); id is null on legacy transports.
   *   Also accepted as onEvent, like onStatus, onReset and onClose.
   * @property {function(OrbitedStatus): void} [onstatus]
   * @property {function(): void} [onreset] the server lost this session's history: reload app state
   * @property {function(number, string): void} [onclose] (code, reason); not called for 1012
   *
   * @typedef {Object} OrbitedConnection
   * @property {?string} lastEventId id of the last event received
   * @property {?string} transport transport of the current or last attempt
   * @property {OrbitedStatus} status
   * @property {function(): void} close stops for good
   * @property {function(): void} reconnect drops the connection and reconnects at once, resuming
   */

  var O = {
    settings: { legacyEval: false, minDelay: 500, maxDelay: 30000, resumeDelay: 1000, legacyTimeout: 150000, debug: false }
  };
  var AUTO = ['websocket', 'sse', 'xhr_stream', 'long_poll']; // Orbited.open
  var LEGACY_AUTO = ['websocket', 'sse', 'long_poll'];        // Orbited.connect without a transport
  var SEP = '\r\n|O|\r\n';
  var iframes = []; // live iframe attempts, so attach_iframe can find its connection
  var T = {};       // transport name -> function (conn, attempt) returning a stop function

  // The implementation serving a requested transport name; null means "not here".
  // server_sent_events needs Opera's addEventStream and xhr_multipart xhr.multipart: no current browser.
  function resolve(name) {
    switch (name) {
      case 'websocket': return window.WebSocket ? name : null;
      case 'sse': return window.EventSource ? name : null;
      case 'long_poll': case 'xhr_stream': case 'iframe': return name;
      case 'htmlfile': return 'ActiveXObject' in window ? 'iframe' : null;
      default: return null;
    }
  }

  function later(f) { setTimeout(f, 0); }
  function now() { return new Date().getTime(); }
  function call(f, args) {
    // A throwing application callback must not break the stream parser.
    if (f) try { f.apply(null, args); } catch (x) { later(function () { throw x; }); }
  }

  function evalPayload(s) {
    var g = eval; // indirect: global scope, like the 0.2 client
    try { return g('(' + s + '\n)'); } catch (x) { if (!(x instanceof SyntaxError)) throw x; }
    return g(s);
  }

  /** @param {OrbitedOptions} opts @param {string[]} auto */
  function Connection(opts, auto) {
    if (!opts || !opts.location) throw new Error('Orbited.open: location is required');
    if (opts.user == null || opts.user === '') throw new Error('Orbited.open: user is required');
    var t = opts.transport, names = opts.transports || (t && t !== 'auto' ? [t] : auto), list = [], i, n;
    for (i = 0; i < names.length; i++) {
      n = resolve(names[i]);
      if (!n) O.log('transport ' + names[i] + ' unsupported here');
      else if (list.indexOf(n) < 0) list.push(n);
    }
    this.options = opts;
    this._on = function (name) { return opts[name] || opts['on' + name.charAt(2).toUpperCase() + name.slice(3)]; };
    this.lastEventId = opts.lastEventId || null;
    this.transport = null;
    this.status = null;
    this.closed = false;
    this._list = list.length ? list : auto.filter(resolve);
    this._idx = 0;
    this._locked = false; // a transport that has opened is never abandoned
    this._delay = 0;
    this._attempt = null;
    this._id = now().toString(36) + Math.random().toString(36).slice(2); // instance=
    this._n = 0; // attempt= of the latest attempt (all its polls)
    this._timer = null;
    this._status('connecting');
    this._connect();
  }

  Connection.prototype._status = function (s) {
    if (this.status !== s) call(this._on('onstatus'), [this.status = s]);
  };

  Connection.prototype._connect = function () {
    var self = this, name = self._list[self._idx];
    if (self.closed) return;
    if (name === 'iframe' && !document.body) { self._timer = setTimeout(function () { self._connect(); }, 50); return; }
    var a = { conn: self, live: true, opened: false, stop: null, dog: null, n: ++self._n };
    self._attempt = a;
    self.transport = name;
    O.log('connecting with ' + name);
    try { a.stop = T[name](self, a); } catch (x) { O.log(name + ' failed: ' + x); self._end(a, 0, 'error'); }
  };

  Connection.prototype._url = function (transport, resume, a) {
    var o = this.options, q = [], ch = o.channels || [], i;
    function add(k, v) { if (v != null && v !== '') q.push(k + '=' + encodeURIComponent(v)); }
    add('user', o.user);
    add('session', o.session);
    add('transport', transport);
    if (resume) add('hello', 1);
    for (i = 0; i < ch.length; i++) add('channel', ch[i]);
    // No id yet but the epoch known: E-0 asks for everything since the session began.
    if (resume) add('last_event_id', this.lastEventId || this._epoch && this._epoch + '-0');
    // instance and attempt: the node refuses a late request of an attempt we gave up (transports.md)
    if (resume) { add('instance', this._id); add('attempt', a.n); }
    return o.location + (o.location.indexOf('?') < 0 ? '?' : '&') + q.join('&');
  };

  Connection.prototype._decode = function (s) {
    if (this.options.json === false) return s;
    if (O.settings.legacyEval) return evalPayload(s);
    try { return JSON.parse(s); } catch (x) { return s; }
  };

  Connection.prototype._open = function (a) {
    if (!a.live) return;
    if (!a.opened) {
      if (a.iframe) later(O.kill_load_bar);
      a.since = now();
      a.opened = this._locked = true;
      this._status('open');
    }
  };

  Connection.prototype._event = function (a, data, id) {
    if (!a.live) return;
    if (id != null && id !== '') this.lastEventId = id;
    call(this._on('onevent'), [data, id == null || id === '' ? null : id]);
  };

  // The node's hello: the session's epoch and how long (ms) it waits for us after a connection is lost.
  Connection.prototype._hello = function (a, m) {
    if (a.live && m.epoch) { this._epoch = m.epoch; this._grace = +m.grace || 0; }
  };

  // History lost: the old resume point means nothing to the server any more, and a long poll that
  // kept sending it would be answered with another reset, forever.
  Connection.prototype._reset = function (a) {
    if (!a.live) return;
    this.lastEventId = null;
    call(this._on('onreset'), []);
  };

  // Legacy streams prove liveness by events and pings; silence past legacyTimeout means dead.
  Connection.prototype._alive = function (a) {
    var self = this;
    clearTimeout(a.dog);
    if (a.live && O.settings.legacyTimeout > 0) {
      a.dog = setTimeout(function () { self._end(a, 0, 'ping timeout'); }, O.settings.legacyTimeout);
    }
  };

  // The attempt is over: decide between reconnecting now, with backoff, falling back, or stopping.
  Connection.prototype._end = function (a, code, reason) {
    var self = this, s = O.settings, d = 0, g;
    if (!a.live) return;
    a.live = false;
    clearTimeout(a.dog);
    if (a.stop) a.stop();
    if (self.closed) return;
    code = +code || 0;
    reason = reason || '';
    O.log(self.transport + ' ended: ' + code + ' ' + reason);
    if (code >= 4500 && code < 5000) {
      self.close();
      call(self._on('onclose'), [code, reason]);
      return;
    }
    if (code >= 4000) call(self._on('onclose'), [code, reason]);
    // Backoff restarts only after a connection that stayed up: a server that accepts and at once
    // drops us (e.g. two tabs replacing each other's legacy stream) must not cause a tight loop.
    if (a.opened && now() - a.since > 10000) self._delay = 0;
    if (a.opened) self._lost = now();
    if (code !== 1012) {
      if (!a.opened && !self._locked) self._idx = (self._idx + 1) % self._list.length;
      // A connection lost (not closed with a 4xxx code) within 3/4 of the grace the node announced:
      // the session can still be resumed, so retry within resumeDelay rather than back off past it.
      g = self._grace;
      g = code < 4000 && now() - self._lost < g * 0.75 ? Math.min(s.resumeDelay, g / 4) : s.maxDelay;
      self._delay = Math.min(g, self._delay ? self._delay * 2 : s.minDelay);
      d = Math.random() * self._delay; // full jitter
    }
    self._status(self._locked ? 'reconnecting' : 'connecting');
    self._timer = setTimeout(function () { self._connect(); }, d);
  };

  Connection.prototype.close = function () {
    var a = this._attempt;
    this.closed = true;
    clearTimeout(this._timer);
    if (a && a.live) { a.live = false; clearTimeout(a.dog); if (a.stop) a.stop(); }
    this._status('closed');
  };

  Connection.prototype.reconnect = function () {
    var a = this._attempt;
    if (this.closed) return;
    if (a && a.live) this._end(a, 1012, 'reconnect requested');
    else { clearTimeout(this._timer); this._connect(); }
  };

  // websocket: text frames {"id","data"} or {"type":"reset"}; close codes per 5.5.
  T.websocket = function (c, a) {
    var u = new URL(c._url('websocket', true, a), window.location.href);
    u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
    var ws = new WebSocket(u.href);
    ws.onopen = function () { c._open(a); };
    ws.onmessage = function (ev) {
      var m;
      try { m = JSON.parse(ev.data); } catch (x) { return; }
      if (m.type === 'hello') c._hello(a, m);
      else if (m.type === 'reset') c._reset(a);
      else if (m.id != null) {
        c._event(a, c._decode(m.data), m.id);
        try { ws.send(JSON.stringify({ ack: m.id })); } catch (x) { /* closing */ }
      }
    };
    ws.onclose = function (ev) { c._end(a, ev.code, ev.reason); };
    return function () { ws.onclose = ws.onmessage = null; try { ws.close(); } catch (x) { /* gone */ } };
  };

  // sse: we reconnect ourselves (not EventSource's own retry) so backoff, fallback and close codes apply.
  T.sse = function (c, a) {
    var es = new EventSource(c._url('sse', true, a));
    es.onopen = function () { c._open(a); };
    es.onmessage = function (ev) { c._event(a, c._decode(ev.data), ev.lastEventId); };
    es.addEventListener('hello', function (ev) { try { c._hello(a, JSON.parse(ev.data)); } catch (x) { /* not ours */ } });
    es.addEventListener('reset', function () { c._reset(a); });
    es.addEventListener('reconnect', function () { c._end(a, 1012, 'reconnect'); });
    es.addEventListener('close', function (ev) {
      var m = /^(\d+) ?([\s\S]*)$/.exec(ev.data) || [];
      c._end(a, +m[1] || 4000, m[2]);
    });
    es.onerror = function () { c._end(a, 0, 'error'); };
    return function () { es.close(); };
  };

  // long_poll: one JSON array per response; every poll acknowledges via last_event_id.
  T.long_poll = function (c, a) {
    var xhr;
    function poll() {
      xhr = O.create_xhr();
      xhr.open('GET', c._url('long_poll', true, a), true);
      xhr.timeout = 45000; // the server answers [] after long_poll.timeout (30 s)
      xhr.onreadystatechange = function () {
        var list = null, m, i;
        if (xhr.readyState !== 4 || !a.live) return;
        if (xhr.status === 200) try { list = JSON.parse(xhr.responseText); } catch (x) { /* below */ }
        if (!Array.isArray(list)) return c._end(a, 0, 'HTTP ' + xhr.status);
        c._open(a);
        for (i = 0; i < list.length && a.live; i++) {
          m = list[i] || {};
          if (m.type === 'hello') c._hello(a, m);
          else if (m.type === 'reset') c._reset(a);
          else if (m.type === 'close') return c._end(a, m.code, m.reason);
          else if (m.type === 'reconnect') return c._end(a, 1012, 'reconnect');
          else if (m.id != null) c._event(a, c._decode(m.data), m.id);
        }
        if (a.live) poll();
      };
      xhr.send(null);
    }
    poll();
    return function () { xhr.onreadystatechange = null; xhr.abort(); };
  };

  // xhr_stream (5.3 H-XS): skip to the first \r\n\r\n, split on \r\n|O|\r\n; an empty payload
  // followed by "ping" is a ping, followed by "reconnect" the reconnect instruction.
  T.xhr_stream = function (c, a) {
    var xhr = O.create_xhr(), pos = -1, empty = false;
    xhr.open('GET', c._url('xhr_stream', false), true);
    xhr.onreadystatechange = function () {
      var t, i, s;
      if (!a.live || xhr.readyState < 3) return;
      if (xhr.status !== 200) { if (xhr.readyState === 4) c._end(a, 0, 'HTTP ' + xhr.status); return; }
      t = xhr.responseText;
      if (pos < 0 && (i = t.indexOf('\r\n\r\n')) >= 0) { pos = i + 4; c._open(a); c._alive(a); }
      while (pos >= 0 && a.live && (i = t.indexOf(SEP, pos)) >= 0) {
        s = t.substring(pos, i);
        pos = i + SEP.length;
        if (empty) {
          empty = false;
          if (s === 'ping') { c._alive(a); continue; }
          if (s === 'reconnect') return c._end(a, 1012, 'reconnect');
          c._event(a, c._decode(''), null);
        }
        if (s === '') empty = true;
        else { c._alive(a); c._event(a, c._decode(s), null); }
      }
      if (xhr.readyState === 4) c._end(a, 0, 'stream ended');
    };
    xhr.send(null);
    return function () { xhr.onreadystatechange = null; xhr.abort(); };
  };

  // iframe/htmlfile (5.3 H-IFRAME): a hidden iframe loads /_/iframe.js, which calls attach_iframe.
  T.iframe = function (c, a) {
    var f = document.createElement('iframe');
    try { document.domain = O.extract_xss_domain(); } catch (x) { /* ignored by modern browsers */ }
    O.hide_iframe(f);
    a.iframe = f;
    iframes.push(a);
    f.onload = function () { c._end(a, 0, 'iframe ended'); }; // stream over, or an error page
    f.src = c._url('iframe', false);
    document.body.appendChild(f);
    c._alive(a);
    return function () {
      var i = iframes.indexOf(a);
      if (i >= 0) iframes.splice(i, 1);
      f.onload = null;
      later(function () { if (f.parentNode) f.parentNode.removeChild(f); }); // may be its own caller
    };
  };

  /**
   * Opens a connection that reconnects by itself until close().
   * @param {OrbitedOptions} opts
   * @returns {OrbitedConnection}
   */
  O.open = function (opts) { return new Connection(opts, AUTO); };

  /**
   * The Orbited 0.2/0.3 call; event_cb(data) gets each decoded body.
   * @param {function(*): void} event_cb
   * @param {string} user
   * @param {string} location
   * @param {string} [session]
   * @param {string} [transport] omitted: websocket, sse, long_poll
   * @returns {OrbitedConnection}
   */
  O.connect = function (event_cb, user, location, session, transport) {
    return new Connection({ location: location, user: user, session: session, transport: transport,
                            onevent: function (data) { event_cb(data); } }, LEGACY_AUTO);
  };

  // HaloD (README): route = 1 + CRC-32(UTF-8 user) mod n, as java.util.zip.CRC32; routeUrl gives `location`.
  O.route = function (user, n) {
    var t = O._crc, c, i, k, s = unescape(encodeURIComponent(user));
    if (!t) for (t = O._crc = [], i = 0; i < 256; t[i++] = c) for (c = i, k = 0; k < 8; k++) c = c & 1 ? c >>> 1 ^ 0xEDB88320 : c >>> 1;
    for (c = -1, i = 0; i < s.length; i++) c = c >>> 8 ^ t[(c ^ s.charCodeAt(i)) & 255];
    return 1 + ((c ^ -1) >>> 0) % n;
  };
  O.routeUrl = function (gw, user, location) {
    return (gw.scheme || window.location.protocol.slice(0, -1)) + '://' + gw.host + ':' +
      (gw.browserBase + O.route(user, gw.routes) - 1) + (location || '');
  };

  // ---- legacy utilities (0.2/0.3) ----

  O.create_xhr = function () {
    return window.XMLHttpRequest ? new XMLHttpRequest() : new window.ActiveXObject('Microsoft.XMLHTTP');
  };

  O.log = function (msg) {
    if (O.settings.debug && window.console) window.console.log('[Orbited] ' + msg);
  };

  // document.domain as 0.2 set it: an IP stays as it is, a name keeps its last two labels.
  O.extract_xss_domain = function (host) {
    host = host || window.location.hostname;
    if (/^\d+\.\d+\.\d+\.\d+$/.test(host) || host.indexOf(':') >= 0) return host;
    return host.split('.').slice(-2).join('.');
  };

  // Called by /_/iframe.js in the transport iframe: wires its e()/p()/r() to the connection.
  O.attach_iframe = function (win) {
    var a = null, i, c;
    for (i = iframes.length - 1; i >= 0 && !a; i--) if (iframes[i].iframe.contentWindow === win) a = iframes[i];
    a = a || iframes[iframes.length - 1];
    if (!a) return;
    c = a.conn;
    win.e = function (data) { c._alive(a); c._event(a, data, null); };
    win.orbitedPing = function () { c._alive(a); };
    // r() is the server's reconnect instruction; reload() (stream ended without one) passes true.
    win.orbitedReconnect = function (ended) { c._end(a, ended ? 0 : 1012, ended ? 'stream ended' : 'reconnect'); };
    c._open(a);
  };

  O.hide_iframe = function (f) {
    f.style.cssText = 'position:absolute;left:-9999px;top:0;width:0;height:0;border:0;visibility:hidden';
  };

  // Loading and removing a blank iframe stops some browsers' busy indicator for a streaming iframe.
  O.kill_load_bar = function () {
    if (!document.body) return;
    var f = document.createElement('iframe');
    O.hide_iframe(f);
    document.body.appendChild(f);
    document.body.removeChild(f);
  };

  return O;
})(window, document);

if (typeof window.Orbited === 'undefined') window.Orbited = Orbited;
export default Orbited;
/** @type {function(OrbitedOptions): OrbitedConnection} */
export const open = Orbited.open;
export const connect = Orbited.connect;
