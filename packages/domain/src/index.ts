/**
 * @livespace/domain: pure lifecycle, flow, persona and phone rules; no I/O, time and randomness come in as arguments.
 */
export * from './session.machine';
export * from './intent-matcher';
export * from './flow-engine';
export * from './seed-agents';
export * from './persona';
export * from './phone';
export * from './whisper';
export * from './llm-conversation';
export * from './presence.machine';
export * from './escalation-order';
export * from './queue-metrics';
export * from './outbound';
export * from './callback.machine';
export * from './campaign.machine';
export * from './campaign-pacing';
export * from './calling-window';
export * from './campaign-contacts';
export * from './session-health';
export * from './post-call-summary';
export * from './post-call-llm';
