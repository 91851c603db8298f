/**
 * An admin makes a team or changes one: its name, who leads it (an enabled supervisor or admin) and who is in it.
 * A person is in one team at most, so choosing someone from another team says they will move. The server's refusals
 * sit at their field (a name in use, a lead who cannot lead).
 */
import { useMemo, useRef, useState, type FormEvent } from 'react';
import type { Team } from '@livespace/protocol/team-config';
import { fieldErrors, refusalAt, toggled, type FieldError } from './dialog-fields';
import { ROLE_LABEL, sortTeam, type TeamUser } from '../live/team';
import { leadCandidates, movesFrom } from '../live/team-groups';
import { teamsApi } from '../live/use-teams';
import { useMounted } from '../live/use-status';
import { DialogFoot, ModalDialog } from './modal-dialog';

type Field = 'name' | 'leadId' | 'members';
const FIELDS: readonly Field[] = ['name', 'leadId', 'members'];

interface Props {
  /** The team to change; null: a new team. */
  team: Team | null;
  teams: readonly Team[];
  users: readonly TeamUser[];
  onClose(): void;
  onSaved(team: Team): void;
  /** Asks to delete the team (the screen confirms first). */
  onDelete?(team: Team): void;
}

export function TeamGroupDialog({ team, teams, users, onClose, onSaved, onDelete }: Props) {
  const first = useRef<HTMLInputElement>(null);
  const [name, setName] = useState(team?.name ?? '');
  const [leadId, setLeadId] = useState(team?.leadId ?? '');
  const [members, setMembers] = useState<Set<string>>(() => new Set(team?.members ?? []));
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<FieldError<Field> | null>(null);
  const mounted = useMounted();

  const leads = useMemo(() => leadCandidates(users), [users]);
  // Disabled people stay listed only if they are in the team (so they can be taken out).
  const people = useMemo(() => sortTeam(users).filter((u) => !u.disabled || members.has(u.id)), [users, members]);
  const moving = useMemo(() => movesFrom(members, team?.id ?? null, users, teams), [members, team, users, teams]);
  const teamName = useMemo(() => new Map(teams.map((t) => [t.id, t.name])), [teams]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (pending) return;
    if (!name.trim()) return setError({ field: 'name', message: 'Name the team' });
    const change = { name: name.trim(), leadId: leadId || null, members: [...members] };
    setPending(true);
    setError(null);
    try {
      const saved = team ? await teamsApi.update(team.id, change) : await teamsApi.create(change);
      onSaved(saved);
      onClose();
    } catch (err) {
      if (!mounted.current) return;
      setError(
        refusalAt(err, FIELDS, (e) =>
          e.code === 'team_exists'
            ? { field: 'name', message: 'Another team has this name' }
            : e.status === 403
              ? { field: null, message: 'Only admins change teams.' }
              : e.status === 404
                ? { field: null, message: 'This team was deleted meanwhile. Close this and look at the list again.' }
                : null,
        ),
      );
    } finally {
      if (mounted.current) setPending(false);
    }
  };

  const { errorAt, invalid } = fieldErrors('tg', error);
  const toggle = (id: string) => setMembers((m) => toggled(m, id));

  return (
    <ModalDialog
      className="confirm-dialog form-dialog team-group-dialog"
      testId="team-group-dialog"
      labelledBy="team-group-title"
      initialFocus={first}
      onClose={onClose}
    >
      <form onSubmit={submit} noValidate>
        <h3 id="team-group-title">{team ? `Team ${team.name}` : 'New team'}</h3>
        <p className="dialog-sub">
          A team is the people a supervisor looks after: the Team screen and the human agents' figures show one team at
          a time. Each person is in one team at most.
        </p>
        <div className="field">
          <label htmlFor="tg-name">Name</label>
          <input
            id="tg-name"
            ref={first}
            data-testid="tg-name"
            value={name}
            maxLength={100}
            autoComplete="off"
            {...invalid('name')}
            onChange={(e) => {
              setName(e.target.value);
              if (error?.field === 'name') setError(null);
            }}
          />
          {errorAt('name')}
        </div>
        <div className="field">
          <label htmlFor="tg-lead">Led by</label>
          <select
            id="tg-lead"
            data-testid="tg-lead"
            value={leadId}
            {...invalid('leadId')}
            onChange={(e) => setLeadId(e.target.value)}
          >
            <option value="">Nobody yet</option>
            {leads.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name} ({ROLE_LABEL[u.role].toLowerCase()})
              </option>
            ))}
          </select>
          {errorAt('leadId')}
        </div>
        <fieldset className="field tg-members" {...invalid('members')}>
          <legend>People in it</legend>
          {people.length === 0 ? (
            <p className="muted">Nobody on the team yet.</p>
          ) : (
            <div className="tg-member-list">
              {people.map((u) => (
                <label key={u.id} className="tg-member">
                  <input
                    type="checkbox"
                    data-testid="tg-member"
                    data-name={u.name}
                    checked={members.has(u.id)}
                    onChange={() => toggle(u.id)}
                  />
                  <span className="tg-member-name">{u.name}</span>
                  <span className="muted tg-member-note">
                    {ROLE_LABEL[u.role]}
                    {u.teamId && u.teamId !== team?.id && teamName.has(u.teamId)
                      ? ` · in ${teamName.get(u.teamId)}`
                      : ''}
                    {u.disabled ? ' · disabled' : ''}
                  </span>
                </label>
              ))}
            </div>
          )}
          {errorAt('members')}
        </fieldset>
        {moving.length > 0 && (
          <p className="tg-moving" role="status" data-testid="tg-moving">
            {moving.map((m) => `${m.name} leaves ${m.from}`).join('; ')}.
          </p>
        )}
        {team && onDelete && (
          <p className="tg-delete-line">
            <button
              type="button"
              className="link-button danger-link"
              data-testid="tg-delete"
              onClick={() => {
                onClose();
                onDelete(team);
              }}
            >
              Delete this team
            </button>
          </p>
        )}
        <DialogFoot
          error={error && error.field === null ? error.message : null}
          submitLabel={team ? 'Save team' : 'Make team'}
          pendingLabel="Saving…"
          pending={pending}
          disabled={pending}
          onCancel={onClose}
          testIds={{ error: 'tg-error', cancel: 'tg-cancel', submit: 'tg-submit' }}
        />
      </form>
    </ModalDialog>
  );
}
