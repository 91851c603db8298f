export * from './carrier.port';
export * from './tts.port';
export * from './clock.port';
export * from './llm.port';
export * from './store.port';
export * from './bus.port';
export * from './rtc.port';
export * from './campaign-store.port';
