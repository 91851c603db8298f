/**
 * One of our numbers in the Numbers table: the number as people read it, its AI agent, carrier and channels; Edit and
 * Delete for admins.
 */
import type { PhoneNumber } from '@livespace/protocol/numbers';
import { CARRIER_LABEL } from '../format';
import { formatPhone, phoneCountryName } from '../phone';
import { ChannelTag } from './channel-icon';

interface Props {
  mapping: PhoneNumber;
  /** The agent's name, or null when no AI agent has that id any more. */
  agentName: string | null;
  canEdit: boolean;
  onEdit(m: PhoneNumber): void;
  onDelete(m: PhoneNumber): void;
}

export function NumberRow({ mapping: m, agentName, canEdit, onEdit, onDelete }: Props) {
  const country = phoneCountryName(m.number);
  return (
    <tr data-testid="number-row" data-number={m.number} data-agent-id={m.agentId} data-carrier={m.carrier}>
      <td className="nr-col-number">
        <span className="nr-number" data-testid="number-formatted" title={m.number}>
          {formatPhone(m.number)}
        </span>
        {country && <span className="nr-country">{country}</span>}
      </td>
      <td className="nr-col-agent" data-testid="number-agent">
        {agentName ?? (
          <span className="nr-unknown" title={m.agentId}>
            Unknown agent
          </span>
        )}
      </td>
      <td className="nr-col-carrier">
        <span className={`badge nr-carrier nr-carrier-${m.carrier}`} data-testid="number-carrier">
          {CARRIER_LABEL[m.carrier]}
        </span>
      </td>
      <td className="nr-col-channels" data-testid="number-channels" data-channels={m.channels.join(',')}>
        <span className="nr-channels">
          {m.channels.map((c) => (
            <ChannelTag key={c} channel={c} />
          ))}
        </span>
      </td>
      {canEdit && (
        <td className="nr-col-actions">
          <span className="nr-actions">
            <button type="button" className="ab-button" data-testid="number-edit" onClick={() => onEdit(m)}>
              Edit
            </button>
            <button
              type="button"
              className="ab-button danger-outline"
              data-testid="number-delete"
              onClick={() => onDelete(m)}
            >
              Delete
            </button>
          </span>
        </td>
      )}
    </tr>
  );
}
