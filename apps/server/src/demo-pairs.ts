/** Which personas call which demo agent, and how often, so the demo's conversations make sense. */
import type { Agent } from '@livespace/protocol';
import type { PersonaName } from '@livespace/domain';
import type { DemoPersona } from '@livespace/adapters/carrier-simulator/demo-traffic';

type Mix = Array<[PersonaName, number, 'books a callback' | '']>;

/**
 * Per seed agent, the callers whose story fits its flow (what each persona does with each agent is the
 * table in packages/domain/src/persona.test.ts). About one caller in twelve asks for a person (some more end
 * with a person when the AI does not understand them): a contact center where the AI handles most of it, and a queue
 * the simulated human agents can keep up with. `books a callback`: the conversation ends with one scheduled; the demo
 * places those only while there is room under LIVESPACE_DEMO_CALLBACKS, so they do not pile up (the others fill in).
 */
const BY_NAME: Array<[RegExp, Mix]> = [
  // Customers who owe: most settle on a plan, some pay in full, some want a call later.
  [
    /collect/i,
    [
      ['overdue', 5, ''],
      ['interested', 2, ''],
      ['callback', 2, 'books a callback'],
      ['wants_human', 0.8, ''],
    ],
  ],
  // Patients: mostly appointments; the clinic's flow sends an overdue bill to a callback, so no `overdue` here.
  [
    /clinic/i,
    [
      ['interested', 6, ''],
      ['callback', 2, 'books a callback'],
      ['wants_human', 0.8, ''],
    ],
  ],
  // Prospects: an interested one books an advisor's call back, so a full callback list leaves mostly the uninterested.
  [
    /sales/i,
    [
      ['interested', 4, 'books a callback'],
      ['not_interested', 4, ''],
      ['callback', 1, 'books a callback'],
      ['wants_human', 0.7, ''],
    ],
  ],
];

export function demoPairs(
  agents: readonly Agent[],
  fallback: readonly PersonaName[],
): Array<{ agentId: string; personas: readonly DemoPersona[] }> {
  const even: DemoPersona[] = fallback.map((persona) => ({
    persona,
    weight: 1,
    booksCallback: persona === 'callback',
  }));
  return agents.map((a) => {
    const mix = BY_NAME.find(([re]) => re.test(a.name))?.[1];
    return {
      agentId: a.id,
      personas: mix ? mix.map(([persona, weight, books]) => ({ persona, weight, booksCallback: books !== '' })) : even,
    };
  });
}
