/** What the transfer dialog offers, pure: the human agents available now and the known queue names. */
import type { HumanAgentPresence, QueueStats } from '@livespace/protocol/escalation';

/**
 * The human agents to offer: available now and not holding the session, by name. The one picked (`keep`) stays
 * listed whatever its status becomes meanwhile, so a change is seen (and the server says why) rather than the
 * choice silently vanishing.
 */
export function transferHumanAgents(
  items: readonly HumanAgentPresence[],
  holderId: string | null,
  keep = '',
): HumanAgentPresence[] {
  return items
    .filter((p) => p.userId !== holderId && (p.status === 'available' || p.userId === keep))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Queue names to suggest: the queues' live figures and the agents' queues, once each, sorted. */
export function queueNames(queues: readonly QueueStats[], agents: readonly HumanAgentPresence[]): string[] {
  return [...new Set([...queues.map((q) => q.name), ...agents.flatMap((a) => a.queues)])].sort();
}
