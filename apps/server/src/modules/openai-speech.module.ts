/**
 * OpenAI-compatible speech endpoints: transcription for real phone calls (STT_PROVIDER=openai, STT_BASE_URL, STT_MODEL,
 * STT_API_KEY) and the agents' voice (TTS_PROVIDER=openai, TTS_BASE_URL, TTS_MODEL, TTS_VOICE, TTS_API_KEY).
 */
import type { Stt, Tts } from '@livespace/app';
import { OpenAiStt } from '@livespace/adapters/stt-openai/openai.stt';
import { OpenAiTts } from '@livespace/adapters/tts-openai/openai.tts';
import type { ServerModule } from './module';

const OPENAI = 'https://api.openai.com/v1';

export const openAiSpeechModule: ServerModule = {
  name: 'openai-speech',
  enabled: (config) => config.STT_PROVIDER === 'openai' || config.TTS_PROVIDER === 'openai',
  provide({ config, log }) {
    const stt: Stt | undefined =
      config.STT_PROVIDER === 'openai'
        ? new OpenAiStt({
            baseUrl: config.STT_BASE_URL ?? OPENAI,
            model: config.STT_MODEL,
            ...(config.STT_API_KEY ? { apiKey: config.STT_API_KEY } : {}),
          })
        : undefined;
    const agentTts: Tts | undefined =
      config.TTS_PROVIDER === 'openai'
        ? new OpenAiTts({
            baseUrl: config.TTS_BASE_URL ?? OPENAI,
            model: config.TTS_MODEL,
            defaultVoice: config.TTS_VOICE,
            ...(config.TTS_API_KEY ? { apiKey: config.TTS_API_KEY } : {}),
          })
        : undefined;
    if (agentTts) log.info({ provider: config.TTS_PROVIDER }, 'agents speak through a speech provider');
    return {
      ...(stt ? { stt } : {}),
      ...(agentTts ? { agentTts } : {}),
      async close() {
        await agentTts?.close();
        await stt?.close();
      },
    };
  },
};
