/**
 * Twilio's webhooks: voice (TwiML connecting a Media Stream), call status, the Media Stream
 * WebSocket, messaging (SMS and WhatsApp) and the status callbacks of the messages we send
 * (`/webhooks/twilio/messaging/status`). Every request must carry a valid `X-Twilio-Signature` over
 * the URL Twilio called (rebuilt from PUBLIC_URL); without Twilio credentials every endpoint answers
 * 503 saying what is missing.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TwilioCarrier } from '@livespace/adapters/carrier-twilio/twilio.carrier';
import { TWILIO_PATHS } from '@livespace/adapters/carrier-twilio/twilio.carrier';
import {
  TWILIO_MESSAGE_STATUS_PATH,
  isTwilioStatusCallback,
  parseTwilioMessage,
  parseTwilioStatus,
  type InboundTwilioMessage,
  type TwilioMessageStatus,
} from '@livespace/adapters/channel-twilio-messaging/twilio-messaging.wire';
import { HttpError } from '../http/errors';

export interface TwilioRoutesDeps {
  /** Null when Twilio is not configured: `missing` names the variables to set. */
  carrier: TwilioCarrier | null;
  missing: string[];
  publicUrl: string | undefined;
  /** The agent that answers a call to `to` (a mapped number, else the default agent). */
  agentFor(to: string): string | undefined;
  /**
   * A customer's SMS or WhatsApp message (false: a duplicate delivery, taken already), or the status of a
   * message we sent (`kind: 'status'`; the answer means nothing). One callback for both so that what wires
   * these routes needs no change; a status is never taken as a message.
   */
  onMessage(m: InboundTwilioMessage | TwilioMessageStatus): Promise<boolean>;
}

const CALL_SID = /^CA[0-9a-f]{32}$/;

export function twilioRoutes(app: FastifyInstance, deps: TwilioRoutesDeps): void {
  const base = (deps.publicUrl ?? '').replace(/\/$/, '');

  const carrier = (): TwilioCarrier => {
    if (!deps.carrier)
      throw new HttpError(503, 'twilio_not_configured', `Twilio is not configured: set ${deps.missing.join(', ')}`);
    return deps.carrier;
  };

  /**
   * Twilio signs the exact URL it called with the form parameters; a forged or altered request changes nothing.
   * That URL is this process's PUBLIC_URL, or, through a load balancer, the balancer's (X-Forwarded-Proto/Host).
   */
  const checked = (req: FastifyRequest, scheme: 'http' | 'ws'): TwilioCarrier => {
    const c = carrier();
    const own = `${scheme === 'ws' ? base.replace(/^http/, 'ws') : base}${req.url}`;
    const params = scheme === 'http' ? formParams(req.body) : {};
    const sig = typeof req.headers['x-twilio-signature'] === 'string' ? req.headers['x-twilio-signature'] : undefined;
    const forwarded = forwardedUrl(req, scheme);
    if (
      !c.validSignature(sig, own, params) &&
      !(forwarded && forwarded !== own && c.validSignature(sig, forwarded, params))
    ) {
      req.log.warn({ path: req.url.split('?')[0] }, 'twilio request with a bad signature refused');
      throw new HttpError(403, 'bad_signature', 'X-Twilio-Signature does not match this request');
    }
    return c;
  };

  void app.register(async (scope) => {
    // Twilio posts forms; these routes read them (and nothing else does).
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 64 * 1024 },
      (_req, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(body as string)));
      },
    );

    scope.post(TWILIO_PATHS.voice, async (req, reply) => {
      const c = checked(req, 'http');
      const p = formParams(req.body);
      if (!CALL_SID.test(p.CallSid ?? ''))
        throw new HttpError(400, 'invalid_webhook', 'CallSid is missing or malformed');
      const leg = (req.query as Record<string, unknown>).leg;
      const agentId = p.To ? deps.agentFor(p.To) : undefined;
      const twiml =
        typeof leg === 'string' ? c.voiceTwiml(p, { legId: leg }) : c.voiceTwiml(p, agentId ? { agentId } : {});
      return reply.type('text/xml').send(twiml);
    });

    scope.post(TWILIO_PATHS.status, async (req, reply) => {
      const c = checked(req, 'http');
      const p = formParams(req.body);
      if (!CALL_SID.test(p.CallSid ?? ''))
        throw new HttpError(400, 'invalid_webhook', 'CallSid is missing or malformed');
      c.status(p);
      return reply.status(204).send();
    });

    /**
     * A status callback for a message we sent (queued, sent, delivered, read, undelivered, failed): a status, never a
     * message.
     */
    const messageStatus = async (params: Record<string, string>): Promise<void> => {
      const r = parseTwilioStatus(params);
      if (!r.ok) throw new HttpError(400, 'invalid_webhook', r.reason);
      await deps.onMessage(r.status);
    };

    // SMS and WhatsApp through Twilio: the message goes to its conversation; the AI answers with the REST API, not
    // TwiML.
    scope.post(TWILIO_PATHS.messaging, async (req, reply) => {
      checked(req, 'http');
      const params = formParams(req.body);
      // A number or Messaging Service whose status callback URL is set to this webhook posts statuses here too.
      if (isTwilioStatusCallback(params)) {
        await messageStatus(params);
        return reply.status(204).send();
      }
      const r = parseTwilioMessage(params);
      if (!r.ok) throw new HttpError(400, 'invalid_webhook', r.reason);
      if (!(await deps.onMessage(r.message))) req.log.info('duplicate message delivery ignored');
      return reply.type('text/xml').send('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    });

    // The StatusCallback every reply we send names.
    scope.post(TWILIO_MESSAGE_STATUS_PATH, async (req, reply) => {
      checked(req, 'http');
      await messageStatus(formParams(req.body));
      return reply.status(204).send();
    });

    scope.get(
      TWILIO_PATHS.media,
      {
        websocket: true,
        preValidation: async (req) => {
          checked(req, 'ws');
        },
      },
      (socket, req) => {
        const stream = carrier().acceptStream({
          send: (text) => {
            if (socket.readyState === socket.OPEN) socket.send(text);
          },
          close: () => socket.close(),
        });
        socket.on('message', (data, isBinary) => {
          // Twilio sends JSON text frames only.
          if (isBinary) return req.log.warn('binary frame on a media stream ignored');
          stream.onMessage(String(data));
        });
        socket.on('close', () => stream.onClose());
        socket.on('error', () => {});
      },
    );
  });
}

/**
 * The URL a proxy in front of us was called at, from its X-Forwarded-Proto and X-Forwarded-Host headers (null without
 * them).
 */
function forwardedUrl(req: FastifyRequest, scheme: 'http' | 'ws'): string | null {
  const first = (h: string | string[] | undefined) => (Array.isArray(h) ? h[0] : h)?.split(',')[0]?.trim();
  const host = first(req.headers['x-forwarded-host']);
  const proto = first(req.headers['x-forwarded-proto']);
  if (!host || !proto || !/^https?$/.test(proto) || !/^[\w.:-]+$/.test(host)) return null;
  const secure = proto === 'https';
  return `${scheme === 'ws' ? (secure ? 'wss' : 'ws') : proto}://${host}${req.url}`;
}

function formParams(body: unknown): Record<string, string> {
  if (!body || typeof body !== 'object') return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v;
  return out;
}
