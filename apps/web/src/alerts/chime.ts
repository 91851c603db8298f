/**
 * The alert chime: two short sine tones (A5 then E6) made with the Web Audio API, no audio file. Browsers let a page
 * make sound only after the user interacted with it, so the AudioContext is made (or resumed) on a click or key press
 * on the page, or at the first chime when the page was already interacted with (the click that signed in, before
 * the alerts were mounted); until then the chime is silent (the notification and the title still tell).
 */

type AudioContextClass = typeof AudioContext;

let ctx: AudioContext | null = null;

function audioContextClass(): AudioContextClass | null {
  const w = window as unknown as { AudioContext?: AudioContextClass; webkitAudioContext?: AudioContextClass };
  return w.AudioContext ?? w.webkitAudioContext ?? null;
}

/** Makes the AudioContext within a user gesture; true once it runs. */
function unlock(): boolean {
  const Ctor = audioContextClass();
  if (!Ctor) return false;
  try {
    ctx ??= new Ctor();
    if (ctx.state === 'suspended') void ctx.resume().catch(() => {});
  } catch {
    ctx = null;
    return false;
  }
  return true;
}

/**
 * Listens for the page's first click, tap or key press to allow sound; returns the function that stops listening.
 * (Each gesture resumes a context the browser suspended meanwhile.)
 */
export function armChimeOnGesture(): () => void {
  const events = ['pointerdown', 'keydown'] as const;
  const onGesture = () => {
    unlock();
  };
  for (const e of events) window.addEventListener(e, onGesture, { capture: true, passive: true });
  return () => {
    for (const e of events) window.removeEventListener(e, onGesture, { capture: true });
  };
}

function tone(c: AudioContext, frequency: number, start: number, duration: number): void {
  const osc = c.createOscillator();
  const gain = c.createGain();
  osc.type = 'sine';
  osc.frequency.setValueAtTime(frequency, start);
  // A soft attack and an exponential fade: no click at either end.
  gain.gain.setValueAtTime(0.0001, start);
  gain.gain.exponentialRampToValueAtTime(0.2, start + 0.015);
  gain.gain.exponentialRampToValueAtTime(0.0001, start + duration);
  osc.connect(gain).connect(c.destination);
  osc.start(start);
  osc.stop(start + duration + 0.02);
}

/** Whether the user has clicked or typed in this page since it loaded (sticky activation), where the browser says. */
function interactedWith(): boolean {
  return (
    (navigator as Navigator & { userActivation?: { hasBeenActive: boolean } }).userActivation?.hasBeenActive ?? false
  );
}

function chime(c: AudioContext): void {
  const t = c.currentTime + 0.01;
  tone(c, 880, t, 0.16);
  tone(c, 1318.5, t + 0.17, 0.3);
}

/** A context the browser has not let run within this long is not waited for: the chime would come late, at a click. */
const START_MS = 300;

/** Plays the chime when sound is allowed (after a gesture); returns whether it was played or is about to be. */
export function playChime(): boolean {
  if (!ctx && interactedWith()) unlock();
  const c = ctx;
  if (!c || c.state === 'closed') return false;
  try {
    if (c.state === 'running') {
      chime(c);
      return true;
    }
    // Suspended: resumed at once when the browser allows it; otherwise nothing, rather than a chime at the next click.
    const started = Date.now();
    void c.resume().then(
      () => {
        if (Date.now() - started <= START_MS && c.state === 'running') chime(c);
      },
      () => {},
    );
    return true;
  } catch {
    return false;
  }
}
