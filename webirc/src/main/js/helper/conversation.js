// The open conversation: its header, the log (role=log, every line rendered as text with safe links), the
// visitor's typing indicator and the composer (Enter sends, Shift+Enter is a new line; typing is reported at
// most every 3 s while the helper types and stops 4 s after the last key or on send).

import { clock, h, link, richText, safeUrl } from './text.js';

const MAX_ROWS = 500;
const TYPING_EVERY = 3000;
const TYPING_IDLE = 4000;
const TYPING_SHOWN = 6000; // a visitor's "typing" not repeated within this is over (the desk's rule)

export function createConversationView(root, { me, onSend, onTyping, onClose, onBack }) {
  const part = (p) => root.querySelector('[data-part=' + p + ']');
  const log = part('log');
  const input = part('input');
  const typingEl = part('typing');
  const errorEl = part('composer-error');
  let current = null; // summary of the open conversation
  let rows = new Map(); // message id -> row
  let typingSent = 0;
  let idleTimer = null;
  let shownTimer = null;

  function row(m) {
    const from = m.from === 'helper' || m.from === 'system' ? m.from : 'visitor';
    const mine = from === 'helper' && m.name === me();
    return h('div', { 'data-part': 'msg', 'data-from': from, 'data-id': m.id, 'data-time': m.time },
      from === 'system' ? '' : h('p', { class: 'by' }, (mine ? 'You' : m.name || (from === 'helper' ? 'Helper' : 'Visitor'))
        + ' · ', h('time', { datetime: m.time }, clock(m.time))),
      h('p', { 'data-part': 'text' }, richText(m.text)));
  }

  function nearBottom() {
    return log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  }

  function stopTyping() {
    clearTimeout(idleTimer);
    idleTimer = null;
    if (typingSent && current) onTyping(current.id, false);
    typingSent = 0;
  }

  function send() {
    const text = input.value;
    if (!current || !text.trim()) return;
    stopTyping();
    errorEl.textContent = '';
    const id = current.id;
    onSend(id, text).then((err) => {
      if (err) errorEl.textContent = err;
      else if (current && current.id === id && input.value === text) input.value = '';
    });
  }

  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      send();
    }
  });
  input.addEventListener('input', () => {
    if (!current) return;
    if (!input.value) return stopTyping();
    const now = Date.now();
    if (now - typingSent > TYPING_EVERY) {
      typingSent = now;
      onTyping(current.id, true);
    }
    clearTimeout(idleTimer);
    idleTimer = setTimeout(stopTyping, TYPING_IDLE);
  });
  input.addEventListener('blur', stopTyping);
  part('composer').addEventListener('submit', (e) => {
    e.preventDefault();
    send();
  });
  part('close-conversation').addEventListener('click', () => current && onClose(current.id));
  part('back').addEventListener('click', onBack);

  return {
    get id() {
      return current ? current.id : null;
    },
    /** Opens (or refreshes the header of) a conversation. */
    show(s) {
      const switching = !current || current.id !== s.id;
      if (switching) {
        stopTyping();
        rows = new Map();
        log.replaceChildren();
        typingEl.textContent = '';
        errorEl.textContent = '';
        input.value = '';
      }
      current = s;
      root.dataset.open = '1';
      root.dataset.closed = s.closed ? '1' : '0';
      part('conv-title').textContent = s.name || 'Visitor';
      const page = safeUrl(s.page);
      const taken = s.helper ? (s.helper === me() ? 'you answer' : s.helper + ' answers') : 'not taken yet';
      const meta = [s.online ? 'online' : 'offline', s.desk, s.lang, taken, s.closed ? 'closed' : '', 'started ' + clock(s.started)];
      part('conv-meta').replaceChildren(meta.filter(Boolean).join(' · '),
        ...(page ? [' · ', link(page, page.host + page.pathname)] : s.page ? [' · ' + s.page] : []));
      part('close-conversation').hidden = !!s.closed;
    },
    hide() {
      stopTyping();
      current = null;
      root.dataset.open = '0';
    },
    /** Replaces the log with `messages` (a conversation just opened or re-read after a reconnection). */
    setMessages(messages) {
      log.setAttribute('aria-busy', 'true');
      rows = new Map();
      log.replaceChildren();
      for (const m of messages.slice(-MAX_ROWS)) this.add(m, true);
      log.setAttribute('aria-busy', 'false');
      log.scrollTop = log.scrollHeight;
    },
    /** Appends one line unless it is there already (a reply and its event carry the same id). */
    add(m, quiet) {
      if (!m || rows.has(m.id)) return;
      const stick = quiet || nearBottom() || (m.from === 'helper' && m.name === me());
      const r = row(m);
      rows.set(m.id, r);
      const last = log.lastElementChild;
      if (last && m.time && m.time < last.dataset.time) {
        // An older line (arrived late): put it in time order (ISO-8601 UTC strings sort as times).
        let before = last;
        while (before.previousElementSibling && m.time < before.previousElementSibling.dataset.time) {
          before = before.previousElementSibling;
        }
        log.insertBefore(r, before);
      } else log.append(r);
      while (rows.size > MAX_ROWS) {
        const first = log.firstElementChild;
        rows.delete(first.dataset.id);
        first.remove();
      }
      if (m.from === 'visitor') this.typing(null, false);
      if (stick) log.scrollTop = log.scrollHeight;
    },
    typing(name, on) {
      clearTimeout(shownTimer);
      typingEl.textContent = on ? (name || current?.name || 'The visitor') + ' is typing…' : '';
      if (on) shownTimer = setTimeout(() => (typingEl.textContent = ''), TYPING_SHOWN);
    },
    focusInput() {
      input.focus();
    },
  };
}
