/** Wallboard tiles: how many sessions are live, per state and per channel. */
import type { Channel, SessionState } from '@livespace/protocol/session';
import { CHANNELS } from '@livespace/protocol/session';
import { CHANNEL_LABEL, LIVE_STATES, STATE_LABEL } from '../format';
import type { SessionsCounts } from '@livespace/protocol/sessions-view';
import { ChannelIcon } from './channel-icon';

/** `counts`: from the `sessions` topic (every live session, not only the rows shown); null before the first. */
export function LiveCounts({ counts }: { counts: Pick<SessionsCounts, 'live' | 'byState' | 'byChannel'> | null }) {
  const byState = new Map<SessionState, number>(Object.entries(counts?.byState ?? {}) as Array<[SessionState, number]>);
  const byChannel = new Map<Channel, number>(Object.entries(counts?.byChannel ?? {}) as Array<[Channel, number]>);
  const total = counts?.live ?? 0;
  const sentence = [
    `${total} live`,
    ...LIVE_STATES.filter((s) => byState.get(s)).map((s) => `${byState.get(s)} ${STATE_LABEL[s]}`),
  ].join(' · ');

  return (
    <section className="counts" aria-label={sentence} data-testid="live-counts" title={sentence}>
      <div className="tile tile-total">
        <span className="tile-value" data-testid="live-count">
          {total}
        </span>
        <span className="tile-label">Live</span>
      </div>
      <div className="tile-group">
        {LIVE_STATES.map((s) => {
          const n = byState.get(s) ?? 0;
          return (
            <div key={s} className={`tile state-tile state-${s}${n === 0 ? ' is-zero' : ''}`}>
              <span className="tile-value" data-testid={`state-count-${s}`}>
                {n}
              </span>
              <span className="tile-label">{STATE_LABEL[s]}</span>
            </div>
          );
        })}
      </div>
      <div className="tile-group channels">
        {CHANNELS.map((c) => {
          const n = byChannel.get(c) ?? 0;
          return (
            <div key={c} className={`tile channel-tile channel-${c}${n === 0 ? ' is-zero' : ''}`}>
              <span className="tile-value" data-testid={`channel-count-${c}`}>
                {n}
              </span>
              <span className="tile-label">
                <ChannelIcon channel={c} size={11} /> {CHANNEL_LABEL[c]}
              </span>
            </div>
          );
        })}
      </div>
    </section>
  );
}
