/** Liveness of the store and the bus, and Prometheus metrics. */
import type { FastifyInstance } from 'fastify';
import type { Bus, Store } from '@livespace/app';
import type { Metrics } from '../metrics';

export function healthRoutes(app: FastifyInstance, store: Store, bus: Bus, metrics: Metrics): void {
  app.get('/healthz', async (_req, reply) => {
    const check = async (p: Promise<void>) => p.then(() => 'ok', () => 'down');
    const [s, b] = await Promise.all([check(store.ping()), check(bus.ping())]);
    return reply.status(s === 'ok' && b === 'ok' ? 200 : 503).send({ status: s === 'ok' && b === 'ok' ? 'ok' : 'degraded', store: s, bus: b, storeKind: store.kind, busKind: bus.kind });
  });

  app.get('/metrics', async (_req, reply) => {
    return reply.header('content-type', metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}
