export * from './session';
export * from './live';
export * from './http';
export * from './flow';
export * from './transcript';
export * from './escalation';
export * from './outbound';
export * from './campaign';
