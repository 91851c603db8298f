/**
 * Twilio's messaging webhooks on the wire (docs/protocols.md "Twilio messaging"), pure functions: the
 * form-encoded parameters of an inbound SMS, MMS or WhatsApp message checked into a typed message,
 * a status callback for a message we sent checked into a typed status, and the address form
 * (`whatsapp:+…`, `+…` or a short code) to reply to. The X-Twilio-Signature check is the caller's,
 * as for voice webhooks.
 *
 * Docs: https://www.twilio.com/docs/messaging/guides/webhook-request (inbound parameters, media,
 * WhatsApp location), https://www.twilio.com/docs/messaging/guides/track-outbound-message-status
 * (status callbacks), https://support.twilio.com/hc/en-us/articles/360013980754-Formatting-Short-Code-Numbers
 * (short codes), https://www.twilio.com/docs/glossary/what-alphanumeric-sender-id (alphanumeric sender IDs).
 */
import { isShortCode } from '@livespace/protocol';

export type MessagingChannel = 'sms' | 'whatsapp';

/**
 * What kind of address Twilio names: an E.164 number; a short code (5–6 digits, no `+`, no country code,
 * as Twilio sends it: never turned into E.164, which would make it another number); or an alphanumeric
 * sender ID (a brand name such as `MyBrand`, up to 11 characters: one-way, it cannot be replied to).
 */
type AddressKind = 'e164' | 'short_code' | 'alphanumeric';

/**
 * A location a WhatsApp customer shared: coordinates as Twilio sent them (not re-rounded), and its name and address
 * when the customer picked a place.
 */
interface SharedLocation {
  latitude: string;
  longitude: string;
  label: string | null;
  address: string | null;
}

export interface InboundTwilioMessage {
  kind: 'message';
  /** `SM…` or `MM…` */
  sid: string;
  accountSid: string;
  channel: MessagingChannel;
  /**
   * `+E164` (the `whatsapp:` prefix stripped), a short code or an alphanumeric sender ID, exactly as Twilio sent it.
   */
  from: string;
  fromKind: AddressKind;
  /** Our number: `+E164` or our short code. */
  to: string;
  toKind: Exclude<AddressKind, 'alphanumeric'>;
  /**
   * What the customer sent, readably: the Body, then one line per media item (`[image/jpeg] <url>`),
   * then a shared location (`[location] Label, Address (lat, lon)`). Empty for a blank message.
   */
  text: string;
  profileName: string | null;
  media: Array<{ url: string; contentType: string }>;
  location: SharedLocation | null;
}

/** A status callback for a message we sent (queued, sent, delivered, read, undelivered, failed…). */
export interface TwilioMessageStatus {
  kind: 'status';
  sid: string;
  accountSid: string;
  channel: MessagingChannel;
  /** `MessageStatus` as Twilio sent it (lowercase). */
  status: string;
  /** The message did not reach the customer (`undelivered` or `failed`). */
  failed: boolean;
  /** Ours: a number, short code or alphanumeric sender ID. */
  from: string;
  /** The customer: `+E164` or a short code. */
  to: string;
  /** Twilio's error code (`30003`…) for undelivered and failed messages; null without one. */
  errorCode: string | null;
  /** `ErrorMessage` when Twilio sends one (it does not always). */
  errorMessage: string | null;
}

export type TwilioMessageResult = { ok: true; message: InboundTwilioMessage } | { ok: false; reason: string };
export type TwilioStatusResult = { ok: true; status: TwilioMessageStatus } | { ok: false; reason: string };

/**
 * Where Twilio posts status callbacks for the messages we send (each reply names it as its `StatusCallback`), next to
 * the messaging webhook.
 */
export const TWILIO_MESSAGE_STATUS_PATH = '/webhooks/twilio/messaging/status';

const SID = /^(SM|MM)[0-9a-f]{32}$/;
const ACCOUNT_SID = /^AC[0-9a-f]{32}$/;
const E164 = /^\+[1-9]\d{7,14}$/;
/**
 * Twilio's rules (letters, digits, space; at least one letter; up to 11), plus the `-+_&.` some networks and Twilio's
 * own API let through.
 */
const ALPHANUMERIC = /^(?=.*[A-Za-z])[A-Za-z0-9 &+_.-]{1,11}$/;
const MAX_MEDIA = 10;
/** Twilio's limit for SMS bodies; WhatsApp messages can be longer (4096). */
const MAX_BODY: Record<MessagingChannel, number> = { sms: 1600, whatsapp: 4096 };
/** Statuses of messages we sent; an inbound message is `received` (or `receiving` while its media arrive). */
const OUTBOUND_STATUSES = new Set([
  'accepted',
  'scheduled',
  'canceled',
  'queued',
  'sending',
  'sent',
  'failed',
  'delivered',
  'undelivered',
  'read',
  'partially_delivered',
]);
const FAILED_STATUSES = new Set(['undelivered', 'failed']);

interface Address {
  channel: MessagingChannel;
  value: string;
  kind: AddressKind;
}

function address(raw: string | undefined): Address | null {
  if (typeof raw !== 'string') return null;
  // WhatsApp senders are phone numbers only.
  if (raw.startsWith('whatsapp:')) {
    const e164 = raw.slice('whatsapp:'.length);
    return E164.test(e164) ? { channel: 'whatsapp', value: e164, kind: 'e164' } : null;
  }
  if (E164.test(raw)) return { channel: 'sms', value: raw, kind: 'e164' };
  if (isShortCode(raw)) return { channel: 'sms', value: raw, kind: 'short_code' };
  if (ALPHANUMERIC.test(raw)) return { channel: 'sms', value: raw, kind: 'alphanumeric' };
  return null;
}

const ADDRESS_FORMS =
  'an E.164 number (optionally prefixed whatsapp:), a 5–6 digit short code or an alphanumeric sender ID';

/** Text from Twilio shown on one line: whitespace runs collapsed, clamped. */
function oneLine(s: string | undefined, max: number): string | null {
  const t = (s ?? '').replace(/\s+/g, ' ').trim().slice(0, max);
  return t || null;
}

function coordinate(raw: string | undefined, limit: number): string | null {
  if (!raw || !/^-?\d{1,3}(\.\d{1,15})?$/.test(raw.trim())) return null;
  return Math.abs(Number(raw)) <= limit ? raw.trim() : null;
}

/** `[location] Label, Address (lat, lon)`: the parts the customer sent. */
function locationLine(l: SharedLocation): string {
  const unique = [...new Set([l.label, l.address].filter((x): x is string => !!x))];
  return `[location] ${unique.length ? `${unique.join(', ')} ` : ''}(${l.latitude}, ${l.longitude})`;
}

/** `[image/jpeg] <url>`: the media type without its parameters, and the link to the media (Twilio's URL). */
function mediaLine(m: { url: string; contentType: string }): string {
  return `[${m.contentType.split(';')[0]!.trim().toLowerCase()}] ${m.url}`;
}

const param =
  (params: Record<string, string>) =>
  (k: string): string | undefined =>
    Object.hasOwn(params, k) && typeof params[k] === 'string' ? params[k] : undefined;

type Param = ReturnType<typeof param>;
type Refusal = { ok: false; reason: string };

/** MessageSid and AccountSid, which both webhooks carry. */
function messageIds(p: Param): { sid: string; accountSid: string } | Refusal {
  const sid = p('MessageSid');
  if (!sid || !SID.test(sid)) return { ok: false, reason: 'MessageSid is missing or is not an SM/MM message sid.' };
  const accountSid = p('AccountSid');
  if (!accountSid || !ACCOUNT_SID.test(accountSid))
    return { ok: false, reason: 'AccountSid is missing or is not an account sid.' };
  return { sid, accountSid };
}

/** From and To, on the same channel. */
function addresses(p: Param): { from: Address; to: Address } | Refusal {
  const from = address(p('From'));
  if (!from) return { ok: false, reason: `From is missing or is not ${ADDRESS_FORMS}.` };
  const to = address(p('To'));
  // A message goes to a number or a short code (ours when it comes in): an alphanumeric sender ID cannot be written to.
  if (!to || to.kind === 'alphanumeric')
    return {
      ok: false,
      reason: 'To is missing or is not an E.164 number (optionally prefixed whatsapp:) or a 5–6 digit short code.',
    };
  if (from.channel !== to.channel)
    return {
      ok: false,
      reason: 'From and To are not on the same channel (one has the whatsapp: prefix, the other not).',
    };
  return { from, to };
}

/**
 * Whether these parameters are a status callback for a message we sent rather than an inbound message:
 * Twilio names the status in `MessageStatus` (and `SmsStatus`); an inbound message is `received`.
 */
export function isTwilioStatusCallback(params: Record<string, string>): boolean {
  const p = param(params);
  const status = (p('MessageStatus') ?? p('SmsStatus') ?? '').toLowerCase();
  return OUTBOUND_STATUSES.has(status);
}

/** Checks the webhook's parameters; anything malformed is refused with a one-sentence reason. */
export function parseTwilioMessage(params: Record<string, string>): TwilioMessageResult {
  const p = param(params);
  const ids = messageIds(p);
  if ('reason' in ids) return ids;
  const ends = addresses(p);
  if ('reason' in ends) return ends;
  const { from, to } = ends;
  const channel = from.channel;

  const body = p('Body') ?? '';
  if (body.length > MAX_BODY[channel])
    return { ok: false, reason: `Body is longer than ${MAX_BODY[channel]} characters.` };
  const numMedia = p('NumMedia') ?? '0';
  if (!/^\d{1,2}$/.test(numMedia) || Number(numMedia) > MAX_MEDIA)
    return { ok: false, reason: `NumMedia is not a count from 0 to ${MAX_MEDIA}.` };

  const media: InboundTwilioMessage['media'] = [];
  for (let i = 0; i < Number(numMedia); i++) {
    const url = p(`MediaUrl${i}`);
    const contentType = p(`MediaContentType${i}`);
    let parsed: URL | null = null;
    try {
      parsed = url && url.length <= 2048 ? new URL(url) : null;
    } catch {
      parsed = null;
    }
    if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:'))
      return { ok: false, reason: `MediaUrl${i} is missing or is not an http(s) URL.` };
    if (!contentType || !/^[\w.+-]+\/[\w.+-]+(;.{0,100})?$/.test(contentType))
      return { ok: false, reason: `MediaContentType${i} is missing or is not a media type.` };
    media.push({ url: url!, contentType });
  }

  let location: SharedLocation | null = null;
  if (p('Latitude') !== undefined || p('Longitude') !== undefined) {
    const latitude = coordinate(p('Latitude'), 90);
    const longitude = coordinate(p('Longitude'), 180);
    if (!latitude || !longitude)
      return { ok: false, reason: 'Latitude and Longitude are not both coordinates (-90…90, -180…180).' };
    location = { latitude, longitude, label: oneLine(p('Label'), 256), address: oneLine(p('Address'), 512) };
  }

  // The body as sent, then each media item as a link, then the location: all of it readable in the transcript.
  const text = [body.trim() ? body : '', ...media.map(mediaLine), location ? locationLine(location) : '']
    .filter(Boolean)
    .join('\n');
  const profileName = (p('ProfileName') ?? '').trim().slice(0, 256) || null;
  return {
    ok: true,
    message: {
      kind: 'message',
      ...ids,
      channel,
      from: from.value,
      fromKind: from.kind,
      to: to.value,
      toKind: to.kind as 'e164' | 'short_code',
      text,
      profileName,
      media,
      location,
    },
  };
}

/** Checks a status callback's parameters; anything malformed is refused with a one-sentence reason. */
export function parseTwilioStatus(params: Record<string, string>): TwilioStatusResult {
  const p = param(params);
  const ids = messageIds(p);
  if ('reason' in ids) return ids;
  const status = (p('MessageStatus') ?? p('SmsStatus') ?? '').toLowerCase();
  // Twilio adds statuses now and then: any word is taken, only undelivered and failed mean something here.
  if (!/^[a-z_-]{1,32}$/.test(status))
    return { ok: false, reason: 'MessageStatus is missing or is not a message status.' };
  const ends = addresses(p);
  if ('reason' in ends) return ends;
  const { from, to } = ends;
  const code = p('ErrorCode');
  if (code !== undefined && code !== '' && !/^\d{1,6}$/.test(code))
    return { ok: false, reason: 'ErrorCode is not a Twilio error code.' };
  return {
    ok: true,
    status: {
      kind: 'status',
      ...ids,
      channel: from.channel,
      status,
      failed: FAILED_STATUSES.has(status),
      from: from.value,
      to: to.value,
      errorCode: code || null,
      errorMessage: oneLine(p('ErrorMessage'), 256),
    },
  };
}

/**
 * Twilio's words for the delivery errors met most (https://www.twilio.com/docs/api/errors); others are shown by code.
 */
const ERRORS: Record<string, string> = {
  '30003': 'unreachable destination handset',
  '30004': 'message blocked',
  '30005': 'unknown destination handset',
  '30006': 'landline or unreachable carrier',
  '30007': 'message filtered by the carrier',
  '30008': 'unknown error',
  '63016': 'outside the WhatsApp 24-hour window',
};

/**
 * Why a message was not delivered, for the transcript: `undelivered, Twilio error 30003: unreachable destination
 * handset`.
 */
export function describeFailure(s: Pick<TwilioMessageStatus, 'status' | 'errorCode' | 'errorMessage'>): string {
  if (!s.errorCode) return s.errorMessage ? `${s.status}: ${s.errorMessage}` : s.status;
  const words = s.errorMessage ?? ERRORS[s.errorCode];
  return `${s.status}, Twilio error ${s.errorCode}${words ? `: ${words}` : ''}`;
}

/**
 * The `to`/`from` Twilio expects when replying on a channel: `whatsapp:+…`, `+…`, or a short code as it is
 * (SMS only). An alphanumeric sender ID is refused: it cannot be written to.
 */
export function twilioAddress(channel: MessagingChannel, addr: string): string {
  const bare = addr.trim().replace(/^whatsapp:/, '');
  if (E164.test(bare)) return channel === 'whatsapp' ? `whatsapp:${bare}` : bare;
  if (channel === 'sms' && isShortCode(bare)) return bare;
  throw new Error(`"${addr.slice(0, 40)}" is not an E.164 number${channel === 'sms' ? ' or a short code' : ''}.`);
}
