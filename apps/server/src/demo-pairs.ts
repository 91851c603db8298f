/** Which personas call which demo agent, so the demo's conversations make sense. */
import type { Agent } from '@livespace/protocol';
import type { PersonaName } from '@livespace/domain';

const BY_NAME: Array<[RegExp, PersonaName[]]> = [
  [/collect/i, ['overdue', 'overdue', 'wants_human', 'callback']],
  [/clinic/i, ['callback', 'wants_human', 'interested']],
  [/sales/i, ['interested', 'not_interested', 'callback', 'wants_human']],
];

export function demoPairs(agents: readonly Agent[], fallback: readonly PersonaName[]): Array<{ agentId: string; personas: readonly PersonaName[] }> {
  return agents.map((a) => ({ agentId: a.id, personas: BY_NAME.find(([re]) => re.test(a.name))?.[1] ?? fallback }));
}
