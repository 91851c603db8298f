/** Virtual callers for the simulator: pure rules that pick a reply from what the caller just heard. */
import type { SeedAgentKey } from './seed-agents';

/** Persona names, part of the public API (`POST /api/simulator/calls {persona}`). */
export const PERSONAS = [
  'manual',
  'overdue',
  'wants_human',
  'callback',
  'interested',
  'not_interested',
  'no_answer',
  'busy',
  'voicemail',
  'failed',
  'chatter',
] as const;

/** One virtual caller's behaviour. */
export type PersonaName = (typeof PERSONAS)[number];

/** What the virtual caller does next. */
export type PersonaReply = { type: 'say'; text: string } | { type: 'hangup' } | { type: 'silent' };

/** How an outbound call to this persona is answered. */
export type CallOutcome = 'answered' | 'no_answer' | 'busy' | 'voicemail' | 'failed';

/** After this many replies a caller gives up, whatever it hears. */
export const MAX_PERSONA_TURNS = 12;

/** True when `x` is a persona name. */
export function isPersona(x: unknown): x is PersonaName {
  return typeof x === 'string' && (PERSONAS as readonly string[]).includes(x);
}

/** How an outbound call to the persona ends up: the last four never reach a conversation. */
export function personaCallOutcome(persona: PersonaName): CallOutcome {
  if (persona === 'no_answer' || persona === 'busy' || persona === 'voicemail' || persona === 'failed') return persona;
  return 'answered';
}

// The last digit of a virtual number picks who answers it, so a list of numbers makes a predictable mix.
const BY_LAST_DIGIT: readonly PersonaName[] = [
  'interested',
  'not_interested',
  'callback',
  'no_answer',
  'busy',
  'voicemail',
  'overdue',
  'wants_human',
  'interested',
  'not_interested',
];

/**
 * The persona who answers a call to `number` on the simulator when none is given: by its last digit (docs/outbound.md).
 */
export function personaForNumber(number: string): PersonaName {
  const digit = /(\d)\D*$/.exec(number)?.[1];
  return BY_LAST_DIGIT[digit ? Number(digit) : 0]!;
}

type Question = 'when' | 'yesno' | 'open';
type Topic = 'pay_full' | 'plan' | 'interest' | 'confirm' | 'other';
type Phrases = readonly string[];

// The persona's lines by kind of question. Variants of one entry must all mean the same thing
// to the seed agents' matchers (the tests run every variant), so `rnd` changes words, not outcomes.
interface Script {
  open: Phrases;
  when: Phrases;
  yes: Phrases;
  no: Phrases;
  /** Which answer the persona gives to each yes/no topic. */
  answers: Record<Topic, 'yes' | 'no'>;
}

const ALL_YES: Record<Topic, 'yes'> = { pay_full: 'yes', plan: 'yes', interest: 'yes', confirm: 'yes', other: 'yes' };

const SCRIPTS: Partial<Record<PersonaName, Script>> = {
  overdue: {
    open: ["Hi, I got a bill from you and I can't pay it all at once. Could you call me back about it?"],
    when: ['Friday afternoon, after I get paid.', 'Maybe Friday afternoon? I get paid then.'],
    yes: ['Yes, that would work.', 'Okay, that works for me.'],
    no: ["No, sorry. Money's tight right now.", "Honestly, no. I can't afford that right now."],
    answers: { pay_full: 'no', plan: 'yes', interest: 'no', confirm: 'yes', other: 'yes' },
  },
  callback: {
    open: [
      'Hi, could you call me back tomorrow at 10am?',
      "Hello, I'm busy right now. Can you call me back tomorrow at 10am?",
    ],
    when: ['Tomorrow at 10am.', 'Tomorrow at 10am would be best.'],
    yes: ["Yes, but I'm busy right now. Call me back tomorrow at 10am?"],
    no: [
      'Not right now. Please call me back tomorrow at 10am.',
      "No, I can't talk now. Call me back tomorrow at 10am.",
    ],
    answers: { pay_full: 'no', plan: 'no', interest: 'yes', confirm: 'yes', other: 'yes' },
  },
  interested: {
    open: ["Hi, I'd like to book an appointment.", 'Hello! I want to book an appointment, please.'],
    when: ['Thursday at 2pm works.', 'How about Thursday at 2pm?'],
    yes: ['Yes, please.', 'Sure, sounds good.', 'Yeah, definitely.'],
    no: ['No.'],
    answers: ALL_YES,
  },
  not_interested: {
    open: ["Actually, never mind. I'm not interested.", 'Sorry, nothing. Not interested.'],
    when: ["Please don't call me again.", "I'd rather you didn't."],
    yes: ['Yes.'],
    no: ["No, I'm not interested.", 'No thanks.', 'Nope, not interested.'],
    answers: { pay_full: 'no', plan: 'no', interest: 'no', confirm: 'no', other: 'no' },
  },
};

const ASK_FOR_HUMAN: Phrases = [
  'Can I speak to a real person, please?',
  "I'd like to talk to a human, please.",
  'Can you put me through to an agent?',
];
const CHATTER: Phrases = [
  'Well, let me tell you about my week, because a lot happened and I am not sure where to start.',
  'So the thing is, my neighbour borrowed the ladder again and I still have not got it back.',
  'Anyway, the weather has been lovely here, sunny mornings and a little rain at night.',
];
const WRONG_NUMBER: Phrases = ['Oh, sorry, wrong number.', 'Sorry, I think I dialed the wrong number.'];

const GOODBYE = /\b(good\s?bye|bye|have a (good|great|nice) (day|one)|talk (to you )?soon)\b/i;
const REPROMPT = /\b(sorry|didn't catch|didn't get|missed that)\b/i;
const HUMAN_GREETING = /\bhow (can|may) i help\b/i;

/** Picks one phrase; `rnd` in [0, 1) comes from the caller so replies stay reproducible. */
function pick(phrases: Phrases, rnd: number): string {
  const i = Math.min(phrases.length - 1, Math.max(0, Math.floor(rnd * phrases.length)));
  return phrases[i] ?? '';
}

/** The last question in what was heard, or null when nothing was asked. */
function lastQuestion(heard: string): string | null {
  const questions = heard.split(/(?<=[.!?])\s+/).filter((s) => s.trim().endsWith('?'));
  return questions.at(-1)?.trim() ?? null;
}

function questionKind(q: string): Question {
  if (/\b(when|what day|what time|which day|day and time|good time|best time)\b/i.test(q)) return 'when';
  if (/^(sorry,?\s+)?(are|am|can|could|would|will|do|does|did|is|shall|should|may|have|has)\b/i.test(q)) return 'yesno';
  return 'open';
}

function topicOf(q: string): Topic {
  if (/\b(full|whole|entire)\b/i.test(q)) return 'pay_full';
  if (/\b(plan|monthly|installments?|payments)\b/i.test(q)) return 'plan';
  if (/\binterested\b|\bhear more\b/i.test(q)) return 'interest';
  if (/\b(book|confirm|is that right|correct)\b/i.test(q)) return 'confirm';
  return 'other';
}

/**
 * The virtual caller's next move after hearing `heard` (everything said since its last reply).
 * `turn` counts its replies so far, from 0. The caller hangs up after a goodbye or too many turns,
 * and stays silent when nothing was asked (say, on hold after a handoff).
 */
export function replyFor(persona: PersonaName, heard: string, turn: number, rnd: number): PersonaReply {
  if (persona === 'manual') return { type: 'silent' };
  // The load persona talks on and on, whatever it hears: it never hangs up by itself.
  if (persona === 'chatter') return say(pick(CHATTER, rnd));
  if (turn >= MAX_PERSONA_TURNS) return { type: 'hangup' };
  if (GOODBYE.test(heard)) return { type: 'hangup' };
  // Outbound-only personas that still get an inbound call: a short caller who soon hangs up.
  if (personaCallOutcome(persona) !== 'answered') return turn === 0 ? say(pick(WRONG_NUMBER, rnd)) : { type: 'hangup' };
  const q = lastQuestion(heard);
  if (!q) return { type: 'silent' };
  if (persona === 'wants_human') {
    // After the handoff a person greets the caller; only then does the caller say why it called.
    return turn > 0 && HUMAN_GREETING.test(q)
      ? say('Thanks. I have a question about my account.')
      : say(pick(ASK_FOR_HUMAN, rnd));
  }
  const script = SCRIPTS[persona];
  if (!script) return { type: 'silent' };
  // Being asked again is where an uninterested caller gives up.
  if (persona === 'not_interested' && REPROMPT.test(heard)) return { type: 'hangup' };
  const kind = questionKind(q);
  if (kind === 'when') return say(pick(script.when, rnd));
  if (kind === 'yesno') {
    // "Would that work for you?" names no topic; the sentences before it do.
    const topic = topicOf(q) === 'other' ? topicOf(heard) : topicOf(q);
    return say(pick(script.answers[topic] === 'yes' ? script.yes : script.no, rnd));
  }
  return say(pick(script.open, rnd));
}

function say(text: string): PersonaReply {
  return { type: 'say', text };
}

// First messages of a customer who writes first (SMS/WhatsApp), by persona and agent.
const OPENINGS: Record<Exclude<PersonaName, 'manual'>, Partial<Record<SeedAgentKey, string>> & { default: string }> = {
  overdue: {
    default: "Hi, I got a message about an overdue balance. I can't pay it all at once.",
    clinic: "Hi, I got a bill from you and I can't pay it all at once. Could you call me back about it?",
  },
  wants_human: { default: 'Hi, can I talk to a real person please?' },
  callback: { default: 'Hi, could you call me back tomorrow at 10am?' },
  interested: {
    default: "Hi, I'd like to hear more about your offer.",
    clinic: "Hi, I'd like to book an appointment.",
    collections: 'Hi, I want to pay my balance.',
  },
  not_interested: { default: "Please stop messaging me, I'm not interested." },
  no_answer: { default: 'Hi' },
  busy: { default: "Hi, I'm busy, text me later." },
  voicemail: { default: 'Hi, got your voicemail. What is this about?' },
  failed: { default: 'Hi' },
  chatter: { default: 'Hi there, do you have a minute? I have a long story.' },
};

/** The customer's first message when it writes first; `manual` writes nothing by itself (null). */
export function openingLine(persona: PersonaName, agentKey?: string): string | null {
  if (persona === 'manual') return null;
  const lines = OPENINGS[persona];
  const byAgent =
    agentKey === 'collections' || agentKey === 'clinic' || agentKey === 'sales' ? lines[agentKey] : undefined;
  return byAgent ?? lines.default;
}
