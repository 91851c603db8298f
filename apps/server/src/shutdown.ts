/**
 * Stopping a server, in order: the work that starts calls first, then the live sessions (ended), the carriers, the
 * caches, the event log (its last commits), the gateway and HTTP, the providers, the recordings (finished), and last
 * the media plane, the bus and the store.
 */
import type { FastifyInstance } from 'fastify';
import type { CommandRouter, QueueAdmin, QueueStatsService, SupervisorActions } from '@livespace/app';
import type { AgentDirectory } from './agent-directory';
import type { UserAccounts } from './auth/user-accounts';
import type { BackgroundJobs } from './background-jobs';
import type { Core } from './core';
import type { Demo } from './demo';
import type { Engine, OutboundJobs } from './engine';
import type { LiveGateway } from './live/gateway';
import type { Providing, Vendors } from './modules/compose';
import type { Messaging } from './modules/messaging';
import type { NumberDirectory } from './number-directory';
import type { Recordings } from './recordings';

export interface Running {
  demo: Demo | null;
  background: BackgroundJobs;
  jobs: OutboundJobs;
  engine: Engine;
  queueStats: QueueStatsService;
  queueAdmin: QueueAdmin;
  vendors: Vendors;
  messaging: Messaging;
  numbers: NumberDirectory;
  agents: AgentDirectory;
  accounts: UserAccounts;
  gateway: LiveGateway;
  app: FastifyInstance;
  router: CommandRouter | undefined;
  actions: SupervisorActions;
  providing: Providing;
  recorder: Recordings;
  /** The rate limits' Redis connection, with several processes. */
  limitsRedis: { disconnect(): void } | null;
}

export async function shutdown({ plane, bus, store }: Core, r: Running): Promise<void> {
  r.demo?.stop();
  await r.background.retention.close();
  r.jobs.callbacks.close();
  r.jobs.campaigns.close();
  clearInterval(r.engine.heartbeat);
  clearInterval(r.background.presenceSweep);
  clearInterval(r.background.loginSweep);
  r.queueStats.close();
  r.engine.registry.endAll('server_shutdown');
  r.engine.postCall.close();
  await r.vendors.close();
  await r.messaging.close();
  await r.numbers.close();
  await r.agents.close();
  await r.accounts.close();
  await r.queueAdmin.close();
  await r.engine.eventLog.close();
  await r.gateway.close();
  await r.engine.interest?.close();
  await r.app.close();
  await r.router?.close();
  r.actions.close();
  await r.providing.close();
  // Calls that ended just now: their recordings are finished (kept, uploaded) before the plane stops.
  await r.recorder.service.drain();
  r.recorder.close();
  await plane.close();
  r.limitsRedis?.disconnect();
  await bus.close();
  await store.close();
}
