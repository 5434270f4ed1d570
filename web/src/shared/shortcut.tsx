/**
 * Function-key shortcuts of a screen (F9 受理, F8 下一位 at the front desk), and the key shown on
 * its button. A shortcut works wherever the focus is on the screen, but not while a dialog is open.
 */
import { useEffect, useRef } from 'react';

/** Calls `handler` when `key` (e.g. 'F9') is pressed and `enabled` holds. */
export function useShortcut(key: string, handler: () => void, enabled = true): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== key || event.repeat || event.ctrlKey || event.metaKey || event.altKey || event.shiftKey) return;
      if (document.querySelector('.ant-modal-wrap:not([style*="display: none"]) [role="dialog"]')) return;
      event.preventDefault();
      latest.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [key, enabled]);
}

/** The key a button answers to, shown on it. */
export function KeyHint({ keyName }: { keyName: string }) {
  return (
    <kbd aria-hidden style={{ marginInlineStart: 6, padding: '0 5px', border: '1px solid currentColor', borderRadius: 3, fontSize: 11, lineHeight: '16px', fontFamily: 'ui-monospace, Consolas, monospace', opacity: 0.8 }}>
      {keyName}
    </kbd>
  );
}
