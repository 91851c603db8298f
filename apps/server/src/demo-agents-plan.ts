/**
 * The demo's simulated human agents, as pure decisions: who they are, which waiting escalation each free one
 * claims, and what one holding a call does next. Time and randomness come in as arguments; demo-agents.ts
 * carries the decisions out through the same use cases a person's requests go through.
 */
import type { Resolution } from '@livespace/protocol';

/** Marks every simulated agent, in its name and its email, so nobody takes one for a person. */
const SIMULATED_SUFFIX = ' (simulated)';
const SIMULATED_EMAIL_DOMAIN = 'demo.livespace.local';

const NAMES = [
  'Maya Chen',
  'Leo Park',
  'Ada Ruiz',
  'Sam Okafor',
  'Noor Haddad',
  'Ivan Petrov',
  'Lena Vogel',
  'Tom Brennan',
  'Aiko Tanaka',
  'Omar Said',
];

export interface SimulatedHumanAgentSpec {
  name: string;
  email: string;
  queues: string[];
}

/**
 * `count` simulated agents over `queues`: one specialist per queue in turn, then one who works them all, and
 * again; so even a few cover every queue, and the specialists take their queue's calls first (see assignClaims).
 */
export function simulatedRoster(count: number, queues: readonly string[]): SimulatedHumanAgentSpec[] {
  if (queues.length === 0) return [];
  return Array.from({ length: count }, (_, i) => {
    const first = NAMES[i % NAMES.length]!;
    const round = Math.floor(i / NAMES.length);
    const slot = i % (queues.length + 1);
    const base = first.split(' ')[0]!.toLowerCase();
    return {
      name: `${first}${round ? ` ${round + 1}` : ''}${SIMULATED_SUFFIX}`,
      email: `sim-${base}${round ? round + 1 : ''}@${SIMULATED_EMAIL_DOMAIN}`,
      queues: slot < queues.length ? [queues[slot]!] : [...queues],
    };
  });
}

export interface FreeHumanAgent {
  userId: string;
  queues: readonly string[];
  /** When it became free (ms): the one free longest takes the next call, as in a real queue. */
  freeSince: number;
}

export interface WaitingItem {
  id: string;
  queue: string;
  waitingSince: string;
}

/**
 * Pairs waiting escalations (in the queue's order: priority, then wait) with free simulated agents. An escalation
 * is taken only once it has waited `pickupMs`: a person at their screen gets the first chance, and an agent takes a
 * moment to answer. Among the agents of its queue, the specialist (fewest queues) goes first, then who has been
 * free longest; each agent takes one call.
 */
export function assignClaims(
  waiting: readonly WaitingItem[],
  free: readonly FreeHumanAgent[],
  now: number,
  pickupMs: number,
): Array<{ userId: string; escalationId: string }> {
  const left = [...free];
  const claims: Array<{ userId: string; escalationId: string }> = [];
  for (const e of waiting) {
    if (now - Date.parse(e.waitingSince) < pickupMs) continue;
    const fits = left
      .filter((a) => a.queues.includes(e.queue))
      .sort(
        (a, b) => a.queues.length - b.queues.length || a.freeSince - b.freeSince || a.userId.localeCompare(b.userId),
      );
    const agent = fits[0];
    if (!agent) continue;
    left.splice(left.indexOf(agent), 1);
    claims.push({ userId: agent.userId, escalationId: e.id });
  }
  return claims;
}

/** A call a simulated agent holds. Times in ms. */
export interface Held {
  claimedAt: number;
  /** When it completes the escalation: the handle time after the claim. */
  doneAt: number;
  /** When it last said something: callers hang up after a long silence, so it keeps talking now and then. */
  lastSaidAt: number;
  saidGoodbye: boolean;
}

export type HeldStep =
  | { type: 'wait' }
  | { type: 'say'; text: string; goodbye: boolean }
  | { type: 'complete'; resolution: Resolution; notes: string };

/** Say goodbye this long before completing, so the caller hears it before the line closes. */
export const GOODBYE_BEFORE_MS = 4000;
/** Longest silence towards a held caller (virtual callers give up after 45 s without hearing anything). */
export const SAY_EVERY_MS = 20_000;

const WORKING_LINES = [
  'Let me look into that for you.',
  'Thanks for waiting, I am checking that now.',
  'Okay, I can see it here. One more moment.',
];

/** How the simulated agents' calls end, by share of `rnd` in [0, 1): most are resolved. */
const OUTCOMES: Array<[number, Resolution, string]> = [
  [0.75, 'resolved', 'Simulated agent: answered the question'],
  [0.93, 'follow_up', 'Simulated agent: a follow-up is needed'],
  [1, 'unresolved', 'Simulated agent: could not resolve it'],
];

export function outcomeFor(rnd: number): { resolution: Resolution; notes: string } {
  const [, resolution, notes] = OUTCOMES.find(([upTo]) => rnd < upTo) ?? OUTCOMES.at(-1)!;
  return { resolution, notes };
}

/** A handle time in `[min, max]` ms for `rnd` in [0, 1). */
export function handleTimeMs(range: readonly [number, number], rnd: number): number {
  return Math.round(range[0] + (range[1] - range[0]) * rnd);
}

/** The greeting when the agent picks up: a caller who asked for a person then says why they called. */
export function greeting(name: string): string {
  return `Hi, this is ${name.replace(SIMULATED_SUFFIX, '').split(' ')[0]}. How can I help you today?`;
}

/**
 * What an agent holding a call does at `now`: complete it when its time is up (at once when the caller has
 * gone: nothing left to say), say goodbye just before, say something when the caller has heard nothing for a
 * while, else wait.
 */
export function heldStep(h: Held, now: number, sessionEnded: boolean, rnd: number): HeldStep {
  // Gone after the goodbye: done as planned; gone before it: the caller hung up on the agent.
  if (sessionEnded)
    return h.saidGoodbye
      ? { type: 'complete', ...outcomeFor(rnd) }
      : { type: 'complete', resolution: 'follow_up', notes: 'Simulated agent: the caller hung up' };
  if (now >= h.doneAt) return { type: 'complete', ...outcomeFor(rnd) };
  if (!h.saidGoodbye && now >= h.doneAt - GOODBYE_BEFORE_MS)
    return { type: 'say', text: 'That is all sorted. Thanks for calling, goodbye!', goodbye: true };
  if (!h.saidGoodbye && now - h.lastSaidAt >= SAY_EVERY_MS)
    return { type: 'say', text: WORKING_LINES[Math.floor(rnd * WORKING_LINES.length)]!, goodbye: false };
  return { type: 'wait' };
}
