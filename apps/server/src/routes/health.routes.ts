/** Liveness of the store and the bus, and Prometheus metrics. */
import type { FastifyInstance } from 'fastify';
import type { Bus, Store } from '@livespace/app';
import type { Metrics } from '../metrics';

/** An event waiting this long for its commit means the event log is not getting through: the process is unhealthy. */
const STUCK_COMMIT_MS = 10_000;

export function healthRoutes(app: FastifyInstance, store: Store, bus: Bus, metrics: Metrics, events: { oldestWaitMs: number } = { oldestWaitMs: 0 }): void {
  app.get('/healthz', async (_req, reply) => {
    const check = async (p: Promise<void>) => p.then(() => 'ok', () => 'down');
    const [s, b] = await Promise.all([check(store.ping()), check(bus.ping())]);
    // The store may answer a ping while commits do not get through (a refused batch, a lock): that is unhealthy too.
    const commits = events.oldestWaitMs > STUCK_COMMIT_MS ? 'stuck' : 'ok';
    const ok = s === 'ok' && b === 'ok' && commits === 'ok';
    return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'degraded', store: s, bus: b, commits, storeKind: store.kind, busKind: bus.kind });
  });

  app.get('/metrics', async (_req, reply) => {
    return reply.header('content-type', metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}
