/**
 * Human agents: the escalation queue, the queues an admin configured, and the queues' live figures pushed on the
 * `queues` topic (they follow every change, on every process).
 */
import {
  Escalations,
  QueueAdmin,
  QueueStatsService,
  type EventLog,
  type PresenceService,
  type SupervisorActions,
} from '@livespace/app';
import { flowQueues, type AgentDirectory } from './agent-directory';
import type { UserAccounts } from './auth/user-accounts';
import type { Core } from './core';
import type { LiveGateway } from './live/gateway';

export interface HumanAgentsDeps {
  actions: SupervisorActions;
  presence: PresenceService;
  gateway: LiveGateway;
  accounts: UserAccounts;
  eventLog: EventLog;
  agents: AgentDirectory;
}

export async function startHumanAgents(
  { config, log, clock, store, bus, newId, metrics }: Core,
  deps: HumanAgentsDeps,
) {
  const { actions, presence, gateway, accounts, eventLog, agents } = deps;
  const escalations = new Escalations({
    store,
    clock,
    actions,
    presence,
    eventLog,
    newId,
    view: { escalation: (id) => gateway.openEscalation(id), presence: (userId) => gateway.presenceOf(userId) },
    onClaimWon: ({ wait, decide, handOver, parts }) => {
      metrics.claimStages.observe({ stage: 'wait' }, wait / 1000);
      metrics.claimStages.observe({ stage: 'decide' }, decide / 1000);
      metrics.claimStages.observe({ stage: 'hand_over' }, handOver / 1000);
      // The hand-over's parts, run at once (so they overlap): hand_over_commit, hand_over_record, hand_over_busy.
      for (const [part, ms] of Object.entries(parts))
        if (ms !== undefined) metrics.claimStages.observe({ stage: `hand_over_${part}` }, ms / 1000);
    },
  });
  // Queues an admin configured (service level, order, members); their figures follow every change, on every process.
  const queueAdmin: QueueAdmin = new QueueAdmin({
    store,
    bus,
    clock,
    defaultSlaSeconds: config.LIVESPACE_SLA_SECONDS,
    knownQueues: () => queueStats.names(),
    membersChanged: (userIds) => accounts.queuesChanged(userIds),
    onChanged: () => queueStats.changed(),
  });
  const queueStats: QueueStatsService = new QueueStatsService({
    store,
    clock,
    opts: {
      slaSeconds: config.LIVESPACE_SLA_SECONDS,
      shortAbandonSeconds: 5,
      resetTime: config.LIVESPACE_QUEUE_DAY_START,
      timeZone: config.LIVESPACE_QUEUE_TIMEZONE,
    },
    knownQueues: () => flowQueues(agents.all()),
    configured: () => queueAdmin.configured(),
    order: (names) => queueAdmin.order(names),
    presence: () => gateway.allPresence(),
    onStats: (stats) => gateway.setQueues(stats),
    onError: (err) => log.error({ err }, 'queue figures failed'),
  });
  gateway.onUserConnected = (user) => {
    if (user.role === 'agent')
      presence
        .returned([user.id])
        .catch((err: unknown) => log.error({ err }, "restoring a returning agent's presence failed"));
  };
  gateway.onQueuesMoved = (escalation) => (escalation ? queueStats.record(escalation) : queueStats.changed());
  await queueAdmin.start();
  await queueStats.load();
  queueStats.changed();
  return { escalations, queueAdmin, queueStats };
}
