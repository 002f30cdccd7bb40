// Message text as DOM nodes: always text nodes; http:, https: and mailto: URLs become links built with
// createElement and textContent (never innerHTML), so markup and javascript: URLs stay plain text.
const URL_RE = /\b(?:https?:\/\/|mailto:)[^\s<>"'`]+/gi;

export function renderText(el, text) {
  let at = 0;
  for (const m of text.matchAll(URL_RE)) {
    let raw = m[0];
    // trailing punctuation belongs to the sentence; a closing parenthesis only when unbalanced
    while (/[.,;:!?'")\]]$/.test(raw) && !(raw.endsWith(')') && raw.split('(').length > raw.split(')').length - 1)) {
      raw = raw.slice(0, -1);
    }
    const href = safeHref(raw);
    if (!href) continue;
    if (m.index > at) el.append(text.slice(at, m.index));
    const a = document.createElement('a');
    a.href = href;
    a.rel = 'noopener noreferrer nofollow';
    a.target = '_blank';
    a.textContent = raw;
    el.append(a);
    at = m.index + raw.length;
  }
  if (at < text.length) el.append(text.slice(at));
}

function safeHref(raw) {
  try {
    const u = new URL(raw);
    return /^(https?|mailto):$/.test(u.protocol) ? u.href : null;
  } catch (e) {
    return null;
  }
}
