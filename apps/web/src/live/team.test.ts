/** The Team screen's rules: queues typed as a list, the order and filter, and refusals put at their field. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  canEditTeam,
  canSeeTeam,
  matchesTeamFilter,
  parseQueues,
  queuesError,
  sortTeam,
  suggestPassword,
  teamError,
  type TeamUser,
} from './team';

const user = (over: Partial<TeamUser>): TeamUser => ({
  id: 'u1',
  email: 'ava@test.local',
  name: 'Ava',
  role: 'agent',
  queues: [],
  disabled: false,
  ...over,
});
const refusal = (status: number, code: string, message: string, field?: string) => ({
  status,
  code,
  message,
  ...(field ? { field } : {}),
});

describe('team rules', () => {
  it('lets admins and supervisors see the team, and only admins change it', () => {
    assert.deepEqual(
      ['admin', 'supervisor', 'agent'].map((role) => canSeeTeam({ role } as TeamUser)),
      [true, true, false],
    );
    assert.deepEqual(
      ['admin', 'supervisor', 'agent'].map((role) => canEditTeam({ role } as TeamUser)),
      [true, false, false],
    );
    assert.equal(canSeeTeam(null), false);
  });

  it('reads queues from a comma list: trimmed, empty parts dropped, each once', () => {
    assert.deepEqual(parseQueues(' billing, sales,,billing ,\nfront desk '), ['billing', 'sales', 'front desk']);
    assert.deepEqual(parseQueues('  '), []);
    assert.equal(queuesError(['a'.repeat(101)])?.includes('at most 100'), true);
    assert.equal(queuesError(Array.from({ length: 51 }, (_, i) => `q${i}`)), 'At most 50 queues per person');
    assert.equal(queuesError(['billing']), null);
  });

  it('lists enabled people first, by name; filters by words and role', () => {
    const list = [
      user({ id: '1', name: 'zoe' }),
      user({ id: '2', name: 'Adam', disabled: true }),
      user({ id: '3', name: 'ben', role: 'supervisor', queues: ['billing'] }),
    ];
    assert.deepEqual(
      sortTeam(list).map((u) => u.id),
      ['3', '1', '2'],
    );
    assert.equal(matchesTeamFilter(list[2]!, 'BILL', ''), true);
    assert.equal(matchesTeamFilter(list[2]!, 'bill', 'agent'), false);
    assert.equal(matchesTeamFilter(list[0]!, 'zoe test.local', 'agent'), true);
    assert.equal(matchesTeamFilter(list[0]!, 'zoe sales', ''), false);
  });

  it('puts each refusal at its field when the form shows it, else above the buttons', () => {
    const create = { fields: ['name', 'email', 'role', 'queues', 'password'] as const };
    assert.deepEqual(teamError(refusal(409, 'email_taken', 'A user with this email exists'), create), {
      field: 'email',
      message: 'Someone on the team already has this email',
    });
    assert.deepEqual(teamError(refusal(422, 'weak_password', 'password: too easy to guess', 'password'), create), {
      field: 'password',
      message: 'Too easy to guess',
    });
    assert.deepEqual(teamError(refusal(422, 'invalid_input', 'email: Invalid email address', 'email'), create), {
      field: 'email',
      message: 'Invalid email address',
    });
    assert.deepEqual(teamError(refusal(422, 'invalid_input', 'queues.2: Too big', 'queues.2'), create), {
      field: 'queues',
      message: 'Too big',
    });
    assert.deepEqual(teamError(refusal(400, 'body_required', 'A JSON body is required'), create), {
      field: null,
      message: 'A JSON body is required',
    });
    assert.equal(
      teamError(new TypeError('Failed to fetch'), create).message,
      'The server could not be reached. Try again.',
    );
    assert.equal(
      teamError(refusal(403, 'forbidden', 'Requires role admin'), create).message,
      'Only admins change the team.',
    );

    const edit = { fields: ['name', 'role', 'queues'] as const, roleChanged: true };
    assert.deepEqual(
      teamError(refusal(409, 'last_admin', 'This is the last enabled admin; make another user admin first'), edit),
      { field: 'role', message: 'This is the last enabled admin: make another person admin first' },
    );
    assert.equal(teamError(refusal(409, 'own_account', 'You cannot…'), edit).field, 'role');
    assert.deepEqual(teamError(refusal(409, 'last_admin', 'x'), { fields: [] }), {
      field: null,
      message: 'This is the last enabled admin: make another person admin first',
    });
    assert.equal(
      teamError(refusal(422, 'invalid_input', 'email: bad', 'email'), edit).field,
      null,
      'a field the dialog does not show',
    );
  });

  it('suggests a password of 4 groups of 4, without look-alike characters', () => {
    const p = suggestPassword();
    assert.match(p, /^[a-km-zA-HJ-NP-Z2-9]{4}(-[a-km-zA-HJ-NP-Z2-9]{4}){3}$/);
    assert.notEqual(suggestPassword(), p);
  });
});
