// Service refusals in words a helper can act on; the desk's code stays visible after them for bug reports.

const TEXT = {
  helpdesk_bad_key: 'That helper key is wrong. Use the link the node printed in its log (helper.html#key=…), '
    + 'or ask whoever runs the node for the key.',
  helpdesk_not_helper: 'You are not a helper yet: enter the helper key, or open this page with a signed-in '
    + 'account that has the helper role.',
  helpdesk_bad_name: 'That name cannot be used: choose a shorter one without special characters.',
  helpdesk_bad_data: 'The desk did not understand the request.',
  helpdesk_unknown_conversation: 'This conversation no longer exists.',
  helpdesk_text_empty: 'Write something first.',
  helpdesk_text_too_long: 'That message is too long: split it in two.',
  helpdesk_text_control: 'That message contains invisible control characters: remove them and send again.',
  helpdesk_rate: 'Too many messages at once: wait a moment.',
  helpdesk_full: 'The desk is full (a limit was reached).',
  helpdesk_too_many_clients: 'Too many windows are open for this visitor.',
  timeout: 'The help desk did not answer in time (is it on? [plugin:helpdesk] active = 1). Try again.',
  stopped: 'Not connected to the node.',
};

/** {code, message} from whatever a refused call gave: a reply's data, a Bayeux reply, or an Error. */
export function refusal(x) {
  const d = x?.data && typeof x.data === 'object' ? x.data : x;
  let code = d?.code || x?.code || '';
  let message = d?.message || x?.message || String(x || '');
  if (!code && /^(timeout|stopped)$/.test(message)) code = message; // bayeux.js: no answer in 10 s, or stopped
  if (!code && typeof x?.error === 'string') {
    code = x.error; // a Bayeux "401::token_invalid" style error
    message = x.error;
  }
  return { code, message };
}

/** The sentence shown for a refusal. */
export function describe(x) {
  const { code, message } = refusal(x);
  const text = TEXT[code] || message || 'Something went wrong.';
  return code && TEXT[code] ? text + ' (' + code + ')' : text;
}
