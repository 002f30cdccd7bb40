// Local mode: the node's own help desk (plugin [plugin:helpdesk], Bayeux services /service/helpdesk/..., docs/webirc.md
// "Local mode: the help desk"). The mode interface is in modes.js.
//
// The visitor's id and key (localStorage, per site and desk) resume the conversation on every page of the site and in
// every tab; the desk's hello reply carries the conversation so far, which is the widget's history.

import { pageOf } from './options.js';

const EVENTS = '/service/helpdesk/events';
const FROM = { visitor: 'me', helper: 'helper', system: 'system' };

/** Any answer of the desk as the mode interface's result; a lost or refused request is code "network". */
export function call(bayeux, service, data, o) {
  return bayeux.call('helpdesk/' + service, data, o).then(
    (r) => (r && r.ok ? r : { ok: false, code: (r && r.code) || 'helpdesk_bad_reply', message: (r && r.message) || '' }),
    (e) => ({ ok: false, code: 'network', message: e.message }));
}

/** An offline message to the local desk `desk` (every mode's leave()). */
export function deskLeave(ctx, desk, { text, email, name }) {
  const data = { desk, text, page: pageOf(ctx.opts) };
  if (email) data.email = email;
  if (name) data.name = name;
  return call(ctx.bayeux, 'leave', data).then((r) => (r.ok ? { ok: true } : r));
}

export function createMode(ctx) {
  const { bayeux, opts, emit, store } = ctx;
  const desk = opts.desk;
  const message = (m, history) => ({
    id: m.id, from: FROM[m.from] || 'other', name: m.name, text: m.text, time: m.time, history,
  });

  bayeux.listen(EVENTS, (ev) => {
    if (!ev) return;
    if (ev.type === 'message' && ev.message) emit('message', message(ev.message, false));
    else if (ev.type === 'typing') emit('typing', { name: ev.name, typing: !!ev.typing });
    else if (ev.type === 'helpers') emit('helpers', { online: ev.online | 0, names: ev.names || [] });
    else if (ev.type === 'closed' || ev.type === 'conversation-removed') emit('closed', {});
  });

  async function hello() {
    const data = { desk, page: pageOf(opts), lang: opts.lang };
    const visitor = store.get('visitor'), key = store.get('key'), name = store.get('name');
    if (visitor && key) Object.assign(data, { visitor, key });
    if (name) data.name = name;
    const r = await call(bayeux, 'hello', data);
    if (!r.ok) {
      emit('error', r);
      return r;
    }
    mode.caps.typing = r.typing !== false;   // the desk passes typing on unless [plugin:helpdesk] typing = 0
    store.set('visitor', r.visitor);
    store.set('key', r.key);
    emit('name', { name: r.name });
    emit('helpers', { online: (r.helpers && r.helpers.online) | 0, names: (r.helpers && r.helpers.names) || [] });
    (r.messages || []).forEach((m) => emit('message', message(m, true)));
    return { ok: true };
  }

  // a request the desk refused for want of a hello (it restarted, or forgot us): hello, then once more
  async function again(service, data, o) {
    let r = await call(bayeux, service, data, o);
    if (!r.ok && r.code === 'helpdesk_no_hello' && (await hello()).ok) r = await call(bayeux, service, data, o);
    return r;
  }

  const mode = {
    caps: { typing: true, serverHistory: true },
    start: hello,
    // cid: the line's own id, the same on every try; the desk answers a repeat with the first one's message
    // (duplicate: true) and passes nothing on, so the link may send it again when one died without an answer
    async say(text, cid) {
      const r = await again('say', cid ? { text, cid } : { text }, { resend: !!cid });
      if (!r.ok) return r;
      if (r.message) emit('message', message(r.message, false));
      return { ok: true };
    },
    async setName(name) {
      const r = await again('name', { name });
      if (!r.ok) return r;
      store.set('name', r.name);
      emit('name', { name: r.name });
      return { ok: true };
    },
    typing(typing) {
      bayeux.publish('/service/helpdesk/typing', { typing }).catch(() => {});
    },
    leave: (form) => deskLeave(ctx, desk, form),
  };
  return mode;
}
