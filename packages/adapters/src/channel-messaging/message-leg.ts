/**
 * One WhatsApp or SMS conversation as a session's leg: the customer's messages come in through
 * `receive`, the session's lines go out through the channel's transport, one after another. A
 * conversation quiet for too long closes by itself; ending the session closes it too.
 */
import type { CallLeg, CallLegHandler, OutgoingLine, PlayResult } from '@livespace/app';

/** Sends one message on a channel (Twilio SMS or WhatsApp, Meta's WhatsApp Cloud API). */
export interface MessageTransport {
  readonly name: string;
  send(to: string, from: string, text: string): Promise<void>;
}

export interface MessageLegOptions {
  id: string;
  channel: 'sms' | 'whatsapp';
  /** The customer (E.164). */
  remote: string;
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

export class MessageLeg implements CallLeg {
  readonly id: string;
  readonly channel: 'sms' | 'whatsapp';
  readonly direction = 'inbound' as const;
  readonly remote: string;
  readonly local: string;
  readonly transport: MessageTransport;
  /** What was sent, in order (tests and the stand-ins read it). */
  readonly sent: string[] = [];
  private handler: CallLegHandler | null = null;
  /** Messages that arrived before the session attached: its first lines. */
  private early: string[] = [];
  private sending: Promise<unknown> = Promise.resolve();
  private idleTimer: NodeJS.Timeout | null = null;
  private ended = false;

  constructor(private readonly opts: MessageLegOptions) {
    this.id = opts.id;
    this.channel = opts.channel;
    this.remote = opts.remote;
    this.local = opts.local;
    this.transport = opts.transport;
    this.touch();
  }

  get isEnded(): boolean { return this.ended; }

  attach(handler: CallLegHandler): void {
    this.handler = handler;
    // The customer wrote first: those messages open the transcript before the agent's greeting.
    for (const text of this.early.splice(0)) handler.onCallerFinal(text);
    if (this.opts.unanswerable !== undefined && !this.ended) {
      handler.onProviderError('channel', `${this.transport.name}: ${this.opts.unanswerable}`);
      this.close();
      handler.onHangup('unanswerable');
    }
  }

  /** A message from the customer. */
  receive(text: string): void {
    if (this.ended) return;
    this.touch();
    if (this.handler) this.handler.onCallerFinal(text);
    else this.early.push(text);
  }

  /** Sends a line as a message; lines go out in order. A failed send is shown on the session and the conversation goes on. */
  send(line: OutgoingLine): Promise<PlayResult> {
    const result = this.sending.then(async (): Promise<PlayResult> => {
      if (this.ended) return 'hungup';
      this.touch();
      try {
        await this.transport.send(this.remote, this.local, line.text);
        this.sent.push(line.text);
        line.onFirstFrame?.();
      } catch (err) {
        this.handler?.onProviderError('channel', `${this.transport.name}: ${err instanceof Error ? err.message : String(err)}`);
      }
      return 'done';
    });
    this.sending = result;
    return result;
  }

  /** The channel reports a message we sent was not delivered. */
  deliveryFailed(reason: string): void {
    if (!this.ended) this.handler?.onProviderError('channel', `${this.transport.name}: a message was not delivered (${reason})`);
  }

  clear(): void {
    // A message once sent cannot be taken back; nothing is queued that a barge should drop.
  }

  /** The session ended the conversation. */
  hangup(_reason: string): void {
    this.close();
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
