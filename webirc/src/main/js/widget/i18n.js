// Every visible string and aria label of the widget, in English and German. `{n}` and `{name}` are filled in by t().
const STRINGS = {
  en: {
    title: 'Chat with us',
    greeting: 'Hi there! Ask us anything, we are happy to help.',
    openChat: 'Open chat',
    closeChat: 'Close chat',
    unread: '{n} unread',
    chat: 'Live chat',
    log: 'Conversation',
    input: 'Write a message',
    placeholder: 'Write a message…',
    send: 'Send',
    helpers0: 'No one is online right now',
    helpers1: '{name} is online',
    helpersN: '{n} people from our team are online',
    helpersSome: 'Our team is online',
    typing: '{name} is typing…',
    someone: 'Someone',
    connecting: 'Connecting…',
    reconnecting: 'Connection lost. Reconnecting…',
    offline: 'You are offline. Messages will be sent when the connection is back.',
    stopped: 'The chat is not available right now.',
    namePrompt: 'Before we start: what should we call you?',
    nameLabel: 'Your name',
    nameOk: 'Start chatting',
    offlineIntro: 'No one is here right now. Leave us a message and we will get back to you.',
    offlineText: 'Your message',
    offlineEmail: 'E-mail (optional, for our answer)',
    offlineSend: 'Send message',
    offlineDone: 'Thank you! We got your message and will answer as soon as we can.',
    offlineAgain: 'Write another message',
    pending: 'Sending…',
    failed: 'Not sent',
    retry: 'Retry',
    closed: 'This conversation was closed. Write again at any time.',
    unavailable: 'This chat is not available: {message}',
    error: 'Something went wrong: {message}',
    errorCode: 'Something went wrong ({code}).',
    you: 'You',
    // refusals the visitor can act on, by code; any other shows the server's message under 'error'
    network: 'No answer from the chat. Check your connection and try again.',
    helpdesk_rate: 'That was a bit fast: wait a few seconds, then try again.',
    helpdesk_text_too_long: 'That message is too long.',
    helpdesk_bad_name: 'That name cannot be used: try letters, digits and spaces.',
    helpdesk_bad_email: 'That e-mail address does not look right.',
    helpdesk_text_control: 'That message holds characters that cannot be sent (control or invisible ones).',
    helpdesk_full: 'The chat is very busy right now: please try again later.',
    helpdesk_too_many_clients: 'The chat is open in too many tabs: close one, then try again.',
    bridge: 'The chat room did not take that: please try again in a moment.',
  },
  de: {
    title: 'Chatten Sie mit uns',
    greeting: 'Hallo! Fragen Sie uns, wir helfen gern.',
    openChat: 'Chat öffnen',
    closeChat: 'Chat schließen',
    unread: '{n} ungelesen',
    chat: 'Live-Chat',
    log: 'Unterhaltung',
    input: 'Nachricht schreiben',
    placeholder: 'Nachricht schreiben…',
    send: 'Senden',
    helpers0: 'Gerade ist niemand online',
    helpers1: '{name} ist online',
    helpersN: '{n} Personen aus unserem Team sind online',
    helpersSome: 'Unser Team ist online',
    typing: '{name} schreibt…',
    someone: 'Jemand',
    connecting: 'Verbinde…',
    reconnecting: 'Verbindung unterbrochen. Verbinde neu…',
    offline: 'Sie sind offline. Nachrichten werden gesendet, sobald die Verbindung zurück ist.',
    stopped: 'Der Chat ist gerade nicht verfügbar.',
    namePrompt: 'Bevor es losgeht: Wie dürfen wir Sie nennen?',
    nameLabel: 'Ihr Name',
    nameOk: 'Chat beginnen',
    offlineIntro: 'Gerade ist niemand da. Hinterlassen Sie uns eine Nachricht, wir melden uns.',
    offlineText: 'Ihre Nachricht',
    offlineEmail: 'E-Mail (optional, für unsere Antwort)',
    offlineSend: 'Nachricht senden',
    offlineDone: 'Danke! Ihre Nachricht ist angekommen, wir antworten so bald wie möglich.',
    offlineAgain: 'Weitere Nachricht schreiben',
    pending: 'Wird gesendet…',
    failed: 'Nicht gesendet',
    retry: 'Erneut senden',
    closed: 'Diese Unterhaltung wurde beendet. Schreiben Sie uns jederzeit wieder.',
    unavailable: 'Dieser Chat ist nicht verfügbar: {message}',
    error: 'Etwas ist schiefgegangen: {message}',
    errorCode: 'Etwas ist schiefgegangen ({code}).',
    you: 'Sie',
    network: 'Keine Antwort vom Chat. Prüfen Sie die Verbindung und versuchen Sie es erneut.',
    helpdesk_rate: 'Das ging etwas schnell: Warten Sie ein paar Sekunden und versuchen Sie es erneut.',
    helpdesk_text_too_long: 'Diese Nachricht ist zu lang.',
    helpdesk_bad_name: 'Dieser Name geht nicht: Versuchen Sie Buchstaben, Ziffern und Leerzeichen.',
    helpdesk_bad_email: 'Diese E-Mail-Adresse scheint nicht zu stimmen.',
    helpdesk_text_control: 'Diese Nachricht enthält Zeichen, die nicht gesendet werden können (Steuer- oder unsichtbare Zeichen).',
    helpdesk_full: 'Der Chat ist gerade sehr voll: Bitte versuchen Sie es später erneut.',
    helpdesk_too_many_clients: 'Der Chat ist in zu vielen Tabs offen: Schließen Sie einen und versuchen Sie es erneut.',
    bridge: 'Der Chatraum hat das nicht angenommen: Bitte versuchen Sie es gleich noch einmal.',
  },
};

/** The language: data-lang if supported, else the browser's, else English. */
export function pickLang(wanted) {
  for (const l of [wanted, ...(navigator.languages || [navigator.language])]) {
    const base = String(l || '').toLowerCase().split('-')[0];
    if (STRINGS[base]) return base;
  }
  return 'en';
}

export function translator(lang) {
  const s = STRINGS[lang] || STRINGS.en;
  const t = (key, vars) => String(s[key]).replace(/\{(\w+)\}/g, (m, k) => (vars && k in vars ? vars[k] : m));
  /**
   * A refusal {code, message} in words: the code's own string, else its family's (a bridge's irc_/xmpp_ codes: a bad
   * name, a text refused, too fast, anything else), else the server's message (in English: only the code in German).
   */
  t.why = (r) => {
    const c = String(r.code || '');
    const k = s[c] ? c : /_bad_name$/.test(c) ? 'helpdesk_bad_name' : /_too_long$/.test(c) ? 'helpdesk_text_too_long'
      : /_text_/.test(c) ? 'helpdesk_text_control' : /_(flood|rate)/.test(c) ? 'helpdesk_rate'
        : /^(irc|xmpp)_|^not_connected$/.test(c) ? 'bridge' : '';
    return k ? t(k) : lang === 'en' ? t('error', { message: r.message || c }) : t('errorCode', { code: c });
  };
  return t;
}
