/**
 * Deepgram's streaming speech recognition for real phone calls (STT_PROVIDER=deepgram, DEEPGRAM_API_KEY,
 * DEEPGRAM_MODEL).
 */
import { DeepgramStt } from '@livespace/adapters/stt-deepgram/deepgram.stt';
import type { ServerModule } from './module';

export const deepgramModule: ServerModule = {
  name: 'deepgram',
  enabled: (config) => config.STT_PROVIDER === 'deepgram',
  provide({ config }) {
    const stt = new DeepgramStt({
      // Required with STT_PROVIDER=deepgram (the configuration refuses to start without it).
      apiKey: config.DEEPGRAM_API_KEY!,
      model: config.DEEPGRAM_MODEL,
      ...(config.DEEPGRAM_API_URL ? { url: config.DEEPGRAM_API_URL } : {}),
    });
    return { stt, close: () => stt.close() };
  },
};
