// Text from visitors and helpers, rendered as text: DOM nodes made with createElement/createTextNode, never HTML.
// Only http:, https: and mailto: URLs become links (rel="noopener noreferrer nofollow", target=_blank);
// anything else, javascript: included, stays plain text.

const URL_RE = /\b(?:https?:\/\/|mailto:)[^\s<>"'`]+/gi;
const TRAILING = /[.,;:!?)\]}'"]+$/;
const SAFE = new Set(['http:', 'https:', 'mailto:']);

/** Shorthand for document.createElement with attributes and children (strings become text nodes). */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) append(el, c);
  return el;
}

function append(el, c) {
  if (c === null || c === undefined || c === false) return;
  if (Array.isArray(c)) c.forEach((x) => append(el, x));
  else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
}

/** The URL if `s` is an absolute http(s)/mailto URL, else null. */
export function safeUrl(s) {
  try {
    const u = new URL(String(s));
    return SAFE.has(u.protocol) ? u : null;
  } catch {
    return null;
  }
}

/** A link to a safe URL, its text being `label` (default: the URL as written). */
export function link(url, label) {
  return h('a', { href: url.href, rel: 'noopener noreferrer nofollow', target: '_blank' }, label);
}

/** `text` as a fragment of text nodes and safe links. */
export function richText(text) {
  const frag = document.createDocumentFragment();
  const s = String(text ?? '');
  let at = 0;
  for (const m of s.matchAll(URL_RE)) {
    let word = m[0];
    const tail = word.match(TRAILING);
    if (tail) word = word.slice(0, -tail[0].length);
    const url = safeUrl(word);
    if (!url || word.length < 8) continue;
    frag.append(document.createTextNode(s.slice(at, m.index)), link(url, word));
    at = m.index + word.length;
  }
  frag.append(document.createTextNode(s.slice(at)));
  return frag;
}

const EMAIL = /^[^\s@<>()"',;:\\]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63}$/;

/** A mailto: link for a plausible address, else the address as text. */
export function emailLink(email) {
  const e = String(email ?? '');
  if (!EMAIL.test(e)) return document.createTextNode(e);
  const at = e.lastIndexOf('@');
  const url = safeUrl('mailto:' + encodeURIComponent(e.slice(0, at)) + '@' + e.slice(at + 1));
  return url ? link(url, e) : document.createTextNode(e);
}

/** "14:05" today, "3 Dec 14:05" before. */
export function clock(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const time = d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  return d.toDateString() === new Date().toDateString() ? time
    : d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short' }) + ' ' + time;
}

/** "just now", "4 min", "2 h 5 min", "3 days". */
export function ago(ms) {
  const min = Math.floor(Math.max(0, ms) / 60000);
  if (min < 1) return 'just now';
  if (min < 60) return min + ' min';
  const hours = Math.floor(min / 60);
  if (hours < 24) return hours + ' h' + (min % 60 ? ' ' + (min % 60) + ' min' : '');
  const days = Math.floor(hours / 24);
  return days + (days === 1 ? ' day' : ' days');
}
