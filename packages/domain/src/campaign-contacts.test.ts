import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contactAfterAttempt, contactFromRow } from './campaign-contacts';
import { campaignTransition, CAMPAIGN_TABLE } from './campaign.machine';

test('contactFromRow: phone required and normalized; known columns; the rest become variables', () => {
  const r = contactFromRow(
    {
      Phone: ' (415) 555-0100 ',
      name: 'Ann Lee',
      timezone: 'America/Chicago',
      persona: 'interested',
      plan: 'gold',
      ' balance ': '120',
    },
    2,
  );
  assert.deepEqual(r, {
    ok: true,
    contact: {
      line: 2,
      phone: '+14155550100',
      name: 'Ann Lee',
      timeZone: 'America/Chicago',
      persona: 'interested',
      variables: { plan: 'gold', balance: '120', name: 'Ann Lee' },
    },
  });
  assert.deepEqual(contactFromRow({ phone: '020 7946 0018' }, 3, 'GB'), {
    ok: true,
    contact: { line: 3, phone: '+442079460018', name: null, timeZone: null, persona: null, variables: {} },
  });
  const bad: Array<[Record<string, string>, RegExp]> = [
    [{ phone: '' }, /empty/],
    [{ name: 'x' }, /empty/],
    [{ phone: 'call me' }, /digits/],
    [{ phone: '123' }, /not a valid/],
    [{ phone: '+14155550100', timezone: 'Mars/Base' }, /time zone/],
    [{ phone: '+14155550100', persona: 'robot' }, /persona/],
    [{ phone: '+14155550100', 'bad column!': 'x' }, /variable name/],
  ];
  for (const [row, why] of bad) {
    const x = contactFromRow(row, 9);
    assert.equal(x.ok, false, JSON.stringify(row));
    if (!x.ok) assert.match(x.reason, why);
  }
});

const S = { maxAttempts: 3, retryDelayMinutes: { noAnswer: 60, busy: 10 }, onVoicemail: 'hangup' as const };
const NOW = new Date('2026-11-24T10:00:00Z');

test('contactAfterAttempt: retries no answer and busy after their delays while attempts remain', () => {
  assert.deepEqual(contactAfterAttempt(1, 'no_answer', NOW, S), {
    status: 'pending',
    nextAttemptAt: '2026-11-24T11:00:00.000Z',
  });
  assert.deepEqual(contactAfterAttempt(2, 'busy', NOW, S), {
    status: 'pending',
    nextAttemptAt: '2026-11-24T10:10:00.000Z',
  });
  assert.deepEqual(contactAfterAttempt(1, 'voicemail', NOW, S), {
    status: 'pending',
    nextAttemptAt: '2026-11-24T11:00:00.000Z',
  });
  assert.deepEqual(contactAfterAttempt(3, 'no_answer', NOW, S), { status: 'done', nextAttemptAt: null });
  assert.equal(contactAfterAttempt(1, 'answered', NOW, S).status, 'done');
  assert.equal(contactAfterAttempt(1, 'failed', NOW, S).status, 'done');
  assert.equal(contactAfterAttempt(1, 'voicemail', NOW, { ...S, onVoicemail: 'leave_message' }).status, 'done');
});

test('campaign lifecycle: draft → running ⇄ paused → completed, or stopped', () => {
  const cells: Array<[keyof typeof CAMPAIGN_TABLE, string, string | null]> = [
    ['draft', 'start', 'running'],
    ['draft', 'pause', null],
    ['draft', 'stop', 'stopped'],
    ['draft', 'finish', null],
    ['running', 'pause', 'paused'],
    ['running', 'resume', null],
    ['running', 'stop', 'stopped'],
    ['running', 'finish', 'completed'],
    ['running', 'start', null],
    ['paused', 'resume', 'running'],
    ['paused', 'stop', 'stopped'],
    ['paused', 'start', null],
    ['paused', 'finish', 'completed'],
    ['completed', 'start', null],
    ['completed', 'stop', null],
    ['stopped', 'resume', null],
    ['stopped', 'start', null],
  ];
  for (const [from, cmd, to] of cells) {
    const r = campaignTransition(from, cmd as never);
    assert.equal(r.ok ? r.status : null, to, `${from} + ${cmd}`);
  }
});
