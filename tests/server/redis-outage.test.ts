/**
 * A Redis outage on two processes (PostgreSQL + a Redis of this test's own, stopped and started again):
 * the owner's clients keep getting every event; afterwards the other process's clients get everything
 * they missed, in order and without a gap, and a call hung up during the outage is not left "live".
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../support/free-port';
import { startPeer, startServer, type StartedServer } from '../support/start-server';
import { TestLiveClient } from '../support/live-client';
import { waitUntil } from '../support/wait';

const canRun = process.env.DATABASE_URL && process.env.REDIS_URL;

/** A Redis server of our own on `port` (the shared one is never stopped). */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  await waitUntil(
    'redis to answer',
    async () => {
      const { createConnection } = await import('node:net');
      return new Promise<boolean>((resolve) => {
        const c = createConnection(port, '127.0.0.1', () => {
          c.end();
          resolve(true);
        });
        c.on('error', () => resolve(false));
      });
    },
    10_000,
  );
  return child;
}

function stopRedis(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

type Msg = {
  type: string;
  topic: string;
  seq: number;
  event?: { type: string };
  data?: { items?: Array<{ id: string; state: string }> };
};

describe('Redis outage (DATABASE_URL and REDIS_URL)', {
  skip: canRun ? false : 'needs DATABASE_URL and REDIS_URL',
}, () => {
  let redisPort: number;
  let redis: ChildProcess;
  let a: StartedServer;
  let b: StartedServer;
  before(async () => {
    redisPort = await freePort();
    redis = await startRedis(redisPort);
    const env = { LIVESPACE_TTS: 'none', REDIS_URL: `redis://127.0.0.1:${redisPort}` };
    a = await startServer({ env: { ...env, LIVESPACE_REDIS_PREFIX: 'outage-test:' } });
    b = await startPeer(a, env);
  });
  after(async () => {
    await b?.stop();
    await a?.stop();
    if (redis) await stopRedis(redis);
  });

  it("the owner's clients never stop; the others catch up in order once Redis is back; a call ended meanwhile is not left live", async () => {
    const token = await a.token();
    const onA = await TestLiveClient.connect(a.url, token);
    const onB = await TestLiveClient.connect(b.url, token);
    const { sessionId: id } = (await (
      await a.api('/api/simulator/calls', { method: 'POST', json: { persona: 'manual' } })
    ).json()) as { sessionId: string };
    const ended = (await (
      await a.api('/api/simulator/calls', { method: 'POST', json: { persona: 'manual' } })
    ).json()) as { sessionId: string };
    for (const c of [onA, onB]) c.send({ type: 'subscribe', topic: `session:${id}` });
    onB.send({ type: 'subscribe', topic: 'sessions' });
    await onB.waitFor((m) => (m as Msg[]).find((x) => x.type === 'snapshot' && x.topic === `session:${id}`));
    await onA.waitFor((m) => (m as Msg[]).find((x) => x.type === 'snapshot' && x.topic === `session:${id}`));

    await stopRedis(redis);
    // During the outage: the caller talks, a supervisor whispers, another call hangs up.
    const seenOnA = (onA.messages as Msg[]).length;
    await a.api(`/api/simulator/calls/${id}/say`, { method: 'POST', json: { text: 'Hello, is anyone there?' } });
    await a.api(`/api/sessions/${id}/whisper`, { method: 'POST', json: { text: 'during the outage' } });
    await a.api(`/api/simulator/calls/${ended.sessionId}/hangup`, { method: 'POST' });
    await onA.waitFor(
      (m) => (m as Msg[]).slice(seenOnA).find((x) => x.type === 'event' && x.topic === `session:${id}`),
      5000,
    );
    await new Promise((r) => setTimeout(r, 3000));

    redis = await startRedis(redisPort);
    // Everything A's client saw reaches B's client too, in order, without a gap or a duplicate.
    const seqs = (c: TestLiveClient) =>
      (c.messages as Msg[])
        .filter((x) => x.topic === `session:${id}` && (x.type === 'event' || x.type === 'snapshot'))
        .map((x) => x.seq);
    await waitUntil(
      'B to catch up',
      async () => {
        const lastA = seqs(onA).at(-1)!;
        return seqs(onB).at(-1)! >= lastA;
      },
      30_000,
    );
    const onBSeqs = seqs(onB);
    for (let i = 1; i < onBSeqs.length; i++)
      assert.equal(onBSeqs[i], onBSeqs[i - 1]! + 1, `no gap or duplicate on B: ${onBSeqs.join(',')}`);
    // The call hung up during the outage is gone from B's live list (and from a fresh snapshot there).
    await waitUntil(
      "the ended call to leave B's sessions",
      async () => {
        const fresh = await TestLiveClient.connect(b.url, token);
        fresh.send({ type: 'subscribe', topic: 'sessions' });
        const snap = await fresh.waitFor((m) =>
          (m as Msg[]).find((x) => x.type === 'snapshot' && x.topic === 'sessions'),
        );
        fresh.close();
        return !(snap.data?.items ?? []).some((s) => s.id === ended.sessionId);
      },
      30_000,
    );
    onA.close();
    onB.close();
  });
});
