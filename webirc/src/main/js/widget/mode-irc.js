// Placeholder until the bridges' irc mode lands (issue 15: written by the bridges work, against modes.js's interface).
// It says the mode is not available; offline messages still reach the local desk named by data-desk.
import { deskLeave } from './mode-local.js';

export function createMode(ctx) {
  const no = { ok: false, code: 'mode_unavailable', message: 'mode not available' };
  return {
    caps: { typing: false, serverHistory: false },
    start() {
      ctx.emit('error', no);
      ctx.emit('helpers', { online: 0, names: [] });
    },
    say: async () => no,
    setName: async () => no,
    typing() {},
    leave: (form) => deskLeave(ctx, ctx.opts.desk, form),
  };
}
