/**
 * What every part of the server is built on: the logger, the clock, the media plane, the metrics, ids, the store and
 * the bus, and this process's id.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { systemClock, type Bus, type Clock } from '@livespace/app';
import type { PostgresStore } from '@livespace/adapters/store-postgres/postgres.store';
import { MemoryBus } from '@livespace/adapters/bus-memory/memory.bus';
import { RedisBus } from '@livespace/adapters/bus-redis/redis.bus';
import { WorkerMediaPlane } from '@livespace/adapters/media/worker-media-plane';
import type { Config } from './config';
import { createLogger, logFormat, prettyDestination } from './logger';
import { createMetrics, type Metrics } from './metrics';
import { openStore } from './open-store';

export interface Core {
  config: Config;
  log: Logger;
  clock: Clock;
  /** Every call's audio is paced and mixed in worker threads, never on this loop (started with the first call). */
  plane: WorkerMediaPlane;
  metrics: Metrics;
  /** A new id: `<prefix>_` and 20 hex digits. */
  newId(prefix: string): string;
  store: PostgresStore;
  bus: Bus;
  /**
   * Alone: no shared bus, so no other process can be running beside this one — every live session, held callback and
   * dialing campaign in the store is this process's (an earlier run's). With Redis, others may be: only what a silent
   * process left is taken over, and commands go to the process that owns a session.
   */
  alone: boolean;
  /** This process, as the other processes and the store's `nodes` table know it. */
  processId: string;
}

export interface CoreOptions {
  logger?: Logger;
  clock?: Clock;
  /** The store, already being opened; else opened here. */
  store?: Promise<PostgresStore>;
}

export async function openCore(config: Config, opts: CoreOptions): Promise<Core> {
  const format = logFormat(config.LOG_FORMAT, { isTTY: process.stdout.isTTY === true, nodeEnv: config.NODE_ENV });
  const log = opts.logger ?? createLogger(config.LOG_LEVEL, format === 'pretty' ? prettyDestination() : undefined);
  const clock = opts.clock ?? systemClock;
  const plane = new WorkerMediaPlane({
    threads: config.LIVESPACE_MEDIA_THREADS,
    onError: (err) => log.error({ err }, 'a media plane thread failed; its calls lost their audio'),
  });
  void plane.start();
  const metrics = createMetrics(plane);
  const newId = (prefix: string) => `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 20)}`;

  const store = await (opts.store ?? openStore(config));
  await store.migrate();
  const bus: Bus = config.REDIS_URL
    ? await RedisBus.open(config.REDIS_URL, config.LIVESPACE_REDIS_PREFIX)
    : new MemoryBus();
  return { config, log, clock, plane, metrics, newId, store, bus, alone: !config.REDIS_URL, processId: newId('node') };
}
