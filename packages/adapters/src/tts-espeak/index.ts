/** espeak-ng text to speech and its silent stand-in. */
export { EspeakTts, type EspeakTtsOptions, type EspeakTtsStats } from './espeak.tts';
export { EstimatedTts } from './estimated.tts';
export { estimateSpeechMs } from '../speech/estimate';
export { VOICE_PATTERN, assertVoice } from './voice';
export { TtsError, type TtsErrorCode } from '../speech/tts-error';
