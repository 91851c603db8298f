/**
 * A modal <dialog>, opened on mount with the focus on `initialFocus` and giving the focus back on close. Escape,
 * a click on the backdrop and the browser's own cancel close it; no key reaches the page's shortcuts while it is open.
 * Its form's foot: the error about no one field, Cancel and the submit button.
 */
import { useEffect, useRef, type ReactNode, type RefObject } from 'react';

interface Props {
  className: string;
  testId: string;
  labelledBy: string;
  initialFocus: RefObject<HTMLElement | null>;
  onClose(): void;
  children: ReactNode;
}

export function ModalDialog({ className, testId, labelledBy, initialFocus, onClose, children }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    const previous = document.activeElement as HTMLElement | null;
    if (!d.open) d.showModal();
    initialFocus.current?.focus();
    return () => {
      if (d.open) d.close();
      // Give the focus back unless the action moved it somewhere on purpose.
      if (previous && document.activeElement === document.body) previous.focus({ preventScroll: true });
    };
    // Opened once, on mount.
  }, []);

  return (
    <dialog
      ref={dialog}
      className={className}
      data-testid={testId}
      aria-labelledby={labelledBy}
      onKeyDown={(e) => {
        // Keys stay in the dialog: the page's own Enter, Escape and letter shortcuts must not see them.
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
        // A click on the backdrop (the dialog element itself, outside its box) closes.
        if (e.target !== dialog.current) return;
        const r = dialog.current.getBoundingClientRect();
        if (e.clientX < r.left || e.clientX > r.right || e.clientY < r.top || e.clientY > r.bottom) onClose();
      }}
    >
      {children}
    </dialog>
  );
}

interface FootProps {
  /** The refusal that names no field of the form, if any. */
  error: string | null;
  submitLabel: string;
  pendingLabel: string;
  pending: boolean;
  disabled: boolean;
  onCancel(): void;
  testIds: { error: string; cancel: string; submit: string };
}

export function DialogFoot({ error, submitLabel, pendingLabel, pending, disabled, onCancel, testIds }: FootProps) {
  return (
    <>
      {error && (
        <p className="form-error" role="alert" data-testid={testIds.error}>
          {error}
        </p>
      )}
      <div className="confirm-buttons">
        <button type="button" className="ghost" data-testid={testIds.cancel} onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" data-testid={testIds.submit} disabled={disabled}>
          {pending ? pendingLabel : submitLabel}
        </button>
      </div>
    </>
  );
}
