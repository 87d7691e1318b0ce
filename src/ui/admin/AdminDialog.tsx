/**
 * A real modal dialog (<dialog> opened with showModal: the rest of the page is inert, Escape closes). Focus
 * moves to the element marked `data-autofocus` (else the dialog's first focusable element) and, on close, back
 * to the element that opened it. Rows are re-rendered after a change, so the opener is found again by its
 * `data-focus-key` when the original element has left the page, and failing that its tab panel takes focus.
 */
import { createEffect, onCleanup, type JSX } from 'solid-js';

export interface AdminDialogProps {
  open: boolean;
  /** id of the dialog's heading (aria-labelledby). */
  labelledBy: string;
  describedBy?: string;
  /** Called for Escape and for every close button; the parent then sets `open` to false. */
  onClose: () => void;
  /** While false (a request is running), Escape does nothing. */
  closable?: boolean;
  testid?: string;
  children: JSX.Element;
}

function focusTarget(): HTMLElement | null {
  const opener = document.activeElement;
  return opener instanceof HTMLElement && opener !== document.body ? opener : null;
}

/** Back to the opener; else the element that replaced it; else the tab panel it was in (it may have gone: a revoked device has no button). */
function restoreFocus(opener: HTMLElement | null, openerKey: string | null, panel: HTMLElement | null): void {
  if (opener?.isConnected) {
    opener.focus();
    return;
  }
  const again = openerKey === null ? null : document.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(openerKey)}"]`);
  if (again) again.focus();
  else if (panel?.isConnected) panel.focus();
}

export function AdminDialog(props: AdminDialogProps): JSX.Element {
  let dialog: HTMLDialogElement | undefined;
  let opener: HTMLElement | null = null;
  let openerKey: string | null = null;
  let openerPanel: HTMLElement | null = null;

  function close(): void {
    if (!dialog?.open) return;
    dialog.close();
    restoreFocus(opener, openerKey, openerPanel);
    opener = null;
    openerKey = null;
    openerPanel = null;
  }

  createEffect(() => {
    if (!dialog) return;
    if (props.open && !dialog.open) {
      opener = focusTarget();
      openerKey = opener?.getAttribute('data-focus-key') ?? null;
      openerPanel = opener?.closest<HTMLElement>('[role="tabpanel"]') ?? null;
      dialog.showModal();
      const first = dialog.querySelector<HTMLElement>('[data-autofocus]');
      first?.focus();
    } else if (!props.open) {
      close();
    }
  });
  onCleanup(close);

  return (
    <dialog
      ref={(el) => (dialog = el)}
      class="admin-dialog"
      aria-labelledby={props.labelledBy}
      aria-describedby={props.describedBy}
      data-testid={props.testid}
      onCancel={(event) => {
        // Escape: keep the dialog's open state in the parent's hands (and refuse while a request runs).
        event.preventDefault();
        if (props.closable !== false) props.onClose();
      }}
    >
      {props.children}
    </dialog>
  );
}
