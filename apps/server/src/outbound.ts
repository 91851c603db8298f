/**
 * Calls we place: Dial Now, scheduled callbacks and the campaigns' dialer, each call on the carrier its number is
 * mapped to.
 */
import {
  CallbackService,
  CampaignService,
  OutboundCalls,
  type Carrier,
  type EventLog,
  type OutboundLeg,
  type SessionRegistry,
} from '@livespace/app';
import type { AgentDirectory } from './agent-directory';
import type { Core } from './core';
import type { OutboundJobs } from './engine';

export interface OutboundDeps {
  /** The carrier by number (modules/compose.ts). */
  carrier: Carrier;
  registry: SessionRegistry;
  eventLog: EventLog;
  agents: AgentDirectory;
  /** A call we placed got its session. */
  onPlaced(sessionId: string, leg: OutboundLeg): void;
}

export function openOutbound({ config, log, clock, store, bus, newId, processId }: Core, deps: OutboundDeps) {
  const outbound = new OutboundCalls({
    carrier: deps.carrier,
    registry: deps.registry,
    durable: (sessionId) => deps.eventLog.flushed(5000, sessionId),
    onPlaced: deps.onPlaced,
  });
  const agent = (id: string) => deps.agents.get(id);
  const callbacks = new CallbackService({
    store,
    bus,
    clock,
    newId,
    processId,
    outbound,
    agent,
    callerId: config.LIVESPACE_CALLER_ID,
    graceMs: config.LIVESPACE_CALLBACK_GRACE_MINUTES * 60_000,
    retryMs: config.LIVESPACE_CALLBACK_RETRY_MINUTES * 60_000,
    pollMs: config.LIVESPACE_SCHEDULER_POLL_MS,
    logger: log.child({ component: 'callbacks' }),
  });
  const campaigns = new CampaignService({
    store,
    bus,
    clock,
    newId,
    processId,
    outbound,
    agent,
    callerId: config.LIVESPACE_CALLER_ID,
    tickMs: config.LIVESPACE_DIALER_TICK_MS,
    logger: log.child({ component: 'campaigns' }),
  });
  return { outbound, callbacks, campaigns };
}

/** Attempts a dead process left dialing: settled before this process dials anything. */
export async function recoverOutbound({ config, log, clock, alone }: Core, { callbacks, campaigns }: OutboundJobs) {
  // Alone: every attempt in the store is an earlier run's; else those of processes silent too long.
  const stale = () => (alone ? null : new Date(clock.now().getTime() - config.LIVESPACE_NODE_TIMEOUT_MS));
  const recovered = await callbacks.recover(stale());
  if (recovered > 0) log.info({ recovered }, 'settled callback attempts left by a stopped server');
  const settledContacts = await campaigns.recover(stale());
  if (settledContacts > 0) log.info({ settledContacts }, 'settled campaign calls left by a stopped server');
}
