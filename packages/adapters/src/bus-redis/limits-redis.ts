/**
 * A Redis connection for counters shared by several processes (the sign-in limit of @fastify/rate-limit).
 * It fails fast instead of queueing while Redis is away: the limit is skipped then, never the sign-in.
 */
import { Redis } from 'ioredis';

export function openLimitsRedis(url: string): Redis {
  return new Redis(url, { connectTimeout: 1000, maxRetriesPerRequest: 1, enableOfflineQueue: false });
}
