/** AI agent flows: validated JSON graphs run by the flow engine. */
import { z } from 'zod';

const NodeId = z.string().min(1).max(80);
const Text = z.string().min(1).max(2000);

/** How an `ask` node recognises what the caller said. */
export const Matcher = z.union([
  z.object({ keywords: z.array(z.string().min(1).max(100)).min(1).max(100) }),
  z.object({ regex: z.string().min(1).max(500) }),
  z.object({ yesno: z.enum(['yes', 'no']) }),
  z.object({
    digits: z.object({
      min: z.number().int().min(1).max(30).default(1),
      max: z.number().int().min(1).max(30).default(30),
    }),
  }),
  z.object({ datetime: z.literal(true) }),
  z.object({ any: z.literal(true) }),
]);
export type Matcher = z.infer<typeof Matcher>;

export const Intent = z.object({
  name: z.string().min(1).max(80),
  when: Matcher,
  /** Variable that receives what matched (digits, the ISO date, the regex group or the whole line). */
  capture: z.string().min(1).max(80).optional(),
  next: NodeId,
  /**
   * What the AI asks when a supervisor's whisper steers to this branch and the branch would settle
   * something (an outcome, a callback, a hand-off, the end): only the caller's yes then takes it.
   * Without it the AI asks its question again.
   */
  confirm: z.string().min(1).max(1000).optional(),
});
export type Intent = z.infer<typeof Intent>;

export const Priority = z.enum(['low', 'normal', 'high', 'urgent']);
export type Priority = z.infer<typeof Priority>;

/**
 * A conversation driven by an OpenAI-compatible chat model (LLM_BASE_URL). It answers every caller
 * line until it calls a tool: `end_call` (goes to `next`, or ends the call), `escalate_to_human`
 * (hands off to `queue`), `set_outcome` and `schedule_callback` (and goes on talking).
 */
export const LlmNode = z.object({
  type: z.literal('llm'),
  /** The system prompt; `{{variables}}` are filled in. */
  prompt: z.string().min(1).max(20000),
  /** Said when the node is entered; without it the model speaks first. */
  greeting: Text.optional(),
  /** Overrides LLM_MODEL for this node. */
  model: z.string().min(1).max(200).optional(),
  temperature: z.number().min(0).max(2).optional(),
  /** Queue for `escalate_to_human`. */
  queue: z.string().min(1).max(100).default('general'),
  /** Where `end_call` goes; without it the call ends. */
  next: NodeId.optional(),
  /** Said when the model fails or times out. */
  fallback: Text.optional(),
  /** Where the flow goes when the model fails; without it the node waits for the caller's next line. */
  onError: NodeId.optional(),
});
export type LlmNode = z.infer<typeof LlmNode>;

export const FlowNode = z.discriminatedUnion('type', [
  z.object({ type: z.literal('say'), text: Text, next: NodeId }),
  z.object({
    type: z.literal('ask'),
    prompt: Text,
    intents: z.array(Intent).min(1).max(50),
    /** Said when nothing matched; the question is asked again up to maxRetries times. */
    reprompt: Text.optional(),
    maxRetries: z.number().int().min(0).max(5).default(2),
    /** Where to go when retries run out (default: end). */
    fallback: NodeId.optional(),
  }),
  z.object({
    type: z.literal('human_handoff'),
    queue: z.string().min(1).max(100),
    priority: Priority.default('normal'),
    reason: z.string().max(200).optional(),
    say: Text.optional(),
  }),
  z.object({
    type: z.literal('schedule_callback'),
    /** Variable holding the ISO time of the callback (captured by a datetime intent). */
    atVariable: z.string().min(1).max(80),
    say: Text.optional(),
    next: NodeId,
  }),
  z.object({ type: z.literal('set_outcome'), outcome: z.string().min(1).max(80), next: NodeId }),
  z.object({ type: z.literal('end'), say: Text.optional() }),
  LlmNode,
]);
export type FlowNode = z.infer<typeof FlowNode>;

export const Flow = z
  .object({
    start: NodeId,
    nodes: z.record(NodeId, FlowNode),
    variables: z.record(z.string(), z.string().max(500)).default({}),
  })
  .superRefine((flow, ctx) => {
    const ids = new Set(Object.keys(flow.nodes));
    if (!ids.has(flow.start))
      ctx.addIssue({ code: 'custom', path: ['start'], message: `unknown node "${flow.start}"` });
    for (const [id, node] of Object.entries(flow.nodes)) {
      const targets: string[] = [];
      if ('next' in node && node.next) targets.push(node.next);
      if (node.type === 'llm' && node.onError) targets.push(node.onError);
      if (node.type === 'ask') {
        for (const i of node.intents) targets.push(i.next);
        if (node.fallback) targets.push(node.fallback);
        node.intents.forEach((i, n) => {
          if ('regex' in i.when) {
            try {
              new RegExp(i.when.regex, 'i');
            } catch {
              ctx.addIssue({
                code: 'custom',
                path: ['nodes', id, 'intents', n, 'when', 'regex'],
                message: 'invalid regular expression',
              });
            }
          }
        });
      }
      for (const t of targets) {
        if (!ids.has(t))
          ctx.addIssue({ code: 'custom', path: ['nodes', id], message: `points to unknown node "${t}"` });
      }
    }
  });
export type Flow = z.infer<typeof Flow>;

/** An LLM agent in short: one `llm` node (its `type` implied), stored as that one-node flow. */
const LlmAgent = LlmNode.omit({ type: true, next: true, onError: true });

const AgentFields = z.object({
  name: z.string().trim().min(1).max(120),
  description: z.string().max(1000).default(''),
  /** eSpeak NG voice for the agent's speech, e.g. `en-us+f3`. */
  voice: z
    .string()
    .regex(/^[a-z]{2,3}(-[a-z0-9]{2,8})?(\+[a-z0-9]{1,10})?$/i)
    .default('en-us'),
  /**
   * What the post-call summary should find in the conversation (with a chat model): e.g. `reason`, `account number`.
   */
  summaryFields: z.array(z.string().trim().min(1).max(60)).max(20).optional(),
  /** Whether this agent's voice calls are recorded: overrides LIVESPACE_RECORDING (absent: as configured). */
  recording: z.boolean().optional(),
});

/** An AI agent: a flow, or (`llm`) a conversation with a chat model, which becomes a one-node flow. */
const FlowAgentBody = AgentFields.extend({ flow: Flow });

export const AgentBody = z.union([
  FlowAgentBody,
  AgentFields.extend({ llm: LlmAgent, variables: z.record(z.string(), z.string().max(500)).default({}) }).transform(
    ({ llm, variables, ...rest }) => ({
      ...rest,
      flow: { start: 'llm', nodes: { llm: { type: 'llm' as const, ...llm } }, variables } satisfies Flow,
    }),
  ),
]);
export type AgentBody = z.output<typeof FlowAgentBody>;

export interface Agent extends AgentBody {
  id: string;
  createdAt: string;
}
