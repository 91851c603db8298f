/** Call audio: μ-law helpers, the shared media clock and the per-call mixer. */
export * from './mulaw';
export * from './pcm';
export * from './wav';
export * from './media-clock';
export * from './call-mixer';
export * from './hold-music';
export * from './vad';
export * from './call-audio';
export * from './local-media-plane';
export * from './worker-media-plane';
