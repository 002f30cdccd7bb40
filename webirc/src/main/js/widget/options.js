// The script tag's data-* attributes (docs/webirc.md "Options"), checked: a bad value falls back to its default,
// except a bad data-channel, which makes the widget say it is misconfigured.
const DESK = /^[a-z0-9_-]{1,32}$/;

export function scriptOptions(script) {
  const d = script ? script.dataset : {};
  const src = script && script.src ? script.src : location.href;
  const channel = d.channel || 'support';
  const o = {
    base: (d.server || new URL(src, location.href).origin).replace(/\/+$/, ''),
    channel,
    mode: 'local',
    desk: DESK.test(d.desk || '') ? d.desk : 'support',
    login: d.login === 'personal' ? 'personal' : 'relay',
    title: d.title || '',
    color: d.color && CSS.supports('color', d.color) ? d.color : '',
    position: d.position === 'left' ? 'left' : 'right',
    greeting: d.greeting,
    askName: d.askName !== '0',
    lang: d.lang || '',
    token: d.token || null,
    open: d.open === '1',
    page: d.page === 'full',   // the page's full address (query, fragment) to the helpers; else origin + path
  };
  let m;
  if ((m = /^irc:([^/\s]+)\/([#&+!]\S+)$/.exec(channel))) Object.assign(o, { mode: 'irc', network: m[1], target: m[2] });
  else if ((m = /^xmpp:(([^@/\s]+)@([^@/\s]+))$/.exec(channel))) Object.assign(o, { mode: 'xmpp', room: m[1], local: m[2], service: m[3] });
  else if (DESK.test(channel)) o.desk = channel;
  else o.mode = null;
  return o;
}

/** The page the visitor is on, as the helpers see it: no query or fragment (tokens live there) unless data-page=full. */
export const pageOf = (o) => (o.page ? location.href : location.origin + location.pathname);

/** localStorage for one site, node and channel; values as JSON; silent when storage is blocked. */
export function siteStore(o) {
  const prefix = 'orbited-webirc|' + o.base + '|' + o.channel + '|';
  return {
    get(k) {
      try { return JSON.parse(localStorage.getItem(prefix + k)); } catch (e) { return null; }
    },
    set(k, v) {
      try { localStorage.setItem(prefix + k, JSON.stringify(v)); } catch (e) { /* private mode, quota */ }
    },
  };
}
