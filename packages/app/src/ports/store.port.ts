/**
 * Durable state: users, tokens, agents, sessions and their events. Adapter: store-postgres (PGlite or node-postgres).
 */
import type { AnalyticsStore } from './analytics-store.port';
import type {
  ActionRecord,
  Agent,
  AgentBody,
  PhoneNumber,
  HumanAgentPresence,
  Callback,
  CallbackStatus,
  Escalation,
  EscalationStatus,
  HistoryFilter,
  HistoryItem,
  HistorySort,
  HistoryTotal,
  Presence,
  Role,
  SessionEvent,
  SessionSummary,
  Team,
  UserPreferences,
} from '@livespace/protocol';
import type { CampaignStore } from './campaign-store.port';
import type { RetentionStore } from './retention-store.port';

/** An escalation as stored (the topic adds the session's last line). */
export type EscalationRecord = Omit<Escalation, 'lastLine'>;

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  role: Role;
  queues: string[];
  /** The team they are in (at most one), or null. */
  teamId: string | null;
  passwordHash: string;
  /** A disabled user cannot sign in and has no live logins. */
  disabled: boolean;
  createdAt: string;
}

/** What an admin may change about a user (the password has its own path). */
export interface UserPatch {
  name?: string;
  role?: Role;
  queues?: string[];
  disabled?: boolean;
}

/** One event and the session summary right after it; written together so lists and transcripts agree. */
export interface EventWrite {
  sessionId: string;
  event: SessionEvent;
  summary: SessionSummary;
}

/**
 * Where a history page ended: the last row's sort key (start time as an ISO instant with microseconds, or duration in
 * ms) and id.
 */
export interface HistoryPosition {
  key: string | number;
  id: string;
}

/**
 * A history search as the store runs it: filters, order, page size, and the end of the page before (null: from the
 * top).
 */
export interface HistorySearch extends HistoryFilter {
  sort: HistorySort;
  limit: number;
  after: HistoryPosition | null;
}

/** A page of history and where it ended (null: nothing follows). */
export interface HistoryResult {
  items: HistoryItem[];
  next: HistoryPosition | null;
}

export interface Store extends CallbackStore, CampaignStore, RetentionStore, AnalyticsStore {
  readonly kind: 'pglite' | 'postgres';
  migrate(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;

  createUser(u: Omit<UserRecord, 'createdAt' | 'disabled' | 'teamId'>): Promise<UserRecord>;
  findUserByEmail(email: string): Promise<UserRecord | null>;
  findUserById(id: string): Promise<UserRecord | null>;
  countUsers(): Promise<number>;
  /** Every user, by name. */
  listUsers(): Promise<UserRecord[]>;
  /** Applies `patch`; null when no such user. Disabling also ends every login of the user. */
  updateUser(id: string, patch: UserPatch, now: Date): Promise<UserRecord | null>;
  /** Sets a new password hash; false when no such user. */
  setPasswordHash(id: string, passwordHash: string, now: Date): Promise<boolean>;
  /** Enabled admins: the last one may not be disabled or demoted. */
  countActiveAdmins(): Promise<number>;

  createToken(tokenHash: string, userId: string, expiresAt: Date): Promise<void>;
  /** The enabled user a live token belongs to and when it expires, or null when unknown, expired or disabled. */
  findLogin(tokenHash: string, now: Date): Promise<{ user: UserRecord; expiresAt: Date } | null>;
  deleteToken(tokenHash: string): Promise<void>;
  /**
   * Ends every login of a user but `keepTokenHash` (their own, on a password change); returns the ended tokens' hashes.
   */
  deleteTokensOfUser(userId: string, keepTokenHash?: string): Promise<string[]>;

  listAgents(): Promise<Agent[]>;
  /** Our phone numbers, in number order. */
  listNumbers(): Promise<PhoneNumber[]>;
  /** Inserts or replaces a number's mapping (its createdAt stays). */
  upsertNumber(n: Omit<PhoneNumber, 'createdAt' | 'updatedAt'>, now: Date): Promise<PhoneNumber>;
  /** False when there was no such number. */
  deleteNumber(number: string): Promise<boolean>;
  getAgent(id: string): Promise<Agent | null>;
  /** Inserts an agent; with `seedKey`, does nothing when an agent with that key exists. */
  createAgent(id: string, body: AgentBody, now: Date, seedKey?: string): Promise<Agent | null>;

  /**
   * Writes events (any sessions, in order) and the sessions' newest summaries in one transaction; a new session is
   * owned by `processId`. A summary read back from the store may lag behind partial lines (its last line is the one
   * before them), but its seq is always the session's newest event's.
   */
  appendEvents(batch: readonly EventWrite[], processId?: string): Promise<void>;
  /** Records that server process `processId` is alive. */
  heartbeat(processId: string, now: Date): Promise<void>;
  /** Live sessions whose owning process has not beaten since `staleBefore` (or is unknown). */
  orphanedSessions(staleBefore: Date): Promise<SessionSummary[]>;
  /**
   * Newest first (live ones: oldest first); `campaignId`, `outcome` (`answered`: any call picked up) and `handledBy`
   * narrow it.
   */
  listSessions(filter: {
    live?: boolean;
    limit?: number;
    offset?: number;
    campaignId?: string;
    outcome?: string;
    handledBy?: string;
  }): Promise<SessionSummary[]>;
  /**
   * History: sessions matching `search`, in its order, a page at a time (keyset: stable while sessions come and go).
   */
  searchSessions(search: HistorySearch): Promise<HistoryResult>;
  /** History: how many sessions match `filter` (exact up to HISTORY_COUNT_CAP, then the cap and `atLeast`). */
  countSessions(filter: HistoryFilter): Promise<HistoryTotal>;
  getSession(id: string): Promise<SessionSummary | null>;
  /**
   * Sessions started since `since` and ended before `endedBefore` that have no post-call summary (their process
   * stopped before it was written): ids, oldest first, at most `limit`.
   */
  unsummarizedSessions(since: Date, endedBefore: Date, limit: number): Promise<string[]>;
  /**
   * Whether a human agent may read a session (its transcript, export, recording): it is live (the floor's lists show
   * every live session), or they held it (took it over or claimed its escalation).
   */
  agentMayRead(sessionId: string, agent: { id: string }): Promise<boolean>;
  /** The server process that owns the session (null: unknown session, or written without one). */
  sessionOwner(id: string): Promise<string | null>;
  /** The newest live message session with this customer on `channel`, and the process that owns it (null: none). */
  liveConversationWith(
    channel: 'sms' | 'whatsapp',
    customer: string,
  ): Promise<{ id: string; owner: string | null } | null>;
  /** Records a supervisor action (audit). */
  recordAction(a: ActionRecord): Promise<void>;
  /** A session's recorded actions, oldest first. */
  listActions(sessionId: string): Promise<ActionRecord[]>;
  /** Events of a session with seq > afterSeq, in order. */
  sessionEvents(id: string, afterSeq: number): Promise<SessionEvent[]>;

  // Escalations: rows follow the sessions' `escalation` events (written by appendEvents); claims are atomic.
  /** Takes a waiting escalation for `by`; of concurrent claims exactly one gets the record, the others null. */
  claimEscalation(id: string, by: { id: string; name: string }, now: Date): Promise<EscalationRecord | null>;
  /**
   * The same for a human agent, who holds one call at a time: 'busy' when `by` holds one already (checked atomically
   * with the claim).
   */
  claimEscalationAlone(
    id: string,
    by: { id: string; name: string },
    now: Date,
  ): Promise<EscalationRecord | 'busy' | null>;
  /** Undoes `by`'s claim when the session could not be handed over. */
  releaseEscalation(id: string, byUserId: string): Promise<void>;
  getEscalation(id: string): Promise<EscalationRecord | null>;
  listEscalations(statuses: readonly EscalationStatus[], limit?: number): Promise<EscalationRecord[]>;
  /** Open escalations and those that started, were answered or ended since `since` (queue figures). */
  escalationsSince(since: Date): Promise<EscalationRecord[]>;

  /** Every human agent (role agent) and its presence. */
  listPresence(): Promise<HumanAgentPresence[]>;
  /** One human agent's presence (null: no such agent). */
  getPresence(userId: string): Promise<HumanAgentPresence | null>;
  /**
   * Sets a presence; with `expect`, only when that is the current status (returns whether it changed). `chosen`: the
   * agent set it themselves, so it is also what they come back to (see `returningHumanAgents`).
   */
  setPresence(
    userId: string,
    status: Presence,
    now: Date,
    opts?: { expect?: Presence; chosen?: boolean },
  ): Promise<boolean>;
  /** Of these agents, those shown offline whose last own choice was available or away, with that choice. */
  returningHumanAgents(userIds: readonly string[]): Promise<Array<{ userId: string; chosen: 'available' | 'away' }>>;
  touchPresence(userIds: readonly string[], now: Date): Promise<void>;
  /** Available or away agents not seen since `before`. */
  goneHumanAgents(before: Date): Promise<string[]>;

  // Queues an admin configured (queues.sql.ts); their members are the users whose `queues` name them.
  /** Configured queues in priority order. */
  listQueueSettings(): Promise<QueueSettings[]>;
  createQueueSettings(q: QueueSettings, now: Date): Promise<QueueSettings | 'exists'>;
  /** Null when the queue is not configured. */
  updateQueueSettings(
    name: string,
    patch: { slaSeconds?: number; priority?: number },
    now: Date,
  ): Promise<QueueSettings | null>;
  /** Makes `memberIds` exactly the users who work the queue; the ids of the users whose queues changed. */
  setQueueMembers(name: string, memberIds: readonly string[]): Promise<string[]>;

  /** A person's own preferences (`{}` when they never chose, null when there is no such user). */
  getPreferences(userId: string): Promise<UserPreferences | null>;
  /** Merges the sections given into theirs (each replaced whole); the result, or null when there is no such user. */
  mergePreferences(userId: string, sections: UserPreferences): Promise<UserPreferences | null>;

  // Teams (teams.sql.ts); a person is in at most one (`UserRecord.teamId`).
  /** Every team by name, with its members. */
  listTeams(): Promise<Team[]>;
  getTeam(id: string): Promise<Team | null>;
  /** 'exists': another team has the name (in any case). */
  createTeam(t: { id: string; name: string; leadId: string | null }, now: Date): Promise<'created' | 'exists'>;
  /** `leadId` undefined keeps the lead, null clears it; 'exists': the name is another team's; null: no such team. */
  updateTeam(
    id: string,
    patch: { name?: string; leadId?: string | null },
    now: Date,
  ): Promise<'updated' | 'exists' | null>;
  /** Its people are then in no team; false when there was none. */
  deleteTeam(id: string): Promise<boolean>;
  /** Makes `memberIds` exactly the team's people (they leave any other team); the ids of those whose team changed. */
  setTeamMembers(id: string, memberIds: readonly string[]): Promise<string[]>;
}

/** A configured queue: its service-level threshold and its place in the order (1 first). */
export interface QueueSettings {
  name: string;
  slaSeconds: number;
  priority: number;
}

/** A change of one callback: the next callback, or null to refuse (nothing is written). */
export type CallbackChange = (current: Callback) => Callback | null;

/** Scheduled callbacks: durable, each change under the row's lock; due ones claimed with FOR UPDATE SKIP LOCKED. */
interface CallbackStore {
  /** Inserts a callback; an id already stored is kept as it is (and returned). */
  insertCallback(c: Callback): Promise<Callback>;
  getCallback(id: string): Promise<Callback | null>;
  /**
   * With `statuses`, those; else open ones (scheduled, dialing, missed) and the `recent` latest others; soonest due
   * first.
   */
  listCallbacks(opts?: { statuses?: readonly CallbackStatus[]; recent?: number }): Promise<Callback[]>;
  /**
   * Applies `change` to the locked row; null when there is no such callback. `claimedBy`: the process that dials it.
   */
  updateCallback(
    id: string,
    change: CallbackChange,
    claimedBy?: string,
  ): Promise<{ before: Callback; after: Callback | null } | null>;
  /**
   * Decides up to `limit` due callbacks for `processId` (rows other processes hold are skipped); returns those changed.
   */
  claimDueCallbacks(now: Date, limit: number, processId: string, decide: CallbackChange): Promise<Callback[]>;
  /** Callbacks dialing on processes silent since `staleBefore` (null: every dialing one; this process is alone). */
  orphanedCallbacks(staleBefore: Date | null): Promise<Callback[]>;
}

/**
 * Why the store refused a write for what it holds, not for being down: `duplicate`, the row is already there
 * (a unique key); `refused`, anything else it can never take as it is (invalid data, a broken constraint, a value
 * beyond the database's limits).
 */
export type StoreRefusal = 'duplicate' | 'refused';

/**
 * A store's permanent refusal: retrying the same write can never succeed. Every store method throws this for
 * one; anything else it throws (a lost connection, a database restarting) is an outage, worth retrying.
 * `code`: the database's own code (PostgreSQL's SQLSTATE), for logs; `cause`: the database's error.
 */
export class StoreError extends Error {
  override readonly name = 'StoreError';

  constructor(
    readonly reason: StoreRefusal,
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
