/** Durable state: users, tokens, agents, sessions and their events. Adapter: store-postgres (PGlite or node-postgres). */
import type { ActionRecord, Agent, AgentBody, Role, SessionEvent, SessionSummary } from '@livespace/protocol';

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  role: Role;
  queues: string[];
  passwordHash: string;
  createdAt: string;
}

/** One event and the session summary right after it; written together so lists and transcripts agree. */
export interface EventWrite {
  sessionId: string;
  event: SessionEvent;
  summary: SessionSummary;
}

export interface Store {
  readonly kind: 'pglite' | 'postgres';
  migrate(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;

  createUser(u: Omit<UserRecord, 'createdAt'>): Promise<UserRecord>;
  findUserByEmail(email: string): Promise<UserRecord | null>;
  findUserById(id: string): Promise<UserRecord | null>;
  countUsers(): Promise<number>;

  createToken(tokenHash: string, userId: string, expiresAt: Date): Promise<void>;
  /** The user a live token belongs to, or null when unknown or expired. */
  findUserByToken(tokenHash: string, now: Date): Promise<UserRecord | null>;
  deleteToken(tokenHash: string): Promise<void>;

  listAgents(): Promise<Agent[]>;
  getAgent(id: string): Promise<Agent | null>;
  /** Inserts an agent; with `seedKey`, does nothing when an agent with that key exists. */
  createAgent(id: string, body: AgentBody, now: Date, seedKey?: string): Promise<Agent | null>;

  /** Writes events (any sessions, in order) and the sessions' newest summaries in one transaction; a new session is owned by `nodeId`. */
  appendEvents(batch: readonly EventWrite[], nodeId?: string): Promise<void>;
  /** Records that server process `nodeId` is alive. */
  heartbeat(nodeId: string, now: Date): Promise<void>;
  /** Live sessions whose owning process has not beaten since `staleBefore` (or is unknown). */
  orphanedSessions(staleBefore: Date): Promise<SessionSummary[]>;
  listSessions(filter: { live?: boolean; limit?: number }): Promise<SessionSummary[]>;
  getSession(id: string): Promise<SessionSummary | null>;
  /** The server process that owns the session (null: unknown session, or written without a node). */
  sessionOwner(id: string): Promise<string | null>;
  /** Records a supervisor action (audit). */
  recordAction(a: ActionRecord): Promise<void>;
  /** A session's recorded actions, oldest first. */
  listActions(sessionId: string): Promise<ActionRecord[]>;
  /** Events of a session with seq > afterSeq, in order. */
  sessionEvents(id: string, afterSeq: number): Promise<SessionEvent[]>;
}

/** Infrastructure failure with a code, mapped to HTTP/WS errors in one place. */
export class StoreError extends Error {
  constructor(public readonly code: string, message: string, public readonly retryable = true) {
    super(message);
  }
}
