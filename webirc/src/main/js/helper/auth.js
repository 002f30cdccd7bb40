// Helper credentials. A key or a signed identity token arrives in the address's fragment (#key=... or
// #token=..., never sent to a server by the browser); it moves to sessionStorage (this tab only, gone when the
// tab closes) and leaves the address bar, history and bookmarks at once. The name is remembered in localStorage.

const KEY = 'orbited-helper-key';
const TOKEN = 'orbited-helper-token';
const NAME = 'orbited-helper-name';

function storage(kind) {
  try {
    return window[kind];
  } catch {
    return null; // storage blocked: the credentials live as long as the page
  }
}

const memory = new Map();
function get(kind, k) {
  const s = storage(kind);
  try {
    return (s ? s.getItem(k) : memory.get(k)) || '';
  } catch {
    return memory.get(k) || '';
  }
}
function set(kind, k, v) {
  const s = storage(kind);
  try {
    if (!v) s ? s.removeItem(k) : memory.delete(k);
    else s ? s.setItem(k, v) : memory.set(k, v);
  } catch {
    if (v) memory.set(k, v); else memory.delete(k);
  }
}

/** Moves #key= / #token= from the address into sessionStorage and removes the fragment from the address bar. */
export function takeFragment(loc = window.location) {
  if (!loc.hash || loc.hash.length < 2) return;
  const p = new URLSearchParams(loc.hash.slice(1));
  const key = p.get('key');
  const token = p.get('token');
  if (key === null && token === null) return;
  if (key) set('sessionStorage', KEY, key.trim());
  if (token) set('sessionStorage', TOKEN, token.trim());
  history.replaceState(history.state, '', loc.pathname + loc.search);
}

export const credentials = {
  key: () => get('sessionStorage', KEY),
  token: () => get('sessionStorage', TOKEN) || null,
  name: () => get('localStorage', NAME),
  setKey: (v) => set('sessionStorage', KEY, v),
  setName: (v) => set('localStorage', NAME, v),
  forgetToken: () => set('sessionStorage', TOKEN, ''),
  forget() {
    set('sessionStorage', KEY, '');
    set('sessionStorage', TOKEN, '');
  },
};
