/** The AI providers a server runs with, chosen by configuration: speech recognition (real calls only) and speech synthesis. */
import type { Stt } from '@livespace/app';
import type { Config } from './config';

/** Speech recognition for real phone calls; null without STT_PROVIDER (the simulator's callers pass their words along with their audio). */
export function createStt(_config: Config): Stt | null {
  return null;
}
