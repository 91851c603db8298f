/** Campaigns in SQL: the locked unit of work the dialer runs per round, bulk contact import, progress counts. */
import { randomUUID } from 'node:crypto';
import type { Campaign, CampaignContact, CampaignProgress, ContactStatus } from '@livespace/protocol';
import type { ContactDraft } from '@livespace/domain';
import type { CampaignLock, ContactAttemptEnd, DueContact, OrphanedContact } from '@livespace/app/ports/index';
import type { Sql, SqlClient } from './sql-client';

/** Contacts per INSERT statement: 9 parameters each, well under PostgreSQL's 65535. */
const CONTACTS_PER_STATEMENT = 2000;

const iso = (d: Date | string | null): string | null =>
  d === null ? null : d instanceof Date ? d.toISOString() : new Date(d).toISOString();

const COUNTS = `
  count(*)::int as total,
  count(*) filter (where attempts > 0)::int as dialed,
  count(*) filter (where last_result = 'answered')::int as answered,
  count(*) filter (where outcome = 'interested')::int as interested,
  count(*) filter (where outcome = 'not_interested')::int as "notInterested",
  count(*) filter (where last_result = 'no_answer')::int as "noAnswer",
  count(*) filter (where last_result = 'busy')::int as busy,
  count(*) filter (where last_result = 'voicemail')::int as voicemail,
  count(*) filter (where last_result = 'failed')::int as failed,
  count(*) filter (where status = 'do_not_call')::int as "doNotCall",
  count(*) filter (where status = 'dialing')::int as active,
  count(*) filter (where status in ('pending', 'dialing'))::int as remaining`;

const PROGRESS_SQL = `select ${COUNTS} from campaign_contacts where campaign_id = $1`;

/** The newest 500 campaigns (the list) and their progress, counted in one grouped query. */
const LIST_LIMIT = 500;
const LIST_PROGRESS_SQL = `select campaign_id, ${COUNTS} from campaign_contacts
  where campaign_id in (select id from campaigns order by created_at desc limit ${LIST_LIMIT}) group by campaign_id`;

const NO_CONTACTS: CampaignProgress = {
  total: 0,
  dialed: 0,
  answered: 0,
  interested: 0,
  notInterested: 0,
  noAnswer: 0,
  busy: 0,
  voicemail: 0,
  failed: 0,
  doNotCall: 0,
  active: 0,
  remaining: 0,
};

export async function campaignProgress(db: Sql, id: string): Promise<CampaignProgress> {
  return (await db.query<CampaignProgress>(PROGRESS_SQL, [id]))[0]!;
}

export async function insertCampaign(db: Sql, c: Campaign): Promise<void> {
  await db.query('insert into campaigns (id, status, next_dial_at, created_at, data) values ($1, $2, null, $3, $4)', [
    c.id,
    c.status,
    c.createdAt,
    JSON.stringify(c),
  ]);
}

export async function getCampaign(db: Sql, id: string): Promise<Campaign | null> {
  const rows = await db.query<{ data: Campaign }>('select data from campaigns where id = $1', [id]);
  const c = rows[0]?.data;
  return c ? { ...c, progress: await campaignProgress(db, id) } : null;
}

export async function listCampaigns(db: Sql): Promise<Campaign[]> {
  const rows = await db.query<{ data: Campaign }>(
    `select data from campaigns order by created_at desc limit ${LIST_LIMIT}`,
  );
  const counts = new Map(
    (await db.query<CampaignProgress & { campaign_id: string }>(LIST_PROGRESS_SQL)).map(({ campaign_id, ...p }) => [
      campaign_id,
      p,
    ]),
  );
  return rows.map((r) => ({ ...r.data, progress: counts.get(r.data.id) ?? NO_CONTACTS }));
}

export async function campaignIds(db: Sql, status: string): Promise<string[]> {
  return (
    await db.query<{ id: string }>('select id from campaigns where status = $1 order by created_at', [status])
  ).map((r) => r.id);
}

export async function withCampaign<T>(
  db: SqlClient,
  id: string,
  fn: (lock: CampaignLock) => Promise<T>,
): Promise<T | null> {
  return db.transaction(async (tx) => {
    const rows = await tx.query<{ data: Campaign; next_dial_at: Date | string | null }>(
      'select data, next_dial_at from campaigns where id = $1 for update',
      [id],
    );
    const row = rows[0];
    if (!row) return null;
    const lock: CampaignLock = {
      campaign: row.data,
      cursor: row.next_dial_at === null ? null : new Date(row.next_dial_at).getTime(),
      active: async () =>
        (
          await tx.query<{ n: number }>(
            `select count(*)::int as n from campaign_contacts where campaign_id = $1 and status = 'dialing'`,
            [id],
          )
        )[0]!.n,
      remaining: async () =>
        (
          await tx.query<{ n: number }>(
            `select count(*)::int as n from campaign_contacts
             where campaign_id = $1 and status in ('pending', 'dialing')`,
            [id],
          )
        )[0]!.n,
      due: async (now, limit) => {
        const due = await tx.query<{
          id: string;
          phone: string;
          time_zone: string | null;
          persona: string | null;
          variables: Record<string, string>;
          attempts: number;
          dnc: boolean;
        }>(
          `select c.id, c.phone, c.time_zone, c.persona, c.variables, c.attempts, (d.phone is not null) as dnc
           from campaign_contacts c left join do_not_call d on d.phone = c.phone
           where c.campaign_id = $1 and c.status = 'pending' and (c.next_attempt_at is null or c.next_attempt_at <= $2)
           order by c.next_attempt_at nulls first, c.seq limit $3 for update of c skip locked`,
          [id, now.toISOString(), limit],
        );
        return due.map(
          (r): DueContact => ({
            id: r.id,
            phone: r.phone,
            timeZone: r.time_zone,
            persona: r.persona,
            variables: r.variables,
            attempts: r.attempts,
            doNotCall: r.dnc,
          }),
        );
      },
      dial: async (contactId, sessionId, processId, now) => {
        await tx.query(
          `update campaign_contacts
           set status = 'dialing', attempts = attempts + 1, session_id = $2, claimed_by = $3, updated_at = $4
           where id = $1`,
          [contactId, sessionId, processId, now.toISOString()],
        );
      },
      defer: async (contactId, until, now) => {
        await tx.query('update campaign_contacts set next_attempt_at = $2, updated_at = $3 where id = $1', [
          contactId,
          until.toISOString(),
          now.toISOString(),
        ]);
      },
      skipDoNotCall: async (contactId, now) => {
        await tx.query(`update campaign_contacts set status = 'do_not_call', updated_at = $2 where id = $1`, [
          contactId,
          now.toISOString(),
        ]);
      },
      setCursor: async (ms) => {
        await tx.query('update campaigns set next_dial_at = $2 where id = $1', [
          id,
          ms === null ? null : new Date(ms).toISOString(),
        ]);
      },
      save: async (c) => {
        await tx.query('update campaigns set status = $2, data = $3 where id = $1', [
          id,
          c.status,
          JSON.stringify({ ...c, progress: undefined }),
        ]);
      },
    };
    return fn(lock);
  });
}

/**
 * On PostgreSQL the import is one transaction. On the embedded database, which has one connection, a transaction
 * would hold every event commit back for the whole import (seconds for 50,000 rows): there it goes in small
 * statements the commits can run between, each atomic; a crash midway leaves the rows inserted so far, and the
 * same file uploaded again reports them as duplicates.
 */
export async function importContacts(
  db: SqlClient,
  campaignId: string,
  contacts: readonly ContactDraft[],
  now: Date,
): Promise<{ imported: number; duplicates: ContactDraft[]; doNotCall: ContactDraft[] }> {
  const embedded = db.kind === 'pglite';
  const perStatement = embedded ? 100 : CONTACTS_PER_STATEMENT;
  const run = <T>(fn: (tx: Sql) => Promise<T>): Promise<T> => (embedded ? fn(db) : db.transaction(fn));
  return run(async (tx) => {
    const listed = new Set(
      (
        await tx.query<{ phone: string }>('select phone from do_not_call where phone = any($1)', [
          contacts.map((c) => c.phone),
        ])
      ).map((r) => r.phone),
    );
    const doNotCall = contacts.filter((c) => listed.has(c.phone));
    const rest = contacts.filter((c) => !listed.has(c.phone));
    const inserted = new Set<string>();
    for (let i = 0; i < rest.length; i += perStatement) {
      const chunk = rest.slice(i, i + perStatement);
      // Columns as arrays (nine parameters, not nine a row): the statement is planned in no time and inserts in file
      // order.
      const rows = await tx.query<{ phone: string }>(
        `insert into campaign_contacts
           (id, campaign_id, line, phone, name, time_zone, persona, variables, status, updated_at)
         select u.id, $1, u.line, u.phone, u.name, u.time_zone, u.persona, u.variables::jsonb, 'pending', $2
         from unnest($3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
           with ordinality as u(id, line, phone, name, time_zone, persona, variables, n)
         order by u.n
         on conflict (campaign_id, phone) do nothing returning phone`,
        [
          campaignId,
          now.toISOString(),
          chunk.map(() => `${campaignId}-${randomUUID().slice(0, 13)}`),
          chunk.map((c) => c.line),
          chunk.map((c) => c.phone),
          chunk.map((c) => c.name),
          chunk.map((c) => c.timeZone),
          chunk.map((c) => c.persona),
          chunk.map((c) => JSON.stringify(c.variables)),
        ],
      );
      for (const r of rows) inserted.add(r.phone);
    }
    // A number already in the campaign (an earlier upload) is a duplicate; so is one that appeared twice in this file.
    const duplicates = rest.filter((c) => !inserted.delete(c.phone));
    return { imported: rest.length - duplicates.length, duplicates, doNotCall };
  });
}

interface ContactRow {
  id: string;
  line: number;
  phone: string;
  name: string | null;
  time_zone: string | null;
  persona: string | null;
  variables: Record<string, string>;
  status: ContactStatus;
  attempts: number;
  next_attempt_at: Date | string | null;
  last_result: CampaignContact['lastResult'];
  outcome: string | null;
  session_id: string | null;
}

export async function listContacts(
  db: Sql,
  campaignId: string,
  opts: { status?: ContactStatus; limit: number; offset: number },
): Promise<CampaignContact[]> {
  const rows = await db.query<ContactRow>(
    `select * from campaign_contacts where campaign_id = $1 and ($2::text is null or status = $2)
     order by seq limit $3 offset $4`,
    [campaignId, opts.status ?? null, opts.limit, opts.offset],
  );
  return rows.map((r) => ({
    id: r.id,
    line: r.line,
    phone: r.phone,
    name: r.name,
    timeZone: r.time_zone,
    persona: r.persona,
    variables: r.variables,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: iso(r.next_attempt_at),
    lastResult: r.last_result,
    outcome: r.outcome,
    sessionId: r.session_id,
  }));
}

export async function endContactAttempt(
  db: Sql,
  contactId: string,
  sessionId: string,
  end: ContactAttemptEnd,
  now: Date,
): Promise<boolean> {
  const rows = await db.query(
    `update campaign_contacts set status = $3, next_attempt_at = $4, last_result = $5, outcome = coalesce($6, outcome),
       claimed_by = null, updated_at = $7
     where id = $1 and session_id = $2 and status = 'dialing' returning id`,
    [contactId, sessionId, end.status, end.nextAttemptAt, end.result, end.outcome, now.toISOString()],
  );
  return rows.length > 0;
}

export async function loseContactAttempt(db: Sql, contactId: string, sessionId: string, now: Date): Promise<boolean> {
  const rows = await db.query(
    `update campaign_contacts set status = 'pending', attempts = attempts - 1, claimed_by = null, updated_at = $3
     where id = $1 and session_id = $2 and status = 'dialing' returning id`,
    [contactId, sessionId, now.toISOString()],
  );
  return rows.length > 0;
}

export async function orphanedContacts(db: Sql, staleBefore: Date | null): Promise<OrphanedContact[]> {
  const rows = staleBefore
    ? await db.query<{ id: string; campaign_id: string; session_id: string; attempts: number }>(
        `select c.id, c.campaign_id, c.session_id, c.attempts
       from campaign_contacts c left join nodes n on n.id = c.claimed_by
       where c.status = 'dialing' and (n.id is null or n.heartbeat_at < $1)`,
        [staleBefore.toISOString()],
      )
    : await db.query<{ id: string; campaign_id: string; session_id: string; attempts: number }>(
        `select id, campaign_id, session_id, attempts from campaign_contacts where status = 'dialing'`,
      );
  return rows.map((r) => ({ id: r.id, campaignId: r.campaign_id, sessionId: r.session_id, attempts: r.attempts }));
}

export async function addDoNotCall(db: Sql, phones: readonly string[], now: Date): Promise<number> {
  if (phones.length === 0) return 0;
  const rows = await db.query(
    'insert into do_not_call (phone, added_at) select unnest($1::text[]), $2 on conflict do nothing returning phone',
    [phones, now.toISOString()],
  );
  return rows.length;
}

export async function listDoNotCall(db: Sql): Promise<string[]> {
  return (await db.query<{ phone: string }>('select phone from do_not_call order by added_at desc limit 10000')).map(
    (r) => r.phone,
  );
}
