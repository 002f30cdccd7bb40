// The conversation as the panel shows it: rows grouped by sender (a name and time line when the sender changes or
// five minutes pass), system lines (not repeated), notes under a row ("Sending…", "Not sent" with a Retry button),
// and the scroll position kept at the bottom while the visitor is there.
import { row } from './ui.js';

export function createLog(ui, t, lang) {
  const el = ui.log;
  let last = null;   // the last row's sender label and time

  function scroll(force) { if (force) el.scrollTop = el.scrollHeight; }

  function append(m) {
    const time = new Date(m.time || Date.now());
    const label = m.from === 'me' ? t('you') : m.name || '';
    const group = last && last.label === label && time - last.time < 300000;
    const r = row(m, m.from === 'system' || group ? '' :
      label + ' · ' + time.toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' }));
    last = m.from === 'system' ? null : { label, time };
    if (m.id) r.dataset.id = m.id;
    const near = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
    // history (from before this page) goes above the lines still waiting to be sent
    el.insertBefore(r, (m.history && el.querySelector('.pending')) || null);
    scroll(near || m.from === 'me');
    return r;
  }

  return {
    append,
    scroll,
    system(text) {
      const rows = el.querySelectorAll('[data-from=system] [data-part=text]');
      if (!rows.length || rows[rows.length - 1].textContent !== text) append({ from: 'system', text });
    },
    note(r, text, retry) {
      let n = r.querySelector('.note');
      if (!text) { if (n) n.remove(); return; }
      if (!n) { n = document.createElement('div'); n.className = 'note'; r.append(n); }
      n.textContent = text;
      if (retry) {
        const b = document.createElement('button');
        b.type = 'button';
        b.textContent = t('retry');
        b.onclick = retry;
        n.append(b);
      }
    },
  };
}
