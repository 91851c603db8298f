/**
 * Twilio Media Streams on the wire (JSON text frames; docs/protocols.md): what Twilio sends, parsed and
 * checked into typed events, and what we send back (media, mark, clear). Nothing else reads raw frames.
 */
import { z } from 'zod';
import { FRAME_BYTES } from '@livespace/app';

const seq = z.string().regex(/^\d+$/).optional();
const Connected = z.object({ event: z.literal('connected') });
const Start = z.object({
  event: z.literal('start'),
  sequenceNumber: seq,
  streamSid: z.string().min(1).max(64),
  start: z.object({
    streamSid: z.string().min(1).max(64),
    accountSid: z.string().min(1).max(64),
    callSid: z.string().min(1).max(64),
    tracks: z.array(z.string()).optional(),
    customParameters: z.record(z.string(), z.string().max(512)).default({}),
    mediaFormat: z.object({ encoding: z.string(), sampleRate: z.number(), channels: z.number() }).optional(),
  }),
});
const Media = z.object({
  event: z.literal('media'),
  sequenceNumber: seq,
  streamSid: z.string(),
  media: z.object({
    track: z.string().optional(),
    chunk: z.string().optional(),
    timestamp: z.string().optional(),
    payload: z.string().max(64_000),
  }),
});
const Dtmf = z.object({
  event: z.literal('dtmf'),
  streamSid: z.string(),
  dtmf: z.object({ digit: z.string().regex(/^[0-9*#A-D]$/), track: z.string().optional() }),
});
const Mark = z.object({
  event: z.literal('mark'),
  streamSid: z.string(),
  mark: z.object({ name: z.string().max(256) }),
});
const Stop = z.object({
  event: z.literal('stop'),
  streamSid: z.string(),
  stop: z.object({ callSid: z.string().optional() }).optional(),
});

const Inbound = z.discriminatedUnion('event', [Connected, Start, Media, Dtmf, Mark, Stop]);

type StreamStart = z.infer<typeof Start>['start'];

/** A Twilio Media Streams message, checked. Media carries its decoded μ-law bytes. */
export type StreamEvent =
  | { event: 'connected' }
  | { event: 'start'; streamSid: string; start: StreamStart }
  | { event: 'media'; streamSid: string; audio: Uint8Array }
  | { event: 'dtmf'; streamSid: string; digit: string }
  | { event: 'mark'; streamSid: string; name: string }
  | { event: 'stop'; streamSid: string };

export type ParseResult = { ok: true; event: StreamEvent } | { ok: false; reason: string };

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Parses one text frame from Twilio; anything malformed is refused with a reason (and changes nothing). */
export function parseStreamMessage(text: string): ParseResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  // Media is 50 messages a second per call: checked by hand, the rest through the schema.
  const fast = json as { event?: unknown; streamSid?: unknown; media?: { payload?: unknown } } | null;
  if (
    fast?.event === 'media' &&
    typeof fast.streamSid === 'string' &&
    typeof fast.media?.payload === 'string' &&
    fast.media.payload.length <= 64_000
  ) {
    return mediaEvent(fast.streamSid, fast.media.payload);
  }
  const r = Inbound.safeParse(json);
  if (!r.success)
    return {
      ok: false,
      reason: `not a Media Streams message (${r.error.issues[0]?.path.join('.') || 'event'}: ${r.error.issues[0]?.message ?? 'invalid'})`,
    };
  const m = r.data;
  switch (m.event) {
    case 'connected':
      return { ok: true, event: { event: 'connected' } };
    case 'start':
      if (
        m.start.mediaFormat &&
        (m.start.mediaFormat.encoding !== 'audio/x-mulaw' || m.start.mediaFormat.sampleRate !== 8000)
      ) {
        return {
          ok: false,
          reason: `unsupported media format ${m.start.mediaFormat.encoding}/${m.start.mediaFormat.sampleRate}`,
        };
      }
      return { ok: true, event: { event: 'start', streamSid: m.streamSid, start: m.start } };
    case 'media':
      return mediaEvent(m.streamSid, m.media.payload);
    case 'dtmf':
      return { ok: true, event: { event: 'dtmf', streamSid: m.streamSid, digit: m.dtmf.digit } };
    case 'mark':
      return { ok: true, event: { event: 'mark', streamSid: m.streamSid, name: m.mark.name } };
    case 'stop':
      return { ok: true, event: { event: 'stop', streamSid: m.streamSid } };
  }
}

function mediaEvent(streamSid: string, payload: string): ParseResult {
  if (payload.length % 4 !== 0 || !BASE64.test(payload)) return { ok: false, reason: 'media payload is not base64' };
  return { ok: true, event: { event: 'media', streamSid, audio: new Uint8Array(Buffer.from(payload, 'base64')) } };
}

/** Splits caller audio into 20 ms frames (Twilio sends 160 bytes per message, but nothing promises it). */
export function* frames(audio: Uint8Array): Generator<Uint8Array> {
  for (let at = 0; at + FRAME_BYTES <= audio.length; at += FRAME_BYTES) yield audio.subarray(at, at + FRAME_BYTES);
}

export function mediaMessage(streamSid: string, frame: Uint8Array): string {
  return `{"event":"media","streamSid":${JSON.stringify(streamSid)},"media":{"payload":"${Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength).toString('base64')}"}}`;
}

export function markMessage(streamSid: string, name: string): string {
  return JSON.stringify({ event: 'mark', streamSid, mark: { name } });
}

export function clearMessage(streamSid: string): string {
  return JSON.stringify({ event: 'clear', streamSid });
}
