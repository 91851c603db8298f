import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Team } from '@livespace/protocol/team-config';
import type { TeamUser } from './team';
import { leadCandidates, matchesTeamChoice, movesFrom, peopleCount } from './team-groups';

const user = (id: string, name: string, role: TeamUser['role'], teamId: string | null, disabled = false): TeamUser => ({
  id,
  name,
  email: `${id}@x.test`,
  role,
  queues: [],
  teamId,
  disabled,
});
const users = [
  user('a', 'Ava', 'agent', 't1'),
  user('b', 'Ben', 'agent', 't2'),
  user('c', 'Cleo', 'agent', null),
  user('s', 'sue', 'supervisor', 't1'),
  user('z', 'Zed', 'admin', null),
  user('d', 'Dora', 'supervisor', null, true),
];
const teams: Team[] = [
  { id: 't1', name: 'North', leadId: 's', members: ['a', 's'] },
  { id: 't2', name: 'South', leadId: null, members: ['b'] },
];

describe('teams on the Team screen', () => {
  it('filters by team, by none, or not at all', () => {
    const cases: Array<[string, string[]]> = [
      ['', ['a', 'b', 'c', 's', 'z', 'd']],
      ['none', ['c', 'z', 'd']],
      ['t1', ['a', 's']],
      ['t2', ['b']],
      ['t9', []],
    ];
    for (const [choice, want] of cases)
      assert.deepEqual(
        users.filter((u) => matchesTeamChoice(u, choice)).map((u) => u.id),
        want,
        choice,
      );
  });

  it('offers enabled supervisors and admins as leads, by name in any case', () => {
    assert.deepEqual(
      leadCandidates(users).map((u) => u.id),
      ['s', 'z'],
    );
  });

  it('says who would leave another team', () => {
    assert.deepEqual(movesFrom(new Set(['a', 'b', 'c']), 't1', users, teams), [{ name: 'Ben', from: 'South' }]);
    assert.deepEqual(movesFrom(new Set(['a', 'b']), null, users, teams), [
      { name: 'Ava', from: 'North' },
      { name: 'Ben', from: 'South' },
    ]);
    assert.deepEqual(movesFrom(new Set(), 't1', users, teams), []);
  });

  it('counts people', () => {
    assert.deepEqual([0, 1, 2].map(peopleCount), ['nobody yet', '1 person', '2 people']);
  });
});
