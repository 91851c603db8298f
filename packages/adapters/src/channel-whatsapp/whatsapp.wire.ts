/**
 * Meta WhatsApp Cloud API on the wire (PROTOCOLS.md), pure functions without I/O: the subscription
 * check (GET hub.*), the X-Hub-Signature-256 check over the raw body, and the `messages` webhook
 * parsed and bounded into inbound messages (non-text types become short placeholders) and
 * delivery statuses.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export interface InboundWhatsApp {
  /** `wamid.…` */
  id: string;
  /** The sender, `+E164` (their wa_id with a `+`). */
  from: string;
  profileName: string | null;
  /** Our business number's Graph id. */
  phoneNumberId: string;
  /** Our business number, `+E164`. */
  displayNumber: string;
  /** The text, or a placeholder such as "[image]" or a button's title. */
  text: string;
  /** WhatsApp's message type: text, image, interactive, button… */
  type: string;
  /** ISO 8601. */
  at: string;
}

export interface WhatsAppStatus {
  /** The `wamid.…` of the message we sent. */
  id: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  /** `+E164` (or the raw id when it is not a number, e.g. a group). */
  recipient: string;
  phoneNumberId: string;
  at: string;
  /** errors[0].title on failures. */
  error: string | null;
}

export type WebhookResult = { ok: true; messages: InboundWhatsApp[]; statuses: WhatsAppStatus[] } | { ok: false; reason: string };

export const MAX_TEXT = 4096;
const STATUSES = new Set(['sent', 'delivered', 'read', 'failed']);

/** Equal strings, compared in constant time whatever their lengths. */
function sameSecret(a: string, b: string): boolean {
  const h = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(h(a), h(b)) && a.length === b.length;
}

/** The GET subscription check: the challenge to echo back, or not ok (answer 403). */
export function checkSubscription(query: Record<string, unknown>, verifyToken: string): { ok: true; challenge: string } | { ok: false } {
  const mode = query['hub.mode'];
  const token = query['hub.verify_token'];
  const challenge = query['hub.challenge'];
  if (!verifyToken || mode !== 'subscribe' || typeof token !== 'string' || typeof challenge !== 'string') return { ok: false };
  if (challenge.length === 0 || challenge.length > 512) return { ok: false };
  return sameSecret(token, verifyToken) ? { ok: true, challenge } : { ok: false };
}

/** `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>`, checked over the exact bytes received. */
export function checkSignature(appSecret: string, rawBody: Buffer | string, header: string | undefined): boolean {
  if (!appSecret || typeof header !== 'string') return false;
  const m = /^sha256=([0-9a-fA-F]{64})$/.exec(header.trim());
  if (!m) return false;
  const expected = createHmac('sha256', appSecret).update(typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(m[1]!, 'hex'));
}

const Id = z.string().min(1).max(256);
const Digits = z.string().regex(/^\d{6,15}$/, 'expected the digits of a phone number');
const Timestamp = z.string().regex(/^\d{1,12}$/, 'expected unix seconds');
const Caption = z.string().max(MAX_TEXT).optional();
const Media = z.object({ caption: Caption, filename: z.string().max(512).optional() }).optional();

const Message = z.object({
  from: Digits,
  id: Id,
  timestamp: Timestamp,
  type: z.string().min(1).max(32),
  text: z.object({ body: z.string().max(MAX_TEXT) }).optional(),
  image: Media,
  video: Media,
  audio: Media,
  document: Media,
  sticker: Media,
  location: z.object({ latitude: z.number(), longitude: z.number(), name: z.string().max(512).optional(), address: z.string().max(1024).optional() }).optional(),
  interactive: z.object({
    type: z.string().max(32),
    button_reply: z.object({ id: z.string().max(256), title: z.string().max(256) }).optional(),
    list_reply: z.object({ id: z.string().max(256), title: z.string().max(256) }).optional(),
  }).optional(),
  button: z.object({ text: z.string().max(256), payload: z.string().max(1024).optional() }).optional(),
  reaction: z.object({ emoji: z.string().max(32).optional() }).optional(),
});

const Status = z.object({
  id: Id,
  status: z.string().max(32),
  recipient_id: z.string().min(1).max(64),
  timestamp: Timestamp,
  errors: z.array(z.object({ title: z.string().max(512).optional(), message: z.string().max(1024).optional() })).max(20).optional(),
});

const MessagesValue = z.object({
  metadata: z.object({ phone_number_id: z.string().min(1).max(64), display_phone_number: z.string().min(1).max(32) }),
  contacts: z.array(z.object({ profile: z.object({ name: z.string().max(256).optional() }).optional(), wa_id: z.string().max(32) })).max(100).optional(),
  messages: z.array(Message).max(100).optional(),
  statuses: z.array(Status).max(100).optional(),
});

const Envelope = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(z.object({ changes: z.array(z.object({ field: z.string().max(64), value: z.unknown() })).max(50) })).min(1).max(50),
});

function reason(prefix: string, error: z.ZodError): string {
  const issue = error.issues[0];
  return `${prefix} (${issue?.path.join('.') || 'root'}: ${issue?.message ?? 'invalid'})`;
}

const iso = (unixSeconds: string) => new Date(Number(unixSeconds) * 1000).toISOString();

function clip(s: string): string {
  return s.length > MAX_TEXT ? s.slice(0, MAX_TEXT) : s;
}

/** What a message says as text: its body, a button's title, or a placeholder for media. */
function textOf(m: z.infer<typeof Message>): string | null {
  const withCaption = (tag: string, caption?: string) => clip(caption?.trim() ? `[${tag}] ${caption.trim()}` : `[${tag}]`);
  switch (m.type) {
    case 'text':
      return m.text ? m.text.body : null;
    case 'image':
    case 'video':
    case 'sticker':
      return withCaption(m.type, m[m.type]?.caption);
    case 'audio':
      return '[audio]';
    case 'document':
      return withCaption('document', m.document?.caption ?? m.document?.filename);
    case 'location': {
      const l = m.location;
      if (!l) return '[location]';
      const place = [l.name, l.address].filter((s) => s?.trim()).join(', ');
      return `[location] ${place ? `${place} ` : ''}(${l.latitude}, ${l.longitude})`;
    }
    case 'interactive':
      return m.interactive?.button_reply?.title ?? m.interactive?.list_reply?.title ?? '[interactive]';
    case 'button':
      return m.button?.text ?? '[button]';
    case 'reaction':
      return m.reaction?.emoji ? `[reaction ${m.reaction.emoji}]` : '[reaction removed]';
    default:
      return `[${m.type}]`;
  }
}

/** Parses a POSTed webhook (JSON already decoded, signature already checked). Changes other than `messages` are ignored. */
export function parseWebhook(json: unknown): WebhookResult {
  const env = Envelope.safeParse(json);
  if (!env.success) return { ok: false, reason: reason('not a WhatsApp webhook', env.error) };
  const messages: InboundWhatsApp[] = [];
  const statuses: WhatsAppStatus[] = [];
  for (const entry of env.data.entry) {
    for (const change of entry.changes) {
      if (change.field !== 'messages') continue;
      const v = MessagesValue.safeParse(change.value);
      if (!v.success) return { ok: false, reason: reason('not a WhatsApp messages change', v.error) };
      const { metadata, contacts = [], messages: inbound = [], statuses: updates = [] } = v.data;
      const displayDigits = metadata.display_phone_number.replace(/[\s\-().+]/g, '');
      if (!/^\d{6,15}$/.test(displayDigits)) return { ok: false, reason: 'not a WhatsApp messages change (metadata.display_phone_number is not a phone number)' };
      for (const m of inbound) {
        const text = textOf(m);
        if (text === null) return { ok: false, reason: `not a WhatsApp messages change (message ${m.id} has type ${m.type} without its content)` };
        const contact = contacts.find((c) => c.wa_id === m.from) ?? (contacts.length === 1 && inbound.length === 1 ? contacts[0] : undefined);
        messages.push({
          id: m.id,
          from: `+${m.from}`,
          profileName: contact?.profile?.name?.trim() || null,
          phoneNumberId: metadata.phone_number_id,
          displayNumber: `+${displayDigits}`,
          text,
          type: m.type,
          at: iso(m.timestamp),
        });
      }
      for (const s of updates) {
        if (!STATUSES.has(s.status)) continue; // newer kinds (e.g. "played") are not ours to track
        statuses.push({
          id: s.id,
          status: s.status as WhatsAppStatus['status'],
          recipient: /^\d{6,15}$/.test(s.recipient_id) ? `+${s.recipient_id}` : s.recipient_id,
          phoneNumberId: metadata.phone_number_id,
          at: iso(s.timestamp),
          error: s.errors?.[0]?.title ?? s.errors?.[0]?.message ?? null,
        });
      }
    }
  }
  return { ok: true, messages, statuses };
}
