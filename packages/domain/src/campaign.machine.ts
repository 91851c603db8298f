/** A campaign's lifecycle as a pure table: draft → running ⇄ paused → completed, or stopped. */
import type { CampaignStatus } from '@livespace/protocol';

/** A person's command, or `finish` when no contact is left to call. */
export type CampaignCommand = 'start' | 'pause' | 'resume' | 'stop' | 'finish';

export const CAMPAIGN_TABLE: Readonly<Record<CampaignStatus, Partial<Record<CampaignCommand, CampaignStatus>>>> = {
  draft: { start: 'running', stop: 'stopped' },
  running: { pause: 'paused', stop: 'stopped', finish: 'completed' },
  paused: { resume: 'running', stop: 'stopped', finish: 'completed' },
  completed: {},
  stopped: {},
};

export type CampaignTransition =
  | { ok: true; status: CampaignStatus }
  | { ok: false; code: 'wrong_state'; message: string };

export function campaignTransition(status: CampaignStatus, cmd: CampaignCommand): CampaignTransition {
  const next = CAMPAIGN_TABLE[status][cmd];
  if (!next) return { ok: false, code: 'wrong_state', message: `Cannot ${cmd} a campaign that is ${status}` };
  return { ok: true, status: next };
}
