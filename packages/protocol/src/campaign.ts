/** Outbound campaigns: settings, lifecycle, contacts imported from CSV, and live progress. */
import { z } from 'zod';
import type { Actor } from './session';
import type { AttemptResult } from './outbound';

export type CampaignStatus = 'draft' | 'running' | 'paused' | 'completed' | 'stopped';

const HhMm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24 h)');
/** A window's end may also be `24:00`, the end of the day: `00:00`–`24:00` calls around the clock. */
const WindowEnd = z
  .string()
  .regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be HH:MM (24 h), or 24:00 for the end of the day');

/**
 * Local hours in each contact's own time zone when it may be called; `end` is exclusive, and `24:00` is the next
 * midnight. A window does not wrap past midnight: 22:00–02:00 is refused.
 */
export const CallingWindow = z
  .object({ start: HhMm, end: WindowEnd })
  .refine((w) => w.start < w.end, 'start must be before end');
export type CallingWindow = z.infer<typeof CallingWindow>;

const DEFAULT_CALLING_WINDOW: CallingWindow = { start: '09:00', end: '20:00' };

const TimeZone = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone, e.g. Europe/Paris');

/** `POST /api/campaigns`: a draft campaign. Contacts come next, as CSV. */
export const CampaignBody = z
  .object({
    name: z.string().trim().min(1).max(120),
    agentId: z.string().trim().min(1).max(100),
    /** Our number the calls show; the server's caller ID by default. */
    callerId: z.string().trim().min(1).max(40).optional(),
    maxConcurrentCalls: z.number().int().min(1).max(1000),
    /** Pace: new calls started per minute. */
    callsPerMinute: z.number().min(0.1).max(6000).default(60),
    callingWindow: CallingWindow.default(DEFAULT_CALLING_WINDOW),
    /** Contacts without a `timezone` column are called in this zone's window. */
    defaultTimeZone: TimeZone.default('UTC'),
    maxAttempts: z.number().int().min(1).max(10).default(3),
    /** Minutes before calling again after no answer, and after busy. */
    retryDelayMinutes: z
      .object({
        noAnswer: z
          .number()
          .min(0.01)
          .max(7 * 24 * 60)
          .default(60),
        busy: z
          .number()
          .min(0.01)
          .max(7 * 24 * 60)
          .default(10),
      })
      .default({ noAnswer: 60, busy: 10 }),
    /**
     * When a voicemail answers: hang up (and try again later, like no answer), or leave `voicemailMessage` (the contact
     * is done).
     */
    onVoicemail: z.enum(['hangup', 'leave_message']).default('hangup'),
    voicemailMessage: z.string().trim().min(1).max(1000).optional(),
  })
  .refine((b) => b.onVoicemail !== 'leave_message' || !!b.voicemailMessage, {
    message: 'voicemailMessage is required to leave a message',
    path: ['voicemailMessage'],
  });
export type CampaignBody = z.infer<typeof CampaignBody>;

/** A campaign's settings as stored (the body with its defaults filled). */
export type CampaignSettings = Omit<CampaignBody, 'name' | 'agentId' | 'callerId'> & { callerId: string };

/**
 * Counts of a campaign's contacts. A contact counts once, by its latest attempt; `remaining` are still to be (re)tried.
 */
export interface CampaignProgress {
  total: number;
  dialed: number;
  answered: number;
  interested: number;
  notInterested: number;
  noAnswer: number;
  busy: number;
  voicemail: number;
  failed: number;
  /** Skipped at dial time: the number was added to the do-not-call list after the import. */
  doNotCall: number;
  /** Calls in progress now. */
  active: number;
  remaining: number;
}

/** A campaign: an item of `GET /api/campaigns`, `GET /api/campaigns/:id` and the `campaigns` topic. */
export interface Campaign {
  id: string;
  name: string;
  agentId: string;
  status: CampaignStatus;
  settings: CampaignSettings;
  progress: CampaignProgress;
  createdBy: Actor | null;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  endedAt: string | null;
}

/** What a CSV upload did, line by line where something was wrong (line 1 is the header). */
export interface ImportReport {
  imported: number;
  invalid: Array<{ line: number; reason: string }>;
  duplicates: Array<{ line: number; phone: string }>;
  doNotCall: Array<{ line: number; phone: string }>;
}

/** One contact's state in a campaign. */
export type ContactStatus = 'pending' | 'dialing' | 'done' | 'do_not_call';

/** A campaign contact (`GET /api/campaigns/:id/contacts`). */
export interface CampaignContact {
  id: string;
  line: number;
  phone: string;
  name: string | null;
  timeZone: string | null;
  persona: string | null;
  variables: Record<string, string>;
  status: ContactStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastResult: AttemptResult | null;
  outcome: string | null;
  sessionId: string | null;
}

/** `POST /api/do-not-call` `{phones}`: numbers never to be called by campaigns. */
export const DoNotCallBody = z.object({ phones: z.array(z.string().trim().min(1).max(40)).min(1).max(10_000) });

/** Events of the `campaigns` topic: a campaign changed (status or progress), whole. */
export type CampaignsTopicEvent = { type: 'upsert'; campaign: Campaign };
