// Attention: the page title counts what the helper has not seen ("(2) New visitor - Help desk") and, while the
// tab is hidden, alternates with "• New visitor •" once a second (not with prefers-reduced-motion: the count
// stays still); a short WebAudio beep per event, at most one every 2 s, unless muted (remembered in localStorage).
// document.body.dataset.flash is "1" while the title flashes.

const MUTE = 'orbited-helper-mute';
const BEEP_GAP = 2000;

export function createNotifier({ baseTitle, onMute }) {
  const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');
  let count = 0;
  let label = 'New message';
  let flashOn = false;
  let timer = null;
  let audio = null;
  let lastBeep = -Infinity;
  let muted = false;
  try {
    muted = localStorage.getItem(MUTE) === '1';
  } catch { /* storage blocked: not muted */ }

  const flashing = () => count > 0 && document.hidden && !reducedMotion.matches;

  function show() {
    document.title = flashOn ? '\u2022 ' + label + ' \u2022'
      : count > 0 ? '(' + count + ') ' + label + ' - ' + baseTitle : baseTitle;
  }

  function refresh() {
    const flash = flashing();
    if (flash && !timer) {
      timer = setInterval(() => {
        if (!flashing()) return refresh();
        flashOn = !flashOn;
        show();
      }, 1000);
    } else if (!flash && timer) {
      clearInterval(timer);
      timer = null;
    }
    if (!flash) flashOn = false;
    document.body.dataset.flash = flash ? '1' : '0';
    show();
  }

  document.addEventListener('visibilitychange', refresh);
  reducedMotion.addEventListener?.('change', refresh);

  function context() {
    audio = audio || new AudioContext();
    if (audio.state === 'suspended') audio.resume().catch(() => {});
    return audio;
  }

  function beep() {
    const now = performance.now();
    if (muted || now - lastBeep < BEEP_GAP) return;
    lastBeep = now;
    try {
      const a = context();
      const osc = a.createOscillator();
      const gain = a.createGain();
      osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.0001, a.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.2, a.currentTime + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, a.currentTime + 0.25);
      osc.connect(gain).connect(a.destination);
      osc.start();
      osc.stop(a.currentTime + 0.3);
    } catch { /* no audio: the title still counts */ }
  }

  return {
    /** Something new the helper has not seen ("New visitor"): labels the title, beeps. */
    notify(what) {
      label = what;
      refresh();
      beep();
    },
    /** How many things the helper has not seen (unread lines, new offline messages). */
    setCount(n) {
      count = Math.max(0, n);
      refresh();
    },
    get muted() {
      return muted;
    },
    /** Browsers start audio only after a user gesture: called from one (sign-in, mute toggle). */
    unlock() {
      try {
        context();
      } catch { /* no audio */ }
    },
    setMuted(m) {
      muted = !!m;
      try {
        localStorage.setItem(MUTE, muted ? '1' : '0');
      } catch { /* not remembered */ }
      onMute?.(muted);
    },
  };
}
