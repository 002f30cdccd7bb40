// The help-desk page (/webirc/helper.html, docs/webirc.md "The help-desk page"): helpers sign in with the desk's
// helper key or a signed identity token, see every conversation live (several helpers at once), answer, close
// conversations and handle offline messages. Talks to the node it is served from, through ../bayeux.js and the
// help desk's services /service/helpdesk/helper/... (events on /service/helpdesk/events).

import { createBayeux } from '../bayeux.js';
import { credentials, takeFragment } from './auth.js';
import { createConversationView } from './conversation.js';
import { describe, refusal } from './errors.js';
import { createNotifier } from './notify.js';
import { createOfflineList } from './offline.js';
import { createQueue } from './queue.js';

takeFragment();

const $ = (p) => document.querySelector('[data-part=' + p + ']');
const body = document.body;
const STATUS = { connecting: 'Connecting…', online: 'Connected', reconnecting: 'Reconnecting…', offline: 'Offline: not connected' };

const st = {
  want: !!(credentials.token() || credentials.key()), // sign in at every handshake
  signedIn: false,
  me: '',
  typing: true, // the desk passes typing notices on
  link: 'connecting',
  convs: new Map(), // id -> {s: summary, unread, since}
  offlineUnseen: 0,
};

const bayeux = createBayeux({ url: location.origin + '/cometd', token: () => credentials.token() });
const notifier = createNotifier({ baseTitle: document.title, onMute: showMute });
const queue = createQueue($('queue'), { onOpen: (id) => openConversation(id, true), me: () => st.me });
const view = createConversationView($('chat'), {
  me: () => st.me,
  onSend: say,
  onTyping: (conversation, typing) => st.typing && bayeux.call('helpdesk/helper/typing', { conversation, typing }).catch(() => {}),
  onClose: (conversation) => call('helpdesk/helper/close', { conversation }).then((r) => {
    if (r.ok === false) $('composer-error').textContent = describe(r);
  }),
  onBack: () => {
    body.dataset.view = 'list';
    const li = document.querySelector('[data-conversation="' + CSS.escape(view.id || '') + '"] button');
    view.hide();
    renderQueue();
    (li || $('queue')).focus();
  },
});
const offline = createOfflineList($('offline'), $('offline-empty'), {
  onDone: (id) => call('helpdesk/helper/done', { offline: id }).then((r) => {
    if (r.ok === false) return alertDone(r);
    offline.remove(id);
    return true;
  }),
});

function alertDone(r) {
  $('status').textContent = describe(r);
  return false;
}

/** A service call that resolves with its answer, a refusal ({ok:false, code, message}) included. */
function call(service, data) {
  return bayeux.call(service, data).then((r) => r || { ok: true }, (e) => ({ ok: false, ...refusal(e) }));
}

// ---- the link and signing in ----

function showLink(s) {
  st.link = s;
  body.dataset.state = s;
  $('status').textContent = STATUS[s] || s;
  if (s === 'offline' && credentials.token() && !st.signedIn) {
    // A refused handshake ends the link (advice reconnect "none"): the token is bad or expired. Forget it and
    // connect again without it, so the helper key can still be used.
    credentials.forgetToken();
    st.want = false;
    $('login-error').textContent = 'The node refused your sign-in token (expired or not valid here). Open the page '
      + 'again from your site to get a fresh one, or sign in with the helper key.';
    bayeux.start();
  }
}

function showMute(muted) {
  const b = $('mute');
  b.setAttribute('aria-pressed', String(muted));
  b.textContent = muted ? 'Sound off' : 'Sound on';
  b.title = muted ? 'New visitors and messages make no sound' : 'A short beep on a new visitor or message';
}

async function signIn(interactive) {
  const req = {};
  if (credentials.key()) req.key = credentials.key();
  if (credentials.name()) req.name = credentials.name();
  $('signin').disabled = true;
  const r = await call('helpdesk/helper/login', req);
  $('signin').disabled = false;
  if (r.ok === false) {
    if (r.code === 'timeout' || r.code === 'stopped') {
      // No answer (the link dropped, or no help desk on this node): the next handshake signs in again.
      $('login-error').textContent = describe(r);
      if (st.signedIn) $('status').textContent = 'Not signed in again: ' + describe(r);
      return;
    }
    st.want = false;
    st.signedIn = false;
    body.dataset.signedIn = '0';
    if (r.code === 'helpdesk_bad_key') credentials.setKey('');
    $('login-error').textContent = describe(r);
    $(r.code === 'helpdesk_bad_name' ? 'name' : 'key').focus();
    return;
  }
  signedIn(r);
  if (view.id) openConversation(view.id, false);
  if (interactive) document.getElementById('main').focus();
}

/** A login's answer: who this is, every conversation and offline message, the helpers online. */
function signedIn(r) {
  st.want = true;
  st.signedIn = true;
  st.me = r.name || credentials.name();
  st.typing = r.typing !== false;
  body.dataset.signedIn = '1';
  $('login-error').textContent = '';
  $('me').textContent = 'Signed in as ' + st.me;
  $('rename').hidden = !credentials.key(); // an identity names itself
  loadConversations(r.conversations || []);
  offline.set(r.offline || []);
  if (r.helpers) onEvent({ type: 'helpers', ...r.helpers });
}

// Change name: signing in again with the key and the new name (the desk keeps the old one on a refusal).
function renameForm(open) {
  $('rename-form').hidden = !open;
  $('rename').hidden = open;
  $('rename-error').textContent = '';
  if (open) {
    $('rename-input').value = st.me;
    $('rename-input').select();
    $('rename-input').focus();
  } else $('rename').focus();
}
$('rename').addEventListener('click', () => renameForm(true));
$('rename-cancel').addEventListener('click', () => renameForm(false));
$('rename-form').addEventListener('keydown', (e) => e.key === 'Escape' && renameForm(false));
$('rename-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const name = $('rename-input').value.trim();
  const r = await call('helpdesk/helper/login', { key: credentials.key(), name });
  if (r.ok === false) {
    $('rename-error').textContent = describe(r);
    return $('rename-input').focus();
  }
  credentials.setName(name);
  signedIn(r);
  renameForm(false);
});

$('login-form').addEventListener('submit', (e) => {
  e.preventDefault();
  notifier.unlock();
  const key = $('key').value.trim();
  const name = $('name').value.trim();
  const err = !name && !credentials.token() ? 'Enter your name: visitors see it next to your answers.'
    : !key && !credentials.token() ? 'Enter the helper key (the part after #key= in the link from the node\'s log).' : '';
  $('login-error').textContent = err;
  if (err) return $(name ? 'key' : 'name').focus();
  if (key) credentials.setKey(key);
  credentials.setName(name);
  signIn(true);
});

$('mute').addEventListener('click', () => {
  notifier.unlock();
  notifier.setMuted(!notifier.muted);
});
$('signout').addEventListener('click', () => {
  credentials.forget();
  location.reload();
});

// ---- conversations ----

function record(s, old) {
  const since = !s.waiting ? null
    : old && old.since && old.s.waiting ? old.since // still waiting since then
      : old ? s.last // it became waiting now: with this line
        : s.helper ? s.last : s.started; // first seen: never answered = waiting since it started
  return { s, unread: old ? old.unread : 0, since };
}

function loadConversations(list) {
  const old = st.convs;
  st.convs = new Map(list.map((s) => [s.id, record(s, old.get(s.id))]));
  renderQueue();
}

function seen(id) {
  return view.id === id && !document.hidden;
}

function renderQueue() {
  $('queue-empty').hidden = st.convs.size > 0;
  queue.render(st.convs.values(), view.id);
  let unread = st.offlineUnseen;
  for (const c of st.convs.values()) unread += c.unread;
  notifier.setCount(unread);
}

async function openConversation(id, interactive) {
  const c = st.convs.get(id);
  if (!c) return;
  c.unread = 0;
  view.show(c.s);
  body.dataset.view = 'conversation';
  renderQueue();
  if (interactive) view.focusInput();
  const r = await call('helpdesk/helper/open', { conversation: id });
  if (view.id !== id) return;
  if (r.ok === false) {
    $('composer-error').textContent = describe(r);
    return;
  }
  if (r.conversation) upsert(r.conversation);
  view.setMessages(r.messages || []);
}

async function say(conversation, text) {
  const r = await call('helpdesk/helper/say', { conversation, text });
  if (r.ok === false) return describe(r);
  if (view.id === conversation) view.add(r.message);
  return '';
}

function upsert(s) {
  const old = st.convs.get(s.id);
  const c = record(s, old);
  st.convs.set(s.id, c);
  if (view.id === s.id) view.show(s);
  if (!old && !s.closed) notifier.notify('New visitor');
  renderQueue();
}

function onEvent(e) {
  if (!e || !st.signedIn) return;
  if (e.type === 'conversation' && e.conversation) upsert(e.conversation);
  else if (e.type === 'message' && e.message) {
    const c = st.convs.get(e.conversation);
    if (view.id === e.conversation) view.add(e.message);
    if (c && e.message.from === 'visitor') {
      if (!seen(e.conversation)) {
        c.unread++;
        notifier.notify('New message');
      }
    }
    if (c) {
      c.s = { ...c.s, last: e.message.time, lastText: e.message.text };
      renderQueue();
    }
  } else if (e.type === 'typing') {
    if (view.id === e.conversation) view.typing(e.name, !!e.typing);
  } else if (e.type === 'offline' && e.offline) {
    if (offline.add(e.offline)) {
      if (document.hidden) st.offlineUnseen++;
      notifier.notify('New offline message');
      renderQueue();
    }
  } else if (e.type === 'offline-done') offline.remove(e.id);
  else if (e.type === 'helpers') {
    const names = Array.isArray(e.names) ? e.names : [];
    $('helpers').textContent = 'Helpers online: ' + (names.length ? names.join(', ') : String(e.online ?? 0));
  }
}

function lookedAgain() {
  if (document.hidden) return;
  st.offlineUnseen = 0;
  const c = view.id && st.convs.get(view.id);
  if (c) c.unread = 0;
  if (st.signedIn) renderQueue();
}
document.addEventListener('visibilitychange', lookedAgain);
window.addEventListener('focus', lookedAgain);
setInterval(() => st.signedIn && renderQueue(), 20000); // "waiting 4 min" moves on

// ---- start ----

showMute(notifier.muted);
$('name').value = credentials.name();
$('key').value = credentials.key();
bayeux.on('state', showLink);
bayeux.on('handshake', () => {
  if (st.want) signIn(false);
});
bayeux.listen('/service/helpdesk/events', onEvent);
// Leaving (reload, sign-out, tab closed): disconnect, so other helpers stop counting this tab at once.
window.addEventListener('pagehide', () => bayeux.stop());
showLink('connecting');
bayeux.start();
if (!st.want) ($('name').value ? $('key') : $('name')).focus();
