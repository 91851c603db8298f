/** Fastify's per-request log lines, at debug: at info every poll and asset drowned what an operator needs to read. */
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * Fastify logs each request twice at info ("incoming request", "request completed"); here both go to debug
 * (LOG_LEVEL=debug shows them again). A request that failed stays at error, and the error handler (errors.ts)
 * logs server errors whatever the level.
 */
export class DebugRequestLog extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(error: Error | null | undefined, _request: FastifyRequest, reply: FastifyReply): void {
    if (error) reply.log.error({ res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}
