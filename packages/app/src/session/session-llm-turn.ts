/**
 * One turn of an `llm` node's chat model: on a call its sentences are spoken as they stream in (a message
 * conversation gets the whole answer as one message); then its tool calls are carried out, and the model
 * is asked again with their results until it answers without tools or leaves the node.
 */
import {
  validDeep,
  validText,
  type Agent,
  type SessionDetail,
  type SystemEventData,
  type SystemKind,
} from '@livespace/protocol';
import {
  fillTemplate,
  llmFailedStep,
  llmMessages,
  llmToolStep,
  LLM_TOOLS,
  type FlowState,
  type FlowStep,
} from '@livespace/domain';
import type { Clock, Llm, LlmCompletion, LlmMessage } from '../ports/index';
import type { ActorLogger } from './session-actor';
import type { SessionSpeech } from './session-speech';
import { SentenceSplitter } from './sentences';

/** Said when the chat model fails and its node has no `fallback` of its own. */
const LLM_FALLBACK = "I'm sorry, I'm having trouble right now. Please stay with me a moment.";

/** Tool rounds in one turn of the model (it may set an outcome, then speak, then call another tool…). */
const MAX_TOOL_ROUNDS = 4;

/** What a turn needs of its session. */
export interface LlmTurnHost {
  readonly id: string;
  readonly agent: Agent;
  readonly llm: Llm | null;
  readonly clock: Clock;
  readonly logger: ActorLogger;
  readonly detail: SessionDetail;
  readonly speech: SessionSpeech;
  readonly flow: FlowState | null;
  readonly timeZone: string | undefined;
  /** Whispers sent since the model's last completion (it reads them from the transcript). */
  takeWhispers(): number;
  /** The turn's abort while the model answers: a barge, a takeover or the hangup aborts it. */
  setAbort(abort: AbortController): void;
  clearAbort(abort: AbortController): void;
  /** Whether the AI was silenced since `epoch` (or the call ended, or a person holds it). */
  silencedSince(epoch: number): boolean;
  system<K extends SystemKind>(kind: K, text: string, data?: SystemEventData[K]): void;
  run(step: FlowStep): Promise<void>;
  ended(): boolean;
}

export async function llmTurn(host: LlmTurnHost, nodeId: string): Promise<void> {
  const { agent, llm, logger, clock, speech } = host;
  const node = agent.flow.nodes[nodeId];
  if (node?.type !== 'llm' || !host.flow) return;
  const epoch = speech.epoch;
  const silenced = () => host.silencedSince(epoch);
  const whispers = host.takeWhispers();
  if (whispers > 0) {
    host.system(
      'whisper_applied',
      `${whispers === 1 ? 'Whisper' : `${whispers} whispers`} given to the AI model before its answer`,
      { applied: true, llm: true },
    );
  }
  const opts = host.timeZone ? { timeZone: host.timeZone } : {};
  const followUps: LlmMessage[] = [];
  for (let round = 0; round < MAX_TOOL_ROUNDS; round++) {
    const flow = host.flow;
    if (!flow) return;
    const abort = new AbortController();
    host.setAbort(abort);
    let spoken: Promise<unknown> = Promise.resolve();
    // The model's words come from outside: made valid text per sentence (a delta may split an emoji in two).
    const say = (sentence: string) => {
      spoken = spoken.then(() => (silenced() ? undefined : speech.say(validText(sentence), 'ai')));
    };
    const sentences = host.detail.channel === 'voice' ? new SentenceSplitter(say) : null;
    let answer: LlmCompletion;
    try {
      if (!llm) throw new Error('no model is configured (set LLM_BASE_URL)');
      const messages = [
        ...llmMessages({ node, vars: flow.vars, channel: host.detail.channel, transcript: host.detail.transcript }),
        ...followUps,
      ];
      answer = await llm.complete({
        messages,
        tools: LLM_TOOLS,
        signal: abort.signal,
        ...(node.model ? { model: node.model } : {}),
        ...(node.temperature !== undefined ? { temperature: node.temperature } : {}),
        ...(sentences ? { onDelta: (d: string) => sentences.push(d) } : {}),
      });
      if (sentences) sentences.flush();
      else if (answer.text.trim()) say(answer.text.trim());
    } catch (err) {
      await spoken;
      if (silenced()) return; // cancelled by a barge, a takeover or the hangup
      const message = err instanceof Error ? err.message : String(err);
      logger.warn({ sessionId: host.id, node: nodeId, err: message }, 'chat model failed; speaking the fallback');
      host.system('error', validText(`AI model failed: ${message}`), { source: 'llm' });
      await speech.say(fillTemplate(node.fallback ?? LLM_FALLBACK, flow.vars), 'ai');
      await host.run(llmFailedStep(agent.flow, flow, nodeId));
      return;
    } finally {
      host.clearAbort(abort);
    }
    await spoken;
    if (silenced() || answer.toolCalls.length === 0) return;
    // The text is in the transcript already (spoken lines); the tool calls and their results follow it.
    followUps.push({ role: 'assistant', content: '', toolCalls: answer.toolCalls });
    for (const call of answer.toolCalls) {
      const t = llmToolStep(agent.flow, host.flow ?? flow, nodeId, call, clock.now(), opts);
      // A model that said something before handing off has told the caller already.
      for (const a of t.step.actions) if (a.type === 'handoff') a.announced = answer.text.trim().length > 0;
      followUps.push({ role: 'tool', content: t.result, toolCallId: call.id });
      host.system('tool', validText(`AI used ${call.name}: ${t.result}`), {
        tool: call.name,
        arguments: validDeep(call.arguments),
      });
      await host.run(t.step);
      if (t.stop || host.ended()) return;
    }
  }
}
