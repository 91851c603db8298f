/**
 * How a login's token is trusted between checks with the database: for 5 s without asking, then answered at once while
 * it is asked again beside the request, and waited for after a quiet minute; a revocation the database reports, or an
 * account change heard meanwhile, is never overtaken by a check that started before it.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import type { Store, UserRecord } from '@livespace/app';
import { AuthService } from './auth-service';
import { hashPassword } from './passwords';

const USER: UserRecord = {
  id: 'usr_ana',
  email: 'ana@example.com',
  name: 'Ana',
  role: 'agent',
  queues: ['sales'],
  passwordHash: '',
  disabled: false,
  teamId: null,
  createdAt: '2026-12-01T09:00:00.000Z',
};
const TOKEN = 'token-of-ana';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The database's side of logins: its lookups counted, each answered when the test says (or at once). */
function loginsTable(user: UserRecord) {
  const live = new Map<string, Date>([[sha256(TOKEN), new Date('2026-12-08T00:00:00Z')]]);
  const lookups: Array<() => void> = [];
  const table = {
    held: false,
    lookups: 0,
    live,
    /** Answers the lookups held so far. */
    release() {
      for (const go of lookups.splice(0)) go();
    },
    findUserByEmail: async (email: string) => (email === user.email ? user : null),
    createToken: async (hash: string, _userId: string, expiresAt: Date) => {
      live.set(hash, expiresAt);
    },
    findLogin: async (hash: string) => {
      table.lookups++;
      if (table.held) await new Promise<void>((go) => lookups.push(go));
      const expiresAt = live.get(hash);
      return expiresAt ? { user, expiresAt } : null;
    },
  };
  return table;
}

function setUp(user = USER) {
  const table = loginsTable(user);
  let now = Date.parse('2026-12-07T12:00:00Z');
  const auth = new AuthService(table as unknown as Store, { now: () => new Date(now) }, 12);
  return { auth, table, pass: (ms: number) => (now += ms) };
}

/** Whether `p` has settled after the promises already queued have run. */
async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  void p.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((r) => setImmediate(r));
  return done;
}

describe('AuthService: trusting a checked token', () => {
  it('asks the database once, then not for 5 s', async () => {
    const { auth, table, pass } = setUp();
    assert.equal((await auth.loginFor(TOKEN))?.user.id, 'usr_ana');
    pass(4_999);
    await auth.loginFor(TOKEN);
    await auth.loginFor(TOKEN);
    assert.equal(table.lookups, 1);
  });

  it('after 5 s answers at once and checks again beside the request, once for a burst', async () => {
    const { auth, table, pass } = setUp();
    await auth.loginFor(TOKEN);
    pass(5_001);
    table.held = true;
    const burst = [auth.loginFor(TOKEN), auth.loginFor(TOKEN), auth.loginFor(TOKEN)];
    for (const request of burst) assert.ok(await settled(request), 'answered without waiting for the database');
    assert.equal((await burst[0])?.user.id, 'usr_ana');
    assert.equal(table.lookups, 2, 'one check for the whole burst');
    table.release();
    await new Promise((r) => setImmediate(r));
    await auth.loginFor(TOKEN);
    assert.equal(table.lookups, 2, 'trusted again for 5 s once the check said live');
  });

  it('a token the database no longer knows is refused from the request after the check', async () => {
    const { auth, table, pass } = setUp();
    await auth.loginFor(TOKEN);
    table.live.clear(); // revoked where no word of it reached this process
    pass(5_001);
    assert.ok(await auth.loginFor(TOKEN), 'the request that starts the check is still answered');
    await new Promise((r) => setImmediate(r));
    assert.equal(await auth.loginFor(TOKEN), null);
  });

  it('after a quiet minute the request waits for the check', async () => {
    const { auth, table, pass } = setUp();
    await auth.loginFor(TOKEN);
    pass(65_001);
    table.held = true;
    const request = auth.loginFor(TOKEN);
    assert.equal(await settled(request), false);
    table.release();
    assert.equal((await request)?.user.id, 'usr_ana');
  });

  it('an account change heard during a check is not overtaken by it', async () => {
    const { auth, table, pass } = setUp();
    await auth.loginFor(TOKEN);
    pass(5_001);
    table.held = true;
    await auth.loginFor(TOKEN); // starts the check
    auth.forget('usr_ana');
    table.release();
    await new Promise((r) => setImmediate(r));
    table.held = false;
    await auth.loginFor(TOKEN);
    assert.equal(table.lookups, 3, 'the change made the next request ask the database');
  });

  it('a new login is trusted from its first request', async () => {
    const user = { ...USER, passwordHash: await hashPassword('correct horse') };
    const { auth, table } = setUp(user);
    const login = await auth.login('ana@example.com', 'correct horse');
    assert.ok(typeof login === 'object');
    assert.equal((await auth.loginFor(login.token))?.user.id, 'usr_ana');
    assert.equal(table.lookups, 0);
  });
});
