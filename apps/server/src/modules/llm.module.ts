/**
 * Any OpenAI-compatible chat completions endpoint (LLM_BASE_URL, LLM_API_KEY, LLM_MODEL): the model of LLM agents, and
 * of post-call summaries (LIVESPACE_SUMMARY). Without it, agents run their flows only.
 */
import { OpenAiLlm } from '@livespace/adapters/llm-openai/openai.llm';
import type { ServerModule } from './module';

export const llmModule: ServerModule = {
  name: 'llm',
  enabled: (config) => !!config.LLM_BASE_URL,
  provide({ config, log }) {
    return {
      llm: new OpenAiLlm({
        baseUrl: config.LLM_BASE_URL!,
        ...(config.LLM_API_KEY ? { apiKey: config.LLM_API_KEY } : {}),
        model: config.LLM_MODEL,
        timeoutMs: config.LIVESPACE_LLM_TIMEOUT_MS,
        strictRoles: config.LIVESPACE_LLM_STRICT_ROLES,
        logger: log,
      }),
    };
  },
};
