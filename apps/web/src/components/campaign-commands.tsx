/**
 * A campaign's Start, Pause, Resume and Stop buttons (as its status allows; Stop asks first), and why the server
 * refused one.
 */
import { useState } from 'react';
import type { Campaign } from '@livespace/protocol/campaign';
import { commandsFor, type CampaignCommand } from '../campaign-format';
import { campaignErrorMessage, commandCampaign } from '../live/campaigns-api';
import { useMounted } from '../live/use-status';
import { ConfirmDialog, type ConfirmRequest } from './confirm-dialog';

const LABEL: Record<CampaignCommand, string> = { start: 'Start', pause: 'Pause', resume: 'Resume', stop: 'Stop' };
const CLASS: Record<CampaignCommand, string> = {
  start: 'primary cc-button',
  pause: 'ab-button',
  resume: 'ab-button',
  stop: 'ab-button danger-outline',
};

export function CampaignCommands({ campaign }: { campaign: Campaign }) {
  const [pending, setPending] = useState<CampaignCommand | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const mounted = useMounted();
  const commands = commandsFor(campaign.status);

  const run = async (cmd: CampaignCommand) => {
    setPending(cmd);
    setError(null);
    try {
      // The `campaigns` topic brings the new status a moment later; nothing to apply here.
      await commandCampaign(campaign.id, cmd);
    } catch (e) {
      if (mounted.current) setError(campaignErrorMessage(cmd, e));
    } finally {
      if (mounted.current) setPending(null);
    }
  };

  const click = (cmd: CampaignCommand) => {
    if (pending) return;
    if (cmd !== 'stop') {
      void run(cmd);
      return;
    }
    setConfirm({
      title: `Stop “${campaign.name}”?`,
      body: (
        <>
          <p>No new calls will be placed; calls in progress finish.</p>
          <p className="confirm-warning">
            A stopped campaign cannot be started again ({campaign.progress.remaining} contacts not called).
          </p>
        </>
      ),
      confirmLabel: 'Stop campaign',
      danger: true,
      onConfirm: () => void run('stop'),
    });
  };

  return (
    <div className="cc-commands">
      {commands.map((cmd) => (
        <button
          key={cmd}
          type="button"
          className={CLASS[cmd]}
          data-testid={`campaign-${cmd}`}
          disabled={pending !== null}
          onClick={() => click(cmd)}
        >
          {pending === cmd ? `${LABEL[cmd]}…` : LABEL[cmd]}
        </button>
      ))}
      {error && (
        <span className="inline-error cc-error" role="alert" data-testid="campaign-error">
          {error}
        </span>
      )}
      {confirm && <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />}
    </div>
  );
}
