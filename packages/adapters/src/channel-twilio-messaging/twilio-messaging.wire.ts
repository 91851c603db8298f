/**
 * Twilio's messaging webhook on the wire (PROTOCOLS.md "Twilio messaging"), pure functions: the
 * form-encoded parameters of an inbound SMS, MMS or WhatsApp message checked into a typed message,
 * and the address form (`whatsapp:+…` or `+…`) to reply to. The X-Twilio-Signature check is the
 * caller's, as for voice webhooks.
 */

export type MessagingChannel = 'sms' | 'whatsapp';

export interface InboundTwilioMessage {
  /** `SM…` or `MM…` */
  sid: string;
  accountSid: string;
  channel: MessagingChannel;
  /** `+E164`, the `whatsapp:` prefix stripped. */
  from: string;
  to: string;
  /** Body, or placeholders such as "[image]" for media sent without one. */
  text: string;
  profileName: string | null;
  media: Array<{ url: string; contentType: string }>;
}

export type TwilioMessageResult = { ok: true; message: InboundTwilioMessage } | { ok: false; reason: string };

const SID = /^(SM|MM)[0-9a-f]{32}$/;
const ACCOUNT_SID = /^AC[0-9a-f]{32}$/;
const E164 = /^\+[1-9]\d{7,14}$/;
const MAX_MEDIA = 10;
/** Twilio's limit for SMS bodies; WhatsApp messages can be longer (4096). */
const MAX_BODY: Record<MessagingChannel, number> = { sms: 1600, whatsapp: 4096 };

function address(raw: string | undefined): { channel: MessagingChannel; e164: string } | null {
  if (typeof raw !== 'string') return null;
  const whatsapp = raw.startsWith('whatsapp:');
  const e164 = whatsapp ? raw.slice('whatsapp:'.length) : raw;
  return E164.test(e164) ? { channel: whatsapp ? 'whatsapp' : 'sms', e164 } : null;
}

function placeholder(contentType: string): string {
  const [kind, sub = ''] = contentType.toLowerCase().split(';')[0]!.trim().split('/');
  if (kind === 'image' || kind === 'audio' || kind === 'video') return `[${kind}]`;
  if (sub === 'vcard' || sub === 'x-vcard') return '[contact]';
  if (sub === 'pdf' || kind === 'application' || kind === 'text') return '[document]';
  return '[file]';
}

/** Checks the webhook's parameters; anything malformed is refused with a one-sentence reason. */
export function parseTwilioMessage(params: Record<string, string>): TwilioMessageResult {
  const p = (k: string): string | undefined => (Object.hasOwn(params, k) && typeof params[k] === 'string' ? params[k] : undefined);
  const sid = p('MessageSid');
  if (!sid || !SID.test(sid)) return { ok: false, reason: 'MessageSid is missing or is not an SM/MM message sid.' };
  const accountSid = p('AccountSid');
  if (!accountSid || !ACCOUNT_SID.test(accountSid)) return { ok: false, reason: 'AccountSid is missing or is not an account sid.' };
  const from = address(p('From'));
  if (!from) return { ok: false, reason: 'From is missing or is not an E.164 number (optionally prefixed whatsapp:).' };
  const to = address(p('To'));
  if (!to) return { ok: false, reason: 'To is missing or is not an E.164 number (optionally prefixed whatsapp:).' };
  if (from.channel !== to.channel) return { ok: false, reason: 'From and To are not on the same channel (one has the whatsapp: prefix, the other not).' };
  const channel = from.channel;

  const body = p('Body') ?? '';
  if (body.length > MAX_BODY[channel]) return { ok: false, reason: `Body is longer than ${MAX_BODY[channel]} characters.` };
  const numMedia = p('NumMedia') ?? '0';
  if (!/^\d{1,2}$/.test(numMedia) || Number(numMedia) > MAX_MEDIA) return { ok: false, reason: `NumMedia is not a count from 0 to ${MAX_MEDIA}.` };

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
    if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) return { ok: false, reason: `MediaUrl${i} is missing or is not an http(s) URL.` };
    if (!contentType || !/^[\w.+-]+\/[\w.+-]+(;.{0,100})?$/.test(contentType)) return { ok: false, reason: `MediaContentType${i} is missing or is not a media type.` };
    media.push({ url: url!, contentType });
  }

  let text = body;
  if (!text.trim()) {
    const parts = media.map((m) => placeholder(m.contentType));
    if (!parts.length && p('Latitude') && p('Longitude')) parts.push('[location]');
    text = parts.join(' ');
  }
  const profileName = (p('ProfileName') ?? '').trim().slice(0, 256) || null;
  return { ok: true, message: { sid, accountSid, channel, from: from.e164, to: to.e164, text, profileName, media } };
}

/** The `to`/`from` Twilio expects when replying on a channel: `whatsapp:+…` or `+…`. */
export function twilioAddress(channel: MessagingChannel, e164: string): string {
  const bare = e164.trim().replace(/^whatsapp:/, '');
  if (!E164.test(bare)) throw new Error(`"${e164.slice(0, 40)}" is not an E.164 number.`);
  return channel === 'whatsapp' ? `whatsapp:${bare}` : bare;
}
