/**
 * Sends WhatsApp text messages through the Cloud API (`POST /{version}/{phone_number_id}/messages`,
 * bearer token). Bodies over 4096 characters go as several messages, split at sentence or word
 * boundaries. Every failure is one sentence that never contains the access token.
 */
import { MAX_TEXT, replyAddress } from './whatsapp.wire';

const PHONE_NUMBER_ID = /^\w{1,64}$/;

export interface WhatsAppClientOptions {
  accessToken: string;
  phoneNumberId: string;
  /** Default https://graph.facebook.com */
  baseUrl?: string;
  /** Default v21.0 */
  apiVersion?: string;
  /** Per request; default 10000. */
  timeoutMs?: number;
}

/** Thrown for every send failure; `status` and `code` are Graph's when it answered. */
export class WhatsAppError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly code?: number,
  ) {
    super(message);
    this.name = 'WhatsAppError';
  }
}

export class WhatsAppClient {
  private readonly base: string;
  private readonly timeoutMs: number;

  constructor(private readonly opts: WhatsAppClientOptions) {
    if (!opts.accessToken) throw new Error('WhatsAppClient needs an access token.');
    if (!PHONE_NUMBER_ID.test(opts.phoneNumberId))
      throw new Error('WhatsAppClient needs a phone number id (digits from the WhatsApp manager).');
    this.base = `${(opts.baseUrl ?? 'https://graph.facebook.com').replace(/\/+$/, '')}/${opts.apiVersion ?? 'v21.0'}`;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
  }

  /**
   * Sends `body` to a customer, in order, as one message per 4096 characters at most; answers the last
   * message's id and every part's. `customer` is their phone number (`+E164`, `+` optional: Messages API
   * `to`) or, for a customer who withholds it, their business-scoped user id (`US.1349…`: `recipient`).
   * `from`: the phone number id to send from (a reply leaves from the business number the customer wrote
   * to); the configured one by default.
   */
  async sendText(customer: string, body: string, opts: { from?: string } = {}): Promise<{ id: string; ids: string[] }> {
    let address: { to: string } | { recipient: string };
    try {
      address = replyAddress(customer);
    } catch (err) {
      throw new WhatsAppError((err as Error).message);
    }
    const from = opts.from ?? this.opts.phoneNumberId;
    if (!PHONE_NUMBER_ID.test(from))
      throw new WhatsAppError(`"${from.slice(0, 32)}" is not a WhatsApp phone number id.`);
    const parts = splitMessage(body);
    if (parts.length === 0) throw new WhatsAppError('Refusing to send an empty WhatsApp message.');
    const ids: string[] = [];
    for (const [i, part] of parts.entries()) {
      try {
        ids.push(await this.post(from, address, part));
      } catch (err) {
        if (parts.length === 1 || !(err instanceof WhatsAppError)) throw err;
        throw new WhatsAppError(`Part ${i + 1} of ${parts.length}: ${err.message}`, err.status, err.code);
      }
    }
    return { id: ids[ids.length - 1]!, ids };
  }

  private async post(from: string, address: { to: string } | { recipient: string }, body: string): Promise<string> {
    const url = `${this.base}/${from}/messages`;
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.opts.accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          messaging_product: 'whatsapp',
          recipient_type: 'individual',
          ...address,
          type: 'text',
          text: { body, preview_url: false },
        }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string; message?: string } };
      if (e.name === 'TimeoutError' || e.name === 'AbortError')
        throw new WhatsAppError(`WhatsApp did not answer within ${this.timeoutMs} ms.`);
      throw new WhatsAppError(
        this.redact(
          `Could not reach WhatsApp at ${new URL(url).host} (${e.cause?.code ?? e.cause?.message ?? e.message}).`,
        ),
      );
    }
    let answer: unknown = null;
    try {
      answer = await res.json();
    } catch (err) {
      if ((err as Error).name === 'TimeoutError')
        throw new WhatsAppError(`WhatsApp did not answer within ${this.timeoutMs} ms.`);
    }
    if (!res.ok) {
      const g = (answer as { error?: { message?: unknown; code?: unknown } } | null)?.error;
      const code = typeof g?.code === 'number' ? g.code : undefined;
      const detail = typeof g?.message === 'string' ? `: ${g.message.slice(0, 300).replace(/[.\s]+$/, '')}` : '';
      throw new WhatsAppError(
        this.redact(
          `WhatsApp refused the message (HTTP ${res.status}${code !== undefined ? `, code ${code}` : ''})${detail}.`,
        ),
        res.status,
        code,
      );
    }
    const id = (answer as { messages?: Array<{ id?: unknown }> } | null)?.messages?.[0]?.id;
    if (typeof id !== 'string' || !id)
      throw new WhatsAppError(`WhatsApp answered HTTP ${res.status} without a message id.`, res.status);
    return id;
  }

  /** Graph errors can quote what they were sent: the token never leaves in a message. */
  private redact(s: string): string {
    return s.split(this.opts.accessToken).join('[redacted]');
  }
}

/**
 * Splits a text into pieces of at most `max` characters: at a sentence end if one is in the second half, else at a
 * space, else hard.
 */
export function splitMessage(text: string, max = MAX_TEXT): string[] {
  if (!text.trim()) return [];
  if (text.length <= max) return [text];
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const window = rest.slice(0, max + 1);
    let sentence = -1;
    let space = -1;
    for (const m of window.matchAll(/[.!?…。](?=\s)/g)) sentence = m.index + 1;
    for (const m of window.matchAll(/\s/g)) space = m.index;
    let cut = sentence >= max / 2 ? sentence : space > 0 ? space : max;
    // Never cut a surrogate pair (an emoji) in two.
    const code = rest.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff && cut > 1) cut--;
    const piece = rest.slice(0, cut).trim();
    if (piece) parts.push(piece);
    rest = rest.slice(cut).trim();
  }
  if (rest) parts.push(rest);
  return parts;
}
