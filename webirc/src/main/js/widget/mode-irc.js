// IRC mode (docs/webirc.md "IRC mode"): the widget talks in an IRC channel through the node's IRC bridge
// (docs/irc.md). bridgeMode() is shared with mode-xmpp.js: both bridges have the same events, services and answers.
// The mode interface is in modes.js.
//
// Relay (data-login=relay, the default): the bridge's own nick speaks for the visitor (`say` with `name`: the chosen
// nick, or a guestNNNN made once and kept in the store, so the visitor's name is the same on every page).
// The visitor's own lines: the `say` answer names the canonical event (`sender`, and on IRC its `time`); the event
// that matches it is "me". Events that arrive while a `say` is unanswered wait for the answer (IRC publishes first).
// A chosen name that is no nick (李, Иван on IRC) speaks as a guest nick and stays the name the widget shows.
// Personal (data-login=personal): `login` gives the visitor its own connection (IRC) or session (XMPP); its reclaim
// secret, kept in the tab's sessionStorage, lets the next page of the tab take that connection over (no QUIT/JOIN).
// Helpers online: members whose prefix is in `ops`, except the bridge (`self` of names events) and the visitor.
// History: the last KEEP lines per channel in the widget's store (localStorage), plus XMPP's room history.
import { deskLeave } from './mode-local.js';

const KEEP = 50;
const WAIT = 10000;   // ms: the bridge's event of the visitor's own line, a personal connection's JOIN

/** The bridges' channel-name escape (BridgeChannelNames): UTF-8 bytes outside [A-Za-z0-9-_!~()@] become $XX. */
export function escapeName(s) {
  let out = '';
  for (const b of new TextEncoder().encode(s)) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9\-_!~()@]/.test(c) ? c : '$' + (b < 16 ? '0' : '') + b.toString(16).toUpperCase();
  }
  return out;
}

/** IRC's rfc1459 case folding: A-Z to a-z and [ ] \ ~ to { } | ^. */
export const foldIrc = (s) => s.replace(/[A-Z[\]\\~]/g, (c) => ({ '[': '{', ']': '}', '\\': '|', '~': '^' })[c] || c.toLowerCase());

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * k = {svc: 'irc/NET' | 'xmpp/MUC' (escaped), channel: the Bayeux channel, target: the channel's name for `say`
 * (folded), ops: prefixes that make a helper, fold(name), xmpp: bool}
 */
export function bridgeMode(ctx, k) {
  const { bayeux, opts, emit, store } = ctx;
  let personal = opts.login === 'personal';
  const members = new Map();      // nick -> prefix ('' for none)
  const waiting = [];             // the visitor's lines said: {sent, text, done, seen, asking, sender, time}
  const held = [];                // web events that came while a say was unanswered
  const key = 'orbited-webirc|' + opts.base + '|' + opts.channel;
  let self = '', me = '';
  let began = false, loggedIn = false, joined = false, onJoin = null;
  let log = store.get('log') || [];

  const session = (v) => {
    try {
      if (v === undefined) return JSON.parse(sessionStorage.getItem(key));
      sessionStorage.setItem(key, JSON.stringify(v));
    } catch (e) { /* storage blocked */ }
    return null;
  };
  const call = (service, data) => bayeux.call(k.svc + '/' + service, data).then(
    (r) => (r && r.ok ? r : { ok: false, code: (r && r.code) || 'bad_reply', message: (r && r.message) || '' }),
    (e) => ({ ok: false, code: 'network', message: e.message }));
  const isOp = (nick) => k.ops.includes((members.get(nick) || ' ')[0]);

  // A name the bridge accepts as a nick: IRC's grammar (letters without accents), XMPP's (letters, digits, _ . - ...)
  function nickOf(name) {
    let n = String(name || '').trim().replace(/\s+/g, '_');
    if (k.xmpp) return n.replace(/[^\p{L}\p{N}_.[\]{}^`|-]/gu, '').slice(0, 32);
    n = n.normalize('NFKD').replace(/[^A-Za-z0-9[\]\\`_^{|}-]/g, '').replace(/^[0-9-]+/, '');
    return n.slice(0, 30);
  }

  // This visitor's guest nick: made once, kept in the store.
  function guest() {
    let g = store.get('guest');
    if (!g) store.set('guest', g = 'guest' + String(Math.random()).slice(2, 6).padEnd(4, '0'));
    return g;
  }
  const shown = () => store.get('display') || me;   // the name the widget shows: the chosen one when it is no nick

  function helpers() {
    const names = [...members].filter(([n]) => n !== self && n !== me && isOp(n)).map(([n]) => n);
    emit('helpers', { online: names.length, names });
  }

  function show(ev, from, text) {
    const m = {
      id: [ev.time, ev.sender, ev.text].join('|'), from, name: ev.sender || '', time: ev.time, history: !!ev.history,
      text: ev.type === 'action' ? '* ' + ev.sender + ' ' + text : text,
    };
    emit('message', m);
    if (from === 'system') return;
    log = log.filter((x) => x.id !== m.id).concat(Object.assign({}, m, { history: true })).slice(-KEEP);
    store.set('log', log);
  }

  function line(ev) {
    if (ev.web && !ev.history && waiting.some((x) => x.asking)) held.push(ev);
    else place(ev);
  }

  // An event is the visitor's own when it is the one a say answer named (sender, and time or text), or when it
  // comes from this visitor's own personal connection.
  function place(ev) {
    const w = ev.web && !ev.history && waiting.find((x) => !x.seen && x.sender && x.sender === ev.sender
      && (x.time ? x.time === ev.time : x.sent === ev.text));
    if (w) {
      w.seen = true;
      w.done();
    }
    const from = !ev.sender ? 'system' : w || ev.web && me && ev.sender === me ? 'me' : isOp(ev.sender) ? 'helper' : 'other';
    show(ev, from, w ? w.text : ev.text);
  }

  function flush() {
    if (!waiting.some((x) => x.asking)) held.splice(0).forEach(place);
  }

  function onEvent(ev) {
    const t = ev && ev.type;
    if (t === 'names') {
      members.clear();
      self = ev.self || self;
      if (ev.roles) Object.entries(ev.roles).forEach(([n, p]) => members.set(n, p));
      else (ev.names || []).forEach((n) => { const p = /^[~&@%+]*/.exec(n)[0]; members.set(n.slice(p.length), p); });
    } else if (t === 'join') members.set(ev.sender, members.get(ev.sender) || '');
    else if (t === 'part' || t === 'quit') members.delete(ev.sender);
    else if (t === 'kick') members.delete(ev.nick);
    else if (t === 'nick' && members.has(ev.sender)) {
      members.set(ev.nick, members.get(ev.sender));
      members.delete(ev.sender);
    } else if (t === 'message' || t === 'action' || t === 'notice') return line(ev);
    else if (t === 'topic') {
      if (ev.text && ev.text !== store.get('topic')) {
        store.set('topic', ev.text);
        emit('message', { id: 'topic|' + ev.text, from: 'system', text: ev.text, time: ev.time });
      }
      return;
    } else if (t === 'status' && /^(disconnected|kicked|join_refused)$/.test(ev.status)) {
      members.clear();   // no helper can hear us now; names come again after the rejoin
      emit('error', { code: ev.code || ev.status, message: ev.text || ev.status });
    } else if (t === 'error') return emit('error', { code: ev.code, message: ev.message });
    else return;
    helpers();
  }

  // Deliveries to this client alone: its connection's join, nick, kick, private messages, errors, status.
  function onPersonal(ev) {
    if (!ev) return;
    const t = ev.type;
    const here = !ev.channel || k.fold(ev.channel) === k.target;
    if (t === 'join' && here) {
      joined = true;
      if (onJoin) onJoin();
    } else if (t === 'kick' && here && ev.nick === me) {
      joined = false;
      emit('error', { code: 'kicked', message: ev.text || ev.sender || 'kicked' });
    } else if (t === 'nick' && ev.sender === me && here) {
      me = ev.nick;
      session({ nick: me, secret: (session() || {}).secret });
      emit('name', { name: shown() });
    } else if ((t === 'message' || t === 'action') && here) line(ev);
    else if (t === 'error') emit('error', { code: ev.code, message: ev.message });
    else if (t === 'status' && (ev.status === 'reclaimed' || ev.status === 'disconnected')) {
      if (ev.status === 'reclaimed') loggedIn = joined = false;   // another page of this tab took the connection
      emit('error', { code: ev.code || ev.status, message: ev.text || ev.status });
    }
  }

  const joinedOrLate = () => (joined ? null : Promise.race([new Promise((r) => { onJoin = r; }), sleep(WAIT)]));

  // Personal: log in as `nick`, taking over this tab's connection when the secret is there; a taken nick takes
  // the bridge's suggestion (at most 3 times). The login is done when the connection is in the channel.
  async function login(nick) {
    const saved = session();
    const data = { nick };
    if (saved && saved.nick === nick && saved.secret) data.reclaim = saved.secret;
    joined = false;
    let r = await call('login', data);
    for (let i = 0; !r.ok && /_nick_taken$/.test(r.code) && r.suggestion && i < 3; i++) r = await call('login', { nick: r.suggestion });
    if (!r.ok) {
      if (!/_personal_disabled$/.test(r.code)) return r;
      personal = false;   // the bridge relays only: speak through it
      return { ok: true };
    }
    loggedIn = true;
    me = r.nick;
    session({ nick: me, secret: r.reclaim });
    emit('name', { name: shown() });
    if (r.reclaimed) joined = true;
    await joinedOrLate();
    return { ok: true };
  }

  return {
    caps: { typing: false, serverHistory: !!k.xmpp },
    async start() {
      if (!began) {
        began = true;
        log.forEach((m) => emit('message', m));
        bayeux.listen('/service/' + k.svc + '/events', onPersonal);
        bayeux.subscribe(k.channel, onEvent);
      }
      loggedIn = false;   // a new Bayeux client: log in again (reclaiming the connection)
      const saved = session();
      const nick = (saved && saved.nick) || store.get('name') || (!opts.askName && guest());
      const r = personal && nick ? await login(nick) : { ok: true };
      if (!r.ok) emit('error', r);
      return r;
    },
    async say(text) {
      if (personal && !loggedIn) {
        const r = await login(store.get('name') || guest());
        if (!r.ok) return r;
      }
      const sent = k.xmpp ? text : text.replace(/\s*\n\s*/g, ' ');   // IRC lines have no line breaks
      const data = { channel: k.target, text: sent };
      if (!loggedIn) data.name = store.get('name') || guest();
      const w = { sent, text };
      const echo = new Promise((r) => { w.done = r; });
      waiting.push(w);
      const ask = async () => {
        w.asking = true;
        const a = await call('say', data);
        w.asking = false;
        if (a.ok) Object.assign(w, { sender: a.sender, time: a.time });
        flush();
        return a;
      };
      let r = await ask();
      if (!r.ok && /_not_joined$/.test(r.code) && loggedIn) {
        await joinedOrLate();
        r = await ask();
      }
      if (r.ok && w.sender) await Promise.race([echo, sleep(WAIT)]);
      waiting.splice(waiting.indexOf(w), 1);
      flush();
      return r.ok ? { ok: true } : r;
    },
    async setName(name) {
      const nick = nickOf(name) || guest();   // no letters the network takes: a guest nick, the name still shown
      store.set('name', nick);
      store.set('display', nick === nickOf(name) ? '' : name.trim());
      if (personal && loggedIn) return call('nick', { nick });   // the change comes as a nick event
      if (personal) return login(nick);
      emit('name', { name: shown() || nick });
      return { ok: true };
    },
    typing() {},
    leave: (form) => deskLeave(ctx, opts.desk, form),
  };
}

export function createMode(ctx) {
  const o = ctx.opts;
  const net = escapeName(o.network);
  const target = foldIrc(o.target);
  return bridgeMode(ctx, {
    svc: 'irc/' + net, channel: '/irc/' + net + '/' + escapeName(target), target, ops: '~&@%', fold: foldIrc,
  });
}
