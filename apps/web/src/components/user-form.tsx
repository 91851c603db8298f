/**
 * The Team screen's dialogs (admins): add a person (name, email, role, queues, a first password) or change one
 * (name, role, queues), and set someone's password. Checked before sending; the server's refusals sit at their
 * field (a taken email, a weak password with its reason, the last admin's role) or above the buttons.
 */
import { useId, useMemo, useRef, useState, type FormEvent, type ReactNode, type RefObject } from 'react';
import type { Role } from '@livespace/protocol/http';
import {
  formatQueues,
  LIMITS,
  looksLikeEmail,
  parseQueues,
  queuesError,
  ROLE_HINT,
  ROLE_LABEL,
  ROLES,
  suggestPassword,
  teamError,
  type TeamField,
  type TeamFormError,
  type TeamUser,
} from '../live/team';
import { usersApi, type UserChange } from '../live/use-users';
import { useMounted } from '../live/use-status';
import { DialogFoot, ModalDialog } from './modal-dialog';

/**
 * One labelled field with its hint and its error (the input gets `aria-invalid` and `aria-describedby` from `a11y`).
 */
function Field({
  id,
  label,
  error,
  hint,
  children,
}: {
  id: string;
  label: string;
  error: string | null;
  hint?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className={`field${error ? ' has-error' : ''}`} data-field={id.replace(/^uf-|^rp-/, '')}>
      <label htmlFor={id}>{label}</label>
      {children}
      {error ? (
        <span className="field-error" id={`${id}-error`} data-testid={`${id}-error`}>
          {error}
        </span>
      ) : (
        hint && (
          <span className="field-hint uf-hint" id={`${id}-hint`}>
            {hint}
          </span>
        )
      )}
    </div>
  );
}

const a11y = (id: string, error: string | null, hint: boolean) => ({
  'aria-invalid': error ? true : undefined,
  'aria-describedby': error ? `${id}-error` : hint ? `${id}-hint` : undefined,
});

/** A password input with Show and Suggest (a suggested password is shown, to be handed over). */
function PasswordInput({
  id,
  value,
  onChange,
  error,
  hint,
  inputRef,
}: {
  id: string;
  value: string;
  onChange(v: string): void;
  error: string | null;
  hint: boolean;
  inputRef?: RefObject<HTMLInputElement | null>;
}) {
  const [shown, setShown] = useState(false);
  return (
    <div className="uf-password">
      <input
        id={id}
        ref={inputRef}
        type={shown ? 'text' : 'password'}
        autoComplete="new-password"
        spellCheck={false}
        data-testid={id}
        value={value}
        maxLength={200}
        onChange={(e) => onChange(e.target.value)}
        {...a11y(id, error, hint)}
      />
      <button
        type="button"
        className="ghost"
        aria-pressed={shown}
        aria-controls={id}
        data-testid={`${id}-show`}
        onClick={() => setShown((s) => !s)}
      >
        {shown ? 'Hide' : 'Show'}
      </button>
      <button
        type="button"
        className="ghost"
        data-testid={`${id}-suggest`}
        title="Fill in a random password (shown, to hand over)"
        onClick={() => {
          onChange(suggestPassword());
          setShown(true);
        }}
      >
        Suggest
      </button>
    </div>
  );
}

const PASSWORD_HINT = `At least ${LIMITS.passwordMin} characters, not a common password. They can change it later from the top bar's Password.`;

/** The password is long enough to send (the server checks the rest and says why it refuses). */
const passwordError = (p: string): string | null =>
  [...p].length < LIMITS.passwordMin ? `Use at least ${LIMITS.passwordMin} characters` : null;

interface UserFormProps {
  /** Absent: a new person. */
  user?: TeamUser;
  /** The signed-in admin is changing themselves (their role stays: the server refuses to demote oneself). */
  self?: boolean;
  /** Queue names in use, offered to add with one click. */
  knownQueues: readonly string[];
  onClose(): void;
  onSaved(user: TeamUser): void;
}

export function UserFormDialog({ user, self = false, knownQueues, onClose, onSaved }: UserFormProps) {
  const editing = !!user;
  const fields: readonly TeamField[] = editing
    ? ['name', 'role', 'queues']
    : ['name', 'email', 'role', 'queues', 'password'];
  const first = useRef<HTMLInputElement>(null);
  const titleId = useId();
  const [name, setName] = useState(user?.name ?? '');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>(user?.role ?? 'agent');
  const [queuesText, setQueuesText] = useState(user ? formatQueues(user.queues) : '');
  const [password, setPassword] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<TeamFormError | null>(null);
  const mounted = useMounted();

  const queues = useMemo(() => parseQueues(queuesText), [queuesText]);
  const suggestions = useMemo(() => knownQueues.filter((q) => !queues.includes(q)).slice(0, 8), [knownQueues, queues]);
  const change = useMemo<UserChange>(() => {
    if (!user) return {};
    const c: UserChange = {};
    if (name.trim() !== user.name) c.name = name.trim();
    if (role !== user.role) c.role = role;
    if (JSON.stringify(queues) !== JSON.stringify(user.queues)) c.queues = queues;
    return c;
  }, [user, name, role, queues]);
  const unchanged = editing && Object.keys(change).length === 0;

  const errorAt = (field: TeamField) => (error?.field === field ? error.message : null);
  const edited = (field: TeamField) => {
    if (error && (error.field === field || error.field === null)) setError(null);
  };

  /** The first problem found before sending, at its field. */
  const check = (): TeamFormError | null => {
    if (!name.trim()) return { field: 'name', message: 'Give their name' };
    if (name.trim().length > LIMITS.name) return { field: 'name', message: `At most ${LIMITS.name} characters` };
    if (!editing && !looksLikeEmail(email))
      return { field: 'email', message: 'Give an email address like ana@example.com' };
    const q = queuesError(queues);
    if (q) return { field: 'queues', message: q };
    if (!editing) {
      const p = passwordError(password);
      if (p) return { field: 'password', message: p };
    }
    return null;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (pending || unchanged) return;
    const problem = check();
    if (problem) {
      setError(problem);
      document.getElementById(`uf-${problem.field}`)?.focus();
      return;
    }
    setPending(true);
    setError(null);
    try {
      const saved = user
        ? await usersApi.update(user.id, change)
        : await usersApi.create({ name: name.trim(), email: email.trim(), role, queues, password });
      if (!mounted.current) return;
      onClose();
      onSaved(saved);
    } catch (err) {
      if (!mounted.current) return;
      const refusal = teamError(err, { fields, roleChanged: change.role !== undefined });
      setError(refusal);
      if (refusal.field) document.getElementById(`uf-${refusal.field}`)?.focus();
    } finally {
      if (mounted.current) setPending(false);
    }
  };

  const addQueue = (q: string) => {
    setQueuesText(formatQueues([...queues, q]));
    edited('queues');
  };

  return (
    <ModalDialog
      className="confirm-dialog form-dialog user-form-dialog"
      testId="user-form"
      labelledBy={titleId}
      initialFocus={first}
      onClose={onClose}
    >
      <form onSubmit={submit} noValidate>
        <h3 id={titleId}>{user ? `Edit ${user.name}` : 'Add a person'}</h3>
        <p className="dialog-sub">
          {user ? (
            <>
              <span className="uf-email-shown" data-testid="uf-email-shown">
                {user.email}
              </span>
              {' · '}A new role or queues apply to their open screens at once.
            </>
          ) : (
            'They sign in with this email and password.'
          )}
        </p>
        <Field id="uf-name" label="Name" error={errorAt('name')}>
          <input
            id="uf-name"
            ref={first}
            type="text"
            autoComplete="off"
            data-testid="uf-name"
            value={name}
            maxLength={LIMITS.name + 20}
            onChange={(e) => {
              setName(e.target.value);
              edited('name');
            }}
            {...a11y('uf-name', errorAt('name'), false)}
          />
        </Field>
        {!editing && (
          <Field id="uf-email" label="Email" error={errorAt('email')}>
            <input
              id="uf-email"
              type="email"
              autoComplete="off"
              spellCheck={false}
              data-testid="uf-email"
              value={email}
              maxLength={LIMITS.email}
              onChange={(e) => {
                setEmail(e.target.value);
                edited('email');
              }}
              {...a11y('uf-email', errorAt('email'), false)}
            />
          </Field>
        )}
        <Field
          id="uf-role"
          label="Role"
          error={errorAt('role')}
          hint={
            self && user?.role === 'admin'
              ? 'You cannot take away your own admin role; another admin can.'
              : ROLE_HINT[role]
          }
        >
          <select
            id="uf-role"
            data-testid="uf-role"
            value={role}
            disabled={self && user?.role === 'admin'}
            onChange={(e) => {
              setRole(e.target.value as Role);
              edited('role');
            }}
            {...a11y('uf-role', errorAt('role'), true)}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABEL[r]}
              </option>
            ))}
          </select>
        </Field>
        <Field
          id="uf-queues"
          label="Queues"
          error={errorAt('queues')}
          hint={
            role === 'agent'
              ? 'Separate with commas. They take escalated calls from these queues.'
              : 'Separate with commas (optional for this role).'
          }
        >
          <input
            id="uf-queues"
            type="text"
            autoComplete="off"
            spellCheck={false}
            data-testid="uf-queues"
            placeholder={role === 'agent' ? 'billing, sales' : ''}
            value={queuesText}
            onChange={(e) => {
              setQueuesText(e.target.value);
              edited('queues');
            }}
            {...a11y('uf-queues', errorAt('queues'), true)}
          />
        </Field>
        {(queues.length > 0 || suggestions.length > 0) && (
          <div className="uf-queue-line">
            {queues.length > 0 && (
              <span className="uf-chips" data-testid="uf-queue-chips" aria-label="Their queues">
                {queues.map((q) => (
                  <span key={q} className="queue-chip-name">
                    {q}
                  </span>
                ))}
              </span>
            )}
            {suggestions.length > 0 && (
              <span className="uf-suggest" role="group" aria-label="Add a queue in use">
                {suggestions.map((q) => (
                  <button
                    key={q}
                    type="button"
                    className="uf-suggest-queue"
                    data-testid="uf-add-queue"
                    data-queue={q}
                    onClick={() => addQueue(q)}
                  >
                    <span aria-hidden="true">+ </span>
                    <span className="sr-only">Add queue </span>
                    {q}
                  </button>
                ))}
              </span>
            )}
          </div>
        )}
        {!editing && (
          <Field id="uf-password" label="First password" error={errorAt('password')} hint={PASSWORD_HINT}>
            <PasswordInput
              id="uf-password"
              value={password}
              error={errorAt('password')}
              hint
              onChange={(v) => {
                setPassword(v);
                edited('password');
              }}
            />
          </Field>
        )}
        <DialogFoot
          error={error && error.field === null ? error.message : null}
          submitLabel={user ? 'Save changes' : 'Add person'}
          pendingLabel={user ? 'Saving…' : 'Adding…'}
          pending={pending}
          disabled={pending || unchanged}
          onCancel={onClose}
          testIds={{ error: 'uf-error', cancel: 'uf-cancel', submit: 'uf-submit' }}
        />
      </form>
    </ModalDialog>
  );
}

/** An admin sets someone's password: every sign-in of theirs ends at once, and this password opens the next. */
export function ResetPasswordDialog({ user, onClose, onDone }: { user: TeamUser; onClose(): void; onDone(): void }) {
  const first = useRef<HTMLInputElement>(null);
  const titleId = useId();
  const [password, setPassword] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<TeamFormError | null>(null);
  const mounted = useMounted();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (pending) return;
    const p = passwordError(password);
    if (p) {
      setError({ field: 'password', message: p });
      first.current?.focus();
      return;
    }
    setPending(true);
    setError(null);
    try {
      await usersApi.setPassword(user.id, password);
      if (!mounted.current) return;
      onClose();
      onDone();
    } catch (err) {
      if (!mounted.current) return;
      const refusal = teamError(err, { fields: ['password'] });
      setError(refusal);
      if (refusal.field) first.current?.focus();
    } finally {
      if (mounted.current) setPending(false);
    }
  };

  const fieldError = error?.field === 'password' ? error.message : null;
  return (
    <ModalDialog
      className="confirm-dialog form-dialog user-form-dialog"
      testId="reset-password-dialog"
      labelledBy={titleId}
      initialFocus={first}
      onClose={onClose}
    >
      <form onSubmit={submit} noValidate>
        <h3 id={titleId}>Set a new password for {user.name}</h3>
        <p className="dialog-sub">
          {user.name} is signed out everywhere at once, and signs in again with this password. Tell it to them yourself.
        </p>
        <Field id="rp-password" label="New password" error={fieldError} hint={PASSWORD_HINT}>
          <PasswordInput
            id="rp-password"
            inputRef={first}
            value={password}
            error={fieldError}
            hint
            onChange={(v) => {
              setPassword(v);
              setError(null);
            }}
          />
        </Field>
        <DialogFoot
          error={error && error.field === null ? error.message : null}
          submitLabel="Set password"
          pendingLabel="Setting…"
          pending={pending}
          disabled={pending || !password}
          onCancel={onClose}
          testIds={{ error: 'rp-error', cancel: 'rp-cancel', submit: 'rp-submit' }}
        />
      </form>
    </ModalDialog>
  );
}
