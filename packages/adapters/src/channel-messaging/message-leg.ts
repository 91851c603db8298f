/**
 * One WhatsApp or SMS conversation as a session's leg: the customer's messages come in through
 * `receive`, what else they do (edit, delete or react to a message, change their number, their name)
 * through `change`, `renumber` and `rename`; the session's lines go out through the channel's
 * transport, one after another. The leg remembers which provider message is which transcript line,
 * so an edit or a reaction names the line it is about. A conversation quiet for too long closes by
 * itself; ending the session closes it too.
 */
import { randomUUID } from 'node:crypto';
import type { CallLeg, CallLegHandler, OutgoingLine, PlayResult } from '@livespace/app';

/** Sends one message on a channel (Twilio SMS or WhatsApp, Meta's WhatsApp Cloud API). */
export interface MessageTransport {
  readonly name: string;
  /**
   * Sends `text` to `to` from `from`; answers the provider's ids of the messages sent (several when it was split), when
   * it gives them.
   */
  send(to: string, from: string, text: string): Promise<readonly string[] | void>;
}

/** What a customer did to an earlier message (named by the provider's message id), or their opening of the chat. */
export type CustomerChange =
  | { kind: 'edit'; targetId: string; text: string }
  | { kind: 'revoke'; targetId: string }
  | { kind: 'reaction'; targetId: string; emoji: string | null }
  | { kind: 'welcome' };

export interface MessageLegOptions {
  id: string;
  channel: 'sms' | 'whatsapp';
  /** The customer (E.164; a short code, an alphanumeric sender; a WhatsApp user id). */
  remote: string;
  /** Other ids of the same customer (WhatsApp: their user id beside their number). */
  aliases?: readonly string[];
  /** The customer's name as the channel gives it. */
  remoteName?: string | null;
  /** Our number (E.164). */
  local: string;
  transport: MessageTransport;
  /** The conversation closes after this long without a message either way. */
  idleMs: number;
  /**
   * Set when the customer cannot be replied to (an alphanumeric sender ID): why. Their message is shown,
   * then this reason as an error line, and the conversation ends at once (`unanswerable`): nothing is sent
   * and the AI does not answer into the void.
   */
  unanswerable?: string;
  onClosed(leg: MessageLeg): void;
}

/** How many provider message ids a conversation remembers for edits and reactions (the newest). */
const REMEMBER_MESSAGES = 2_000;

export class MessageLeg implements CallLeg {
  readonly id: string;
  readonly channel: 'sms' | 'whatsapp';
  readonly direction = 'inbound' as const;
  /** The customer: changes when they change their number. */
  remote: string;
  readonly aliases: Set<string>;
  remoteName: string | null;
  readonly local: string;
  readonly transport: MessageTransport;
  /** What was sent, in order (tests and the stand-ins read it). */
  readonly sent: string[] = [];
  private handler: CallLegHandler | null = null;
  /** What arrived before the session attached: its first lines and events. */
  private early: Array<(h: CallLegHandler) => void> = [];
  /** Provider message id → transcript line id, both ways of the conversation. */
  private readonly lines = new Map<string, string>();
  private sending: Promise<unknown> = Promise.resolve();
  private idleTimer: NodeJS.Timeout | null = null;
  private ended = false;

  constructor(private readonly opts: MessageLegOptions) {
    this.id = opts.id;
    this.channel = opts.channel;
    this.remote = opts.remote;
    this.aliases = new Set(opts.aliases ?? []);
    this.remoteName = opts.remoteName ?? null;
    this.local = opts.local;
    this.transport = opts.transport;
    this.touch();
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** Every id the customer is known by here. */
  get customerIds(): string[] {
    return [this.remote, ...this.aliases];
  }

  attach(handler: CallLegHandler): void {
    this.handler = handler;
    // The customer wrote first: those messages open the transcript before the agent's greeting.
    for (const tell of this.early.splice(0)) tell(handler);
    if (this.opts.unanswerable !== undefined && !this.ended) {
      handler.onProviderError('channel', `${this.transport.name}: ${this.opts.unanswerable}`);
      this.close();
      handler.onHangup('unanswerable');
    }
  }

  /** A message from the customer; `messageId`: the provider's, so a later edit or reaction finds its line. */
  receive(text: string, messageId?: string): void {
    if (this.ended) return;
    this.touch();
    const lineId = `msg-${randomUUID()}`;
    if (messageId) this.remember(messageId, lineId);
    this.tell((h) => h.onCallerFinal(text, lineId));
  }

  /** The customer edited, deleted or reacted to a message, or opened the chat: shown on the session, not answered. */
  change(c: CustomerChange): void {
    if (this.ended) return;
    this.touch();
    if (c.kind === 'welcome') return this.tell((h) => h.onConversationEvent({ kind: 'welcome' }));
    const target = this.lines.get(c.targetId) ?? null;
    if (c.kind === 'edit') this.tell((h) => h.onConversationEvent({ kind: 'message_edited', target, text: c.text }));
    else if (c.kind === 'revoke') this.tell((h) => h.onConversationEvent({ kind: 'message_deleted', target }));
    else this.tell((h) => h.onConversationEvent({ kind: 'reaction', target, emoji: c.emoji }));
  }

  /** The customer's number (or id) changed: the conversation goes on with them under the new one. */
  renumber(to: string, aliases: readonly string[] = []): void {
    if (this.ended || to === this.remote) return;
    this.touch();
    this.remote = to;
    this.aliases.clear();
    for (const a of aliases) this.aliases.add(a);
    this.tell((h) => h.onConversationEvent({ kind: 'customer', callerNumber: to }));
  }

  /** The customer's name as their latest message gives it, when it changed. */
  rename(name: string | null | undefined): void {
    if (this.ended || !name || name === this.remoteName) return;
    this.remoteName = name;
    this.tell((h) => h.onConversationEvent({ kind: 'customer', callerName: name }));
  }

  /**
   * Sends a line as a message; lines go out in order. A failed send is shown on the session and the conversation goes
   * on.
   */
  send(line: OutgoingLine): Promise<PlayResult> {
    const result = this.sending.then(async (): Promise<PlayResult> => {
      if (this.ended) return 'hungup';
      this.touch();
      try {
        const ids = await this.transport.send(this.remote, this.local, line.text);
        if (ids && line.lineId) for (const id of ids) this.remember(id, line.lineId);
        this.sent.push(line.text);
        line.onFirstFrame?.();
      } catch (err) {
        this.handler?.onProviderError(
          'channel',
          `${this.transport.name}: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
      return 'done';
    });
    this.sending = result;
    return result;
  }

  /** The channel reports a message we sent was not delivered. */
  deliveryFailed(reason: string): void {
    if (!this.ended)
      this.handler?.onProviderError('channel', `${this.transport.name}: a message was not delivered (${reason})`);
  }

  clear(): void {
    // A message once sent cannot be taken back; nothing is queued that a barge should drop.
  }

  /** The session ended the conversation. */
  hangup(_reason: string): void {
    this.close();
  }

  private tell(fn: (h: CallLegHandler) => void): void {
    if (this.handler) fn(this.handler);
    else this.early.push(fn);
  }

  private remember(messageId: string, lineId: string): void {
    this.lines.set(messageId, lineId);
    if (this.lines.size > REMEMBER_MESSAGES) this.lines.delete(this.lines.keys().next().value!);
  }

  private touch(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.closedByIdle(), this.opts.idleMs);
    this.idleTimer.unref();
  }

  private closedByIdle(): void {
    if (this.ended) return;
    const h = this.handler;
    this.close();
    h?.onHangup('idle_timeout');
  }

  private close(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.opts.onClosed(this);
  }
}
