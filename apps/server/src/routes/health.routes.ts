/** Liveness of the store and the bus, and Prometheus metrics. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from '../http/errors';
import type { Bus, Store } from '@livespace/app';
import type { Metrics } from '../metrics';

/** An event waiting this long for its commit means the event log is not getting through: the process is unhealthy. */
const STUCK_COMMIT_MS = 10_000;

const digest = (s: string) => createHash('sha256').update(s).digest();
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Who may read `/metrics` (call counts, queue figures, latencies): with LIVESPACE_METRICS_TOKEN set, whoever sends
 * it as a bearer token; without one, only this machine (a Prometheus agent beside the server). Behind a reverse
 * proxy on the same machine every request looks local: set the token there.
 */
function mayReadMetrics(req: FastifyRequest, token: string | undefined): boolean {
  if (!token) return LOOPBACK.has(req.socket.remoteAddress ?? '');
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') === true && timingSafeEqual(digest(h.slice(7).trim()), digest(token));
}

export function healthRoutes(
  app: FastifyInstance,
  store: Store,
  bus: Bus,
  metrics: Metrics,
  events: { oldestWaitMs: number } = { oldestWaitMs: 0 },
  metricsToken?: string,
): void {
  app.get('/healthz', async (_req, reply) => {
    const check = async (p: Promise<void>) =>
      p.then(
        () => 'ok',
        () => 'down',
      );
    const [s, b] = await Promise.all([check(store.ping()), check(bus.ping())]);
    // The store may answer a ping while commits do not get through (a refused batch, a lock): that is unhealthy too.
    const commits = events.oldestWaitMs > STUCK_COMMIT_MS ? 'stuck' : 'ok';
    const ok = s === 'ok' && b === 'ok' && commits === 'ok';
    return reply
      .status(ok ? 200 : 503)
      .send({ status: ok ? 'ok' : 'degraded', store: s, bus: b, commits, storeKind: store.kind, busKind: bus.kind });
  });

  app.get('/metrics', async (req, reply) => {
    if (!mayReadMetrics(req, metricsToken)) {
      throw new HttpError(
        401,
        'unauthorized',
        metricsToken
          ? 'Send the metrics token: Authorization: Bearer <LIVESPACE_METRICS_TOKEN>'
          : 'Metrics are served to this machine only; set LIVESPACE_METRICS_TOKEN to read them from elsewhere',
      );
    }
    return reply.header('content-type', metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}
