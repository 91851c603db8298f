/**
 * Team (`/team`): everyone who signs in — name, email, role, team, queues, whether the account is enabled and, for
 * human agents, their presence now — and the teams people are grouped in. Admins add people, change them, set their
 * passwords, disable and enable them, and make, change and delete teams; supervisors see it all read-only (their own
 * team's people first: the filter starts on the team they lead); human agents may not open it (nothing is fetched).
 */
import '../team.css';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { Presence } from '@livespace/protocol/escalation';
import type { Role } from '@livespace/protocol/http';
import type { Team } from '@livespace/protocol/team-config';
import { getAuth, subscribeAuth } from '../auth';
import { PresenceBadge } from '../components/badges';
import { ConfirmDialog, type ConfirmRequest } from '../components/confirm-dialog';
import { NotAllowed } from '../components/not-allowed';
import { TeamGroupDialog } from '../components/team-group-dialog';
import { ResetPasswordDialog, UserFormDialog } from '../components/user-form';
import { usePresence } from '../live/use-presence';
import { useQueues } from '../live/use-queues';
import { usersApi, useUsers } from '../live/use-users';
import { teamsApi, useTeams } from '../live/use-teams';
import { matchesTeamChoice, peopleCount, type TeamChoice } from '../live/team-groups';
import {
  canEditTeam,
  canEditTeams,
  canSeeTeam,
  matchesTeamFilter,
  ROLE_LABEL,
  ROLES,
  sortTeam,
  teamError,
  type TeamUser,
} from '../live/team';
import { homeFor } from '../router';

type Notice = { kind: 'ok' | 'error'; text: string };
type Dialog =
  | { kind: 'add' }
  | { kind: 'edit'; user: TeamUser }
  | { kind: 'password'; user: TeamUser }
  | { kind: 'team'; team: Team | null }
  | null;

export function TeamView() {
  const { user } = useSyncExternalStore(subscribeAuth, getAuth);
  if (!canSeeTeam(user)) {
    return (
      <div className="team" data-testid="team-view">
        <NotAllowed
          what="The team's accounts are seen by"
          who="admins and supervisors"
          home={{
            href: homeFor(user?.role),
            label: user?.role === 'agent' ? 'Back to your workspace' : 'Back to Live Calls',
          }}
        />
      </div>
    );
  }
  return <TeamList meId={user?.id ?? null} canEdit={canEditTeam(user)} canEditTeams={canEditTeams(user)} />;
}

function TeamList({ meId, canEdit, canEditTeams }: { meId: string | null; canEdit: boolean; canEditTeams: boolean }) {
  const users = useUsers(true);
  const teams = useTeams(true);
  const presence = usePresence();
  const queueStats = useQueues();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [text, setText] = useState('');
  const [role, setRole] = useState<Role | ''>('');
  const [teamChoice, setTeamChoice] = useState<TeamChoice>('');
  const { reload } = users;
  const reloadTeams = teams.reload;
  const teamName = useMemo(() => new Map(teams.items.map((t) => [t.id, t.name])), [teams.items]);
  // A supervisor starts on the team they lead (once, when the teams are first read); the filter then is theirs to
  // change.
  const startedOnOwn = useRef(false);
  useEffect(() => {
    if (startedOnOwn.current || teams.status !== 'ready') return;
    startedOnOwn.current = true;
    const own = !canEdit ? teams.items.find((t) => t.leadId === meId) : undefined;
    if (own) setTeamChoice(own.id);
  }, [teams.status, teams.items, canEdit, meId]);
  // A team deleted (here or elsewhere) is no longer a choice.
  const choice: TeamChoice =
    teamChoice && teamChoice !== 'none' && teams.status === 'ready' && !teamName.has(teamChoice) ? '' : teamChoice;

  const sorted = useMemo(() => sortTeam(users.items), [users.items]);
  const shown = useMemo(
    () => sorted.filter((u) => matchesTeamFilter(u, text, role) && matchesTeamChoice(u, choice)),
    [sorted, text, role, choice],
  );
  const presenceOf = useMemo(() => new Map(presence.items.map((p) => [p.userId, p.status])), [presence.items]);
  /** Queue names in use (people's and the live queues'), offered in the form. */
  const knownQueues = useMemo(
    () =>
      [...new Set([...users.items.flatMap((u) => u.queues), ...queueStats.items.map((q) => q.name)])].sort((a, b) =>
        a.localeCompare(b),
      ),
    [users.items, queueStats.items],
  );
  const counts = useMemo(() => {
    const enabled = users.items.filter((u) => !u.disabled);
    return {
      enabled: enabled.length,
      disabled: users.items.length - enabled.length,
      byRole: Object.fromEntries(ROLES.map((r) => [r, enabled.filter((u) => u.role === r).length])) as Record<
        Role,
        number
      >,
    };
  }, [users.items]);

  useEffect(() => {
    document.title = users.status === 'ready' ? `(${users.items.length}) Team · Live Space` : 'Team · Live Space';
  }, [users.status, users.items.length]);

  // An ok notice clears itself; an error stays until dismissed or replaced.
  useEffect(() => {
    if (notice?.kind !== 'ok') return;
    const t = setTimeout(() => setNotice((n) => (n === notice ? null : n)), 8000);
    return () => clearTimeout(t);
  }, [notice]);

  const setDisabled = useCallback(
    async (u: TeamUser, disabled: boolean) => {
      try {
        await usersApi.update(u.id, { disabled });
        setNotice({
          kind: 'ok',
          text: disabled
            ? `${u.name} is disabled and was signed out everywhere.`
            : `${u.name} is enabled: they can sign in again.`,
        });
      } catch (err) {
        const why = teamError(err, { fields: [] }).message.replace(/\.$/, '');
        setNotice({ kind: 'error', text: `Could not ${disabled ? 'disable' : 'enable'} ${u.name}: ${why}.` });
      }
      await reload();
    },
    [reload],
  );

  const askDisable = useCallback(
    (u: TeamUser) =>
      setConfirm({
        title: `Disable ${u.name}?`,
        body: (
          <>
            <p>
              <strong>{u.name}</strong> is signed out at once, on every device: their open screens go to the sign-in
              page
              {u.role === 'agent' ? ', and they stop taking calls from their queues' : ''}.
            </p>
            <p>They cannot sign in until an admin enables the account again. Nothing they did is deleted.</p>
          </>
        ),
        confirmLabel: 'Disable and sign out',
        danger: true,
        onConfirm: () => void setDisabled(u, true),
      }),
    [setDisabled],
  );

  const deleteTeam = useCallback(
    (t: Team) =>
      setConfirm({
        title: `Delete the team ${t.name}?`,
        body: (
          <p>
            {t.members.length === 0
              ? 'Nobody is in it.'
              : `Its ${peopleCount(t.members.length)} stay on the team, in no team.`}{' '}
            Their accounts, queues and figures do not change.
          </p>
        ),
        confirmLabel: 'Delete team',
        danger: true,
        onConfirm: () => {
          void (async () => {
            try {
              await teamsApi.remove(t.id);
              setNotice({ kind: 'ok', text: `The team ${t.name} was deleted.` });
            } catch (err) {
              setNotice({
                kind: 'error',
                text: `Could not delete the team ${t.name}: ${err instanceof Error ? err.message : 'the server could not be reached'}.`,
              });
            }
            await Promise.all([reload(), reloadTeams()]);
          })();
        },
      }),
    [reload, reloadTeams],
  );

  const ready = users.status === 'ready';
  const filtered = text.trim() !== '' || role !== '' || choice !== '';

  if (users.status === 'forbidden') {
    return (
      <div className="team" data-testid="team-view">
        <NotAllowed
          what="The team's accounts are seen by"
          who="admins and supervisors"
          home={{ href: '/', label: 'Back to Live Calls' }}
        />
      </div>
    );
  }

  return (
    <div className="team" data-testid="team-view">
      <div className="workspace-bar">
        <h1 className="view-title">Team</h1>
        <span className="wb-total" data-testid="team-count">
          <strong>{ready ? users.items.length : '…'}</strong> {users.items.length === 1 ? 'person' : 'people'}
        </span>
        {ready && (
          <span className="ws-note team-roles" data-testid="team-role-counts">
            {ROLES.map(
              (r) => `${counts.byRole[r]} ${ROLE_LABEL[r].toLowerCase()}${counts.byRole[r] === 1 ? '' : 's'}`,
            ).join(' · ')}
            {counts.disabled > 0 ? ` · ${counts.disabled} disabled` : ''}
          </span>
        )}
        {canEdit ? (
          <button
            type="button"
            className="primary team-add"
            data-testid="team-add"
            onClick={() => setDialog({ kind: 'add' })}
          >
            Add person
          </button>
        ) : (
          <span className="team-read-only" data-testid="team-read-only">
            Read-only: only admins change the team
          </span>
        )}
      </div>
      <div className="wallboard-body">
        {notice && (
          <div
            className={`notice is-${notice.kind}`}
            role={notice.kind === 'error' ? 'alert' : 'status'}
            data-testid="team-notice"
          >
            <span>{notice.text}</span>
            <button type="button" className="notice-close" aria-label="Dismiss" onClick={() => setNotice(null)}>
              ×
            </button>
          </div>
        )}
        {users.error && (
          <div className="notice is-error" role="alert" data-testid="team-error">
            <span>Could not load the team: {users.error}</span>
            <button type="button" className="link-button" onClick={() => void reload()}>
              Try again
            </button>
          </div>
        )}
        <TeamsSection
          teams={teams.items}
          status={teams.status}
          people={users.items}
          canEdit={canEditTeams}
          selected={choice}
          onSelect={(id) => setTeamChoice((c) => (c === id ? '' : id))}
          onNew={() => setDialog({ kind: 'team', team: null })}
          onEdit={(t) => setDialog({ kind: 'team', team: t })}
        />
        <section className="wb-section" aria-labelledby="team-title">
          <div className="team-head">
            <h2 className="section-title" id="team-title">
              People{' '}
              <span className="pane-count">
                {filtered ? `${shown.length} of ${users.items.length}` : users.items.length}
              </span>
            </h2>
            <div className="team-filters" role="search" aria-label="Find people">
              <label className="team-filter">
                <span>Find</span>
                <input
                  type="search"
                  data-testid="team-filter"
                  placeholder="Name, email, queue"
                  value={text}
                  onChange={(e) => setText(e.target.value)}
                />
              </label>
              <label className="team-filter">
                <span>Team</span>
                <select data-testid="team-team-filter" value={choice} onChange={(e) => setTeamChoice(e.target.value)}>
                  <option value="">All teams</option>
                  {teams.items.map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.name}
                    </option>
                  ))}
                  <option value="none">In no team</option>
                </select>
              </label>
              <label className="team-filter">
                <span>Role</span>
                <select
                  data-testid="team-role-filter"
                  value={role}
                  onChange={(e) => setRole(e.target.value as Role | '')}
                >
                  <option value="">All roles</option>
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {ROLE_LABEL[r]}
                    </option>
                  ))}
                </select>
              </label>
            </div>
          </div>
          {users.status === 'loading' ? (
            <div className="placeholder" data-testid="team-loading">
              Loading the team…
            </div>
          ) : users.status === 'error' ? null : shown.length === 0 ? (
            <div className="empty-state small" data-testid="team-empty">
              <h2>{filtered ? 'Nobody matches' : 'Nobody yet'}</h2>
              <p>
                {filtered
                  ? 'Try other words, all roles or all teams.'
                  : canEdit
                    ? 'Add the people who watch and take calls.'
                    : 'An admin adds people; they appear here.'}
              </p>
            </div>
          ) : (
            <div className="table-wrap wb-table-wrap">
              <table className="sessions team-table" aria-labelledby="team-title" data-testid="team-table">
                <thead>
                  <tr>
                    <th className="tm-col-name">Name</th>
                    <th className="tm-col-email">Email</th>
                    <th className="tm-col-role">Role</th>
                    <th className="tm-col-group">Team</th>
                    <th className="tm-col-queues">Queues</th>
                    <th className="tm-col-account">Account</th>
                    <th className="tm-col-presence">Presence</th>
                    {canEdit && (
                      <th className="tm-col-actions">
                        <span className="sr-only">Actions</span>
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {shown.map((u) => (
                    <TeamRow
                      key={u.id}
                      user={u}
                      teamName={u.teamId ? (teamName.get(u.teamId) ?? null) : null}
                      self={u.id === meId}
                      presence={
                        presence.ready && u.role === 'agent' && !u.disabled ? (presenceOf.get(u.id) ?? 'offline') : null
                      }
                      canEdit={canEdit}
                      onEdit={() => setDialog({ kind: 'edit', user: u })}
                      onPassword={() => setDialog({ kind: 'password', user: u })}
                      onDisable={() => askDisable(u)}
                      onEnable={() => void setDisabled(u, false)}
                    />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </div>
      {dialog?.kind === 'add' && (
        <UserFormDialog
          knownQueues={knownQueues}
          onClose={() => setDialog(null)}
          onSaved={(u) => {
            setNotice({
              kind: 'ok',
              text: `${u.name} was added as ${ROLE_LABEL[u.role].toLowerCase()}: they sign in with ${u.email} and the password you set.`,
            });
            void reload();
          }}
        />
      )}
      {dialog?.kind === 'edit' && (
        <UserFormDialog
          user={dialog.user}
          self={dialog.user.id === meId}
          knownQueues={knownQueues}
          onClose={() => setDialog(null)}
          onSaved={(u) => {
            setNotice({ kind: 'ok', text: `${u.name} was saved.` });
            void reload();
          }}
        />
      )}
      {dialog?.kind === 'password' && (
        <ResetPasswordDialog
          user={dialog.user}
          onClose={() => setDialog(null)}
          onDone={() =>
            setNotice({ kind: 'ok', text: `${dialog.user.name} has a new password and was signed out everywhere.` })
          }
        />
      )}
      {dialog?.kind === 'team' && (
        <TeamGroupDialog
          team={dialog.team}
          teams={teams.items}
          users={users.items}
          onClose={() => setDialog(null)}
          onSaved={(t) => {
            setNotice({
              kind: 'ok',
              text: dialog.team
                ? `The team ${t.name} was saved.`
                : `The team ${t.name} was made: ${peopleCount(t.members.length)}.`,
            });
            void reload();
            void reloadTeams();
          }}
          onDelete={deleteTeam}
        />
      )}
      {confirm && <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />}
    </div>
  );
}

interface TeamsProps {
  teams: readonly Team[];
  status: 'loading' | 'ready' | 'forbidden' | 'error';
  people: readonly TeamUser[];
  canEdit: boolean;
  /** The team the list below shows, if one. */
  selected: TeamChoice;
  onSelect(id: string): void;
  onNew(): void;
  onEdit(team: Team): void;
}

/** The teams as cards: name, lead and size; a card's name shows its people below (again: everyone). */
function TeamsSection({ teams, status, people, canEdit, selected, onSelect, onNew, onEdit }: TeamsProps) {
  const names = useMemo(() => new Map(people.map((u) => [u.id, u.name])), [people]);
  return (
    <section className="wb-section tg-section" aria-labelledby="teams-title" data-testid="teams-section">
      <div className="team-head">
        <h2 className="section-title" id="teams-title">
          Teams <span className="pane-count">{status === 'ready' ? teams.length : '…'}</span>
        </h2>
        {canEdit && (
          <button type="button" className="ab-button" data-testid="team-new" onClick={onNew}>
            New team
          </button>
        )}
      </div>
      {status === 'ready' && teams.length === 0 ? (
        <p className="muted tg-none" data-testid="teams-empty">
          {canEdit
            ? 'No team yet. Group people under the supervisor who looks after them.'
            : 'No team yet: an admin groups people into teams.'}
        </p>
      ) : (
        <ul className="tg-cards">
          {teams.map((t) => (
            <li
              key={t.id}
              className={`tg-card${selected === t.id ? ' is-selected' : ''}`}
              data-testid="team-card"
              data-team-id={t.id}
              data-name={t.name}
            >
              <button
                type="button"
                className="tg-card-name"
                aria-pressed={selected === t.id}
                data-testid="team-card-show"
                onClick={() => onSelect(t.id)}
              >
                {t.name}
              </button>
              <span className="tg-card-meta" data-testid="team-card-meta">
                {peopleCount(t.members.length)} ·{' '}
                {t.leadId ? `led by ${names.get(t.leadId) ?? 'someone gone'}` : 'no lead'}
              </span>
              {canEdit && (
                <button
                  type="button"
                  className="ab-button tg-card-edit"
                  data-testid="team-card-edit"
                  aria-label={`Change the team ${t.name}`}
                  onClick={() => onEdit(t)}
                >
                  Edit
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

interface RowProps {
  user: TeamUser;
  /** The name of the team they are in, or null. */
  teamName: string | null;
  /**
   * The signed-in admin's own row: no Disable (the server refuses it) and no Reset password (the top bar's Password is
   * theirs).
   */
  self: boolean;
  /** A human agent's presence now; null for other roles, disabled accounts and before the first snapshot. */
  presence: Presence | null;
  canEdit: boolean;
  onEdit(): void;
  onPassword(): void;
  onDisable(): void;
  onEnable(): void;
}

function TeamRow({ user: u, teamName, self, presence, canEdit, onEdit, onPassword, onDisable, onEnable }: RowProps) {
  return (
    <tr
      className={`team-row${u.disabled ? ' is-disabled' : ''}`}
      data-testid="team-row"
      data-user-id={u.id}
      data-email={u.email}
      data-role={u.role}
      data-disabled={u.disabled}
    >
      <td className="tm-col-name">
        <span className="tm-name" data-testid="user-name" title={u.name}>
          {u.name}
        </span>
        {self && <span className="tm-you">you</span>}
        {/* Medium widths: the email under the name, its own column hidden. */}
        <span className="tm-name-email" title={u.email}>
          {u.email}
        </span>
        {/* Narrower still: the team under the name too, its own column hidden. */}
        {teamName && <span className="tm-name-team">Team {teamName}</span>}
      </td>
      <td className="tm-col-email" data-testid="user-email" title={u.email}>
        {u.email}
      </td>
      <td className="tm-col-role">
        <span className={`badge tm-role tm-role-${u.role}`} data-testid="user-role">
          {ROLE_LABEL[u.role]}
        </span>
      </td>
      <td className="tm-col-group" data-testid="user-team" data-team={teamName ?? ''}>
        {teamName ?? <span className="muted">—</span>}
      </td>
      <td className="tm-col-queues" data-testid="user-queues" data-queues={u.queues.join(',')}>
        {u.queues.length === 0 ? (
          <span className="muted">{u.role === 'agent' ? 'No queue' : '—'}</span>
        ) : (
          <span className="tm-queues" title={u.queues.join(', ')}>
            {u.queues.map((q) => (
              <span key={q} className="queue-chip-name">
                {q}
              </span>
            ))}
          </span>
        )}
      </td>
      <td className="tm-col-account">
        <span
          className={`badge tm-account ${u.disabled ? 'is-off' : 'is-on'}`}
          data-testid="user-account"
          data-disabled={u.disabled}
        >
          {u.disabled ? 'Disabled' : 'Enabled'}
        </span>
      </td>
      <td className="tm-col-presence" data-testid="user-presence" data-status={presence ?? ''}>
        {presence ? <PresenceBadge status={presence} /> : <span className="muted tm-no-presence">—</span>}
      </td>
      {canEdit && (
        <td className="tm-col-actions">
          <span className="tm-actions">
            <button
              type="button"
              className="ab-button"
              data-testid="user-edit"
              aria-label={`Edit ${u.name}`}
              onClick={onEdit}
            >
              Edit
            </button>
            {/* One's own password is changed from the top bar (an admin's reset would sign oneself out everywhere). */}
            {!self && (
              <button
                type="button"
                className="ab-button"
                data-testid="user-reset"
                aria-label={`Reset password of ${u.name}`}
                onClick={onPassword}
              >
                Reset password
              </button>
            )}
            {self ? null : u.disabled ? (
              <button
                type="button"
                className="ab-button"
                data-testid="user-enable"
                aria-label={`Enable ${u.name}`}
                onClick={onEnable}
              >
                Enable
              </button>
            ) : (
              <button
                type="button"
                className="ab-button danger-outline"
                data-testid="user-disable"
                aria-label={`Disable ${u.name}`}
                onClick={onDisable}
              >
                Disable
              </button>
            )}
          </span>
        </td>
      )}
    </tr>
  );
}
