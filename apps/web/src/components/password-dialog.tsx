/**
 * Change password: the current one, the new one twice. The server keeps this login and signs out every other
 * one of the user's; it says why a new password is refused (too short, too common…), shown at the field.
 */
import { useRef, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api';
import { useMounted } from '../live/use-status';
import { DialogFoot, ModalDialog } from './modal-dialog';

/** What the server requires (it checks again, and says more: common passwords, the email's name). */
const MIN_LENGTH = 12;

interface FieldError {
  field: 'current' | 'password' | 'repeat' | null;
  message: string;
}

export function PasswordDialog({ onClose, onChanged }: { onClose(): void; onChanged(): void }) {
  const first = useRef<HTMLInputElement>(null);
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<FieldError | null>(null);
  const mounted = useMounted();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (pending) return;
    if ([...password].length < MIN_LENGTH)
      return setError({ field: 'password', message: `Use at least ${MIN_LENGTH} characters` });
    if (password !== repeat) return setError({ field: 'repeat', message: 'The two new passwords differ' });
    setPending(true);
    setError(null);
    try {
      await api('/api/auth/password', { method: 'POST', body: JSON.stringify({ current, password }) });
      onClose();
      onChanged();
    } catch (err) {
      if (!mounted.current) return;
      if (!(err instanceof ApiError)) setError({ field: null, message: 'The server could not be reached. Try again.' });
      else if (err.code === 'wrong_password')
        setError({ field: 'current', message: 'This is not your current password' });
      else if (err.field === 'password')
        setError({ field: 'password', message: err.message.replace(/^password: /, '') });
      else setError({ field: null, message: err.message });
    } finally {
      if (mounted.current) setPending(false);
    }
  };

  const errorAt = (field: FieldError['field']) =>
    error?.field === field ? (
      <span className="field-error" id={`pw-${field}-error`} data-testid={`pw-${field}-error`}>
        {error.message}
      </span>
    ) : null;
  const described = (field: FieldError['field']) => (error?.field === field ? `pw-${field}-error` : undefined);

  return (
    <ModalDialog
      className="confirm-dialog form-dialog"
      testId="password-dialog"
      labelledBy="password-title"
      initialFocus={first}
      onClose={onClose}
    >
      <form onSubmit={submit} noValidate>
        <h3 id="password-title">Change password</h3>
        <p className="dialog-sub">
          Your other sign-ins end; this one stays. At least {MIN_LENGTH} characters, not a common password.
        </p>
        <div className="field">
          <label htmlFor="pw-current">Current password</label>
          <input
            id="pw-current"
            ref={first}
            type="password"
            autoComplete="current-password"
            data-testid="pw-current"
            value={current}
            aria-invalid={error?.field === 'current'}
            aria-describedby={described('current')}
            onChange={(e) => setCurrent(e.target.value)}
          />
          {errorAt('current')}
        </div>
        <div className="field">
          <label htmlFor="pw-new">New password</label>
          <input
            id="pw-new"
            type="password"
            autoComplete="new-password"
            data-testid="pw-new"
            value={password}
            aria-invalid={error?.field === 'password'}
            aria-describedby={described('password')}
            onChange={(e) => setPassword(e.target.value)}
          />
          {errorAt('password')}
        </div>
        <div className="field">
          <label htmlFor="pw-repeat">New password again</label>
          <input
            id="pw-repeat"
            type="password"
            autoComplete="new-password"
            data-testid="pw-repeat"
            value={repeat}
            aria-invalid={error?.field === 'repeat'}
            aria-describedby={described('repeat')}
            onChange={(e) => setRepeat(e.target.value)}
          />
          {errorAt('repeat')}
        </div>
        <DialogFoot
          error={error && error.field === null ? error.message : null}
          submitLabel="Change password"
          pendingLabel="Changing…"
          pending={pending}
          disabled={pending || !current || !password || !repeat}
          onCancel={onClose}
          testIds={{ error: 'pw-error', cancel: 'pw-cancel', submit: 'pw-submit' }}
        />
      </form>
    </ModalDialog>
  );
}
