/**
 * Who may do what: the one permission table (role × action × ownership) that the server's routes, its live topics,
 * the app layer's session rules and the web app's screens all read. A permission names one rule as the code
 * checks it; two places that decide differently today (the server allows what the web does not offer) have two
 * permissions, each saying so.
 *
 * `holder: true` adds ownership: besides the roles listed, any role may when it holds the thing acted on — the
 * session it took over or claimed (`session.act`, `sessions.read`), the listener it opened (`listeners.stop`), an
 * escalation waiting in one of its own queues (`escalation.claim`). The caller says whether it holds it (`ctx.holds`).
 */
import type { Role } from './http';

export type Permission =
  /** Analytics (`/api/analytics/*`, the Analytics section). */
  | 'analytics.read'
  /** The audit log of every change (`GET /api/audit`). */
  | 'audit.read'
  /** Create AI agents (`POST /api/agents`); reading them is open to every signed-in user. */
  | 'agents.manage'
  /** The team: its accounts and its teams (`GET /api/users`, `GET /api/teams`, the Team section). */
  | 'team.read'
  /** Make, change and delete teams (`/api/teams`; New team and Edit on the Team section). */
  | 'team.manage'
  /** Lead a team: the role of the person made lead (the server refuses others; the team dialog offers only these). */
  | 'team.lead'
  /** Add people, change them, set their passwords, disable and enable them (`/api/users`; Add person and Edit). */
  | 'users.manage'
  /** Our phone numbers and the AI agents answering them (`GET /api/numbers`, the Numbers section). */
  | 'numbers.read'
  /** Map and delete phone numbers (`POST`/`DELETE /api/numbers`). */
  | 'numbers.manage'
  /** The queues' configuration (`GET /api/queues/config`); their live figures are open to every signed-in user. */
  | 'queues.read'
  /** Create and configure queues (`POST /api/queues`, `PATCH /api/queues/:name`, the Queues section's settings). */
  | 'queues.manage'
  /** Book, change, call now and cancel callbacks (`/api/callbacks`); the list is open to every signed-in user. */
  | 'callbacks.manage'
  /** Create and run campaigns, add their contacts, the do-not-call list (`/api/campaigns`, `/api/do-not-call`). */
  | 'campaigns.manage'
  /** Place a call (`POST /api/calls`, Dial Now). */
  | 'calls.dial'
  /** Drive the call simulator (`/api/simulator/*`). */
  | 'simulator.operate'
  /**
   * Read every session: its transcript, live topic, export, recording, and every ended one in History. A holder —
   * a human agent on a live session, or one it handled — reads that one (the store decides which it handled).
   */
  | 'sessions.read'
  /** Delete a session and its recording (`DELETE /api/sessions/:id`). */
  | 'sessions.delete'
  /**
   * Act on a live session: whisper, barge, take over, say, resume, end, transfer, listen, complete its escalation —
   * on any session, or (holder) on the one it holds. Also: a supervisor's resume, complete and transfer override
   * whoever holds it.
   */
  | 'session.act'
  /**
   * The web's session bar offers whisper, barge, take over and End, and the drawer shows the session's action
   * audit, to these roles only (never to a holder): see `session.act` for what the server lets a holder do.
   */
  | 'session.oversee'
  /** Stop a listener of a session (`DELETE /api/sessions/:id/listen/:listenerId`): any one, or (holder) one's own. */
  | 'listeners.stop'
  /** Claim an escalation: in any queue, or (holder) in one of one's own queues. */
  | 'escalation.claim'
  /** Set one's presence (`PUT /api/presence/me`): only human agents have one. */
  | 'presence.set'
  /**
   * The web's History filter "Handled by" offers every account (read from `GET /api/users`), not only the agents
   * present.
   */
  | 'history.allHandlers';

export interface PolicyRule {
  /** The roles that may, whatever they hold. */
  roles: readonly Role[];
  /** Any role may too, on the thing it holds. */
  holder?: true;
}

const ADMIN = ['admin'] as const satisfies readonly Role[];
const STAFF = ['admin', 'supervisor'] as const satisfies readonly Role[];

/** The table. Role order is the order a refusal names them in (`Requires role admin or supervisor`). */
export const POLICY: Readonly<Record<Permission, PolicyRule>> = {
  'analytics.read': { roles: STAFF },
  'audit.read': { roles: ADMIN },
  'agents.manage': { roles: ADMIN },
  'team.read': { roles: STAFF },
  'team.manage': { roles: ADMIN },
  'team.lead': { roles: STAFF },
  'users.manage': { roles: ADMIN },
  'numbers.read': { roles: STAFF },
  'numbers.manage': { roles: ADMIN },
  'queues.read': { roles: STAFF },
  'queues.manage': { roles: ADMIN },
  'callbacks.manage': { roles: STAFF },
  'campaigns.manage': { roles: STAFF },
  'calls.dial': { roles: STAFF },
  'simulator.operate': { roles: STAFF },
  'sessions.read': { roles: STAFF, holder: true },
  'sessions.delete': { roles: ADMIN },
  'session.act': { roles: STAFF, holder: true },
  'session.oversee': { roles: STAFF },
  'listeners.stop': { roles: ADMIN, holder: true },
  'escalation.claim': { roles: STAFF, holder: true },
  'presence.set': { roles: ['agent'] },
  'history.allHandlers': { roles: ADMIN },
};

/** Every permission, in the table's order. */
export const PERMISSIONS = Object.keys(POLICY) as Permission[];

/** Whether `role` may: by its role, or (for a `holder` rule) because it holds the thing acted on. */
export function may(role: Role, permission: Permission, ctx?: { holds?: boolean }): boolean {
  const rule = POLICY[permission];
  return rule.roles.includes(role) || (rule.holder === true && ctx?.holds === true);
}

/** The roles that may whatever they hold (a route's roles). */
export function rolesFor(permission: Permission): readonly Role[] {
  return POLICY[permission].roles;
}
