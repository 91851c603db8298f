/** The three demo AI agents a fresh install starts with. */
import { AgentBody } from '@livespace/protocol';

/** What `AgentBody.parse` accepts (zod's `z.input`, without a direct zod dependency). */
type AgentBodyInput = (typeof AgentBody)['_zod']['input'];

/** Said by every agent when the caller asks for a person; tried first at every question. */
const HUMAN_KEYWORDS = [
  'person',
  'real person',
  'human',
  'agent',
  'representative',
  'operator',
  'manager',
  'somebody real',
  'speak to someone',
  'talk to someone',
  'speak with someone',
  'talk with someone',
];

const human = (next: string) => ({ name: 'human', when: { keywords: HUMAN_KEYWORDS }, next });
const yes = (next: string) => ({ name: 'yes', when: { yesno: 'yes' as const }, next });
const no = (next: string) => ({ name: 'no', when: { yesno: 'no' as const }, next });
const when = (capture: string, next: string) => ({ name: 'time', when: { datetime: true as const }, capture, next });

const collections: AgentBodyInput = {
  name: 'Collections — overdue balance',
  description:
    'Reminds a customer of an overdue balance and settles it: payment today, a three-month plan, or a callback.',
  voice: 'en-us+f3',
  flow: {
    start: 'greet',
    variables: { company: 'Northwind Financial', balance: '$420.00' },
    nodes: {
      greet: { type: 'say', text: 'Hi, this is Ava from {{company}}, calling about your account.', next: 'balance' },
      balance: { type: 'say', text: 'Our records show an overdue balance of {{balance}}.', next: 'pay_full' },
      pay_full: {
        type: 'ask',
        prompt: 'Are you able to pay the full amount today?',
        reprompt: 'Sorry, I missed that. Can you pay the full {{balance}} today, yes or no?',
        intents: [
          human('handoff'),
          {
            name: 'plan',
            when: { keywords: ['plan', 'installments', 'instalments', 'split it', 'monthly'] },
            next: 'offer_plan',
          },
          // The payment branch; also what a supervisor's whisper "prioritize payment" steers to: the AI then asks, and
          // the caller's yes takes it.
          {
            name: 'payment',
            when: { keywords: ['payment', 'take payment', 'pay by card', 'card payment'] },
            next: 'paid',
            confirm: 'Can we take care of the {{balance}} today? I can text you a secure payment link right now.',
          },
          yes('paid'),
          no('offer_plan'),
        ],
        fallback: 'handoff',
      },
      paid: { type: 'set_outcome', outcome: 'paid', next: 'paid_bye' },
      paid_bye: { type: 'end', say: "Thank you, I'm texting you a secure payment link now. Goodbye!" },
      offer_plan: {
        type: 'ask',
        prompt: 'No problem, we can split it into three monthly payments. Would that work for you?',
        reprompt: 'Sorry, would three monthly payments work for you, yes or no?',
        intents: [human('handoff'), yes('plan_set'), no('ask_callback')],
        fallback: 'handoff',
      },
      plan_set: { type: 'set_outcome', outcome: 'payment_plan', next: 'plan_bye' },
      plan_bye: { type: 'end', say: "Great, your plan is set up and I'll text you the details. Goodbye!" },
      ask_callback: {
        type: 'ask',
        prompt: 'I understand. What day and time would be good for us to call you back?',
        reprompt: 'Sorry, when should we call you back? For example, tomorrow at 10am.',
        intents: [human('handoff'), when('callbackAt', 'callback_outcome')],
        fallback: 'bye',
      },
      callback_outcome: { type: 'set_outcome', outcome: 'callback', next: 'callback' },
      callback: {
        type: 'schedule_callback',
        atVariable: 'callbackAt',
        say: "Okay, we'll call you on {{callbackAtText}}.",
        next: 'bye',
      },
      handoff: {
        type: 'human_handoff',
        queue: 'collections',
        priority: 'high',
        reason: 'caller asked for a person',
        say: 'Sure, let me connect you with someone from our team. One moment please.',
      },
      bye: { type: 'end', say: 'Thanks for your time. Goodbye!' },
    },
  },
};

const clinic: AgentBodyInput = {
  name: 'Clinic reception',
  description:
    'Answers the clinic line: books appointments, arranges callbacks, or puts the caller through to the front desk.',
  voice: 'en-us+f2',
  flow: {
    start: 'greet',
    variables: { clinic: 'Riverside Clinic' },
    nodes: {
      greet: {
        type: 'ask',
        prompt: "Hi, you've reached {{clinic}}. How can I help you today?",
        reprompt:
          'Sorry, I can book an appointment, arrange a call back, or put you through to the front desk. Which would you like?',
        intents: [
          human('handoff'),
          // Before "appointment": "call me back to schedule" is a callback request.
          {
            name: 'callback',
            when: { keywords: ['call me back', 'callback', 'call back', 'ring me back'] },
            next: 'ask_callback',
          },
          {
            name: 'appointment',
            when: { keywords: ['book', 'appointment', 'schedule', 'see a doctor', 'see the doctor'] },
            next: 'ask_time',
          },
        ],
        fallback: 'handoff',
      },
      ask_time: {
        type: 'ask',
        prompt: 'Sure. What day and time would suit you?',
        reprompt: 'Sorry, what day and time works for you? For example, Thursday at 2pm.',
        intents: [human('handoff'), when('appointmentAt', 'confirm')],
        fallback: 'handoff',
      },
      confirm: {
        type: 'ask',
        prompt: "That's {{appointmentAtText}}. Shall I book it?",
        reprompt: 'Sorry, shall I book {{appointmentAtText}}, yes or no?',
        intents: [human('handoff'), yes('booked'), no('ask_time')],
        fallback: 'handoff',
      },
      booked: { type: 'set_outcome', outcome: 'appointment_booked', next: 'booked_bye' },
      booked_bye: { type: 'end', say: "You're booked, and we'll text you a reminder. Goodbye!" },
      ask_callback: {
        type: 'ask',
        prompt: 'Of course. When is a good time to call you back?',
        reprompt: 'Sorry, when should we call you? For example, tomorrow at 10am.',
        intents: [human('handoff'), when('callbackAt', 'callback_outcome')],
        fallback: 'handoff',
      },
      callback_outcome: { type: 'set_outcome', outcome: 'callback', next: 'callback' },
      callback: {
        type: 'schedule_callback',
        atVariable: 'callbackAt',
        say: "Great, we'll call you on {{callbackAtText}}.",
        next: 'bye',
      },
      handoff: {
        type: 'human_handoff',
        queue: 'front_desk',
        priority: 'normal',
        reason: 'caller asked for the front desk',
        say: "Okay, I'm putting you through to the front desk. One moment.",
      },
      bye: { type: 'end', say: 'Thanks for calling. Goodbye!' },
    },
  },
};

const sales: AgentBodyInput = {
  name: 'Sales outreach',
  description: 'Calls a prospect about a free solar assessment and books a follow-up call with an advisor.',
  voice: 'en-us+m3',
  flow: {
    start: 'intro',
    variables: { company: 'Brightline Energy' },
    nodes: {
      intro: {
        type: 'say',
        text: "Hi, this is Sam from {{company}}. We're offering homeowners a free solar assessment that can cut power bills by up to thirty percent.",
        next: 'ask_interest',
      },
      ask_interest: {
        type: 'ask',
        prompt: 'Would you be interested in hearing more?',
        reprompt: 'Sorry, are you interested in a free assessment, yes or no?',
        intents: [human('handoff'), yes('interested'), no('not_interested')],
        fallback: 'bye',
      },
      interested: { type: 'set_outcome', outcome: 'interested', next: 'ask_time' },
      ask_time: {
        type: 'ask',
        prompt: "Great! When's the best time for one of our advisors to call you back?",
        reprompt: 'Sorry, what day and time suits you? For example, tomorrow at 10am.',
        intents: [human('handoff'), when('callbackAt', 'callback')],
        fallback: 'bye',
      },
      callback: {
        type: 'schedule_callback',
        atVariable: 'callbackAt',
        say: 'Perfect, an advisor will call you on {{callbackAtText}}.',
        next: 'bye',
      },
      not_interested: { type: 'set_outcome', outcome: 'not_interested', next: 'no_bye' },
      no_bye: { type: 'end', say: 'No problem, thanks for your time. Have a good day!' },
      handoff: {
        type: 'human_handoff',
        queue: 'sales',
        priority: 'normal',
        reason: 'prospect asked for a person',
        say: 'Sure, let me get one of our advisors on the line. One moment.',
      },
      bye: { type: 'end', say: 'Thanks, talk soon. Goodbye!' },
    },
  },
};

/** Key of a demo agent; also the hint personas and message openings use. */
export type SeedAgentKey = 'collections' | 'clinic' | 'sales';

/**
 * The demo agents, parsed (defaults such as `maxRetries` filled); a broken literal fails at import and in the tests.
 */
export const SEED_AGENTS: Array<{ key: SeedAgentKey; body: AgentBody }> = [
  { key: 'collections', body: AgentBody.parse(collections) },
  { key: 'clinic', body: AgentBody.parse(clinic) },
  { key: 'sales', body: AgentBody.parse(sales) },
];

/** The seed agent with this key. */
export function seedAgent(key: SeedAgentKey): AgentBody {
  const found = SEED_AGENTS.find((a) => a.key === key);
  if (!found) throw new Error(`unknown seed agent ${key}`);
  return found.body;
}
