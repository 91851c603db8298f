/**
 * Every live WhatsApp and SMS conversation of this process, by channel, our number and the customer
 * (each id they are known by: a WhatsApp customer may have a number and a user id): a customer's
 * message goes to their live conversation, or opens a new one (a new session). Each provider message
 * id is taken once, so a webhook delivered twice (retries, replays) changes nothing the second time.
 *
 * What else a customer does (WhatsApp) goes to their live conversation too; with none live:
 * - an edit opens one with the new text (the customer's words are never lost; the message it edits
 *   belonged to a conversation that has ended);
 * - a deletion or a reaction changes nothing (logged by the caller of `change`);
 * - a number change has nothing to move: their next message opens a conversation under the new number;
 * - a welcome request (the customer opened the chat for the first time) opens one, and the agent greets.
 */
import { randomUUID } from 'node:crypto';
import type { CallLeg, Carrier, OutboundLeg } from '@livespace/app';
import { MessageLeg, type CustomerChange, type MessageTransport } from './message-leg';

export interface InboundMessage {
  /** The provider's message id (Twilio MessageSid, WhatsApp wamid). */
  id: string;
  channel: 'sms' | 'whatsapp';
  /** The customer (E.164; through Twilio SMS also a short code or an alphanumeric sender ID; a WhatsApp user id). */
  from: string;
  /** Another id of the same customer (WhatsApp: their user id beside their number). */
  alias?: string;
  /** The customer's name as the channel gives it (a WhatsApp profile name). */
  name?: string | null;
  /** Our number (E.164, or a Twilio short code). */
  to: string;
  text: string;
  transport: MessageTransport;
  /**
   * Set when the customer cannot be replied to (an alphanumeric sender ID): why; the conversation is shown and ends at
   * once.
   */
  unanswerable?: string;
}

/** Something a customer did besides writing, as the channel named them and their conversation. */
export type InboundChange = Omit<InboundMessage, 'text' | 'unanswerable'> & {
  change: CustomerChange | { kind: 'number_changed'; newId: string; newAlias?: string };
};

export type Delivery =
  | { status: 'delivered' | 'opened'; leg: MessageLeg }
  | { status: 'duplicate' | 'empty' | 'not_live' };

/** How many message ids are remembered for deduplication. */
const REMEMBER_IDS = 20_000;

type Customer = Pick<InboundMessage, 'channel' | 'to' | 'from' | 'alias'>;
const keyOf = (channel: string, to: string, customer: string) => `${channel}:${to}:${customer}`;

export class ConversationDesk implements Carrier {
  readonly name = 'messaging';
  private incoming: ((leg: CallLeg, meta: { agentId?: string }) => void) | null = null;
  /** Each live conversation under every id of its customer. */
  private readonly live = new Map<string, MessageLeg>();
  private readonly seen = new Set<string>();

  constructor(
    private readonly opts: { idleMs: number; agentFor(to: string, channel: 'sms' | 'whatsapp'): string | undefined },
  ) {}

  onIncoming(handler: (leg: CallLeg, meta: { agentId?: string }) => void): void {
    this.incoming = handler;
  }

  /** Whether the customer of `m` has a live conversation on this process. */
  hasLive(m: Customer): boolean {
    return this.find(m) !== undefined;
  }

  deliver(m: InboundMessage): Delivery {
    if (!this.firstTime(m)) return { status: 'duplicate' };
    // A message with nothing in it (a blank SMS) says nothing to answer: no line, no conversation.
    if (!m.text.trim()) return { status: 'empty' };
    const open = this.find(m);
    if (open) {
      open.rename(m.name);
      open.receive(m.text, m.id);
      return { status: 'delivered', leg: open };
    }
    return { status: 'opened', leg: this.open(m, (leg) => leg.receive(m.text, m.id)) };
  }

  /**
   * An edit, deletion, reaction, number change or welcome request (see the file's comment for one with no live
   * conversation).
   */
  change(e: InboundChange): Delivery {
    if (!this.firstTime(e)) return { status: 'duplicate' };
    const open = this.find(e);
    const c = e.change;
    if (c.kind === 'number_changed') {
      if (!open) return { status: 'not_live' };
      this.unregister(open);
      open.renumber(c.newId, c.newAlias ? [c.newAlias] : []);
      this.register(open);
      return { status: 'delivered', leg: open };
    }
    if (open) {
      open.rename(e.name);
      open.change(c);
      return { status: 'delivered', leg: open };
    }
    if (c.kind === 'edit') return { status: 'opened', leg: this.open(e, (leg) => leg.receive(c.text, c.targetId)) };
    if (c.kind === 'welcome') return { status: 'opened', leg: this.open(e, (leg) => leg.change(c)) };
    return { status: 'not_live' };
  }

  /**
   * The live conversations with `customer` (any of their ids) on `channel` (a delivery report names only the customer).
   */
  withCustomer(channel: 'sms' | 'whatsapp', customer: string): MessageLeg[] {
    return [...new Set(this.live.values())].filter(
      (l) => l.channel === channel && !l.isEnded && l.customerIds.includes(customer),
    );
  }

  /** Conversations are opened by customers; Live Space does not start them (yet). */
  outbound(): OutboundLeg {
    throw new Error('messaging conversations are started by the customer');
  }

  get liveCount(): number {
    return new Set(this.live.values()).size;
  }

  async close(): Promise<void> {
    for (const leg of new Set(this.live.values())) leg.hangup('server_shutdown');
  }

  private firstTime(m: Pick<InboundMessage, 'id' | 'transport'>): boolean {
    const idKey = `${m.transport.name}:${m.id}`;
    if (this.seen.has(idKey)) return false;
    this.seen.add(idKey);
    if (this.seen.size > REMEMBER_IDS) this.seen.delete(this.seen.values().next().value!);
    return true;
  }

  private find(m: Customer): MessageLeg | undefined {
    for (const id of m.alias ? [m.from, m.alias] : [m.from]) {
      const leg = this.live.get(keyOf(m.channel, m.to, id));
      if (leg && !leg.isEnded) {
        // A customer seen under a new id (a user id beside their number) is found by it from now on.
        if (m.alias && !leg.customerIds.includes(m.alias)) {
          leg.aliases.add(m.alias);
          this.register(leg);
        }
        return leg;
      }
    }
    return undefined;
  }

  /** A new conversation: `first` gives it what opened it before its session starts (the customer wrote first). */
  private open(m: Omit<InboundMessage, 'text'>, first: (leg: MessageLeg) => void): MessageLeg {
    const leg = new MessageLeg({
      id: `msg_${randomUUID()}`,
      channel: m.channel,
      remote: m.from,
      local: m.to,
      transport: m.transport,
      idleMs: this.opts.idleMs,
      ...(m.alias ? { aliases: [m.alias] } : {}),
      ...(m.name ? { remoteName: m.name } : {}),
      ...(m.unanswerable !== undefined ? { unanswerable: m.unanswerable } : {}),
      onClosed: (l) => this.unregister(l),
    });
    this.register(leg);
    first(leg);
    const agentId = this.opts.agentFor(m.to, m.channel);
    this.incoming?.(leg, agentId ? { agentId } : {});
    return leg;
  }

  private register(leg: MessageLeg): void {
    for (const id of leg.customerIds) this.live.set(keyOf(leg.channel, leg.local, id), leg);
  }

  private unregister(leg: MessageLeg): void {
    for (const id of leg.customerIds) {
      const key = keyOf(leg.channel, leg.local, id);
      if (this.live.get(key) === leg) this.live.delete(key);
    }
  }
}
