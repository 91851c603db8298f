/** An OpenAI-compatible chat completion model, for LLM agents (adapter: llm-openai). */
import type { ChatMessage, ChatTool, ChatToolCall } from '@livespace/domain';

export type LlmMessage = ChatMessage;
type LlmTool = ChatTool;
export type LlmToolCall = ChatToolCall;

export interface LlmCompletion {
  text: string;
  toolCalls: LlmToolCall[];
}

export interface LlmRequest {
  messages: LlmMessage[];
  tools?: readonly LlmTool[];
  /** Overrides the adapter's default model. */
  model?: string;
  temperature?: number;
  signal?: AbortSignal;
  /** Text as it streams in. */
  onDelta?: (text: string) => void;
}

export interface Llm {
  /**
   * Streams text deltas through onDelta and resolves with the whole answer; rejects on provider errors and on abort.
   */
  complete(req: LlmRequest): Promise<LlmCompletion>;
}
