/**
 * Campaigns in the store: each dial decided under the campaign row's lock, so pace and concurrency hold across
 * processes.
 */
import type {
  AttemptResult,
  Campaign,
  CampaignContact,
  CampaignStatus,
  CampaignProgress,
  ContactStatus,
} from '@livespace/protocol';
import type { ContactDraft } from '@livespace/domain';

/** A contact the dialer may call now (pending and due). */
export interface DueContact {
  id: string;
  phone: string;
  timeZone: string | null;
  persona: string | null;
  variables: Record<string, string>;
  attempts: number;
  /** On the do-not-call list now (added after the import). */
  doNotCall: boolean;
}

/** The work one dialer round does on one locked campaign (a unit of work inside one transaction). */
export interface CampaignLock {
  /** The campaign as stored (progress not filled). */
  readonly campaign: Campaign;
  /** The pacing cursor (ms since epoch), null before the first call. */
  readonly cursor: number | null;
  /** Contacts being dialed or talking now. */
  active(): Promise<number>;
  /** Pending contacts due at `now`, in line order (earliest due first). */
  due(now: Date, limit: number): Promise<DueContact[]>;
  /** Pending contacts, due or not, and those dialing. */
  remaining(): Promise<number>;
  dial(contactId: string, sessionId: string, processId: string, now: Date): Promise<void>;
  /** Not now (outside its calling window): pending until `until`. */
  defer(contactId: string, until: Date, now: Date): Promise<void>;
  skipDoNotCall(contactId: string, now: Date): Promise<void>;
  /** Moves the pacing cursor; null starts the pace again (start, resume). */
  setCursor(ms: number | null): Promise<void>;
  save(c: Campaign): Promise<void>;
}

/** How an attempt ended, as written to its contact. */
export interface ContactAttemptEnd {
  status: 'pending' | 'done';
  nextAttemptAt: string | null;
  result: AttemptResult;
  outcome: string | null;
}

/** A contact left dialing by a process that died. */
export interface OrphanedContact {
  id: string;
  campaignId: string;
  sessionId: string;
  attempts: number;
}

export interface CampaignStore {
  insertCampaign(c: Campaign): Promise<void>;
  /** The campaign with its progress counted. */
  getCampaign(id: string): Promise<Campaign | null>;
  listCampaigns(): Promise<Campaign[]>;
  /** Ids of the campaigns in `status` (cheap: no progress counted). */
  campaignIds(status: CampaignStatus): Promise<string[]>;
  campaignProgress(id: string): Promise<CampaignProgress>;
  /** Runs `fn` with the campaign row locked (other processes wait); null when there is no such campaign. */
  withCampaign<T>(id: string, fn: (lock: CampaignLock) => Promise<T>): Promise<T | null>;
  /**
   * Adds contacts; numbers already in the campaign are returned as duplicates, listed do-not-call ones as such (neither
   * imported).
   */
  importContacts(
    campaignId: string,
    contacts: readonly ContactDraft[],
    now: Date,
  ): Promise<{ imported: number; duplicates: ContactDraft[]; doNotCall: ContactDraft[] }>;
  listContacts(
    campaignId: string,
    opts: { status?: ContactStatus; limit: number; offset: number },
  ): Promise<CampaignContact[]>;
  /** Records the end of the attempt `sessionId` (only while it is that contact's current attempt); false otherwise. */
  endContactAttempt(contactId: string, sessionId: string, end: ContactAttemptEnd, now: Date): Promise<boolean>;
  /** Forgets an attempt that never dialed: pending again, its attempt uncounted. */
  loseContactAttempt(contactId: string, sessionId: string, now: Date): Promise<boolean>;
  /** Contacts dialing on processes silent since `staleBefore` (null: every dialing one). */
  orphanedContacts(staleBefore: Date | null): Promise<OrphanedContact[]>;
  addDoNotCall(phones: readonly string[], now: Date): Promise<number>;
  listDoNotCall(): Promise<string[]>;
}
