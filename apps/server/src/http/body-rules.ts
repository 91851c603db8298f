/** What every request body goes through before its route: bodiless JSON taken as no body, text made valid. */
import type { FastifyInstance } from 'fastify';
import { validDeep, validText } from '@livespace/protocol';

/**
 * JSON bodies as Fastify parses them, except that an empty body is no body: a bodiless action (take over,
 * resume, end) sent with a JSON content type, as browsers' fetch wrappers and curl users do, reaches its
 * route, which then answers for the session (409 in a wrong state), not 400 for the framing.
 */
function acceptEmptyJson(app: FastifyInstance): void {
  app.addHook('onRequest', (req, _reply, done) => {
    const h = req.headers;
    const empty = !h['transfer-encoding'] && (h['content-length'] === undefined || h['content-length'] === '0');
    if (empty && h['content-type']?.startsWith('application/json')) delete h['content-type'];
    done();
  });
}

/**
 * Every string in a JSON body, the path and the query made valid (no NUL, no lone surrogate) before any route
 * sees it, so what a person or a script sends can always be stored or looked up. Webhooks are left as they came: their
 * signatures are over the exact bytes (what they deliver is made valid where it enters a session).
 */
function validBodies(app: FastifyInstance): void {
  app.addHook('preValidation', (req, _reply, done) => {
    if (req.body !== undefined && req.body !== null && !req.url.startsWith('/webhooks/'))
      req.body = validDeep(req.body);
    // Ids in the path and the query too: `/api/sessions/%00` is a session that does not exist (404), not a database
    // error.
    cleanInPlace(req.params);
    cleanInPlace(req.query);
    done();
  });
}

/** Strings of a flat object (route params, a query string) made valid where they are. */
function cleanInPlace(o: unknown): void {
  if (!o || typeof o !== 'object') return;
  const rec = o as Record<string, unknown>;
  for (const [k, v] of Object.entries(rec)) {
    if (typeof v === 'string') rec[k] = validText(v);
    else if (Array.isArray(v)) rec[k] = v.map((x) => (typeof x === 'string' ? validText(x) : x));
  }
}

export function installBodyRules(app: FastifyInstance): void {
  acceptEmptyJson(app);
  validBodies(app);
}
