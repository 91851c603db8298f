/**
 * Deleting one session by a person: the store removes it and records who did it in one transaction; then its recording
 * goes.
 */
import type { Clock, RecordingEraser, RetentionStore, SessionDeletion } from '../ports/index';

export interface DeleteSessionDeps {
  store: Pick<RetentionStore, 'deleteSession'>;
  clock: Clock;
  recordings?: RecordingEraser | null;
  /** The recording could not be erased (the session is gone all the same; retention erases old recordings again). */
  onRecordingError?: (err: unknown, sessionId: string) => void;
}

/** Deletes an ended session and everything about it; `live` when it has not ended (nothing done). */
export async function deleteSession(
  deps: DeleteSessionDeps,
  sessionId: string,
  by: { id: string; name: string },
): Promise<SessionDeletion> {
  const result = await deps.store.deleteSession(sessionId, {
    at: deps.clock.now().toISOString(),
    userId: by.id,
    userName: by.name,
    action: 'session.delete',
    target: sessionId,
    detail: {},
  });
  if (result === 'deleted' && deps.recordings) {
    await deps.recordings.erase(sessionId).catch((err: unknown) => deps.onRecordingError?.(err, sessionId));
  }
  return result;
}
