/** The saturation comparison: its servers, and the IPC with their processes. */

export type SatKind = 'gateway' | 'ws' | 'wsclientbatch' | 'wsbatch' | 'socketio';
export const SAT_KINDS: readonly SatKind[] = ['gateway', 'ws', 'wsclientbatch', 'wsbatch', 'socketio'];

/** Every event message holds this exactly once (`{"type":"event",…}`), whichever server framed it. */
export const EVENT_MARK = '{"type":"event"';

export type SatServerIn =
  | { type: 'init'; kind: SatKind; recordedFile: string; batchSize: number }
  | { type: 'produce' }
  | { type: 'stop' };
export type SatServerOut =
  | { type: 'listening'; port: number }
  | { type: 'produced'; events: number; seconds: number; waits: number };

export type SatClientIn =
  | { type: 'init'; kind: SatKind; port: number; clients: number; topics: string[] }
  | { type: 'mark' };
export type SatClientOut = { type: 'ready' } | { type: 'count'; events: number; at: number; closed: number };
