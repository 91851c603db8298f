import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Role } from './http';
import { may, PERMISSIONS, POLICY, rolesFor, type Permission } from './policy';

const ROLES: readonly Role[] = ['admin', 'supervisor', 'agent'];

/**
 * The whole matrix, written out: per permission, whether admin / supervisor / agent may without holding anything,
 * and whether each may when it holds the thing acted on (its session, its listener, an escalation of its queue).
 */
const Y = true;
const n = false;
const EXPECTED: Record<
  Permission,
  { admin: boolean; supervisor: boolean; agent: boolean; held: { admin: boolean; supervisor: boolean; agent: boolean } }
> = {
  //                         without holding          holding it
  'analytics.read': { admin: Y, supervisor: Y, agent: n, held: { admin: Y, supervisor: Y, agent: n } },
  'audit.read': { admin: Y, supervisor: n, agent: n, held: { admin: Y, supervisor: n, agent: n } },
  'agents.manage': { admin: Y, supervisor: n, agent: n, held: { admin: Y, supervisor: n, agent: n } },
  'team.read': { admin: Y, supervisor: Y, agent: n, held: { admin: Y, supervisor: Y, agent: n } },
  'team.manage': { admin: Y, supervisor: n, agent: n, held: { admin: Y, supervisor: n, agent: n } },
  'team.lead': { admin: Y, supervisor: Y, agent: n, held: { admin: Y, supervisor: Y, agent: n } },
  'users.manage': { admin: Y, supervisor: n, agent: n, held: { admin: Y, supervisor: n, agent: n } },
  'numbers.read': { admin: Y, supervisor: Y, agent: n, held: { admin: Y, supervisor: Y, agent: n } },
  'numbers.manage': { admin: Y, supervisor: n, agent: n, held: { admin: Y, supervisor: n, agent: n } },
  'queues.read': { admin: Y, supervisor: Y, agent: n, held: { admin: Y, supervisor: Y, agent: n } },
  'queues.manage': { admin: Y, supervisor: n, agent: n, held: { admin: Y, supervisor: n, agent: n } },
  'callbacks.manage': { admin: Y, supervisor: Y, agent: n, held: { admin: Y, supervisor: Y, agent: n } },
  'campaigns.manage': { admin: Y, supervisor: Y, agent: n, held: { admin: Y, supervisor: Y, agent: n } },
  'calls.dial': { admin: Y, supervisor: Y, agent: n, held: { admin: Y, supervisor: Y, agent: n } },
  'simulator.operate': { admin: Y, supervisor: Y, agent: n, held: { admin: Y, supervisor: Y, agent: n } },
  'sessions.read': { admin: Y, supervisor: Y, agent: n, held: { admin: Y, supervisor: Y, agent: Y } },
  'sessions.delete': { admin: Y, supervisor: n, agent: n, held: { admin: Y, supervisor: n, agent: n } },
  'session.act': { admin: Y, supervisor: Y, agent: n, held: { admin: Y, supervisor: Y, agent: Y } },
  'session.oversee': { admin: Y, supervisor: Y, agent: n, held: { admin: Y, supervisor: Y, agent: n } },
  'listeners.stop': { admin: Y, supervisor: n, agent: n, held: { admin: Y, supervisor: Y, agent: Y } },
  'escalation.claim': { admin: Y, supervisor: Y, agent: n, held: { admin: Y, supervisor: Y, agent: Y } },
  'presence.set': { admin: n, supervisor: n, agent: Y, held: { admin: n, supervisor: n, agent: Y } },
  'history.allHandlers': { admin: Y, supervisor: n, agent: n, held: { admin: Y, supervisor: n, agent: n } },
};

test('the policy is the matrix written out: every permission × role, without and with holding', () => {
  assert.deepEqual([...PERMISSIONS].sort(), Object.keys(EXPECTED).sort(), 'the same permissions');
  for (const p of PERMISSIONS) {
    for (const role of ROLES) {
      assert.equal(may(role, p), EXPECTED[p][role], `${role} ${p}`);
      assert.equal(may(role, p, {}), EXPECTED[p][role], `${role} ${p} (no holding said)`);
      assert.equal(may(role, p, { holds: false }), EXPECTED[p][role], `${role} ${p} (not holding)`);
      assert.equal(may(role, p, { holds: true }), EXPECTED[p].held[role], `${role} ${p} holding it`);
    }
  }
});

test('rolesFor lists the roles that may without holding, in the order a refusal names them', () => {
  for (const p of PERMISSIONS)
    assert.deepEqual(
      rolesFor(p),
      ROLES.filter((r) => EXPECTED[p][r]),
      p,
    );
  assert.deepEqual(rolesFor('analytics.read'), ['admin', 'supervisor']);
  assert.deepEqual(rolesFor('users.manage'), ['admin']);
});

test('holding only counts for the rules that say so', () => {
  const holderRules = PERMISSIONS.filter((p) => POLICY[p].holder);
  assert.deepEqual(holderRules.sort(), ['escalation.claim', 'listeners.stop', 'session.act', 'sessions.read']);
});
