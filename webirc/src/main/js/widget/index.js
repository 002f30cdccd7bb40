// The embeddable live-help widget (docs/webirc.md): one script tag, one global (window.OrbitedWebIRC), one host
// element with an open shadow root. This file wires the Bayeux link, the mode (modes.js) and the UI (ui.js).
import { createBayeux } from '../bayeux.js';
import { MODES } from './modes.js';
import { scriptOptions, siteStore } from './options.js';
import { pickLang, translator } from './i18n.js';
import { buildUi } from './ui.js';
import { createLog } from './log.js';

const VERSION = '0.4.0';
const TYPING_IDLE = 3000;      // ms after the last key press before "stopped typing" is sent
const TYPING_AGAIN = 3000;     // ms between repeats of "typing" while keys keep coming (the desk page drops it after 6 s)
const TYPING_SHOWN = 20000;    // ms a helper's "typing" shows without news
const QUIET = 1500;            // ms after navigation start before "Connecting..." shows

(() => {
  if (window.OrbitedWebIRC) return;   // the tag twice on a page: the first one wins
  const script = document.currentScript || [...document.scripts].find((s) => /\/widget\.js([?#]|$)/.test(s.src));
  const o = scriptOptions(script);
  o.lang = pickLang(o.lang);
  const t = translator(o.lang);
  const store = siteStore(o);
  const handlers = {};
  const fire = (evt, data) => (handlers[evt] || []).forEach((fn) => { try { fn(data); } catch (e) { setTimeout(() => { throw e; }); } });
  let token = o.token;
  let ui = null;
  let log = null;
  // data-open=1 opens the panel until the visitor has opened or closed it once on this site
  const opened = store.get('open');
  let wantOpen = opened === null ? o.open : opened === true;

  const api = {
    version: VERSION,
    open: () => setOpen(true, true),
    close: () => setOpen(false, true),
    toggle: () => setOpen(!isOpen(), true),
    setToken(tk) {
      token = tk || null;
      // a new identity needs a new handshake, also after the node refused the last token (the link stopped)
      if (ui && mode) { bayeux.stop(); bayeux.start(); }
    },
    on(evt, fn) { (handlers[evt] = handlers[evt] || []).push(fn); return api; },
  };
  window.OrbitedWebIRC = api;

  const bayeux = createBayeux({ url: o.base + '/cometd', token: () => token });
  const ids = new Set();          // message ids shown
  const outbox = [];              // the visitor's lines (and a name change) not yet accepted, in order
  let link = 'connecting';
  let started = false;            // the mode's start() has settled since the last handshake
  let pumping = false;
  let helpers = null;             // {online, names} once known
  let named = !!store.get('named');
  let unread = store.get('unread') | 0;
  // the time of the newest line the widget has accounted for (shown in the open panel, counted as unread, or the
  // visitor's own): lines newer than it on the next page's hello (answers given while no page was open) are unread
  let mark = store.get('mark');
  let offlineDone = false;
  let myName = '';
  let typingSent = 0, typingTimer = 0, typingShown = 0;

  const system = (text) => log && log.system(text);
  const emit = (type, d) => {
    if (type === 'message') addMessage(d);
    else if (type === 'helpers') setHelpers(d);
    else if (type === 'typing') showTyping(d);
    else if (type === 'error') {
      system(d.code === 'mode_unavailable' ? t('unavailable', d) : t.why(d));
      // not "connecting" for ever; but a passing refusal (too many tabs, too fast) says nothing about the helpers
      if (!helpers && !/too_many|rate|flood|network/.test(d.code)) setHelpers({ online: 0, names: [] });
    }
    else if (type === 'closed') system(t('closed'));
    else if (type === 'name') myName = d.name;
  };
  const make = o.mode && MODES[o.mode];
  const mode = make ? make({ bayeux, opts: o, emit, store }) : null;

  function init() {
    ui = buildUi(o, t);
    log = createLog(ui, t, o.lang);
    ui.bubble.onclick = () => setOpen(!isOpen(), true);
    ui.close.onclick = () => setOpen(false, true);
    ui.panel.addEventListener('keydown', (e) => { if (e.key === 'Escape') { e.stopPropagation(); setOpen(false, true); } });
    ui.composer.onsubmit = (e) => { e.preventDefault(); send(); };
    ui.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); send(); }
    });
    ui.input.addEventListener('input', () => { grow(); typing(); });
    ui.nameForm.onsubmit = (e) => { e.preventDefault(); chooseName(); };
    ui.offlineForm.onsubmit = (e) => { e.preventDefault(); leave(); };
    ui.again.onclick = () => { offlineDone = false; layout(); ui.offlineText.focus(); };
    setTimeout(status, QUIET - performance.now());
    addEventListener('online', status);
    addEventListener('offline', status);
    // leaving the page: the node lets this client go at once (not after max_interval); back from the bfcache: again
    addEventListener('pagehide', () => { stopTyping(); bayeux.stop(); });
    addEventListener('pageshow', (e) => { if (e.persisted && mode) bayeux.start(); });
    setLink(bayeux.state);
    setHelpers(helpers);
    badge();
    setOpen(wantOpen, false);
    if (mode) bayeux.start();
    else system(t('unavailable', { message: 'data-channel "' + o.channel + '"' }));
  }

  bayeux.on('state', setLink);
  bayeux.on('handshake', () => {
    started = false;
    if (!mode) return;
    Promise.resolve(mode.start()).catch(() => {}).then(() => { started = true; pump(); });
  });
  if (document.body) init(); else document.addEventListener('DOMContentLoaded', init, { once: true });

  function isOpen() { return ui ? !ui.panel.hidden : wantOpen; }

  function setOpen(v, byUser) {
    if (!ui) { wantOpen = v; return; }
    const was = isOpen();
    ui.panel.hidden = !v;
    ui.w.classList.toggle('open', v);
    ui.bubble.setAttribute('aria-expanded', String(v));
    if (byUser) store.set('open', v);
    if (v) {
      unread = 0;
      log.scroll(true);
      if (byUser) [ui.nameInput, ui.offlineText, ui.again, ui.input].find((e) => !e.closest('[hidden]'))?.focus();
    } else if (byUser && was) {
      ui.bubble.focus();
    }
    badge();
    if (v !== was) fire(v ? 'open' : 'close');
  }

  function badge() {
    store.set('unread', unread);
    if (!ui) return;
    ui.unread.hidden = !unread;
    ui.unread.textContent = unread > 99 ? '99+' : String(unread);
    ui.bubble.setAttribute('aria-label', (isOpen() ? t('closeChat') : t('openChat')) + (unread ? ', ' + t('unread', { n: unread }) : ''));
  }

  function setLink(s) {
    link = s;
    if (s === 'online' && started) pump();
    fire('state', s);
    if (!ui) return;
    ui.host.setAttribute('data-state', s);
    status();
    layout();
  }

  // The banner: nothing while online, nor in a page's first 1.5 s of connecting (no flash on every navigation).
  function status() {
    const key = link === 'online' || (link === 'connecting' && performance.now() < QUIET) ? ''
      : link === 'offline' ? 'stopped' : !navigator.onLine ? 'offline' : link;
    ui.status.hidden = !key;
    ui.status.textContent = key ? t(key) : '';
  }

  function setHelpers(h) {
    helpers = h;
    if (!ui) return;
    const n = h ? h.online : 0;
    const names = (h && h.names) || [];
    ui.host.setAttribute('data-helpers', String(n));
    ui.helpers.classList.toggle('on', n > 0);
    ui.helpers.lastChild.textContent = !h ? t('connecting') : !n ? t('helpers0')
      : n === 1 && names[0] ? t('helpers1', { name: names[0] }) : names.length ? t('helpersN', { n }) : t('helpersSome');
    layout();
  }

  // Which form the panel's foot shows: the name prompt, the offline form (no helper online), or the composer.
  function layout() {
    const asking = o.askName && !named && outbox.some((e) => e.text);
    // the offline form only while the link is up: reconnecting, the composer stays and lines wait in the outbox
    const away = !asking && link === 'online' && helpers && helpers.online === 0 && !outbox.length;
    ui.nameForm.hidden = !asking;
    ui.offlineForm.hidden = !away || offlineDone;
    ui.offlineDone.hidden = !away || !offlineDone;
    ui.composer.hidden = asking || away;
  }

  function addMessage(m) {
    if (m.id && ids.has(m.id)) return;
    if (m.id) ids.add(m.id);
    let r = null;
    const fresh = m.time && !(m.time <= mark), marked = mark != null;
    if (fresh) store.set('mark', mark = m.time);
    if (m.from === 'me' && !m.history) {   // a history line (a hello again) is never a pending line's echo
      const mine = outbox.find((e) => e.text === m.text && !e.id && e.sending);
      if (mine) { mine.id = m.id; r = mine.row; r.classList.remove('pending'); log.note(r, ''); }
    }
    if (!r) {
      r = log.append(m);
      if ((!m.history || (fresh && marked)) && (m.from === 'helper' || m.from === 'other') && !isOpen()) { unread++; badge(); }
    }
    if (m.from !== 'me' && typingShown && m.name === ui.typing.dataset.name) showTyping({ typing: false });
    fire('message', m);
  }

  function grow() {
    ui.input.style.height = 'auto';
    ui.input.style.height = Math.min(ui.input.scrollHeight, 120) + 'px';
  }

  function send() {
    const text = ui.input.value.trim();
    if (!text) return;
    ui.input.value = '';
    grow();
    stopTyping();
    const a = crypto.getRandomValues(new Uint32Array(4));
    queue({ text, cid: [...a].map((x) => x.toString(36)).join(''), row: log.append({ from: 'me', text }) });
    if (o.askName && !named) { layout(); ui.nameInput.focus(); }
  }

  function queue(e) {
    e.row.classList.add('pending');
    e.row.classList.remove('failed');
    log.note(e.row, t('pending'));
    outbox.push(e);
    pump();
  }

  function chooseName() {
    const name = ui.nameInput.value.trim();
    if (!name) return;
    named = true;
    ui.nameForm.querySelector('.err').textContent = '';
    outbox.unshift({ name });
    layout();
    ui.input.focus();
    pump();
  }

  // Sends the outbox in order, one request at a time, while the link is up and the mode has started. A line the
  // link lost stays at the head and goes again after the reconnection; a refused one is marked, with a retry button.
  async function pump() {
    if (pumping) return;
    pumping = true;
    while (outbox.length && started && link === 'online' && !(o.askName && !named && !outbox[0].name)) {
      const e = outbox[0];
      e.sending = true;
      const r = e.name ? await mode.setName(e.name) : await mode.say(e.text, e.cid);
      e.sending = false;
      if (!r.ok && r.code === 'network' && link !== 'online') break;
      outbox.shift();
      if (e.name) {
        if (!r.ok) {
          named = false;
          ui.nameForm.querySelector('.err').textContent = t.why(r);
        } else store.set('named', true);
      } else if (r.ok) {
        e.row.classList.remove('pending');
        log.note(e.row, '');
      } else {
        e.row.classList.replace('pending', 'failed');
        log.note(e.row, t('failed') + '. ' + t.why(r), () => queue(e));
      }
    }
    pumping = false;
    layout();
  }

  function typing() {
    if (!mode || !mode.caps.typing || link !== 'online') return;
    const now = Date.now();
    if (now - typingSent >= TYPING_AGAIN) { typingSent = now; mode.typing(true); }
    clearTimeout(typingTimer);
    typingTimer = setTimeout(stopTyping, TYPING_IDLE);
  }

  function stopTyping() {
    clearTimeout(typingTimer);
    if (typingSent && mode) { typingSent = 0; mode.typing(false); }
  }

  function showTyping(d) {
    clearTimeout(typingShown);
    typingShown = 0;
    if (!ui) return;
    ui.typing.hidden = !d.typing;
    ui.typing.dataset.name = d.name || '';
    ui.typing.textContent = d.typing ? t('typing', { name: d.name || t('someone') }) : '';
    if (d.typing) typingShown = setTimeout(() => showTyping({ typing: false }), TYPING_SHOWN);
  }

  async function leave() {
    const err = ui.offlineForm.querySelector('.err');
    const text = ui.offlineText.value.trim();
    if (!text || !mode) return;
    ui.offlineSend.disabled = true;
    err.textContent = '';
    const r = await mode.leave({ text, email: ui.offlineEmail.value.trim(), name: named ? myName : '' });
    ui.offlineSend.disabled = false;
    if (!r.ok) { err.textContent = t.why(r); return; }
    ui.offlineText.value = '';
    offlineDone = true;
    layout();
    ui.offlineDone.querySelector('button').focus();
  }
})();
