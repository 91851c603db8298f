/** Wire shapes of call recordings (GET /api/sessions/:id/recording; `recording` on a session's detail). */

/** `recording` while the call goes on, `ready` once the file is complete and kept, `failed` when it could not be. */
export type RecordingStatus = 'recording' | 'ready' | 'failed';

/** What a session's detail says of its recording. */
export interface RecordingInfo {
  status: RecordingStatus;
  /** When the recording began (ISO): a transcript line's time minus this is where it is heard in the file. */
  startedAt: string;
  /** Length of the audio (known once ready). */
  durationMs: number | null;
  /** Size of the WAV file (known once ready). */
  bytes: number | null;
}
