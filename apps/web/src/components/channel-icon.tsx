/** Small inline icons for the three channels (no icon font, no extra requests). */
import type { Channel, Direction } from '@livespace/protocol/session';
import { CHANNEL_LABEL, DIRECTION_LABEL } from '../format';

const PATHS: Record<Channel, string> = {
  voice:
    'M6.6 10.8a15.1 15.1 0 0 0 6.6 6.6l2.2-2.2c.3-.3.7-.4 1-.2 1.1.4 2.3.6 3.6.6.6 0 1 .4 1 1V20c0 .6-.4 1-1 1A17 17 0 0 1 3 4c0-.6.4-1 1-1h3.5c.6 0 1 .4 1 1 0 1.3.2 2.5.6 3.6.1.3 0 .7-.2 1z',
  sms: 'M5 3h14a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4.3A2 2 0 0 1 3 15V5a2 2 0 0 1 2-2zM7 9h2v2H7zm4 0h2v2h-2zm4 0h2v2h-2z',
  whatsapp:
    'M12 2a10 10 0 0 0-8.6 15.1L2 22l5-1.3A10 10 0 1 0 12 2zm0 2a8 8 0 1 1-4.1 14.9l-.3-.2-2.8.7.8-2.7-.2-.3A8 8 0 0 1 12 4zm-3.2 4c-.2 0-.5 0-.7.3-.3.3-1 1-1 2.4s1 2.8 1.2 3c.1.2 2 3.2 5 4.4 2.5 1 3 .8 3.5.7.6 0 1.8-.7 2-1.4.3-.7.3-1.3.2-1.4l-.5-.3-1.8-.9c-.3-.1-.5-.1-.7.2l-.8 1c-.2.2-.3.2-.6.1-.3-.2-1.2-.5-2.3-1.4-.9-.8-1.4-1.7-1.6-2-.2-.3 0-.5.1-.6l.4-.5.3-.5v-.5l-.8-2c-.2-.5-.4-.5-.6-.5z',
};

export function ChannelIcon({ channel, size = 14 }: { channel: Channel; size?: number }) {
  return (
    <svg
      className={`channel-icon channel-${channel}`}
      width={size}
      height={size}
      viewBox="0 0 24 24"
      aria-hidden="true"
    >
      <path d={PATHS[channel]} fill="currentColor" fillRule="evenodd" />
    </svg>
  );
}

export function ChannelTag({ channel }: { channel: Channel }) {
  return (
    <span className={`channel-tag channel-${channel}`} data-channel={channel}>
      <ChannelIcon channel={channel} />
      <span>{CHANNEL_LABEL[channel]}</span>
    </span>
  );
}

export function DirectionTag({ direction }: { direction: Direction }) {
  return (
    <span className={`direction direction-${direction}`} title={DIRECTION_LABEL[direction]}>
      <span aria-hidden="true">{direction === 'inbound' ? '↙' : '↗'}</span> {direction === 'inbound' ? 'In' : 'Out'}
    </span>
  );
}
