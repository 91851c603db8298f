export * from './ports/index';
export * from './session/event-log';
export * from './session/partial-text';
export * from './session/session.actor';
export * from './session/session-registry';
export * from './session/supervisor-actions';
export * from './session/command-router';
