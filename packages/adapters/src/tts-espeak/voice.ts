/** Voice names as espeak-ng knows them, checked before anything reaches the synthesizer. */
import { TtsError } from '../speech/tts-error';

/** language[-region][+variant], e.g. `en-us`, `en-us+f3`, `en-gb+m3`. */
const VOICE_PATTERN = /^[a-z]{2,3}(-[a-z0-9]{2,8})?(\+[a-z0-9]{1,10})?$/i;

/** Throws TTS_INVALID_VOICE unless `voice` has the shape of an espeak-ng voice name. */
export function assertVoice(voice: string): void {
  if (typeof voice !== 'string' || !VOICE_PATTERN.test(voice)) {
    throw new TtsError('TTS_INVALID_VOICE', 'voice must look like en-us or en-gb+m3');
  }
}
