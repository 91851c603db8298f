/**
 * espeak-ng, the offline speech synthesizer (LIVESPACE_TTS=espeak, the default; LIVESPACE_ESPEAK picks the program or
 * its WebAssembly build): the simulator's virtual callers always speak with it, the agents unless TTS_PROVIDER names
 * another.
 */
import { EspeakTts } from '@livespace/adapters/tts-espeak/espeak.tts';
import type { ServerModule } from './module';

export const espeakModule: ServerModule = {
  name: 'espeak',
  enabled: (config) => config.LIVESPACE_TTS === 'espeak',
  provide({ config, log }) {
    const tts = new EspeakTts({ engine: config.LIVESPACE_ESPEAK });
    log.info(
      { engine: tts.engine },
      `speech synthesis: espeak-ng ${tts.engine === 'native' ? 'program' : 'WebAssembly build'}`,
    );
    // Start the synthesis worker now, so the first caller does not wait for it.
    tts
      .warmUp()
      .catch((err: unknown) => log.warn({ err }, 'speech synthesis unavailable; calls will run without audio'));
    return { offlineTts: tts, close: () => tts.close() };
  },
};
