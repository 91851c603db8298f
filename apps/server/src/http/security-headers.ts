/**
 * Headers every answer carries: no MIME sniffing, never framed by another site (clickjacking on the action
 * buttons), no full URLs leaked as referrers, and HSTS when the server is reached over https.
 */
import type { FastifyInstance } from 'fastify';

export function installSecurityHeaders(app: FastifyInstance, https: boolean): void {
  app.addHook('onSend', (_req, reply, payload, done) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('content-security-policy', "frame-ancestors 'none'");
    reply.header('referrer-policy', 'same-origin');
    if (https) reply.header('strict-transport-security', 'max-age=31536000');
    done(null, payload);
  });
}
