/**
 * Whom a person signed in online acts for: themselves, or an organisation they represent or handle
 * for (授权经办人). The choice lasts for the browser tab's session (sessionStorage: a shared computer
 * forgets it when the tab closes) and goes to the server as `X-Acting-For` on the online calls
 * (web/src/api.ts setActingFor), which checks it on every request.
 */
import { setActingFor } from '../../api.ts';

export interface ActingChoice {
  applicantId: string;
  name: string;
}

const storageKey = 'onewindow.online.actingFor';

function stored(): ActingChoice | null {
  try {
    const value: unknown = JSON.parse(sessionStorage.getItem(storageKey) ?? 'null');
    if (typeof value !== 'object' || value === null) return null;
    const { applicantId, name } = value as Record<string, unknown>;
    return typeof applicantId === 'string' && typeof name === 'string' ? { applicantId, name } : null;
  } catch {
    return null;
  }
}

let current: ActingChoice | null = stored();
setActingFor(current?.applicantId ?? null);

/** The organisation chosen in this tab, or null when the person acts for themselves. */
export function actingChoice(): ActingChoice | null {
  return current;
}

/** Acts for this organisation from now on (null: for oneself), remembered for the tab's session. */
export function chooseActing(choice: ActingChoice | null): void {
  current = choice;
  setActingFor(choice?.applicantId ?? null);
  try {
    if (choice) sessionStorage.setItem(storageKey, JSON.stringify(choice));
    else sessionStorage.removeItem(storageKey);
  } catch {
    // Storage refused (a private window's quota): the choice still holds until the page reloads.
  }
}
