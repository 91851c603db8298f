/**
 * Meta's WhatsApp Cloud API webhook: the subscription check (verify token) and the events, each checked
 * with `X-Hub-Signature-256` over the raw bytes received. Without the WhatsApp settings both answer 503
 * naming what is missing. Meta wants a quick 200: messages are handed on, not awaited.
 */
import type { FastifyInstance } from 'fastify';
import {
  checkSignature,
  checkSubscription,
  parseWebhook,
  type InboundWhatsApp,
  type WhatsAppStatus,
} from '@livespace/adapters/channel-whatsapp/whatsapp.wire';
import { HttpError } from '../http/errors';

export interface WhatsAppRoutesDeps {
  verifyToken: string | undefined;
  appSecret: string | undefined;
  /** Null when sending is not configured (WHATSAPP_ACCESS_TOKEN, WHATSAPP_PHONE_NUMBER_ID). */
  ready: boolean;
  missing: string[];
  /**
   * A customer's message, edit, deletion, reaction, number change or welcome request; false: a delivery taken already.
   */
  onEvent(e: InboundWhatsApp): Promise<boolean>;
  onStatus(s: WhatsAppStatus): Promise<void>;
}

export function whatsappRoutes(app: FastifyInstance, deps: WhatsAppRoutesDeps): void {
  const unconfigured = () =>
    new HttpError(503, 'whatsapp_not_configured', `WhatsApp is not configured: set ${deps.missing.join(', ')}`);

  void app.register(async (scope) => {
    // The signature covers the exact bytes Meta sent: the body is kept raw here and parsed after the check.
    scope.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: 1024 * 1024 }, (_req, body, done) =>
      done(null, body),
    );

    scope.get('/webhooks/whatsapp', async (req, reply) => {
      if (!deps.verifyToken) throw unconfigured();
      const r = checkSubscription(req.query as Record<string, unknown>, deps.verifyToken);
      if (!r.ok)
        throw new HttpError(
          403,
          'bad_verify_token',
          'hub.verify_token does not match, or this is not a subscription request',
        );
      return reply.type('text/plain').send(r.challenge);
    });

    scope.post('/webhooks/whatsapp', async (req, reply) => {
      if (!deps.appSecret || !deps.ready) throw unconfigured();
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.from('');
      const sig = req.headers['x-hub-signature-256'];
      if (!checkSignature(deps.appSecret, raw, typeof sig === 'string' ? sig : undefined)) {
        req.log.warn('whatsapp webhook with a bad signature refused');
        throw new HttpError(403, 'bad_signature', 'X-Hub-Signature-256 does not match this body');
      }
      let json: unknown;
      try {
        json = JSON.parse(raw.toString('utf8'));
      } catch {
        throw new HttpError(400, 'malformed_body', 'The body is not JSON');
      }
      // Only a body that is not a WhatsApp webhook is refused: a part that cannot be read is skipped (Meta retries
      // anything but a 200).
      const r = parseWebhook(json);
      if (!r.ok) throw new HttpError(400, 'invalid_webhook', r.reason);
      if (r.skipped.length > 0) req.log.warn({ skipped: r.skipped }, 'parts of a whatsapp webhook were skipped');
      let duplicates = 0;
      for (const m of r.messages) if (!(await deps.onEvent(m))) duplicates++;
      for (const st of r.statuses) await deps.onStatus(st);
      if (duplicates > 0) req.log.info({ duplicates }, 'duplicate message deliveries ignored');
      return reply
        .status(200)
        .send({ received: r.messages.length, statuses: r.statuses.length, skipped: r.skipped.length });
    });
  });
}
