/**
 * Every vendor module, in the order they start and stop: the AI providers (espeak first: the offline voice), then the
 * carriers and channels. A new carrier, channel or provider is one module file and one line here.
 */
import { deepgramModule } from './deepgram.module';
import { espeakModule } from './espeak.module';
import { llmModule } from './llm.module';
import type { ServerModule } from './module';
import { openAiSpeechModule } from './openai-speech.module';
import { simulatorModule } from './simulator.module';
import { twilioModule } from './twilio.module';
import { whatsappModule } from './whatsapp.module';

export const SERVER_MODULES: readonly ServerModule[] = [
  espeakModule,
  openAiSpeechModule,
  deepgramModule,
  llmModule,
  simulatorModule,
  twilioModule,
  whatsappModule,
];
