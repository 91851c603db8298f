/** An OpenAI-compatible chat completion model, for LLM agents (adapter: llm-openai, later). */
export interface LlmMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  name?: string;
  toolCallId?: string;
}

export interface LlmTool {
  name: string;
  description: string;
  /** JSON schema of the arguments. */
  parameters: Record<string, unknown>;
}

export interface LlmToolCall {
  id: string;
  name: string;
  arguments: string;
}

export interface LlmCompletion {
  text: string;
  toolCalls: LlmToolCall[];
}

export interface Llm {
  /** Streams text deltas through onDelta and resolves with the whole answer. */
  complete(req: { messages: LlmMessage[]; tools?: LlmTool[]; signal?: AbortSignal; onDelta?: (text: string) => void }): Promise<LlmCompletion>;
}
