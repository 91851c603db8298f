/**
 * Meta WhatsApp Cloud API on the wire (docs/protocols.md), pure functions without I/O: the subscription
 * check (GET hub.*), the X-Hub-Signature-256 check over the raw body, and the `messages` webhook
 * parsed into inbound events (messages, edits, deletions, reactions, number changes, welcome
 * requests) and delivery statuses.
 *
 * Meta retries every webhook that is not answered 200 for days, and may disable the subscription:
 * so a part of a batch that cannot be understood (one message, one status, one change) is skipped
 * with a reason and the rest is taken. Only a body that is not a WhatsApp webhook at all is refused.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * Who a customer is. Meta gives their phone number (`from`, `wa_id`), their business-scoped user id
 * ("BSUID": `from_user_id`, `user_id`), or both: a user with a WhatsApp username may withhold their
 * number. At least one is set. A reply goes to the phone number when there is one (Messages API
 * `to`), else to the user id (Messages API `recipient`): see `replyAddress`.
 */
export interface WhatsAppCustomer {
  /** `+E164`, when Meta gave the number. */
  phone?: string;
  /** The business-scoped user id (e.g. `US.13491208655302741918`), when Meta gave one. */
  userId?: string;
}

/** What every inbound event carries. */
interface WhatsAppEventBase {
  /** This event's own `wamid.…`. */
  id: string;
  customer: WhatsAppCustomer;
  /** The customer's WhatsApp profile name, when the event's `contacts` name them. */
  profileName: string | null;
  /** The Graph id of our business number the event came to (answer from it). */
  phoneNumberId: string;
  /** That business number, `+E164`. */
  displayNumber: string;
  /** ISO 8601. */
  at: string;
}

interface OrderItem {
  productRetailerId: string;
  quantity: number;
  /** The price of one item. */
  itemPrice: number;
  currency: string;
}

interface SharedContact {
  /** The card's formatted name (or its parts joined). */
  name: string;
  phones: Array<{ phone: string; waId?: string; type?: string }>;
}

/** Structured content a message carries beside its text rendering. */
type WhatsAppContent =
  | { type: 'order'; catalogId: string; items: OrderItem[]; note: string | null }
  | { type: 'contacts'; contacts: SharedContact[] }
  /** A WhatsApp Flow's answers (`interactive.nfm_reply`): `response` is response_json without its flow_token. */
  | { type: 'flow'; name: string; body: string; flowToken: string | null; response: Record<string, unknown> };

/** A message to show and answer: its text, a short rendering of media, or of structured content. */
export interface WhatsAppMessage extends WhatsAppEventBase {
  kind: 'message';
  /** WhatsApp's message type: text, image, interactive, button, order, contacts… */
  type: string;
  /** The text; for other types a rendering such as "[image] caption", a button's title, an order's lines. */
  text: string;
  /** Set when the text was longer than MAX_INBOUND_TEXT and was cut there. */
  clipped?: true;
  content?: WhatsAppContent;
}

/** The customer edited an earlier message (`targetId`): its new text. */
interface WhatsAppEdit extends WhatsAppEventBase {
  kind: 'edit';
  targetId: string;
  text: string;
  clipped?: true;
}

/** The customer deleted an earlier message. */
interface WhatsAppRevoke extends WhatsAppEventBase {
  kind: 'revoke';
  targetId: string;
}

/** The customer reacted to a message (ours, usually); `emoji: null` when they removed their reaction. */
interface WhatsAppReaction extends WhatsAppEventBase {
  kind: 'reaction';
  targetId: string;
  emoji: string | null;
}

/** The customer's phone number (or user id) changed: their conversation continues under `newId`. */
interface WhatsAppNumberChange extends WhatsAppEventBase {
  kind: 'number_changed';
  oldId: WhatsAppCustomer;
  newId: WhatsAppCustomer;
}

/** The customer opened a chat with us for the first time (a welcome message may be sent). */
interface WhatsAppWelcomeRequest extends WhatsAppEventBase {
  kind: 'welcome_request';
}

export type InboundWhatsApp =
  | WhatsAppMessage
  | WhatsAppEdit
  | WhatsAppRevoke
  | WhatsAppReaction
  | WhatsAppNumberChange
  | WhatsAppWelcomeRequest;

export interface WhatsAppStatus {
  /** The `wamid.…` of the message we sent. */
  id: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  recipient: WhatsAppCustomer;
  phoneNumberId: string;
  at: string;
  /** errors[0].title on failures. */
  error: string | null;
}

/** A part of a delivery that was not taken: where it was (indices, no content) and why. */
interface SkippedPart {
  where: string;
  reason: string;
}

export type WebhookResult =
  | { ok: true; messages: InboundWhatsApp[]; statuses: WhatsAppStatus[]; skipped: SkippedPart[] }
  | { ok: false; reason: string };

/** Meta's limit for a text we send; customers' messages may be longer. */
export const MAX_TEXT = 4096;
/** The longest inbound text kept: longer ones are cut here and marked `clipped`. */
export const MAX_INBOUND_TEXT = 64 * 1024;
/** How many skipped parts one result lists (then one more line says how many more there were). */
const MAX_SKIPPED = 50;
const STATUSES = new Set(['sent', 'delivered', 'read', 'failed']);

/** Equal strings, compared in constant time whatever their lengths. */
function sameSecret(a: string, b: string): boolean {
  const h = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(h(a), h(b)) && a.length === b.length;
}

/** The GET subscription check: the challenge to echo back, or not ok (answer 403). */
export function checkSubscription(
  query: Record<string, unknown>,
  verifyToken: string,
): { ok: true; challenge: string } | { ok: false } {
  const mode = query['hub.mode'];
  const token = query['hub.verify_token'];
  const challenge = query['hub.challenge'];
  if (!verifyToken || mode !== 'subscribe' || typeof token !== 'string' || typeof challenge !== 'string')
    return { ok: false };
  if (challenge.length === 0 || challenge.length > 512) return { ok: false };
  return sameSecret(token, verifyToken) ? { ok: true, challenge } : { ok: false };
}

/** `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>`, checked over the exact bytes received. */
export function checkSignature(appSecret: string, rawBody: Buffer | string, header: string | undefined): boolean {
  if (!appSecret || typeof header !== 'string') return false;
  const m = /^sha256=([0-9a-fA-F]{64})$/.exec(header.trim());
  if (!m) return false;
  const expected = createHmac('sha256', appSecret)
    .update(typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody)
    .digest();
  return timingSafeEqual(expected, Buffer.from(m[1]!, 'hex'));
}

/**
 * How Live Space names a customer: their phone number (`+E164`) when Meta gave it, else their
 * business-scoped user id. A conversation is keyed by it, and a reply is sent to it (`replyAddress`).
 */
export function customerId(customer: WhatsAppCustomer): string {
  const id = customer.phone ?? customer.userId;
  if (!id) throw new Error('A WhatsApp customer has neither a phone number nor a user id.');
  return id;
}

/**
 * Where a reply to a customer (as `customerId` names them) goes in a Messages API request: `to` (digits)
 * for a phone number, else `recipient` (their business-scoped user id). Meta: with both, `to` takes
 * precedence, and sending to the number keeps it in later webhooks, so the number is used when known.
 */
export function replyAddress(customer: string): { to: string } | { recipient: string } {
  const c = customer.trim();
  if (/^\+\d{6,15}$/.test(c)) return { to: c.slice(1) };
  if (/^\d{6,15}$/.test(c)) return { to: c };
  if (ANY_USER_ID.test(c) && /[A-Za-z]/.test(c)) return { recipient: c };
  throw new Error(`"${c.slice(0, 32)}" is not a phone number in E.164 form or a WhatsApp user id.`);
}

// ---- the wire shapes (unknown fields are ignored; what is not needed is not checked) ----

const PHONE_DIGITS = /^\d{6,15}$/;
/**
 * What a business-scoped user id looks like (`US.1349…`, a parent id `US.ENT.1181…`): told apart from a phone number in
 * `from`.
 */
const USER_ID = /^[A-Za-z]{2}(?:\.[A-Za-z0-9_-]{1,128}){1,3}$/;
/** A field that names a user id is taken as Meta gives it (its format may grow), only without spaces. */
const ANY_USER_ID = /^\S{1,256}$/;
const Id = z.string().min(1).max(256);
const UserId = z.string().regex(ANY_USER_ID, 'expected a user id');
const Timestamp = z.union([z.string().regex(/^\d{1,12}$/, 'expected unix seconds'), z.number().int().min(0).max(1e12)]);
/** Free text that is shown, not acted on: any length (the body limit bounds it), cut when rendered. */
const Label = z.string();
const Media = z.object({ caption: z.string().optional(), filename: Label.optional() }).optional();

const OrderSchema = z.object({
  catalog_id: z.string().min(1).max(256),
  text: z.string().optional(),
  product_items: z
    .array(
      z.object({
        product_retailer_id: z.string().min(1).max(256),
        quantity: z.number().nonnegative(),
        item_price: z.number(),
        currency: z.string().min(1).max(16),
      }),
    )
    .min(1)
    .max(1000),
});

const ContactCard = z.object({
  name: z
    .object({
      formatted_name: Label.optional(),
      first_name: Label.optional(),
      middle_name: Label.optional(),
      last_name: Label.optional(),
    })
    .optional(),
  phones: z
    .array(
      z.object({ phone: Label.optional(), wa_id: z.string().max(32).optional(), type: z.string().max(64).optional() }),
    )
    .max(100)
    .optional(),
});

/** The content part of a message (also the new content inside an `edit`). */
const Content = z.object({
  type: z.string().min(1).max(32),
  text: z.object({ body: z.string() }).optional(),
  image: Media,
  video: Media,
  audio: Media,
  document: Media,
  sticker: Media,
  location: z
    .object({ latitude: z.number(), longitude: z.number(), name: Label.optional(), address: Label.optional() })
    .optional(),
  interactive: z
    .object({
      type: z.string().max(32),
      button_reply: z.object({ id: z.string().max(256), title: z.string().max(256) }).optional(),
      list_reply: z.object({ id: z.string().max(256), title: z.string().max(256) }).optional(),
      nfm_reply: z
        .object({
          name: z.string().max(64).optional(),
          body: z.string().max(1024).optional(),
          response_json: z.string(),
        })
        .optional(),
    })
    .optional(),
  button: z.object({ text: z.string().max(256), payload: z.string().max(1024).optional() }).optional(),
  order: z.unknown().optional(),
  contacts: z.unknown().optional(),
});

/** A message's sender and the parts every kind needs; the rest is read by kind. */
const Envelope = z.object({
  id: Id,
  timestamp: Timestamp,
  type: z.string().min(1).max(32),
  from: z.string().min(1).max(256).optional(),
  from_user_id: UserId.optional(),
});

const Reaction = z.object({ message_id: Id, emoji: z.string().max(64).optional() });
const Revoke = z.object({ original_message_id: Id });
/** The new content of an edited message (its `type` inferred as text when only `text` is given). */
const Edit = z.object({
  original_message_id: Id,
  message: Content.extend({ type: z.string().min(1).max(32).optional() }),
});
const System = z.object({
  type: z.string().max(64),
  wa_id: z.string().optional(),
  new_wa_id: z.string().optional(),
  user_id: z.string().optional(),
  new_user_id: z.string().optional(),
});

const Status = z.object({
  id: Id,
  status: z.string().max(32),
  timestamp: Timestamp,
  recipient_id: z.string().min(1).max(256).optional(),
  recipient_user_id: UserId.optional(),
  recipient_type: z.string().max(32).optional(),
  errors: z.array(z.object({ title: z.string().optional(), message: z.string().optional() })).optional(),
});

const Contact = z.object({
  profile: z.object({ name: z.string().optional() }).optional(),
  wa_id: z.string().max(32).optional(),
  user_id: z.string().max(256).optional(),
});

const Metadata = z.object({
  phone_number_id: z.string().min(1).max(64),
  display_phone_number: z.string().min(1).max(32),
});

const Webhook = z.object({ object: z.literal('whatsapp_business_account'), entry: z.array(z.unknown()).min(1) });
const Entry = z.object({ changes: z.array(z.unknown()) });
const Change = z.object({ field: z.string().max(64), value: z.unknown() });
const Value = z.object({
  metadata: Metadata,
  contacts: z.unknown().optional(),
  messages: z.unknown().optional(),
  statuses: z.unknown().optional(),
});

// ---- helpers ----

/** The first issue of a failed parse as `path: message` (zod's messages never quote the value). */
function issue(error: z.ZodError, prefix = ''): string {
  const first = error.issues[0];
  const path = [prefix, ...(first?.path ?? []).map(String)].filter(Boolean).join('.');
  return `${path || 'root'}: ${first?.message ?? 'invalid'}`;
}

const iso = (unixSeconds: string | number) => new Date(Number(unixSeconds) * 1000).toISOString();

/** `text` within MAX_INBOUND_TEXT, never cutting an emoji in two. */
function bound(text: string): { text: string; clipped?: true } {
  if (text.length <= MAX_INBOUND_TEXT) return { text };
  let cut = MAX_INBOUND_TEXT;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  return { text: text.slice(0, cut), clipped: true };
}

const one = (s: string) => s.replace(/\s+/g, ' ').trim();

/** A customer from the sender fields: a phone number in `from`, a user id in `from_user_id` (or in `from`). */
function sender(from: string | undefined, userId: string | undefined): WhatsAppCustomer | string {
  const customer: WhatsAppCustomer = {};
  if (from !== undefined) {
    if (PHONE_DIGITS.test(from)) customer.phone = `+${from}`;
    else if (USER_ID.test(from)) customer.userId = from;
    else return 'from: expected the digits of a phone number or a user id';
  }
  if (userId !== undefined) customer.userId = userId;
  return customer.phone || customer.userId ? customer : 'no sender (neither from nor from_user_id)';
}

function orderOf(raw: unknown): { content: WhatsAppContent; text: string } | string {
  const o = OrderSchema.safeParse(raw);
  if (!o.success) return issue(o.error, 'order');
  const items = o.data.product_items.map((i) => ({
    productRetailerId: i.product_retailer_id,
    quantity: i.quantity,
    itemPrice: i.item_price,
    currency: i.currency,
  }));
  const note = o.data.text?.trim() || null;
  const lines = [
    '[order]',
    ...items.map((i) => `- ${i.quantity} × ${i.productRetailerId} at ${i.itemPrice} ${i.currency}`),
    ...(note ? [`Note: ${note}`] : []),
  ];
  return { content: { type: 'order', catalogId: o.data.catalog_id, items, note }, text: lines.join('\n') };
}

function contactsOf(raw: unknown): { content: WhatsAppContent; text: string } | string {
  const c = z.array(ContactCard).min(1).max(257).safeParse(raw);
  if (!c.success) return issue(c.error, 'contacts');
  const contacts: SharedContact[] = c.data.map((card) => {
    const n = card.name;
    const name = (
      one(n?.formatted_name ?? '') ||
      one([n?.first_name, n?.middle_name, n?.last_name].filter(Boolean).join(' ')) ||
      '(no name)'
    ).slice(0, 256);
    const phones = (card.phones ?? []).flatMap((p) => {
      const phone = one(p.phone ?? '').slice(0, 64) || (p.wa_id && PHONE_DIGITS.test(p.wa_id) ? `+${p.wa_id}` : '');
      if (!phone) return [];
      return [{ phone, ...(p.wa_id ? { waId: p.wa_id } : {}), ...(p.type ? { type: p.type } : {}) }];
    });
    return { name, phones };
  });
  const lines = [
    '[contacts]',
    ...contacts.map(
      (x) =>
        `- ${x.name}: ${x.phones.length ? x.phones.map((p) => (p.type ? `${p.phone} (${p.type})` : p.phone)).join(', ') : 'no phone number'}`,
    ),
  ];
  return { content: { type: 'contacts', contacts }, text: lines.join('\n') };
}

/** A Flow answer's value as one line of text. */
function answer(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return one(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value))
    return value.map((v) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : answer(v))).join(', ');
  return JSON.stringify(value);
}

function flowOf(reply: {
  name?: string | undefined;
  body?: string | undefined;
  response_json: string;
}): { content: WhatsAppContent; text: string } | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(reply.response_json);
  } catch {
    return 'interactive.nfm_reply.response_json: not JSON';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return 'interactive.nfm_reply.response_json: not a JSON object';
  const { flow_token: token, ...response } = parsed as Record<string, unknown>;
  const name = reply.name ?? 'flow';
  const lines = [
    name === 'flow' ? '[form]' : `[${name}]`,
    ...Object.entries(response).map(([k, v]) => `${k}: ${answer(v)}`),
  ];
  return {
    content: {
      type: 'flow',
      name,
      body: reply.body ?? '',
      flowToken: typeof token === 'string' ? token : null,
      response,
    },
    text: lines.join('\n'),
  };
}

/** What a message's content says as text (and its structured content): its body, a title, a rendering. */
function render(m: z.infer<typeof Content>): { text: string; content?: WhatsAppContent } | string {
  const withCaption = (tag: string, caption?: string) => (caption?.trim() ? `[${tag}] ${caption.trim()}` : `[${tag}]`);
  switch (m.type) {
    case 'text':
      return m.text ? { text: m.text.body } : 'text: the message has no text.body';
    case 'image':
    case 'video':
    case 'sticker':
      return { text: withCaption(m.type, m[m.type]?.caption) };
    case 'audio':
      return { text: '[audio]' };
    case 'document':
      return { text: withCaption('document', m.document?.caption ?? m.document?.filename) };
    case 'location': {
      const l = m.location;
      if (!l) return { text: '[location]' };
      const place = [l.name, l.address].filter((s) => s?.trim()).join(', ');
      return { text: `[location] ${place ? `${place} ` : ''}(${l.latitude}, ${l.longitude})` };
    }
    case 'interactive': {
      const i = m.interactive;
      if (i?.type === 'nfm_reply' || i?.nfm_reply)
        return i.nfm_reply ? flowOf(i.nfm_reply) : 'interactive.nfm_reply: missing';
      return { text: i?.button_reply?.title ?? i?.list_reply?.title ?? '[interactive]' };
    }
    case 'button':
      return { text: m.button?.text ?? '[button]' };
    case 'order':
      return orderOf(m.order);
    case 'contacts':
      return contactsOf(m.contacts);
    default:
      return { text: `[${m.type}]` };
  }
}

/** An event's own fields (those beside WhatsAppEventBase), by kind. */
type EventFields = InboundWhatsApp extends infer T
  ? T extends unknown
    ? Omit<T, keyof WhatsAppEventBase>
    : never
  : never;

/** A typed part of a message (`reaction`, `edit`…), or why it is not one. */
function part<T extends z.ZodType>(
  schema: T,
  raw: Record<string, unknown>,
  name: string,
): { ok: true; data: z.infer<T> } | { ok: false; reason: string } {
  const r = schema.safeParse(raw[name]);
  return r.success ? { ok: true, data: r.data } : { ok: false, reason: issue(r.error, name) };
}

/** One entry of `messages`, read by its type: the event's own fields, or why it cannot be taken. */
function eventOf(raw: Record<string, unknown>, type: string, customer: WhatsAppCustomer): EventFields | string {
  switch (type) {
    case 'reaction': {
      const r = part(Reaction, raw, 'reaction');
      if (!r.ok) return r.reason;
      return { kind: 'reaction', targetId: r.data.message_id, emoji: r.data.emoji ? r.data.emoji : null };
    }
    case 'revoke': {
      const r = part(Revoke, raw, 'revoke');
      return r.ok ? { kind: 'revoke', targetId: r.data.original_message_id } : r.reason;
    }
    case 'edit': {
      const r = part(Edit, raw, 'edit');
      if (!r.ok) return r.reason;
      const { message } = r.data;
      const type = message.type ?? (message.text ? 'text' : undefined);
      if (!type) return 'edit.message: no type and no text';
      const shown = render({ ...message, type });
      if (typeof shown === 'string') return `edit.message: ${shown}`;
      return { kind: 'edit', targetId: r.data.original_message_id, ...bound(shown.text) };
    }
    case 'request_welcome':
      return { kind: 'welcome_request' };
    case 'system': {
      const r = part(System, raw, 'system');
      if (!r.ok) return r.reason;
      const s = r.data;
      const newId: WhatsAppCustomer = {};
      const number = s.wa_id ?? s.new_wa_id;
      const user = s.user_id ?? s.new_user_id;
      if (s.type === 'user_changed_number' || s.type === 'customer_changed_number') {
        if (!number || !PHONE_DIGITS.test(number)) return 'system: a number change without the new number (wa_id)';
        newId.phone = `+${number}`;
        if (user && ANY_USER_ID.test(user)) newId.userId = user;
      } else if (s.type === 'user_changed_user_id') {
        if (!user || !ANY_USER_ID.test(user)) return 'system: a user id change without the new user id';
        newId.userId = user;
      } else {
        return `system: type "${s.type.slice(0, 32)}" is not one Live Space acts on`;
      }
      return { kind: 'number_changed', oldId: customer, newId };
    }
    default: {
      const c = Content.safeParse(raw);
      if (!c.success) return issue(c.error);
      const shown = render(c.data);
      if (typeof shown === 'string') return shown;
      return { kind: 'message', type, ...bound(shown.text), ...(shown.content ? { content: shown.content } : {}) };
    }
  }
}

/**
 * Parses a POSTed webhook (JSON already decoded, signature already checked). Changes other than `messages` are ignored.
 */
export function parseWebhook(json: unknown): WebhookResult {
  const env = Webhook.safeParse(json);
  if (!env.success) return { ok: false, reason: `not a WhatsApp webhook (${issue(env.error)})` };
  const messages: InboundWhatsApp[] = [];
  const statuses: WhatsAppStatus[] = [];
  const skipped: SkippedPart[] = [];
  let more = 0;
  const skip = (where: string, reason: string) => {
    if (skipped.length < MAX_SKIPPED) skipped.push({ where, reason: reason.slice(0, 300) });
    else more++;
  };

  env.data.entry.forEach((rawEntry, e) => {
    const entry = Entry.safeParse(rawEntry);
    if (!entry.success) return skip(`entry[${e}]`, issue(entry.error));
    entry.data.changes.forEach((rawChange, c) => {
      const where = `entry[${e}].changes[${c}]`;
      const change = Change.safeParse(rawChange);
      if (!change.success) return skip(where, issue(change.error));
      if (change.data.field !== 'messages') return;
      const value = Value.safeParse(change.data.value);
      if (!value.success) return skip(where, issue(value.error, 'value'));
      const { metadata } = value.data;
      const displayDigits = metadata.display_phone_number.replace(/[\s\-().+]/g, '');
      if (!PHONE_DIGITS.test(displayDigits))
        return skip(where, 'value.metadata.display_phone_number: not a phone number');
      const base = { phoneNumberId: metadata.phone_number_id, displayNumber: `+${displayDigits}` };
      const list = (name: 'contacts' | 'messages' | 'statuses'): unknown[] => {
        const v = value.data[name];
        if (v === undefined) return [];
        if (Array.isArray(v)) return v;
        skip(`${where}.value.${name}`, `${name}: expected an array`);
        return [];
      };

      const contacts: Array<z.infer<typeof Contact>> = [];
      list('contacts').forEach((raw, i) => {
        const ct = Contact.safeParse(raw);
        if (ct.success) contacts.push(ct.data);
        else skip(`${where}.value.contacts[${i}]`, issue(ct.error));
      });
      const inbound = list('messages');
      inbound.forEach((raw, i) => {
        const at = `${where}.value.messages[${i}]`;
        const m = Envelope.safeParse(raw);
        if (!m.success) return skip(at, issue(m.error));
        const { type } = m.data;
        const customer = sender(m.data.from, m.data.from_user_id);
        if (typeof customer === 'string') return skip(at, customer);
        const fields = eventOf(raw as Record<string, unknown>, type, customer);
        if (typeof fields === 'string') return skip(at, `type ${/^[a-z_]{1,32}$/.test(type) ? type : '?'}: ${fields}`);
        const contact =
          contacts.find(
            (ct) =>
              (ct.wa_id !== undefined && ct.wa_id === m.data.from) ||
              (ct.user_id !== undefined && ct.user_id === m.data.from_user_id),
          ) ?? (contacts.length === 1 && inbound.length === 1 ? contacts[0] : undefined);
        messages.push({
          id: m.data.id,
          customer,
          profileName: contact?.profile?.name?.trim().slice(0, 256) || null,
          ...base,
          at: iso(m.data.timestamp),
          ...fields,
        } as InboundWhatsApp);
      });

      list('statuses').forEach((raw, i) => {
        const at = `${where}.value.statuses[${i}]`;
        const s = Status.safeParse(raw);
        if (!s.success) return skip(at, issue(s.error));
        if (!STATUSES.has(s.data.status)) return; // newer kinds (e.g. "played") are not ours to track
        if (s.data.recipient_type === 'group') return; // Live Space sends to people, not groups
        const recipient: WhatsAppCustomer = {};
        const rid = s.data.recipient_id;
        if (rid !== undefined) {
          if (PHONE_DIGITS.test(rid)) recipient.phone = `+${rid}`;
          else if (USER_ID.test(rid)) recipient.userId = rid;
          else return skip(at, 'recipient_id: expected the digits of a phone number or a user id');
        }
        if (s.data.recipient_user_id) recipient.userId = s.data.recipient_user_id;
        if (!recipient.phone && !recipient.userId)
          return skip(at, 'no recipient (neither recipient_id nor recipient_user_id)');
        const error = s.data.errors?.[0];
        statuses.push({
          id: s.data.id,
          status: s.data.status as WhatsAppStatus['status'],
          recipient,
          phoneNumberId: metadata.phone_number_id,
          at: iso(s.data.timestamp),
          error: (error?.title ?? error?.message)?.slice(0, 512) ?? null,
        });
      });
    });
  });
  if (more > 0) skipped.push({ where: '…', reason: `${more} more parts skipped` });
  return { ok: true, messages, statuses, skipped };
}
