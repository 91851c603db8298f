/** Campaigns: create, upload contacts (CSV), start / pause / resume / stop, progress; the do-not-call list. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CampaignBody, DoNotCallBody, type Campaign } from '@livespace/protocol';
import { normalizePhone, type CountryCode } from '@livespace/domain';
import type { CampaignService } from '@livespace/app';
import { readContactsCsvOffThread } from '@livespace/adapters/csv/read-contacts-csv';
import { HttpError, notFound, parseBody, refusalError } from '../http/errors';
import { requireUser, requirePermission } from '../auth/auth-hooks';
import type { AuthService } from '../auth/auth-service';
import type { AgentDirectory } from '../agent-directory';
import { phoneOrThrow } from './calls.routes';

/** Largest CSV upload (about 250,000 short rows). */
const CSV_LIMIT = 20 * 1024 * 1024;

const ContactsQuery = z.object({
  status: z.enum(['pending', 'dialing', 'done', 'do_not_call']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export function campaignRoutes(
  app: FastifyInstance,
  auth: AuthService,
  deps: { campaigns: CampaignService; agents: AgentDirectory; defaultCountry: CountryCode },
): void {
  const user = requireUser(auth);
  const staff = requirePermission(auth, 'campaigns.manage');
  const found = (c: Campaign | null) =>
    c ??
    (() => {
      throw notFound('campaign');
    })();

  app.get('/api/campaigns', { onRequest: user }, async () => ({ items: await deps.campaigns.list() }));

  app.post('/api/campaigns', { onRequest: staff }, async (req, reply) => {
    const body = parseBody(CampaignBody, req.body);
    if (!deps.agents.get(body.agentId))
      throw new HttpError(422, 'unknown_agent', 'agentId: no such AI agent', 'agentId');
    const callerId =
      body.callerId === undefined ? undefined : phoneOrThrow(body.callerId, deps.defaultCountry, 'callerId');
    const u = req.user!;
    const campaign = await deps.campaigns.create(
      { ...body, ...(callerId ? { callerId } : {}) },
      { id: u.id, name: u.name },
    );
    req.log.info({ campaignId: campaign.id, userId: u.id }, 'campaign created');
    return reply.status(201).send(campaign);
  });

  app.get<{ Params: { id: string } }>('/api/campaigns/:id', { onRequest: user }, async (req) =>
    found(await deps.campaigns.get(req.params.id)),
  );

  app.get<{ Params: { id: string } }>('/api/campaigns/:id/contacts', { onRequest: user }, async (req) => {
    const q = ContactsQuery.safeParse(req.query);
    if (!q.success)
      throw new HttpError(
        422,
        'invalid_input',
        `${q.error.issues[0]!.path.join('.')}: ${q.error.issues[0]!.message}`,
        String(q.error.issues[0]!.path[0]),
      );
    found(await deps.campaigns.get(req.params.id));
    return {
      items: await deps.campaigns.contacts(req.params.id, {
        ...q.data,
        ...(q.data.status ? { status: q.data.status } : {}),
      }),
    };
  });

  // CSV is read on this route only (in its own scope), so other routes keep refusing text bodies and their 1 MiB limit.
  void app.register(async (scope) => {
    scope.addContentTypeParser(
      ['text/csv', 'text/plain', 'application/csv'],
      { parseAs: 'string', bodyLimit: CSV_LIMIT },
      (_req, body, done) => done(null, body),
    );
    scope.post<{ Params: { id: string } }>(
      '/api/campaigns/:id/contacts',
      { onRequest: staff, bodyLimit: CSV_LIMIT },
      async (req) => {
        if (typeof req.body !== 'string')
          throw new HttpError(415, 'unsupported_media_type', 'Send the contacts as text/csv');
        const started = performance.now();
        // Parsed on a worker thread: a large upload never holds up the calls.
        const csv = await readContactsCsvOffThread(req.body, deps.defaultCountry);
        if (!csv.ok)
          throw new HttpError(422, 'invalid_csv', csv.line ? `line ${csv.line}: ${csv.message}` : csv.message);
        const r = await deps.campaigns.importContacts(req.params.id, csv.contacts, csv.invalid);
        if (!r.ok) throw refusalError(r);
        req.log.info(
          {
            campaignId: req.params.id,
            imported: r.report.imported,
            invalid: r.report.invalid.length,
            ms: Math.round(performance.now() - started),
          },
          'campaign contacts imported',
        );
        return r.report;
      },
    );
  });

  for (const cmd of ['start', 'pause', 'resume', 'stop'] as const) {
    app.post<{ Params: { id: string } }>(`/api/campaigns/:id/${cmd}`, { onRequest: staff }, async (req) => {
      const r = await deps.campaigns.command(req.params.id, cmd);
      if (!r.ok) throw refusalError(r);
      return r.campaign;
    });
  }

  app.get('/api/do-not-call', { onRequest: staff }, async () => ({ items: await deps.campaigns.listDoNotCall() }));

  app.post('/api/do-not-call', { onRequest: staff }, async (req) => {
    const { phones } = parseBody(DoNotCallBody, req.body);
    const valid: string[] = [];
    const invalid: Array<{ index: number; reason: string }> = [];
    phones.forEach((p, index) => {
      const r = normalizePhone(p, deps.defaultCountry);
      if (r.ok) valid.push(r.e164);
      else invalid.push({ index, reason: r.message });
    });
    if (valid.length === 0) throw new HttpError(422, 'invalid_phone', 'phones: none is a valid phone number', 'phones');
    return { added: await deps.campaigns.addDoNotCall(valid), invalid };
  });
}
