/**
 * Exports and deletion of sessions: one session as JSON or text (`GET /api/sessions/:id/export`), the history list as
 * CSV streamed a keyset page at a time (`GET /api/sessions/export.csv`, the filters of `GET /api/sessions?state=…`),
 * and `DELETE /api/sessions/:id` (admins). Every export and deletion is written to the audit log; an export whose
 * audit entry cannot be written is still delivered (the failure is logged), a deletion is recorded in its own
 * transaction.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import {
  detailFromEvents,
  HistoryQuerySchema,
  historyQueryOf,
  type HistoryItem,
  type SessionDetail,
} from '@livespace/protocol';
import {
  deleteSession,
  mayReadSession,
  type Clock,
  type HistoryResult,
  type HistorySearch,
  type RecordingEraser,
  type Store,
} from '@livespace/app';
import { conflict, forbidden, HttpError, notFound, parseBody, storeErrorForLog } from '../http/errors';
import { requireUser, requirePermission } from '../auth/auth-hooks';
import type { AuthService } from '../auth/auth-service';
import { historyScope } from './session-history';
import { auditWriter } from '../http/audit-writer';
import { exportFileName, sessionText } from '../export/session-text';
import { csvHeader, sessionCsvRow } from '../export/sessions-csv';

/** Rows per store page of the CSV export: one page is in memory at a time. */
const CSV_PAGE_ROWS = 500;

export interface SessionExportDeps {
  auth: AuthService;
  store: Store;
  clock: Clock;
  /** Erases a deleted session's recording; none wired: nothing to erase. */
  recordings?: RecordingEraser | null;
  /** Adds to a session's detail what is kept beside its events (its recording), as `GET /api/sessions/:id` does. */
  decorate?: (detail: SessionDetail) => Promise<void>;
}

const invalid = (field: string, message: string) => new HttpError(422, 'invalid_input', `${field}: ${message}`, field);

/**
 * Query keys of the CSV export: the history filters and the order; the list's paging (`limit`, `cursor`, `offset`) is
 * not one.
 */
const CSV_KEYS = [
  'state',
  'from',
  'to',
  'channel',
  'agentId',
  'outcome',
  'endReason',
  'direction',
  'campaignId',
  'queue',
  'escalated',
  'handledBy',
  'number',
  'q',
  'health',
  'contact',
  'sort',
] as const;

const attachment = (name: string) => `attachment; filename="${name}"`;

export function sessionExportRoutes(app: FastifyInstance, deps: SessionExportDeps): void {
  const { auth, store, clock } = deps;

  /** Writes an export's audit entry; a failure is logged and the export goes on. */
  const audit = auditWriter(store, clock);

  // A static path: matched before `/api/sessions/:id` whatever the order routes are added in.
  app.get('/api/sessions/export.csv', { onRequest: requireUser(auth) }, async (req, reply) => {
    const query = { ...(req.query as Record<string, unknown>) };
    delete query.token; // a credential, not a filter
    for (const key of Object.keys(query)) {
      if (!(CSV_KEYS as readonly string[]).includes(key))
        throw invalid(key, 'is not a filter of the export (it has every matching row)');
      if (Array.isArray(query[key])) throw invalid(key, 'give it once');
    }
    const parsed = parseBody(HistoryQuerySchema, { state: 'ended', ...query });
    const { filter, sort } = historyQueryOf(parsed);
    const handledBy = historyScope(req.user!, filter.handledBy);
    const search: HistorySearch = {
      ...filter,
      ...(handledBy ? { handledBy } : {}),
      sort,
      limit: CSV_PAGE_ROWS,
      after: null,
    };
    // The first page before the answer starts: a store that fails now gets a plain 500, not a cut file.
    const first = await store.searchSessions(search);
    const filters: Record<string, string> = Object.fromEntries(
      Object.entries(parsed)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, String(v)]),
    );
    if (handledBy && !filter.handledBy) filters.handledBy = handledBy;
    const started = clock.now();
    const finished = (rows: number, complete: boolean) =>
      void audit(req, { action: 'sessions.export_csv', target: null, detail: { filters, rows, complete } });
    const stamp = started.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', attachment(`sessions-${stamp}.csv`))
      .header('cache-control', 'no-store')
      .send(Readable.from(csvPages(store, search, first, finished), { objectMode: false }));
  });

  app.get<{ Params: { id: string } }>(
    '/api/sessions/:id/export',
    { onRequest: requireUser(auth) },
    async (req, reply) => {
      const q = req.query as Record<string, unknown>;
      const format = q.format ?? 'json';
      if (format !== 'json' && format !== 'txt') throw invalid('format', 'must be json or txt');
      const id = req.params.id;
      if (!(await mayReadSession(store, req.user!, id)))
        throw forbidden('Human agents export only live sessions and those they handled');
      const detail = detailFromEvents(await store.sessionEvents(id, 0));
      if (!detail) throw notFound('Session');
      await deps.decorate?.(detail);
      const body =
        format === 'json'
          ? JSON.stringify(
              { exportedAt: clock.now().toISOString(), session: detail, actions: await store.listActions(id) },
              null,
              2,
            )
          : sessionText(detail);
      await audit(req, { action: 'session.export', target: id, detail: { format } });
      return reply
        .header('content-type', format === 'json' ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8')
        .header('content-disposition', attachment(exportFileName(id, format)))
        .header('cache-control', 'no-store')
        .send(body);
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/sessions/:id',
    { onRequest: requirePermission(auth, 'sessions.delete') },
    async (req, reply) => {
      const result = await deleteSession(
        {
          store,
          clock,
          recordings: deps.recordings ?? null,
          onRecordingError: (err, sessionId) =>
            req.log.error(
              { err: storeErrorForLog(err), sessionId },
              "a deleted session's recording could not be erased",
            ),
        },
        req.params.id,
        { id: req.user!.id, name: req.user!.name },
      );
      if (result === 'not_found') throw notFound('Session');
      if (result === 'live') throw conflict('session_live', 'The session is live: end it before deleting it');
      req.log.info({ sessionId: req.params.id }, 'session deleted');
      return reply.status(204).send();
    },
  );
}

/**
 * The CSV a page at a time: the header, then each page's rows as one chunk. The stream asks for the next chunk only
 * when the client has taken the last (backpressure), so one page is in memory however many rows match.
 * `finished` gets the rows handed out and whether the file is whole (false: the client left or the store failed).
 */
async function* csvPages(
  store: Store,
  search: HistorySearch,
  first: HistoryResult,
  finished: (rows: number, complete: boolean) => void,
): AsyncGenerator<string> {
  let rows = 0;
  let complete = false;
  try {
    yield csvHeader();
    let page = first;
    for (;;) {
      if (page.items.length > 0) {
        yield page.items.map((s: HistoryItem) => sessionCsvRow(s)).join('');
        rows += page.items.length;
      }
      if (!page.next) break;
      page = await store.searchSessions({ ...search, after: page.next });
    }
    complete = true;
  } finally {
    finished(rows, complete);
  }
}
