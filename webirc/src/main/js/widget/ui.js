// The widget's DOM: one host element with an open shadow root holding the styles, the bubble and the panel. Markup
// here is static; every text (strings, the site owner's title, messages) goes in through textContent or text nodes.
import css from './style.css';
import { renderText } from './text.js';

const ICON = (d, cls) => '<svg class="' + cls + '" viewBox="0 0 24 24" aria-hidden="true" focusable="false">' +
  '<path fill="currentColor" d="' + d + '"/></svg>';
const CHAT = 'M12 3C6.5 3 2 6.9 2 11.7c0 2.5 1.2 4.7 3.2 6.3L4.5 22l4.3-2.3c1 .3 2.1.4 3.2.4 5.5 0 10-3.9 10-8.7S17.5 3 12 3z';
const DOWN = 'M5.3 8.3a1 1 0 0 1 1.4 0L12 13.6l5.3-5.3a1 1 0 1 1 1.4 1.4l-6 6a1 1 0 0 1-1.4 0l-6-6a1 1 0 0 1 0-1.4z';
const X = 'M6.7 5.3a1 1 0 0 0-1.4 1.4L10.6 12l-5.3 5.3a1 1 0 1 0 1.4 1.4l5.3-5.3 5.3 5.3a1 1 0 0 0 1.4-1.4L13.4 12l5.3-5.3a1 1 0 0 0-1.4-1.4L12 10.6z';
const SEND = 'M3.4 20.4 21 12 3.4 3.6 3.4 10l12.6 2-12.6 2z';

const SKELETON = '<aside class="w"><div class="panel" id="p" data-part="panel" role="dialog" aria-labelledby="t" hidden>' +
  '<header><div class="ht"><h2 id="t"></h2><p class="helpers" data-part="helpers"><i class="dot"></i><span></span></p></div>' +
  '<button type="button" class="x" data-part="close">' + ICON(X, '') + '</button></header>' +
  '<div class="status" data-part="status" role="status"></div>' +
  '<div class="log" data-part="log" role="log" aria-live="polite" tabindex="0"></div>' +
  '<div class="typing" data-part="typing" hidden></div>' +
  '<form class="form" data-part="name-form" hidden><label><span></span><input data-part="name-input" maxlength="32" ' +
  'autocomplete="nickname" required></label><p class="err" role="alert"></p><button class="btn"></button></form>' +
  '<form class="form" data-part="offline-form" hidden><p></p><label><span></span><textarea data-part="offline-text" ' +
  'rows="3" maxlength="2000" required></textarea></label><label><span></span><input type="email" data-part="offline-email" ' +
  'autocomplete="email"></label><p class="err" role="alert"></p><button class="btn" data-part="offline-send"></button></form>' +
  '<div class="form" data-part="offline-done" hidden><p></p><button type="button" class="link"></button></div>' +
  '<form class="composer"><textarea data-part="input" rows="1" maxlength="2000"></textarea>' +
  '<button class="send" data-part="send">' + ICON(SEND, '') + '</button></form></div>' +
  '<button type="button" class="bubble" data-part="bubble" aria-controls="p" aria-expanded="false">' +
  ICON(CHAT, 'i1') + ICON(DOWN, 'i2') + '<span class="badge" data-part="unread" aria-hidden="true" hidden></span></button></aside>';

/** Builds the widget under a new host element appended to body; returns its parts by data-part name. */
export function buildUi(o, t) {
  const host = document.createElement('div');
  host.setAttribute('data-orbited-webirc', '');
  const root = host.attachShadow({ mode: 'open' });
  root.innerHTML = SKELETON;
  try {   // a constructed sheet passes a host page's strict style-src CSP, where a <style> element would not
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } catch (e) {
    root.prepend(Object.assign(document.createElement('style'), { textContent: css }));
  }
  const q = (s) => root.querySelector(s);
  const ui = { host, root, w: q('.w') };
  root.querySelectorAll('[data-part]').forEach((e) => { ui[e.dataset.part.replace(/-(\w)/g, (m, c) => c.toUpperCase())] = e; });
  const set = (e, text) => { e.textContent = text; };
  ui.w.lang = o.lang;
  ui.w.classList.toggle('left', o.position === 'left');
  ui.w.setAttribute('aria-label', t('chat'));
  set(q('h2'), o.title || t('title'));
  ui.close.setAttribute('aria-label', t('closeChat'));
  ui.log.setAttribute('aria-label', t('log'));
  ui.input.setAttribute('aria-label', t('input'));
  ui.input.placeholder = t('placeholder');
  ui.send.setAttribute('aria-label', t('send'));
  const [nameLabel, offText, offMail] = root.querySelectorAll('label span');
  set(nameLabel, t('namePrompt'));
  ui.nameInput.placeholder = t('nameLabel');
  set(ui.nameForm.querySelector('.btn'), t('nameOk'));
  set(ui.offlineForm.querySelector('p'), t('offlineIntro'));
  set(offText, t('offlineText'));
  set(offMail, t('offlineEmail'));
  set(ui.offlineSend, t('offlineSend'));
  set(ui.offlineDone.querySelector('p'), t('offlineDone'));
  ui.again = ui.offlineDone.querySelector('button');
  set(ui.again, t('offlineAgain'));
  ui.composer = q('.composer');
  const greeting = o.greeting === undefined ? t('greeting') : o.greeting;
  if (greeting) {
    const g = row({ from: 'helper', text: greeting });
    g.removeAttribute('data-part');   // not a message of the conversation
    g.removeAttribute('data-from');
    ui.log.append(g);
  }
  document.body.append(host);
  if (o.color) accent(ui.w, o.color);
  return ui;
}

/** One message row: [data-part=msg][data-from] > .meta? + [data-part=text]. */
export function row(m, meta) {
  const r = document.createElement('div');
  r.className = 'msg ' + m.from;
  r.dataset.part = 'msg';
  r.dataset.from = m.from;
  if (meta) {
    const e = document.createElement('div');
    e.className = 'meta';
    e.textContent = meta;
    r.append(e);
  }
  const text = document.createElement('div');
  text.className = 'text';
  text.dataset.part = 'text';
  renderText(text, m.text);
  r.append(text);
  return r;
}

// The accent colour, and black or white text on it, whichever reads better (WCAG contrast).
function accent(w, color) {
  w.style.setProperty('--a', color);
  const probe = document.createElement('i');
  probe.style.color = color;
  w.append(probe);
  const rgb = (getComputedStyle(probe).color.match(/[\d.]+/g) || [0, 0, 0]).slice(0, 3).map((v) => {
    v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  probe.remove();
  const l = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
  w.style.setProperty('--ac', 1.05 / (l + 0.05) >= (l + 0.05) / 0.05 ? '#fff' : '#111');
}
