/**
 * A modal question before a destructive action. The confirm button has the focus, so Enter confirms
 * and Escape cancels; no key reaches the page's own shortcuts while it is open.
 */
import { useRef, type ReactNode } from 'react';
import { ModalDialog } from './modal-dialog';

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
  const yes = useRef<HTMLButtonElement>(null);

  const confirm = () => {
    onClose();
    request.onConfirm();
  };

  return (
    <ModalDialog
      className={`confirm-dialog${request.danger ? ' is-danger' : ''}`}
      testId="confirm-dialog"
      labelledBy="confirm-title"
      initialFocus={yes}
      onClose={onClose}
    >
      <h3 id="confirm-title">{request.title}</h3>
      <div className="confirm-body">{request.body}</div>
      <div className="confirm-buttons">
        <button type="button" className="ghost" data-testid="confirm-no" onClick={onClose}>
          {request.cancelLabel ?? 'Cancel'}
        </button>
        <button
          type="button"
          ref={yes}
          className={request.danger ? 'danger' : 'primary'}
          data-testid="confirm-yes"
          onClick={confirm}
        >
          {request.confirmLabel}
        </button>
      </div>
    </ModalDialog>
  );
}
