/** Whether the person can be looking at the page: it is on screen, and its window has the focus. */
export interface Attention {
  readonly visible: boolean;
  readonly focused: boolean;
}

/**
 * Calls `changed` now and whenever the page is shown or hidden, or its window gains or loses the focus; returns
 * the function that stops watching.
 */
export function watchAttention(document: Document, changed: (attention: Attention) => void): () => void {
  const window = document.defaultView;
  let focused = document.hasFocus();
  const report = () => changed({ visible: document.visibilityState !== 'hidden', focused });
  const onFocus = () => {
    focused = true;
    report();
  };
  const onBlur = () => {
    focused = false;
    report();
  };
  document.addEventListener('visibilitychange', report);
  window?.addEventListener('focus', onFocus);
  window?.addEventListener('blur', onBlur);
  report();
  return () => {
    document.removeEventListener('visibilitychange', report);
    window?.removeEventListener('focus', onFocus);
    window?.removeEventListener('blur', onBlur);
  };
}
