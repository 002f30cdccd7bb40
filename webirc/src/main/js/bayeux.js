// A small Bayeux 1.0 client for the widget and the helper page (docs/webirc.md, "Size and safety").
//
// Contract (issue 15, shared brief section 2):
//   const b = createBayeux({ url, token: () => tokenOrNull, transports: ['websocket', 'long-polling'],
//                            callTimeout: 10000 });
//   b.on('state', s => ...)      'connecting' | 'online' | 'reconnecting' | 'offline'
//   b.on('handshake', () => ...) after every successful handshake (a new clientId): hello again
//   b.subscribe(channel, fn)     fn(data, msg); kept across re-handshakes; returns an unsubscribe function
//   b.listen(serviceChannel, fn) deliveries on /service/... (no subscription is sent)
//   b.call('helpdesk/say', data) publish to /service/helpdesk/say; resolves with the reply's data (the reply
//                                carries the request id); rejects on successful:false or after 10 s
//   b.call(name, data, {resend: true})   the same, and sent again on the next link when the link it was written on
//                                died without its reply (only for services that make a repeat harmless: say with a cid)
//   b.publish(channel, data)     resolves with the publish reply
//   b.start(); b.stop();
//
// Transports: WebSocket first (the handshake is the socket's first frame, the session is bound to the socket);
// when the socket cannot open and a long-polling handshake then works, long-polling for the rest of the page's
// life (POSTs with credentials, so the BAYEUX_BROWSER cookie travels cross-origin). Long-polling keeps at most two
// requests: the parked /meta/connect and one for everything else; deliveries ride the connect replies.
//
// Failures: a transport error keeps the clientId and retries /meta/connect after a backoff with jitter (0, then
// 500 ms more per failure up to 10 s, times 0.5-1); a reply with a 402 error or reconnect:"handshake" advice hands back to a new
// handshake; reconnect:"none" stops (state 'offline'). Calls and publishes made while no session exists wait for
// the next handshake (after the 'handshake' listeners' own calls), bounded by their 10 s timeout. While WebSocket is
// the transport, messages wait for an open socket (never an HTTP POST in between: it would lack the cookie
// cross-site). The browser coming back online, or the page becoming visible, cuts a running backoff short.

const CALL_TIMEOUT = 10000;
const NETWORK_DELAY = 10000;
const OPEN_TIMEOUT = 5000;

export function createBayeux(opts) {
  const url = opts.url;
  const token = opts.token || (() => null);
  const transports = opts.transports || ['websocket', 'long-polling'];
  const callTimeout = opts.callTimeout || CALL_TIMEOUT;
  const listeners = {};            // event name -> [fn]
  const subs = new Map();          // channel or pattern -> Set(fn), subscriptions
  const services = new Map();      // /service/... channel -> Set(fn), listen()
  const pending = new Map();       // message id -> {resolve, reject, timer, call}
  let useWs = transports[0] === 'websocket' && typeof WebSocket === 'function';
  let nextId = 0;
  let state = 'offline';
  let running = false;
  let clientId = null;
  let advice = { timeout: 30000, interval: 0, reconnect: 'retry' };
  let everOnline = false;
  let failures = 0;
  let outbox = [];                 // messages to send on the next flush
  let held = [];                   // messages waiting for a session
  let flushing = false;
  let ws = null;
  let connectId = null;            // the id of the /meta/connect in flight
  let timer = null;                // backoff / interval / watchdog
  let aborts = new Set();          // long-polling requests in flight
  let everConnected = false;       // a connect succeeded in this session (the first one asks timeout 0)
  let pollingHandshake = null;     // the id of a handshake sent over polling after the socket failed
  let backoff = null;              // what a running backoff will do when it ends

  const emit = (evt, ...args) => (listeners[evt] || []).slice().forEach((fn) => {
    try { fn(...args); } catch (e) { setTimeout(() => { throw e; }); }
  });
  const setState = (s) => { if (s !== state) { state = s; emit('state', s); } };
  const id = () => String(++nextId);
  const halt = () => { clearTimeout(timer); backoff = null; };

  function send(msg) {
    outbox.push(msg);
    if (!flushing) { flushing = true; queueMicrotask(flush); }
  }

  function flush() {
    flushing = false;
    const batch = outbox;
    outbox = [];
    if (!batch.length) return;
    if (ws && ws.readyState === 1) ws.send(JSON.stringify(batch));
    else if (useWs) outbox = batch.concat(outbox);   // no open socket yet: sent with the next message once there is
    else {
      post(batch);
    }
  }

  // One long-polling request; its reply messages are dispatched in order (deliveries first).
  function post(batch, timeout) {
    const ctl = new AbortController();
    let late = false;
    aborts.add(ctl);
    const guard = setTimeout(() => { late = true; ctl.abort(); }, (timeout || 0) + NETWORK_DELAY);
    fetch(url, {
      method: 'POST', credentials: 'include', signal: ctl.signal,
      headers: { 'Content-Type': 'application/json;charset=UTF-8' }, body: JSON.stringify(batch),
    }).then((r) => {
      if (!r.ok) throw new Error('HTTP ' + r.status);
      return r.json();
    }).then((msgs) => {
      aborts.delete(ctl);
      clearTimeout(guard);
      if (running) (Array.isArray(msgs) ? msgs : [msgs]).forEach(receive);
    }, () => {
      aborts.delete(ctl);
      clearTimeout(guard);
      if (running && (late || !ctl.signal.aborted)) transportFailed();   // not aborted by stop() or a failure
    });
  }

  function openSocket(then) {
    let opened = false;
    const s = new WebSocket(url.replace(/^http/, 'ws'));
    ws = s;
    // a server going down may accept the connection and never answer the upgrade
    const guard = setTimeout(() => { if (ws === s) { closeSocket(); then(false); } }, OPEN_TIMEOUT);
    s.onopen = () => { opened = true; clearTimeout(guard); then(true); };
    s.onmessage = (e) => {
      let msgs;
      try { msgs = JSON.parse(e.data); } catch (err) { return; }
      (Array.isArray(msgs) ? msgs : [msgs]).forEach(receive);
    };
    s.onclose = () => {
      if (ws !== s) return;
      ws = null;
      clearTimeout(guard);
      if (!opened) then(false);
      else if (running) transportFailed();
    };
  }

  function closeSocket() {
    const s = ws;
    ws = null;
    if (s) { s.onclose = s.onmessage = s.onopen = null; try { s.close(); } catch (e) { /* closed */ } }
  }

  function handshake() {
    halt();
    clientId = null;
    connectId = null;
    closeSocket();
    // what was still to be sent belongs to the old session: its publishes and calls wait for the new one (their
    // timeouts run on), the rest (subscriptions) the new handshake restores
    held = outbox.filter((m) => pending.has(m.id)).concat(held);
    outbox = [];
    const t = token();
    const msg = {
      id: id(), channel: '/meta/handshake', version: '1.0', minimumVersion: '1.0',
      advice: { timeout: 60000, interval: 0 },
    };
    if (t) msg.ext = { auth: { token: t } };
    const viaPolling = () => {
      msg.supportedConnectionTypes = ['long-polling'];
      post([msg]);
    };
    if (useWs) {
      openSocket((ok) => {
        if (!running) return;
        if (ok) {
          msg.supportedConnectionTypes = ['websocket'];
          ws.send(JSON.stringify([msg]));
          timer = setTimeout(transportFailed, NETWORK_DELAY);   // no answer: the socket is as good as lost
        } else if (transports.includes('long-polling')) {
          pollingHandshake = msg.id;
          viaPolling();
        } else {
          transportFailed();
        }
      });
    } else {
      viaPolling();
    }
  }

  function connect() {
    halt();
    if (!running || !clientId) return;
    if (useWs && !ws) {
      openSocket((ok) => { if (ok) connect(); else transportFailed(); });
      return;
    }
    const first = !everConnected;
    const msg = { id: id(), channel: '/meta/connect', clientId, connectionType: ws ? 'websocket' : 'long-polling' };
    if (first) msg.advice = { timeout: 0 };
    connectId = msg.id;
    const wait = first ? 0 : advice.timeout || 0;
    if (ws) {
      send(msg);
      timer = setTimeout(transportFailed, wait + NETWORK_DELAY);
    } else {
      post([msg], wait);
    }
  }

  // Backoff with jitter: the first retry at once, then 500 ms more per failure up to 10 s, each times 0.5-1 (a
  // restarted node sees its visitors come back spread out, and none waits long once it is up).
  function retry(fn) {
    halt();
    connectId = null;
    setState(everOnline ? 'reconnecting' : 'connecting');
    const n = failures++;
    backoff = fn;
    timer = setTimeout(() => { backoff = null; fn(); }, Math.min(10000, 500 * n) * (0.5 + Math.random() / 2));
  }

  // back online, or the page visible again: a running backoff ends now
  function kick() {
    const fn = backoff;
    if (!fn || !running || document.visibilityState === 'hidden') return;
    halt();
    fn();
  }
  if (typeof addEventListener === 'function') {
    addEventListener('online', kick);
    document.addEventListener('visibilitychange', kick);
  }

  // the calls that opted in wait for the next link when the one they were written on died without their reply
  const hold = (m) => { if (!held.includes(m) && !outbox.includes(m)) held.push(m); };

  function transportFailed() {
    if (!running) return;
    closeSocket();
    aborts.forEach((c) => c.abort());
    aborts.clear();
    pending.forEach((p) => p.resend && hold(p.msg));
    everConnected = false;   // the next connect asks for an answer at once: online again as soon as the node answers
    retry(() => (clientId ? connect() : handshake()));
  }

  // Applies a reply's advice; true when it ended this session (a handshake follows, or the client stops).
  function adviceFrom(m) {
    if (m.advice) advice = Object.assign({}, advice, m.advice);
    const r = m.advice && m.advice.reconnect;
    if (r === 'none') { stop(false); return true; }
    if (r === 'handshake' || (m.successful === false && /^402:/.test(m.error || ''))) {
      clientId = null;
      retry(handshake);
      return true;
    }
    return false;
  }

  function flushHeld() {
    const waiting = held;
    held = [];
    waiting.forEach((w) => { w.clientId = clientId; send(w); });
  }

  function receive(m) {
    if (!running || !m || typeof m.channel !== 'string') return;
    const ch = m.channel;
    if (ch === '/meta/handshake') {
      halt();
      if (m.successful) {
        clientId = m.clientId;
        if (m.advice) advice = Object.assign({}, advice, m.advice);
        if (pollingHandshake === m.id) useWs = false;   // the socket failed and polling works: stay on it
        failures = 0;
        everOnline = true;
        everConnected = false;
        setState('online');
        subs.forEach((fns, channel) => send({ id: id(), channel: '/meta/subscribe', clientId, subscription: channel }));
        emit('handshake');
        flushHeld();
        connect();
      } else if (!adviceFrom(m)) {
        transportFailed();
      }
      return;
    }
    if (ch === '/meta/connect') {
      if (m.id !== connectId) return;
      connectId = null;
      halt();
      if (adviceFrom(m)) return;
      if (!m.successful) { transportFailed(); return; }
      everConnected = true;
      failures = 0;
      setState('online');
      flushHeld();
      const interval = advice.interval || 0;
      if (interval < 0) { stop(false); return; }
      timer = setTimeout(connect, interval);
      return;
    }
    const p = m.id && pending.get(m.id);
    if (p) {
      if (m.successful === false) {
        if (/^402:/.test(m.error || '') && !ch.startsWith('/meta/')) {
          // the session was gone, so the server did nothing: send it again after the next handshake
          hold(p.msg);
          adviceFrom({ successful: false, error: m.error });
          return;
        }
        settle(m.id, new Error(m.error || 'failed'));
        return;
      }
      if (!p.call || 'data' in m) { settle(m.id, null, p.call ? m.data : m); return; }
      // a call's publish reply: the service's own reply (with data) follows
      return;
    }
    if (ch.startsWith('/meta/')) {
      if (m.successful === false) adviceFrom(m);
      return;
    }
    if (!('data' in m)) return;
    const fns = ch.startsWith('/service/') ? [services.get(ch)] : [...subs].filter(([pat]) => matches(pat, ch)).map((e) => e[1]);
    fns.forEach((set) => set && set.forEach((fn) => {
      try { fn(m.data, m); } catch (e) { setTimeout(() => { throw e; }); }
    }));
  }

  function settle(mid, err, value) {
    const p = pending.get(mid);
    if (!p) return;
    pending.delete(mid);
    clearTimeout(p.timer);
    held = held.filter((w) => w !== p.msg);   // answered after all (the node sent it on the next link)
    if (err) p.reject(err); else p.resolve(value);
  }

  function request(channel, data, call, resend) {
    return new Promise((resolve, reject) => {
      const msg = { id: id(), channel, data };
      const p = { resolve, reject, call, msg, resend };
      p.timer = setTimeout(() => {
        held = held.filter((w) => w !== msg);
        settle(msg.id, new Error('timeout'));
      }, callTimeout);
      pending.set(msg.id, p);
      if (clientId && state === 'online') { msg.clientId = clientId; send(msg); } else held.push(msg);
    });
  }

  function stop(disconnect = true) {
    if (disconnect && clientId && running) {
      const bye = [{ id: id(), channel: '/meta/disconnect', clientId }];
      if (ws && ws.readyState === 1) ws.send(JSON.stringify(bye));
      else if (!ws) fetch(url, { method: 'POST', credentials: 'include', keepalive: true,
        headers: { 'Content-Type': 'application/json;charset=UTF-8' }, body: JSON.stringify(bye) }).catch(() => {});
    }
    running = false;
    halt();
    closeSocket();
    aborts.forEach((c) => c.abort());
    aborts.clear();
    clientId = null;
    held = [];
    pending.forEach((p, k) => settle(k, new Error('stopped')));
    setState('offline');
  }

  return {
    on(evt, fn) { (listeners[evt] = listeners[evt] || []).push(fn); return this; },
    get state() { return state; },
    get clientId() { return clientId; },
    get transport() { return ws ? 'websocket' : 'long-polling'; },
    start() {
      if (running) return;
      running = true;
      failures = 0;
      everOnline = false;
      setState('connecting');
      handshake();
    },
    stop,
    subscribe(channel, fn) {
      let set = subs.get(channel);
      if (!set) {
        subs.set(channel, set = new Set());
        if (clientId) send({ id: id(), channel: '/meta/subscribe', clientId, subscription: channel });
      }
      set.add(fn);
      return () => {
        set.delete(fn);
        if (!set.size && subs.get(channel) === set) {
          subs.delete(channel);
          if (clientId) send({ id: id(), channel: '/meta/unsubscribe', clientId, subscription: channel });
        }
      };
    },
    listen(channel, fn) {
      const set = services.get(channel) || new Set();
      services.set(channel, set.add(fn));
      return () => set.delete(fn);
    },
    call: (service, data, o) => request('/service/' + service.replace(/^\/?(service\/)?/, ''), data, true, o && o.resend),
    publish: (channel, data) => request(channel, data, false),
  };
}

// Bayeux wildcards: /a/* matches one more segment, /a/** one or more.
function matches(pattern, channel) {
  if (pattern === channel) return true;
  const deep = pattern.endsWith('/**');
  if (!deep && !pattern.endsWith('/*')) return false;
  const prefix = pattern.slice(0, pattern.lastIndexOf('/') + 1);
  if (!channel.startsWith(prefix) || channel.length === prefix.length) return false;
  return deep || !channel.slice(prefix.length).includes('/');
}
