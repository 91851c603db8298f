/**
 * The Fastify app every route is registered on: WebSockets, rate limits (in Redis with several processes), the built
 * web app, errors, body rules and security headers.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import websocket from '@fastify/websocket';
import rateLimit from '@fastify/rate-limit';
import type { Logger } from 'pino';
import { openLimitsRedis } from '@livespace/adapters/bus-redis/limits-redis';
import type { Config } from '../config';
import { installBodyRules } from './body-rules';
import { installErrorHandler } from './errors';
import { DebugRequestLog } from './request-log';
import { installSecurityHeaders } from './security-headers';
import { serveWeb } from './web-static';

/** `web`: serve the built web app when apps/web/dist exists. */
export async function createHttpApp(config: Config, log: Logger, web: boolean) {
  // Route modules take the plain FastifyInstance type; pino's Logger is a FastifyBaseLogger at run time.
  const app = Fastify({
    loggerInstance: log.child({ component: 'http' }),
    bodyLimit: 1024 * 1024,
    logController: new DebugRequestLog(),
  }) as unknown as FastifyInstance;
  app.decorateRequest('user', null);
  app.decorateRequest('login', null);
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  // Limits where a route asks for one (sign-in); none by default. With several processes the counts live in Redis.
  const limitsRedis = config.REDIS_URL ? openLimitsRedis(config.REDIS_URL) : null;
  limitsRedis?.on('error', () => {}); // an outage skips the limit (skipOnError); the bus reports it
  await app.register(rateLimit, {
    global: false,
    skipOnError: true,
    ...(limitsRedis ? { redis: limitsRedis, nameSpace: `${config.LIVESPACE_REDIS_PREFIX}limit:` } : {}),
  });
  const serving = web ? await serveWeb(app) : false;
  installErrorHandler(app, serving);
  installBodyRules(app);
  installSecurityHeaders(app, config.PUBLIC_URL?.startsWith('https://') ?? false);
  return { app, serving, limitsRedis };
}

/** Starts answering; the URL the server answers at (its port chosen by the system when PORT is 0). */
export async function listen(app: FastifyInstance, config: Config): Promise<string> {
  await app.listen({ port: config.PORT, host: config.HOST });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  return `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${port}`;
}
