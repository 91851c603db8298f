/**
 * A modal question before a destructive action. The confirm button has the focus, so Enter confirms
 * and Escape cancels; no key reaches the page's own shortcuts while it is open.
 */
import { useEffect, useRef, type ReactNode } from 'react';

export interface ConfirmRequest {
  title: string;
  body: ReactNode;
  confirmLabel: string;
  /** The button that backs out (default "Cancel"; "Keep it" when the action itself is a cancel). */
  cancelLabel?: string;
  danger?: boolean;
  onConfirm(): void;
}

export function ConfirmDialog({ request, onClose }: { request: ConfirmRequest; onClose(): void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const yes = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    const previous = document.activeElement as HTMLElement | null;
    if (!d.open) d.showModal();
    yes.current?.focus();
    return () => {
      if (d.open) d.close();
      // Give the focus back unless the action moved it somewhere on purpose.
      if (previous && document.activeElement === document.body) previous.focus({ preventScroll: true });
    };
  }, []);

  const confirm = () => {
    onClose();
    request.onConfirm();
  };

  return (
    <dialog
      ref={dialog}
      className={`confirm-dialog${request.danger ? ' is-danger' : ''}`}
      data-testid="confirm-dialog"
      aria-labelledby="confirm-title"
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === 'Escape') {
          e.preventDefault();
          onClose();
        }
      }}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => {
        // A click on the backdrop (the dialog element itself, outside its box) cancels.
        if (e.target === dialog.current) {
          const r = dialog.current.getBoundingClientRect();
          if (e.clientX < r.left || e.clientX > r.right || e.clientY < r.top || e.clientY > r.bottom) onClose();
        }
      }}
    >
      <h3 id="confirm-title">{request.title}</h3>
      <div className="confirm-body">{request.body}</div>
      <div className="confirm-buttons">
        <button type="button" className="ghost" data-testid="confirm-no" onClick={onClose}>
          {request.cancelLabel ?? 'Cancel'}
        </button>
        <button type="button" ref={yes} className={request.danger ? 'danger' : 'primary'} data-testid="confirm-yes" onClick={confirm}>
          {request.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
