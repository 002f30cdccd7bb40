// The mode loader. A mode connects the widget to where the helpers are (issue 15, shared brief section 3):
//
//   export function createMode(ctx) -> mode
//   ctx  = { bayeux, opts /* options.js */, emit(type, data), store /* get(k), set(k, v): this site and channel */ }
//   mode = {
//     caps: { typing: bool, serverHistory: bool },
//     start(),                  called after every handshake: (re)subscribe, hello/login, reclaim. May return a
//                               promise; the widget sends queued lines once it settles
//     say(text)     -> Promise<{ok:true} | {ok:false, code, message}>
//     setName(name) -> Promise<same>
//     typing(isTyping),         a no-op when !caps.typing
//     leave({text, email, name}) -> Promise<same>   an offline message, always to the local desk (opts.desk)
//   }
//   emit('message', {id, from: 'me'|'helper'|'other'|'system', name, text, time /* ISO */, history /* bool */})
//   emit('helpers', {online, names}), emit('typing', {name, typing}), emit('error', {code, message}),
//   emit('name', {name}), emit('closed', {})
//
// The widget renders a message id once, so a mode may emit the same message again (history after a reconnection).
import { createMode as local } from './mode-local.js';
import { createMode as irc } from './mode-irc.js';
import { createMode as xmpp } from './mode-xmpp.js';

export const MODES = { local, irc, xmpp };
