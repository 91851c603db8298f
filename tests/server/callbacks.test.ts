/**
 * Scheduled callbacks over real HTTP and WebSocket: booked by a flow (the time the caller said, in its
 * time zone) or by a person, dialed once at their time, retried, changed by people; durable across a
 * crash (due while down: dialed once, or missed when too late; dialing when it died: never twice);
 * two processes on one PostgreSQL dial each callback once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startPeer, startServer, type StartedServer } from '../support/start-server';
import { TestLiveClient } from '../support/live-client';
import { waitUntil } from '../support/wait';

type Callback = {
  id: string;
  to: string;
  agentId: string;
  at: string;
  timeZone: string | null;
  status: string;
  maxAttempts: number;
  attempts: Array<{ sessionId: string; startedAt: string; result: string | null }>;
  source: string;
  originSessionId: string | null;
  createdBy: { name: string } | null;
  note: string | null;
};
type Session = {
  id: string;
  state: string;
  outbound?: { kind: string; callbackId?: string } | null;
  endReason: string | null;
  variables?: Record<string, string>;
};

const FAST = {
  LIVESPACE_TTS: 'none',
  LIVESPACE_SIM_RING_MS: '300',
  LIVESPACE_SIM_NO_ANSWER_MS: '600',
  LIVESPACE_SCHEDULER_POLL_MS: '200',
};
const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

function helpers(get: () => StartedServer) {
  const api = (path: string, init?: RequestInit & { json?: unknown }) => get().api(path, init);
  return {
    book: async (json: Record<string, unknown>) => {
      const r = await api('/api/callbacks', { method: 'POST', json });
      assert.equal(r.status, 201, await r.clone().text());
      return (await r.json()) as Callback;
    },
    callback: async (id: string) =>
      ((await (await api('/api/callbacks')).json()) as { items: Callback[] }).items.find((c) => c.id === id),
    all: async () => ((await (await api('/api/callbacks')).json()) as { items: Callback[] }).items,
    sessionsOf: async (callbackId: string) =>
      ((await (await api('/api/sessions?state=all')).json()) as { items: Session[] }).items.filter(
        (x) => x.outbound?.callbackId === callbackId,
      ),
    agentId: async (name: RegExp) =>
      ((await (await api('/api/agents')).json()) as { items: Array<{ id: string; name: string }> }).items.find((a) =>
        name.test(a.name),
      )!.id,
  };
}

describe('scheduled callbacks', () => {
  let s: StartedServer;
  const h = helpers(() => s);
  let clinic: string;
  let sales: string;

  before(async () => {
    s = await startServer({
      env: { ...FAST, LIVESPACE_TIMEZONE: 'America/New_York', LIVESPACE_CALLBACK_RETRY_MINUTES: '0.02' },
    });
    clinic = await h.agentId(/Clinic/);
    sales = await h.agentId(/Sales/);
  });
  after(async () => {
    await s.stop();
  });

  it('a caller asking to be called back "tomorrow at 10am" gets a callback at 10:00 in its time zone, shown live', async () => {
    const live = await TestLiveClient.connect(s.url, await s.token());
    live.send({ type: 'subscribe', topic: 'callbacks' });
    await live.waitFor((m) => m.find((x) => x.type === 'snapshot' && x.topic === 'callbacks'));
    const { sessionId } = (await (
      await s.api('/api/simulator/calls', { method: 'POST', json: { persona: 'callback', agentId: clinic } })
    ).json()) as { sessionId: string };
    const ev = await live.waitFor(
      (m) =>
        m.find((x) => x.type === 'event' && x.topic === 'callbacks' && x.event.callback?.originSessionId === sessionId),
      30_000,
    );
    const c = ev.event.callback as Callback;
    assert.equal(c.source, 'flow');
    assert.equal(c.status, 'scheduled');
    assert.equal(c.timeZone, 'America/New_York');
    const local = new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/New_York',
      hour: 'numeric',
      hourCycle: 'h23',
      minute: '2-digit',
      day: 'numeric',
    }).formatToParts(new Date(c.at));
    const part = (t: string) => local.find((p) => p.type === t)!.value;
    assert.equal(`${part('hour')}:${part('minute')}`, '10:00', `10am in New York (${c.at})`);
    const tomorrow = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', day: 'numeric' }).format(
      new Date(Date.now() + 24 * 3600_000),
    );
    assert.equal(part('day'), tomorrow);
    const detail = (await (await s.api(`/api/sessions/${sessionId}`)).json()) as {
      transcript: Array<{ kind?: string; data?: { callbackId?: string } }>;
    };
    assert.equal(
      detail.transcript.find((l) => l.kind === 'callback')?.data?.callbackId,
      c.id,
      'the transcript links the callback',
    );
    assert.deepEqual(await h.callback(c.id), c);
    live.close();
  });

  it('dials a booked callback once, at its time, with the AI agent on it', async () => {
    const at = inSeconds(1.5);
    const c = await h.book({
      to: '(415) 555-0100',
      agentId: sales,
      at,
      note: 'Asked about panels',
      timeZone: 'Europe/Paris',
    });
    assert.equal(c.to, '+14155550100');
    assert.equal(c.createdBy?.name, 'Admin');
    assert.equal(c.maxAttempts, 3);
    const done = await waitUntil(
      'the callback completes',
      async () => {
        const x = await h.callback(c.id);
        return x?.status === 'completed' ? x : null;
      },
      30_000,
    );
    assert.equal(done.attempts.length, 1);
    assert.equal(done.attempts[0]!.result, 'answered');
    assert.ok(done.attempts[0]!.startedAt >= at, `not before its time (${done.attempts[0]!.startedAt} < ${at})`);
    const sessions = await h.sessionsOf(c.id);
    assert.deepEqual(
      sessions.map((x) => x.id),
      [done.attempts[0]!.sessionId],
      'one call',
    );
    const d = (await (await s.api(`/api/sessions/${sessions[0]!.id}`)).json()) as {
      variables: Record<string, string>;
      outbound: { kind: string };
    };
    assert.equal(d.outbound.kind, 'callback');
    assert.equal(d.variables.timezone, 'Europe/Paris');
    assert.equal(d.variables.callbackNote, 'Asked about panels');
  });

  it('retries a busy number, then fails; "call now" gives it one more attempt', async () => {
    const c = await h.book({ to: '+14155550104', agentId: sales, at: inSeconds(0), maxAttempts: 2 });
    const failed = await waitUntil(
      'two busy attempts',
      async () => {
        const x = await h.callback(c.id);
        return x?.status === 'failed' ? x : null;
      },
      30_000,
    );
    assert.deepEqual(
      failed.attempts.map((a) => a.result),
      ['busy', 'busy'],
    );
    assert.ok(
      Date.parse(failed.attempts[1]!.startedAt) - Date.parse(failed.attempts[0]!.startedAt) >= 1000,
      'the retry waited its delay',
    );
    const r = await s.api(`/api/callbacks/${c.id}/call-now`, { method: 'POST' });
    assert.equal(r.status, 200);
    const again = await waitUntil(
      'the third attempt',
      async () => {
        const x = await h.callback(c.id);
        return x?.status === 'failed' && x.attempts.length === 3 ? x : null;
      },
      30_000,
    );
    assert.equal(again.maxAttempts, 3);
    assert.equal((await h.sessionsOf(c.id)).length, 3);
  });

  it('reschedules and cancels; refuses wrong states and bad input without changing anything', async () => {
    const c = await h.book({ to: '+14155550100', agentId: sales, at: inSeconds(3600) });
    const moved = await s.api(`/api/callbacks/${c.id}`, { method: 'PATCH', json: { at: inSeconds(7200) } });
    assert.equal(moved.status, 200);
    assert.ok(Math.abs(Date.parse(((await moved.json()) as Callback).at) - Date.now() - 7200_000) < 5000);
    assert.equal((await s.api(`/api/callbacks/${c.id}`, { method: 'DELETE' })).status, 200);
    assert.equal((await h.callback(c.id))?.status, 'canceled');
    const again = await s.api(`/api/callbacks/${c.id}`, { method: 'DELETE' });
    assert.equal(again.status, 409);
    assert.equal(((await again.json()) as { error: { code: string } }).error.code, 'wrong_state');
    assert.equal((await s.api(`/api/callbacks/${c.id}/call-now`, { method: 'POST' })).status, 409);
    assert.equal((await s.api('/api/callbacks/cb_nope', { method: 'DELETE' })).status, 404);

    const before = (await h.all()).length;
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ to: 'nope', agentId: sales, at: inSeconds(60) }, 'to'],
      [{ to: '+14155550100', agentId: 'agt_nope', at: inSeconds(60) }, 'agentId'],
      [{ to: '+14155550100', agentId: sales, at: 'tomorrow' }, 'at'],
      [{ to: '+14155550100', agentId: sales, at: inSeconds(-3600) }, 'at'],
      [{ to: '+14155550100', agentId: sales, at: inSeconds(60), timeZone: 'Mars/Olympus' }, 'timeZone'],
      [{ to: '+14155550100', agentId: sales, at: inSeconds(60), maxAttempts: 0 }, 'maxAttempts'],
    ];
    for (const [json, field] of bad) {
      const r = await s.api('/api/callbacks', { method: 'POST', json });
      assert.equal(r.status, 422, JSON.stringify(json));
      assert.equal(((await r.json()) as { error: { field?: string } }).error.field, field);
    }
    assert.equal((await s.api(`/api/callbacks/${c.id}`, { method: 'PATCH', json: { at: 'soon' } })).status, 422);
    await s.api('/api/users', {
      method: 'POST',
      json: { email: 'ava@test.local', name: 'Ava', password: 'ava-password', role: 'agent', queues: ['sales'] },
    });
    const agent = { authorization: `Bearer ${await s.login('ava@test.local', 'ava-password')}` };
    assert.equal(
      (
        await s.api('/api/callbacks', {
          method: 'POST',
          json: { to: '+14155550100', agentId: sales, at: inSeconds(60) },
          headers: agent,
        })
      ).status,
      403,
    );
    assert.equal((await s.api('/api/callbacks', { headers: agent })).status, 200, 'agents may read the list');
    assert.equal((await h.all()).length, before, 'nothing was booked');
  });
});

describe('scheduled callbacks across a crash', () => {
  let s: StartedServer;
  const h = helpers(() => s);
  let sales: string;

  before(async () => {
    // Retries an hour later, so a test sees exactly the attempts a crash left.
    s = await startServer({
      env: {
        ...FAST,
        LIVESPACE_NODE_TIMEOUT_MS: '2000',
        LIVESPACE_SIM_NO_ANSWER_MS: '60000',
        LIVESPACE_CALLBACK_GRACE_MINUTES: '0.15',
        LIVESPACE_CALLBACK_RETRY_MINUTES: '60',
      },
    });
    sales = await h.agentId(/Sales/);
  });
  after(async () => {
    await s.stop();
  });

  it('a callback due while the server was down is dialed once after the restart', async () => {
    const c = await h.book({ to: '+14155550100', agentId: sales, at: inSeconds(1) });
    await s.kill();
    await new Promise((r) => setTimeout(r, 1500));
    await s.restart();
    const done = await waitUntil(
      'dialed after the restart',
      async () => {
        const x = await h.callback(c.id);
        return x?.status === 'completed' ? x : null;
      },
      30_000,
    );
    assert.equal(done.attempts.length, 1);
    assert.equal((await h.sessionsOf(c.id)).length, 1);
  });

  it('one too late (beyond the grace time) is marked missed, not dialed', async () => {
    const c = await h.book({ to: '+14155550100', agentId: sales, at: inSeconds(1) });
    // Down from before its time until past the 9 s grace time.
    await s.kill();
    await new Promise((r) => setTimeout(r, 11_000));
    await s.restart();
    const missed = await waitUntil('missed', async () => {
      const x = await h.callback(c.id);
      return x?.status === 'missed' ? x : null;
    });
    assert.equal(missed.attempts.length, 0);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await h.sessionsOf(c.id)).length, 0);
  });

  it('a callback dialing when the server died is never dialed twice for that attempt', async () => {
    // Its number does not answer (rings for a minute): the crash comes while it rings.
    const c = await h.book({ to: '+14155550103', agentId: sales, at: inSeconds(0) });
    const dialing = await waitUntil('ringing', async () => {
      const x = await h.callback(c.id);
      const ses = x?.attempts[0] ? await h.sessionsOf(c.id) : [];
      return ses[0]?.state === 'ringing' ? x : null;
    });
    await s.kill();
    await s.restart();
    const after = await waitUntil('the attempt settled', async () => {
      const x = await h.callback(c.id);
      return x?.status === 'scheduled' ? x : null;
    });
    assert.equal(after.attempts.length, 1);
    assert.equal(after.attempts[0]!.sessionId, dialing.attempts[0]!.sessionId);
    assert.equal(after.attempts[0]!.result, 'failed', 'the call ended with the server; no conversation');
    assert.ok(Date.parse(after.at) > Date.now() + 30 * 60_000, 'the next attempt waits its retry delay');
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal((await h.sessionsOf(c.id)).length, 1, 'no second call');
  });
});

const shared = process.env.DATABASE_URL && process.env.REDIS_URL;

describe('scheduled callbacks on two processes (DATABASE_URL and REDIS_URL)', {
  skip: shared ? false : 'needs DATABASE_URL and REDIS_URL',
}, () => {
  let a: StartedServer;
  let b: StartedServer;
  const h = helpers(() => a);
  before(async () => {
    a = await startServer({ env: FAST });
    b = await startPeer(a, FAST);
  });
  after(async () => {
    await b?.stop();
    await a?.stop();
  });

  it('dials each due callback exactly once, whichever process claims it; both see every change live', async () => {
    const sales = await h.agentId(/Sales/);
    const live = await TestLiveClient.connect(b.url, await b.token());
    live.send({ type: 'subscribe', topic: 'callbacks' });
    await live.waitFor((m) => m.find((x) => x.type === 'snapshot' && x.topic === 'callbacks'));
    const at = inSeconds(1);
    const booked: Callback[] = [];
    // Busy numbers with one attempt: each callback ends failed after exactly one call.
    for (let i = 0; i < 30; i++)
      booked.push(
        await h.book({
          to: `+1415555${String(1000 + i * 10 + 4).padStart(4, '0')}`,
          agentId: sales,
          at,
          maxAttempts: 1,
        }),
      );
    const ids = new Set(booked.map((c) => c.id));
    await waitUntil(
      'every callback attempted',
      async () => (await h.all()).filter((c) => ids.has(c.id) && c.status === 'failed').length === 30,
      30_000,
    );
    for (const c of (await h.all()).filter((x) => ids.has(x.id))) {
      assert.equal(c.attempts.length, 1, c.id);
      assert.equal((await h.sessionsOf(c.id)).length, 1, `one call for ${c.id}`);
    }
    const seenOnB = await live.waitFor((m) => {
      const failed = new Set(
        m
          .filter((x) => x.topic === 'callbacks' && x.type === 'event' && x.event.callback?.status === 'failed')
          .map((x) => x.event.callback.id as string),
      );
      return [...ids].every((id) => failed.has(id)) || undefined;
    });
    assert.ok(seenOnB);
    live.close();
  });
});
