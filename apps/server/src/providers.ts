/**
 * The AI providers a server runs with, chosen by configuration: speech recognition (real calls only) and the agents'
 * speech synthesis.
 */
import type { Stt, Tts } from '@livespace/app';
import { DeepgramStt } from '@livespace/adapters/stt-deepgram/deepgram.stt';
import { OpenAiStt } from '@livespace/adapters/stt-openai/openai.stt';
import { OpenAiTts } from '@livespace/adapters/tts-openai/openai.tts';
import type { Config } from './config';

const OPENAI = 'https://api.openai.com/v1';

/**
 * Speech recognition for real phone calls; null without STT_PROVIDER (the simulator's callers pass their words along
 * with their audio).
 */
export function createStt(config: Config): Stt | null {
  switch (config.STT_PROVIDER) {
    case 'deepgram':
      return new DeepgramStt({
        apiKey: config.DEEPGRAM_API_KEY!,
        model: config.DEEPGRAM_MODEL,
        ...(config.DEEPGRAM_API_URL ? { url: config.DEEPGRAM_API_URL } : {}),
      });
    case 'openai':
      return new OpenAiStt({
        baseUrl: config.STT_BASE_URL ?? OPENAI,
        model: config.STT_MODEL,
        ...(config.STT_API_KEY ? { apiKey: config.STT_API_KEY } : {}),
      });
    default:
      return null;
  }
}

/**
 * The agents' voice: an OpenAI-compatible speech endpoint with TTS_PROVIDER=openai, else the offline synthesizer given.
 */
export function createAgentTts(config: Config, offline: Tts | null): Tts | null {
  if (config.TTS_PROVIDER !== 'openai') return offline;
  return new OpenAiTts({
    baseUrl: config.TTS_BASE_URL ?? OPENAI,
    model: config.TTS_MODEL,
    defaultVoice: config.TTS_VOICE,
    ...(config.TTS_API_KEY ? { apiKey: config.TTS_API_KEY } : {}),
  });
}
