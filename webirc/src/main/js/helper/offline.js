// Offline messages (left while no helper was online): name, e-mail as a mailto: link, text, the page it was
// written on, time, and a "Done" button that marks it handled for every helper.

import { clock, emailLink, h, link, richText, safeUrl } from './text.js';

export function createOfflineList(ul, empty, { onDone }) {
  const items = new Map(); // id -> li

  function render(o) {
    const page = safeUrl(o.page);
    const done = h('button', { type: 'button', 'data-part': 'done', 'aria-label': 'Done: ' + (o.name || 'visitor') + "'s message" },
      'Done');
    done.addEventListener('click', () => {
      done.disabled = true;
      onDone(o.id).then((ok) => { if (!ok) done.disabled = false; });
    });
    return h('li', { 'data-offline': o.id },
      h('div', { class: 'row' }, h('strong', { 'data-part': 'from' }, o.name || 'Visitor'),
        o.email ? h('span', { 'data-part': 'email' }, emailLink(o.email)) : '', done),
      h('p', { 'data-part': 'text' }, richText(o.text)),
      h('div', { class: 'meta' }, h('time', { datetime: o.time }, clock(o.time)), ' · ', o.desk || '',
        page ? [' · ', link(page, page.host + page.pathname)] : o.page ? ' · ' + o.page : ''));
  }

  function update() {
    empty.hidden = items.size > 0;
  }

  return {
    get size() {
      return items.size;
    },
    /** Replaces the list (newest first). */
    set(list) {
      items.clear();
      ul.replaceChildren();
      for (const o of [...list].sort((a, b) => (a.time < b.time ? -1 : 1))) this.add(o);
      update();
    },
    add(o) {
      if (!o || items.has(o.id)) return false;
      const li = render(o);
      items.set(o.id, li);
      ul.prepend(li);
      update();
      return true;
    },
    remove(id) {
      const li = items.get(id);
      if (!li) return;
      const hadFocus = li.contains(document.activeElement);
      const next = li.nextElementSibling || li.previousElementSibling;
      li.remove();
      items.delete(id);
      update();
      if (hadFocus) (next ? next.querySelector('[data-part=done]') : document.getElementById('offline-title'))?.focus();
    },
  };
}
