/**
 * GET /api/sessions/:id/recording: a call's recording as audio/wav, with byte ranges (what an <audio> element asks
 * for to seek), for those who may read the session (admins, supervisors, the human agent who handled it).
 */
import type { FastifyInstance } from 'fastify';
import {
  mayReadSession,
  RangeNotSatisfiable,
  type RecordingRows,
  type RecordingStore,
  type Store,
} from '@livespace/app';
import { forbidden, HttpError, notFound } from '../http/errors';
import { requireUser } from '../auth/auth-hooks';
import type { AuthService } from '../auth/auth-service';

export interface RecordingRouteDeps {
  store: Pick<Store, 'agentMayRead'>;
  rows: Pick<RecordingRows, 'getRecording'>;
  files: RecordingStore;
}

/**
 * A single `bytes=` range (`a-b`, `a-`, `-n`) against a file of `size` bytes; undefined: none, or one we serve whole.
 */
function parseRange(header: string | undefined, size: number): { start: number; end?: number } | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  // several ranges or a malformed one: the whole file (RFC 9110 allows it)
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') return { start: Math.max(0, size - Number(m[2])) };
  const start = Number(m[1]);
  const end = m[2] === '' ? undefined : Number(m[2]);
  if (end !== undefined && end < start) return undefined;
  return { start, ...(end !== undefined ? { end } : {}) };
}

export function recordingRoutes(app: FastifyInstance, auth: AuthService, deps: RecordingRouteDeps): void {
  app.get<{ Params: { id: string }; Querystring: { download?: string } }>(
    '/api/sessions/:id/recording',
    { onRequest: requireUser(auth) },
    async (req, reply) => {
      const id = req.params.id;
      if (!/^[\w-]{1,100}$/.test(id)) throw notFound('Recording');
      if (!(await mayReadSession(deps.store, req.user!, id)))
        throw forbidden('Human agents hear only the calls they handled');
      const row = await deps.rows.getRecording(id);
      if (!row || row.status === 'failed') throw notFound('Recording');
      if (row.status === 'recording')
        throw new HttpError(409, 'recording_in_progress', 'The call is still being recorded');
      const range = parseRange(req.headers.range, row.bytes ?? 0);
      let body;
      try {
        body = await deps.files.open(id, range);
      } catch (err) {
        if (err instanceof RangeNotSatisfiable) {
          return reply
            .code(416)
            .header('Content-Range', `bytes */${err.size}`)
            .send({ error: { code: 'range_not_satisfiable', message: `The recording has ${err.size} bytes` } });
        }
        throw err;
      }
      if (!body) throw notFound('Recording');
      reply
        .header('Accept-Ranges', 'bytes')
        .header('Content-Type', 'audio/wav')
        .header('Cache-Control', 'private, no-cache')
        .header('Content-Length', String(body.range.end - body.range.start + 1));
      if (req.query.download === '1') reply.header('Content-Disposition', `attachment; filename="recording-${id}.wav"`);
      if (range) reply.code(206).header('Content-Range', `bytes ${body.range.start}-${body.range.end}/${body.size}`);
      return reply.send(body.stream);
    },
  );
}
