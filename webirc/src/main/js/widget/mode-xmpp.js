// XMPP mode (docs/webirc.md "XMPP mode"): the widget talks in a MUC room through the node's XMPP bridge
// (docs/xmpp.md). The bridge has IRC's events, services and answers, so this is IRC mode's bridgeMode with the room's
// names: Bayeux channel /xmpp/<escaped muc>/<escaped room>, services /service/xmpp/<escaped muc>/..., helpers are
// owners, admins and moderators (~ & @), and the room's history arrives as history:true events.
import { bridgeMode, escapeName } from './mode-irc.js';

export function createMode(ctx) {
  const o = ctx.opts;
  const muc = escapeName(o.service.toLowerCase());
  const room = o.local.toLowerCase();
  return bridgeMode(ctx, {
    svc: 'xmpp/' + muc, channel: '/xmpp/' + muc + '/' + escapeName(room), target: room, ops: '~&@',
    fold: (s) => s.toLowerCase(), xmpp: true,
  });
}
