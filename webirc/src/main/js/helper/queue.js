// The list of conversations: waiting ones first (longest wait first), then open ones by latest activity, then
// closed ones. One <li data-conversation=ID> per conversation, kept across renders so focus stays where it is.

import { ago, h } from './text.js';

/** Sort key order: waiting (oldest wait first), open (newest first), closed (newest first). */
export function compare(a, b) {
  const rank = (c) => (c.s.closed ? 2 : c.s.waiting ? 0 : 1);
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 0) return Date.parse(a.since || a.s.last) - Date.parse(b.since || b.s.last);
  return Date.parse(b.s.last || b.s.started) - Date.parse(a.s.last || a.s.started);
}

export function createQueue(ul, { onOpen, me }) {
  const items = new Map(); // id -> li

  function item(id) {
    let li = items.get(id);
    if (!li) {
      const button = h('button', { type: 'button', onclick: () => onOpen(id) });
      li = h('li', { 'data-conversation': id }, button);
      items.set(id, li);
    }
    return li;
  }

  function fill(li, c, openId) {
    const s = c.s;
    const taken = s.helper ? (s.helper === me() ? 'you' : s.helper) : '';
    li.dataset.waiting = s.waiting && !s.closed ? '1' : '0';
    li.dataset.online = s.online ? '1' : '0';
    li.dataset.closed = s.closed ? '1' : '0';
    li.dataset.helper = s.helper || '';
    const state = s.closed ? 'closed'
      : s.waiting ? h('span', { 'data-part': 'waited' }, 'waiting ' + ago(Date.now() - Date.parse(c.since || s.last)))
        : taken ? '' : 'open';
    const button = li.firstChild;
    button.setAttribute('aria-current', String(c.s.id === openId));
    button.replaceChildren(
      h('span', { class: 'dot', 'aria-hidden': 'true' }),
      h('span', { class: 'who' }, s.name || 'Visitor', h('span', { class: 'sr' }, s.online ? ', online' : ', offline')),
      c.unread > 0 ? h('span', { 'data-part': 'unread' }, String(c.unread), h('span', { class: 'sr' }, ' unread')) : '',
      h('span', { class: 'info' }, s.desk || '', state ? [' · ', state] : '',
        taken ? [' · ', h('span', { 'data-part': 'taken' }, 'taken by ' + taken)] : ''),
      h('span', { class: 'last' }, s.lastText || ''),
    );
  }

  return {
    /** Shows `list` (conversation records {s: summary, unread, since}) in order; `openId` is marked current. */
    render(list, openId) {
      const sorted = [...list].sort(compare);
      const keep = new Set(sorted.map((c) => c.s.id));
      for (const [k, li] of items) if (!keep.has(k)) { li.remove(); items.delete(k); }
      const focused = document.activeElement;
      let prev = null;
      for (const c of sorted) {
        const li = item(c.s.id);
        fill(li, c, openId);
        const wanted = prev ? prev.nextSibling : ul.firstChild;
        if (wanted !== li) ul.insertBefore(li, wanted);
        prev = li;
      }
      if (focused && focused !== document.activeElement && document.contains(focused)) focused.focus();
    },
  };
}
