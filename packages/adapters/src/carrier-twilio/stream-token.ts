/**
 * Binds a Media Stream to the call Twilio asked us about: the TwiML we answer carries a token, an
 * HMAC (keyed with the auth token) over the call's sid and the stream's parameters, which the stream's
 * `start` must bring back unchanged. A stream made up by anyone else, or replayed for another call, is refused.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function streamToken(authToken: string, callSid: string, params: Record<string, string>): string {
  const fields = Object.keys(params)
    .sort()
    .map((k) => [k, params[k]]);
  return createHmac('sha256', authToken)
    .update(JSON.stringify([callSid, fields]))
    .digest('base64url');
}

/** Checks a stream's parameters (the token among them) against its call sid. */
export function checkStreamToken(authToken: string, callSid: string, custom: Record<string, string>): boolean {
  const { token, ...params } = custom;
  if (!token) return false;
  const want = Buffer.from(streamToken(authToken, callSid, params));
  const got = Buffer.from(token);
  return got.length === want.length && timingSafeEqual(got, want);
}
