/** The `recordings` table (migration 013): where each call's recording is kept and how it went. */
import type { RecordingRow } from '@livespace/app/ports/index';
import type { RecordingStatus } from '@livespace/protocol';
import type { Sql } from './sql-client';

interface Row {
  session_id: string;
  storage: 'folder' | 's3';
  location: string;
  bytes: number | string | null;
  duration_ms: number | null;
  started_at: Date | string;
  finished_at: Date | string | null;
  status: RecordingStatus;
}

const iso = (d: Date | string): string => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());

const toRow = (r: Row): RecordingRow => ({
  sessionId: r.session_id,
  storage: r.storage,
  location: r.location,
  status: r.status,
  startedAt: iso(r.started_at),
  finishedAt: r.finished_at === null ? null : iso(r.finished_at),
  bytes: r.bytes === null ? null : Number(r.bytes),
  durationMs: r.duration_ms,
});

export async function insertRecording(
  db: Sql,
  row: { sessionId: string; storage: 'folder' | 's3'; location: string; startedAt: Date },
): Promise<void> {
  await db.query(
    `insert into recordings (session_id, storage, location, started_at, status) values ($1, $2, $3, $4, 'recording')
     on conflict (session_id) do nothing`,
    [row.sessionId, row.storage, row.location, row.startedAt.toISOString()],
  );
}

export async function finishRecording(
  db: Sql,
  sessionId: string,
  patch: {
    status: Exclude<RecordingStatus, 'recording'>;
    location?: string;
    bytes?: number;
    durationMs?: number;
    finishedAt: Date;
  },
): Promise<void> {
  await db.query(
    `update recordings set status = $2, location = coalesce($3, location), bytes = coalesce($4, bytes),
       duration_ms = coalesce($5, duration_ms), finished_at = $6 where session_id = $1`,
    [
      sessionId,
      patch.status,
      patch.location ?? null,
      patch.bytes ?? null,
      patch.durationMs ?? null,
      patch.finishedAt.toISOString(),
    ],
  );
}

export async function getRecording(db: Sql, sessionId: string): Promise<RecordingRow | null> {
  const rows = await db.query<Row>('select * from recordings where session_id = $1', [sessionId]);
  return rows[0] ? toRow(rows[0]) : null;
}

export async function recordingsBefore(db: Sql, before: Date, limit: number): Promise<string[]> {
  const rows = await db.query<{ session_id: string }>(
    `select session_id from recordings where coalesce(finished_at, started_at) < $1 and status <> 'recording'
     order by coalesce(finished_at, started_at) limit $2`,
    [before.toISOString(), limit],
  );
  return rows.map((r) => r.session_id);
}

export async function deleteRecording(db: Sql, sessionId: string): Promise<void> {
  await db.query('delete from recordings where session_id = $1', [sessionId]);
}
