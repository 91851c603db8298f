/**
 * For tests: a local stand-in for Meta's Graph API that speaks the real WhatsApp Cloud API wire
 * format. It accepts `POST /{version}/{phone_number_id}/messages` with a bearer token, checks the
 * body as Graph does, records what was sent and answers with a `wamid`. It also plays Meta toward
 * our server: webhooks signed with X-Hub-Signature-256 over the exact bytes sent, the GET
 * subscription check, and builders of real-shaped webhook JSON.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { closeServer, json, listenLocal, readBody } from '../../testing/stand-in-http';
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface GraphStandInOptions {
  accessToken: string;
  /** When set, other phone number ids get Graph's "object does not exist" error. */
  phoneNumberId?: string | string[];
}

/** A message Graph accepted. */
export interface SentWhatsApp {
  id: string;
  phoneNumberId: string;
  /** Digits, as sent (no `+`); for a message sent to a business-scoped user id, that id (`recipient`). */
  to: string;
  body: string;
  at: number;
  /** The whole JSON request. */
  payload: Record<string, unknown>;
}

/** Every request, accepted or not. */
export interface GraphRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: string;
}

const trace = () => randomBytes(8).toString('base64url');
const graphError = (message: string, code: number, type = 'OAuthException') => ({
  error: { message, type, code, fbtrace_id: trace() },
});

export class GraphStandIn {
  readonly sent: SentWhatsApp[] = [];
  readonly requests: GraphRequest[] = [];
  /** Wait this long before answering each request. */
  delayMs = 0;
  private failures: number[] = [];
  private server: Server | null = null;

  constructor(private readonly opts: GraphStandInOptions) {}

  /** The next request to arrive is answered with this HTTP error (Graph-style body), whatever it is. */
  failNext(status: number): void {
    this.failures.push(status);
  }

  /** Starts listening; answers the base URL (http://127.0.0.1:port) to give the client. */
  async start(): Promise<string> {
    const { server, url } = await listenLocal(
      (req, res) =>
        void this.handle(req, res).catch((err: unknown) =>
          json(res, 500, graphError(String(err), 1, 'GraphMethodException')),
        ),
    );
    this.server = server;
    return url;
  }

  async stop(): Promise<void> {
    await closeServer(this.server);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    this.requests.push({
      method: req.method ?? '',
      path,
      authorization: req.headers.authorization,
      contentType: req.headers['content-type'],
      body,
    });
    const failure = this.failures.shift();
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    if (res.destroyed) return;
    if (failure !== undefined) {
      const [message, code] =
        failure === 429
          ? ['(#130429) Rate limit hit', 130429]
          : failure >= 500
            ? ['An unknown error has occurred.', 1]
            : ['(#131000) Something went wrong', 131000];
      return json(res, failure, graphError(message as string, code as number));
    }
    const route = /^\/(v\d+\.\d+)\/([^/]+)\/messages$/.exec(path);
    if (req.method !== 'POST' || !route) return json(res, 400, graphError('Unknown path components', 2500));
    if (req.headers.authorization !== `Bearer ${this.opts.accessToken}`) {
      return json(res, 401, graphError('Invalid OAuth access token - Cannot parse access token', 190));
    }
    const phoneNumberId = route[2]!;
    const ours = this.opts.phoneNumberId === undefined ? undefined : [this.opts.phoneNumberId].flat();
    if (ours && !ours.includes(phoneNumberId)) {
      return json(
        res,
        400,
        graphError(
          `Unsupported post request. Object with ID '${phoneNumberId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
          100,
          'GraphMethodException',
        ),
      );
    }
    let payload: Record<string, unknown>;
    try {
      payload = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return json(res, 400, graphError('(#100) Invalid parameter', 100));
    }
    const text = payload.text as { body?: unknown } | undefined;
    // `to` (a phone number) or `recipient` (a business-scoped user id); with both, `to` wins (Meta, "Business-scoped
    // user IDs").
    const to =
      payload.to ??
      (typeof payload.recipient === 'string' && /^[A-Za-z]{2}\.\S+$/.test(payload.recipient)
        ? payload.recipient
        : undefined);
    const problem =
      payload.messaging_product !== 'whatsapp'
        ? 'The parameter messaging_product is required.'
        : typeof to !== 'string' || (payload.to !== undefined && !/^\+?\d{6,15}$/.test(to))
          ? 'Param to must be a phone number.'
          : payload.type !== 'text' || typeof text?.body !== 'string' || !text.body
            ? "Param text['body'] is required."
            : text.body.length > 4096
              ? "Param text['body'] must be at most 4096 characters long."
              : null;
    if (problem) return json(res, 400, graphError(`(#100) ${problem}`, 100));
    const id = `wamid.${randomBytes(24).toString('base64')}`;
    const digits = (to as string).replace(/^\+/, '');
    this.sent.push({ id, phoneNumberId, to: to as string, body: text!.body as string, at: Date.now(), payload });
    const contact = payload.to !== undefined ? { input: to, wa_id: digits } : { input: to, user_id: to };
    json(res, 200, { messaging_product: 'whatsapp', contacts: [contact], messages: [{ id }] });
  }
}

/** Posts a webhook to our server exactly as Meta does: JSON signed with X-Hub-Signature-256 over the bytes sent. */
export async function deliver(
  webhookUrl: string,
  appSecret: string,
  payload: unknown,
  opts: { signature?: string } = {},
): Promise<{ status: number; body: string }> {
  const raw = Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload), 'utf8');
  const signature = opts.signature ?? `sha256=${createHmac('sha256', appSecret).update(raw).digest('hex')}`;
  const res = await fetch(webhookUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-hub-signature-256': signature,
      'user-agent': 'facebookexternalua',
    },
    body: raw,
  });
  return { status: res.status, body: await res.text() };
}

/** Meta's GET subscription check against our server. */
export async function verifySubscription(
  webhookUrl: string,
  verifyToken: string,
  challenge = String(Math.floor(Math.random() * 1e9)),
): Promise<{ status: number; body: string; challenge: string }> {
  const url = new URL(webhookUrl);
  url.searchParams.set('hub.mode', 'subscribe');
  url.searchParams.set('hub.verify_token', verifyToken);
  url.searchParams.set('hub.challenge', challenge);
  const res = await fetch(url);
  return { status: res.status, body: await res.text(), challenge };
}

const digits = (n: string) => n.replace(/\D/g, '');
const unix = (at?: Date) => String(Math.floor((at ?? new Date()).getTime() / 1000));
const wamid = () => `wamid.${randomBytes(24).toString('base64')}`;

function envelope(phoneNumberId: string, displayNumber: string, value: Record<string, unknown>) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: digits(displayNumber), phone_number_id: phoneNumberId },
              ...value,
            },
            field: 'messages',
          },
        ],
      },
    ],
  };
}

/** The webhook Meta posts when a user sends a text. `from` and `displayNumber` may carry a `+`. */
export function textPayload(o: {
  from: string;
  text: string;
  profileName?: string;
  phoneNumberId: string;
  displayNumber: string;
  id?: string;
  at?: Date;
}) {
  const waId = digits(o.from);
  return envelope(o.phoneNumberId, o.displayNumber, {
    contacts: [{ profile: { name: o.profileName ?? 'Test User' }, wa_id: waId }],
    messages: [{ from: waId, id: o.id ?? wamid(), timestamp: unix(o.at), type: 'text', text: { body: o.text } }],
  });
}

/** The webhook Meta posts when a message we sent changes status. */
export function statusPayload(o: {
  id: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  recipient: string;
  phoneNumberId: string;
  displayNumber: string;
  errorTitle?: string;
  at?: Date;
}) {
  const recipientId = digits(o.recipient);
  const status: Record<string, unknown> = {
    id: o.id,
    status: o.status,
    timestamp: unix(o.at),
    recipient_id: recipientId,
  };
  if (o.status === 'failed') {
    const title = o.errorTitle ?? 'Message undeliverable';
    status.errors = [{ code: 131026, title, message: title, error_data: { details: 'Message Undeliverable.' } }];
  } else {
    status.conversation = { id: randomBytes(16).toString('hex'), origin: { type: 'service' } };
    status.pricing = { billable: true, pricing_model: 'PMP', category: 'service' };
  }
  return envelope(o.phoneNumberId, o.displayNumber, { statuses: [status] });
}

/**
 * One of Meta's documented webhook payloads in `channel-whatsapp/fixtures/` (their README cites the source of each), as
 * Meta posts it.
 */
export function documentedPayload(name: string): any {
  return JSON.parse(readFileSync(new URL(`../fixtures/${name}.json`, import.meta.url), 'utf8'));
}

/**
 * A documented payload with its message's id, sender, the message it names (edit, revoke, reaction) and our
 * business number changed, so events chain in a test. Meta's example number (+1 555 078 3881) is not one a
 * person can map to an agent: tests give theirs.
 */
export function chainedPayload(
  name: string,
  o: { to: { phoneNumberId: string; number: string }; from?: string; id?: string; target?: string },
) {
  const payload = documentedPayload(name);
  const value = payload.entry[0].changes[0].value;
  const m = value.messages[0];
  m.id = o.id ?? wamid();
  if (o.from) {
    m.from = digits(o.from);
    for (const c of value.contacts ?? []) c.wa_id = digits(o.from);
  }
  if (o.target) {
    if (m.edit) m.edit.original_message_id = m.edit.message.context.id = o.target;
    if (m.revoke) m.revoke.original_message_id = o.target;
    if (m.reaction) m.reaction.message_id = o.target;
  }
  value.metadata = { display_phone_number: digits(o.to.number), phone_number_id: o.to.phoneNumberId };
  return payload;
}
