/**
 * The Team screen's rules, without the network: who may see and change the team, the roles as people read them,
 * queues typed as a comma list, the list's order and filter, and a server refusal put at the form field it is about.
 */
import type { PublicUser, Role } from '@livespace/protocol/http';
import { userMay } from '../permissions';

/** A user as `GET /api/users` lists them. */
export type TeamUser = PublicUser & { disabled: boolean };

/** In the order the form offers them: most people added are human agents. */
export const ROLES: readonly Role[] = ['agent', 'supervisor', 'admin'];

export const ROLE_LABEL: Record<Role, string> = { agent: 'Human agent', supervisor: 'Supervisor', admin: 'Admin' };

/** What each role may do, in a line (the form's hint under Role). */
export const ROLE_HINT: Record<Role, string> = {
  agent: 'Takes escalated calls and messages from their queues in the Agent workspace.',
  supervisor: 'Watches every call, whispers, barges, takes over; places calls and runs campaigns. Sees the team.',
  admin: 'Everything a supervisor does, and manages the team, phone numbers and AI agents.',
};

/** The same limits as the server's (`CreateUserBody`): passwords also get its common-password check. */
export const LIMITS = { name: 200, email: 320, queue: 100, queues: 50, passwordMin: 12 } as const;

/** Admins and supervisors see the team (`team.read`); human agents do not (the server answers them 403). */
export function canSeeTeam(user: Pick<PublicUser, 'role'> | null | undefined): boolean {
  return userMay(user, 'team.read');
}

/** Only admins add people, change them, set their passwords, disable and enable them (`users.manage`). */
export function canEditTeam(user: Pick<PublicUser, 'role'> | null | undefined): boolean {
  return userMay(user, 'users.manage');
}

/** Only admins make, change and delete teams (`team.manage`). */
export function canEditTeams(user: Pick<PublicUser, 'role'> | null | undefined): boolean {
  return userMay(user, 'team.manage');
}

/**
 * Queues typed as a comma (or newline) list: trimmed, empty parts dropped, each name once (its first spelling), in
 * order.
 */
export function parseQueues(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of text.split(/[,\n]/)) {
    const q = part.trim();
    if (!q || seen.has(q)) continue;
    seen.add(q);
    out.push(q);
  }
  return out;
}

/** Queues as the form's text shows them. */
export const formatQueues = (queues: readonly string[]): string => queues.join(', ');

/** What is wrong with a queue list before it is sent, or null. */
export function queuesError(queues: readonly string[]): string | null {
  const long = queues.find((q) => q.length > LIMITS.queue);
  if (long) return `“${long.slice(0, 24)}…” is too long: at most ${LIMITS.queue} characters per queue`;
  if (queues.length > LIMITS.queues) return `At most ${LIMITS.queues} queues per person`;
  return null;
}

/** A plain check that the address can be an email (the server checks it again). */
export const looksLikeEmail = (s: string): boolean => /^[^\s@]+@[^\s@]+\.[^\s@.]+$/.test(s.trim());

/** The list's order: enabled people first, then by name (as people read it), then by email. */
export function sortTeam<U extends TeamUser>(users: readonly U[]): U[] {
  return [...users].sort(
    (a, b) =>
      Number(a.disabled) - Number(b.disabled) ||
      a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) ||
      a.email.localeCompare(b.email),
  );
}

/** Whether a user matches the filter: words of the text in the name, email or a queue (any case), and the role. */
export function matchesTeamFilter(u: TeamUser, text: string, role: Role | ''): boolean {
  if (role && u.role !== role) return false;
  const words = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = [u.name, u.email, ...u.queues].join(' ').toLowerCase();
  return words.every((w) => hay.includes(w));
}

/** The form's fields, as the server names them in its errors (`queues.2` is the queues field). */
export type TeamField = 'name' | 'email' | 'role' | 'queues' | 'password';

export interface TeamFormError {
  field: TeamField | null;
  message: string;
}

/** What a refusal is about: the action, and for a change, whether the role was part of it. */
export interface RefusalContext {
  /** The fields the dialog shows (a refusal about another one is said above the buttons). */
  fields: readonly TeamField[];
  /** The change asked for a new role: `own_account` and `last_admin` are then about the Role field. */
  roleChanged?: boolean;
}

/** An error of `api()` (an ApiError), read by its shape so this module needs no network code. */
interface Refusal {
  status: number;
  code: string;
  message: string;
  field?: string;
}

const isRefusal = (e: unknown): e is Refusal =>
  typeof e === 'object' &&
  e !== null &&
  typeof (e as Refusal).status === 'number' &&
  typeof (e as Refusal).code === 'string';

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * A failed request of the Team screen as words, at the field it is about when the form shows that field: a taken
 * email at Email, a weak password at Password (the server says why), a role the server keeps at Role (own account,
 * last admin), a bad value at its field; anything else above the buttons.
 */
export function teamError(err: unknown, ctx: RefusalContext): TeamFormError {
  if (!isRefusal(err)) return { field: null, message: 'The server could not be reached. Try again.' };
  const at = (field: TeamField, message: string): TeamFormError => ({
    field: ctx.fields.includes(field) ? field : null,
    message,
  });
  switch (err.code) {
    case 'email_taken':
      return at('email', 'Someone on the team already has this email');
    case 'weak_password':
      return at('password', capitalize(err.message.replace(/^password: /, '')));
    case 'own_account':
      return ctx.roleChanged
        ? at('role', 'You cannot take away your own admin role; ask another admin')
        : { field: null, message: err.message };
    case 'last_admin':
      return ctx.roleChanged
        ? at('role', 'This is the last enabled admin: make another person admin first')
        : { field: null, message: 'This is the last enabled admin: make another person admin first' };
  }
  if (err.status === 403) return { field: null, message: 'Only admins change the team.' };
  if (err.status === 404)
    return { field: null, message: 'This person is no longer on the team. Close this and look at the list again.' };
  const named = err.field?.split('.')[0];
  if (named && (ctx.fields as readonly string[]).includes(named)) {
    const message = err.message.startsWith(`${err.field}: `) ? err.message.slice(err.field!.length + 2) : err.message;
    return { field: named as TeamField, message: capitalize(message) };
  }
  return { field: null, message: err.message };
}

/**
 * A password to hand over (the admin may type their own): 4 groups of 4 letters and digits, no look-alikes (0/O,
 * 1/l/I).
 */
export function suggestPassword(
  random: (n: number) => Uint32Array = (n) => crypto.getRandomValues(new Uint32Array(n)),
): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const values = random(16);
  const chars = [...values].map((v) => alphabet[v % alphabet.length]!);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}
