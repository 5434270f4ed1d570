/**
 * Keys typed before the screen that wants them is there: a clerk (or a card or QR reader, which
 * types like a keyboard) starts on the next applicant while the page is still loading. From the
 * start of the app, keys pressed while no field has the focus are kept; the intake screen takes
 * them when its lookup box appears. Kept for a short while only, so stray keys pressed on some
 * other screen long ago never turn up in the box.
 */

/** How long typed keys wait for the screen (a slow page on a busy morning still makes it). */
const keepForMs = 20_000;

let text = '';
let enter = false;
let lastAt = 0;

function isField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

function onKey(event: KeyboardEvent): void {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
  if (isField(event.target)) {
    // Someone is typing into a field: what was kept before is not for the lookup box.
    text = '';
    enter = false;
    return;
  }
  const now = Date.now();
  if (now - lastAt > keepForMs) {
    text = '';
    enter = false;
  }
  if (event.key.length === 1) {
    // After an Enter, a new entry starts.
    if (enter) {
      text = '';
      enter = false;
    }
    text += event.key;
  } else if (event.key === 'Backspace') text = text.slice(0, -1);
  else if (event.key === 'Enter' && text) enter = true;
  else return;
  lastAt = now;
}

let installed = false;

/** Starts keeping keys (once, at the start of the app). */
export function keepEarlyKeys(): void {
  if (installed || typeof document === 'undefined') return;
  installed = true;
  document.addEventListener('keydown', onKey, true);
}

/** The keys kept (and whether Enter ended them), handed over once. */
export function takeEarlyKeys(): { text: string; enter: boolean } {
  const taken = Date.now() - lastAt <= keepForMs ? { text, enter } : { text: '', enter: false };
  text = '';
  enter = false;
  return taken;
}
