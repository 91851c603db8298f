/**
 * Every live WhatsApp and SMS conversation of this process, by channel, our number and the customer's:
 * a customer's message goes to their live conversation, or opens a new one (a new session). Each
 * message id is taken once, so a webhook delivered twice (retries, replays) changes nothing the second time.
 */
import { randomUUID } from 'node:crypto';
import type { CallLeg, Carrier, OutboundLeg } from '@livespace/app';
import { MessageLeg, type MessageTransport } from './message-leg';

export interface InboundMessage {
  /** The provider's message id (Twilio MessageSid, WhatsApp wamid). */
  id: string;
  channel: 'sms' | 'whatsapp';
  /** The customer (E.164; through Twilio SMS also a short code or an alphanumeric sender ID). */
  from: string;
  /** Our number (E.164, or a Twilio short code). */
  to: string;
  text: string;
  transport: MessageTransport;
  /** Set when the customer cannot be replied to (an alphanumeric sender ID): why; the conversation is shown and ends at once. */
  unanswerable?: string;
}

export type Delivery = { status: 'delivered' | 'opened'; leg: MessageLeg } | { status: 'duplicate' | 'empty' };

/** How many message ids are remembered for deduplication. */
const REMEMBER_IDS = 20_000;

export class ConversationDesk implements Carrier {
  readonly name = 'messaging';
  private incoming: ((leg: CallLeg, meta: { agentId?: string }) => void) | null = null;
  private readonly live = new Map<string, MessageLeg>();
  private readonly seen = new Set<string>();

  constructor(private readonly opts: { idleMs: number; agentFor(to: string, channel: 'sms' | 'whatsapp'): string | undefined }) {}

  onIncoming(handler: (leg: CallLeg, meta: { agentId?: string }) => void): void {
    this.incoming = handler;
  }

  /** Whether the customer of `m` has a live conversation on this process. */
  hasLive(m: Pick<InboundMessage, 'channel' | 'from' | 'to'>): boolean {
    return this.live.get(`${m.channel}:${m.to}:${m.from}`)?.isEnded === false;
  }

  deliver(m: InboundMessage): Delivery {
    const idKey = `${m.transport.name}:${m.id}`;
    if (this.seen.has(idKey)) return { status: 'duplicate' };
    this.seen.add(idKey);
    if (this.seen.size > REMEMBER_IDS) this.seen.delete(this.seen.values().next().value!);
    // A message with nothing in it (a blank SMS) says nothing to answer: no line, no conversation.
    if (!m.text.trim()) return { status: 'empty' };
    const key = `${m.channel}:${m.to}:${m.from}`;
    const open = this.live.get(key);
    if (open && !open.isEnded) {
      open.receive(m.text);
      return { status: 'delivered', leg: open };
    }
    const leg = new MessageLeg({
      id: `msg_${randomUUID()}`, channel: m.channel, remote: m.from, local: m.to, transport: m.transport, idleMs: this.opts.idleMs,
      ...(m.unanswerable !== undefined ? { unanswerable: m.unanswerable } : {}),
      onClosed: (l) => { if (this.live.get(key) === l) this.live.delete(key); },
    });
    this.live.set(key, leg);
    leg.receive(m.text);
    const agentId = this.opts.agentFor(m.to, m.channel);
    this.incoming?.(leg, agentId ? { agentId } : {});
    return { status: 'opened', leg };
  }

  /** The live conversations with `customer` on `channel` (a delivery report names only the customer). */
  withCustomer(channel: 'sms' | 'whatsapp', customer: string): MessageLeg[] {
    return [...this.live.values()].filter((l) => l.channel === channel && l.remote === customer && !l.isEnded);
  }

  /** Conversations are opened by customers; Live Space does not start them (yet). */
  outbound(): OutboundLeg {
    throw new Error('messaging conversations are started by the customer');
  }

  get liveCount(): number { return this.live.size; }

  async close(): Promise<void> {
    for (const leg of [...this.live.values()]) leg.hangup('server_shutdown');
  }
}
