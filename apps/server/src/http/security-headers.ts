/**
 * Headers every answer carries: no MIME sniffing, never framed by another site (clickjacking on the action
 * buttons), no full URLs leaked as referrers, a Content-Security-Policy that lets the page run only this
 * server's own script and style, and HSTS when the server is reached over https.
 */
import type { FastifyInstance } from 'fastify';

/**
 * What the built web app (apps/web/dist) needs, and nothing more; tests/browser/csp.browser.test.ts visits
 * every view under it and fails on any violation.
 * - script-src 'self': one module script from /assets; no inline script, no eval (nothing in the bundle needs it).
 * - style-src 'self': one stylesheet from /assets; no `<style>` is injected at runtime. React's `style={…}` props
 *   are set through the CSSOM, which CSP does not govern, so no 'unsafe-inline' is needed.
 * - img-src data: only for the favicon, an inline SVG in index.html.
 * - connect-src 'self': fetch to /api and the live WebSocket (ws:/wss: on this same host), which 'self' matches
 *   under CSP3 (Chromium 71+, Firefox, Safari 16+). Deliberately not the bare `ws: wss:` schemes, which would let
 *   a script talk to a WebSocket on any host. The call audio heard when listening is a WebRTC MediaStream given
 *   to `<audio>.srcObject`: not a URL load, so media-src stays at the default.
 * - No plugins, no `<base>` rewriting, forms post only here, never framed (the same as X-Frame-Options: DENY).
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function installSecurityHeaders(app: FastifyInstance, https: boolean): void {
  app.addHook('onSend', (_req, reply, payload, done) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    reply.header('referrer-policy', 'same-origin');
    if (https) reply.header('strict-transport-security', 'max-age=31536000');
    done(null, payload);
  });
}
