/**
 * The campaigns' HTTP calls (create, upload contacts, start/pause/resume/stop, one campaign's calls) and the words
 * shown when one fails.
 */
import type { Campaign, ImportReport } from '@livespace/protocol/campaign';
import type { SessionDetail, SessionSummary } from '@livespace/protocol/session';
import { api, ApiError } from '../api';
import type { CallOutcome, CampaignCommand } from '../campaign-format';

/** `POST /api/campaigns`: what the form sends (the server fills the defaults of what is left out). */
export interface NewCampaign {
  name: string;
  agentId: string;
  maxConcurrentCalls: number;
  callsPerMinute?: number;
  callingWindow?: { start: string; end: string };
  defaultTimeZone?: string;
  maxAttempts?: number;
  retryDelayMinutes?: { noAnswer: number; busy: number };
  onVoicemail?: 'hangup' | 'leave_message';
  voicemailMessage?: string;
}

export function createCampaign(body: NewCampaign): Promise<Campaign> {
  return api<Campaign>('/api/campaigns', { method: 'POST', body: JSON.stringify(body) });
}

/** Sends a contacts CSV as it is (`text/csv`); the report says what was imported and what was not, line by line. */
export function uploadContacts(campaignId: string, csv: string): Promise<ImportReport> {
  return api<ImportReport>(`/api/campaigns/${encodeURIComponent(campaignId)}/contacts`, {
    method: 'POST',
    body: csv,
    headers: { 'Content-Type': 'text/csv' },
  });
}

export function commandCampaign(campaignId: string, command: CampaignCommand): Promise<Campaign> {
  return api<Campaign>(`/api/campaigns/${encodeURIComponent(campaignId)}/${command}`, { method: 'POST' });
}

export function getCampaign(campaignId: string): Promise<Campaign> {
  return api<Campaign>(`/api/campaigns/${encodeURIComponent(campaignId)}`);
}

/** One page of a campaign's calls, live and ended, newest first. */
export async function listCampaignCalls(
  campaignId: string,
  outcome: CallOutcome | null,
  limit: number,
  offset: number,
): Promise<SessionSummary[]> {
  const q = new URLSearchParams({ state: 'all', campaignId, limit: String(limit), offset: String(offset) });
  if (outcome) q.set('outcome', outcome);
  return (await api<{ items: SessionSummary[] }>(`/api/sessions?${q}`)).items;
}

export function getSession(id: string): Promise<SessionDetail> {
  return api<SessionDetail>(`/api/sessions/${encodeURIComponent(id)}`);
}

const VERB: Record<CampaignCommand | 'create' | 'upload', string> = {
  start: 'start',
  pause: 'pause',
  resume: 'resume',
  stop: 'stop',
  create: 'create the campaign',
  upload: 'import the contacts',
};

/**
 * A sentence for a notice, e.g. "Can't start: Cannot start a campaign without contacts to call: upload a CSV first".
 */
export function campaignErrorMessage(action: CampaignCommand | 'create' | 'upload', err: unknown): string {
  const verb = VERB[action];
  if (err instanceof ApiError) {
    if (err.status === 403) return `Can't ${verb}: only supervisors and admins may`;
    return `Can't ${verb}: ${err.message.replace(/\.$/, '') || `the server said ${err.status}`}`;
  }
  return `Can't ${verb}: ${err instanceof Error ? err.message : 'network error'}`;
}
