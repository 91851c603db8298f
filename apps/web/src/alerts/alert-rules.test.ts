/**
 * Which alerts ring, once each, never on the first state; quiet hours (across midnight too) and mute; the title count.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Escalation } from '@livespace/protocol/escalation';
import type { PublicUser } from '@livespace/protocol/http';
import type { Callback } from '@livespace/protocol/outbound';
import type { SessionSummary } from '@livespace/protocol/session';
import {
  alertCount,
  DEFAULT_ALERT_SETTINGS,
  decideAlerts,
  inQuietHours,
  isSilenced,
  newAlerts,
  normalizeSettings,
  openSessionId,
  tabTitle,
  watchedSessions,
  type AlertSettings,
  type AlertState,
  type WatchedSession,
} from './alert-rules';

const esc = (id: string, over: Partial<Escalation> = {}): Escalation => ({
  id,
  sessionId: `s-${id}`,
  queue: 'collections',
  priority: 'normal',
  reason: 'asked_for_person',
  status: 'waiting',
  waitingSince: '2026-01-01T10:00:00.000Z',
  claimedBy: null,
  claimedAt: null,
  endedAt: null,
  resolution: null,
  notes: null,
  channel: 'voice',
  callerNumber: '+14155550100',
  agentName: 'Collections',
  lastLine: null,
  ...over,
});

const cb = (id: string, status: Callback['status'], over: Partial<Callback> = {}): Callback => ({
  id,
  to: '+14155550160',
  agentId: 'a1',
  at: '2026-01-01T10:00:00.000Z',
  timeZone: null,
  status,
  attempts: [],
  maxAttempts: 3,
  source: 'person',
  originSessionId: null,
  createdBy: { id: 'u-sup', name: 'Sue' },
  note: null,
  createdAt: '2026-01-01T09:00:00.000Z',
  updatedAt: '2026-01-01T09:00:00.000Z',
  ...over,
});

const watched = (id: string, level: WatchedSession['level']): WatchedSession => ({
  id,
  channel: 'voice',
  caller: '+15550111',
  agentName: 'Clinic',
  level,
  reason: level === 'ok' ? null : 'Nobody has spoken for over 4 s',
});

const user = (role: PublicUser['role'], queues: string[] = [], id = `u-${role}`): PublicUser => ({
  id,
  email: `${role}@x`,
  name: role,
  role,
  queues,
});
const ava = user('agent', ['collections'], 'u-ava');
const sue = user('supervisor', [], 'u-sup');

const state = (over: Partial<AlertState> = {}): AlertState => ({
  escalations: [],
  watched: [],
  callbacks: [],
  ...over,
});
const settings = (over: Partial<AlertSettings> = {}): AlertSettings => ({ ...DEFAULT_ALERT_SETTINGS, ...over });
/** A local time today. */
const at = (hh: number, mm = 0): Date => {
  const d = new Date(2026, 0, 15, hh, mm, 0);
  return d;
};

describe('alert rules', () => {
  it('nothing on the first state after connecting, whatever already waits, is critical or missed', () => {
    const first = state({
      escalations: [esc('e1')],
      watched: [watched('s1', 'critical')],
      callbacks: [cb('c1', 'missed')],
    });
    assert.deepEqual(newAlerts(null, first, ava), []);
    assert.deepEqual(newAlerts(null, first, sue), []);
    assert.equal(alertCount(first, ava), 2, 'the title counts them all the same');
  });

  it('a new escalation waiting in one of my queues rings; one in another queue does not; supervisors hear every queue', () => {
    const prev = state({ escalations: [esc('e1')] });
    const next = state({ escalations: [esc('e1'), esc('e2', { callerName: 'Dana' }), esc('e3', { queue: 'sales' })] });
    const forAva = newAlerts(prev, next, ava);
    assert.deepEqual(
      forAva.map((a) => a.key),
      ['waiting:e2'],
    );
    assert.equal(forAva[0]!.title, 'Caller waiting in collections');
    assert.match(forAva[0]!.body, /Dana \(\+1 415 555 0100\)/, 'the number as people read it');
    assert.equal(forAva[0]!.href, '/agent');
    assert.deepEqual(
      newAlerts(prev, next, sue).map((a) => a.key),
      ['waiting:e2', 'waiting:e3'],
    );
  });

  it('an escalation already listed (claimed, or waiting before) does not ring again; a claimed one arriving does not ring', () => {
    const prev = state({ escalations: [esc('e1'), esc('e2', { status: 'claimed' })] });
    const next = state({
      escalations: [
        esc('e1', { priority: 'urgent' }),
        esc('e2', { status: 'claimed' }),
        esc('e4', { status: 'claimed' }),
      ],
    });
    assert.deepEqual(newAlerts(prev, next, ava), []);
  });

  it('urgent and high priority are said; the reason is in words', () => {
    const [a] = newAlerts(
      state(),
      state({ escalations: [esc('e9', { priority: 'urgent', reason: 'disputed_charge' })] }),
      ava,
    );
    assert.equal(a!.body, '+1 415 555 0100: Urgent priority, disputed charge');
  });

  it('a watched session turning critical rings once; one already critical, or just watched while critical, does not', () => {
    const prev = state({ watched: [watched('s1', 'warning'), watched('s2', 'critical'), watched('s3', 'ok')] });
    const next = state({
      watched: [
        watched('s1', 'critical'),
        watched('s2', 'critical'),
        watched('s3', 'warning'),
        watched('s4', 'critical'),
      ],
    });
    const alerts = newAlerts(prev, next, sue);
    assert.deepEqual(
      alerts.map((a) => a.key),
      ['critical:s1'],
    );
    assert.equal(alerts[0]!.href, '/sessions/s1');
    assert.match(alerts[0]!.body, /Nobody has spoken/);
    // Back to ok and critical again: the same key, already alerted.
    const alerted = new Set(alerts.map((a) => a.key));
    const calm = state({ watched: [watched('s1', 'ok')] });
    assert.deepEqual(newAlerts(calm, state({ watched: [watched('s1', 'critical')] }), sue, alerted), []);
  });

  it('a callback turning missed rings for supervisors; for a human agent only the one it booked', () => {
    const prev = state({
      callbacks: [
        cb('c1', 'scheduled'),
        cb('c2', 'missed'),
        cb('c3', 'scheduled', { createdBy: { id: 'u-ava', name: 'Ava' } }),
      ],
    });
    const next = state({
      callbacks: [
        cb('c1', 'missed'),
        cb('c2', 'missed'),
        cb('c3', 'missed', { createdBy: { id: 'u-ava', name: 'Ava' } }),
        cb('c5', 'missed', { note: 'Renewal' }),
      ],
    });
    const forSue = newAlerts(prev, next, sue);
    assert.deepEqual(
      forSue.map((a) => a.key),
      ['missed:c1', 'missed:c3', 'missed:c5'],
      'one that arrives already missed rings too',
    );
    assert.equal(forSue[0]!.href, '/callbacks');
    assert.match(forSue[2]!.body, /^\+1 415 555 0160, due .+: Renewal$/);
    assert.deepEqual(
      newAlerts(prev, next, ava).map((a) => a.key),
      ['missed:c3'],
    );
    assert.deepEqual(
      newAlerts(prev, next, sue, new Set(['missed:c1'])).map((a) => a.key),
      ['missed:c3', 'missed:c5'],
      'each once',
    );
  });

  it('nobody signed in: nothing, and a count of 0', () => {
    const next = state({ escalations: [esc('e1')] });
    assert.deepEqual(newAlerts(state(), next, null), []);
    assert.equal(alertCount(next, null), 0);
  });

  it('quiet hours within a day, and across midnight; equal ends or off: never quiet', () => {
    const day = settings({ quietHours: true, quietFrom: '12:00', quietTo: '13:30' });
    assert.equal(inQuietHours(day, at(11, 59)), false);
    assert.equal(inQuietHours(day, at(12, 0)), true);
    assert.equal(inQuietHours(day, at(13, 29)), true);
    assert.equal(inQuietHours(day, at(13, 30)), false);

    const night = settings({ quietHours: true, quietFrom: '22:00', quietTo: '07:00' });
    assert.equal(inQuietHours(night, at(21, 59)), false);
    assert.equal(inQuietHours(night, at(22, 0)), true);
    assert.equal(inQuietHours(night, at(23, 59)), true);
    assert.equal(inQuietHours(night, at(0, 0)), true);
    assert.equal(inQuietHours(night, at(6, 59)), true);
    assert.equal(inQuietHours(night, at(7, 0)), false);
    assert.equal(inQuietHours(night, at(12, 0)), false);

    assert.equal(inQuietHours({ ...night, quietHours: false }, at(23, 0)), false);
    assert.equal(inQuietHours(settings({ quietHours: true, quietFrom: '09:00', quietTo: '09:00' }), at(9, 0)), false);
    assert.equal(
      inQuietHours(settings({ quietHours: true, quietFrom: '25:00', quietTo: '07:00' }), at(1, 0)),
      false,
      'a bad time: not quiet',
    );
  });

  it('muted or in quiet hours: the alerts still come (announced, counted) but neither sound nor notify', () => {
    const prev = state();
    const next = state({ escalations: [esc('e1')] });
    const loud = decideAlerts(prev, next, ava, settings(), at(10));
    assert.deepEqual([loud.alerts.length, loud.sound, loud.notify, loud.count], [1, true, true, 1]);
    const muted = decideAlerts(prev, next, ava, settings({ muted: true }), at(10));
    assert.deepEqual([muted.alerts.length, muted.sound, muted.notify, muted.count], [1, false, false, 1]);
    const quiet = decideAlerts(
      prev,
      next,
      ava,
      settings({ quietHours: true, quietFrom: '22:00', quietTo: '07:00' }),
      at(2, 30),
    );
    assert.deepEqual([quiet.alerts.length, quiet.sound, quiet.notify, quiet.count], [1, false, false, 1]);
    assert.equal(isSilenced(settings({ quietHours: true }), at(8)), false);
    const none = decideAlerts(next, next, ava, settings(), at(10));
    assert.deepEqual([none.alerts.length, none.sound, none.notify, none.count], [0, false, false, 1]);
  });

  it('the tab title: (N) Live Space, plain at 0, the section kept; the count is my waiting callers plus my critical watched sessions', () => {
    assert.equal(tabTitle(0), 'Live Space');
    assert.equal(tabTitle(3), '(3) Live Space');
    assert.equal(
      tabTitle(2, '(17) Live Calls · Live Space'),
      '(2) Live Calls · Live Space',
      "the section's name stays, its count goes",
    );
    assert.equal(tabTitle(0, '(17) Live Calls · Live Space'), 'Live Calls · Live Space');
    assert.equal(tabTitle(1, '(4) Live Space'), '(1) Live Space', 'its own title again: the count replaced');
    assert.equal(tabTitle(1, 'History · Live Space'), '(1) History · Live Space');
    assert.equal(tabTitle(0, ''), 'Live Space');
    const s = state({
      escalations: [esc('e1'), esc('e2', { queue: 'sales' }), esc('e3', { status: 'claimed' })],
      watched: [watched('s1', 'critical'), watched('s2', 'warning')],
    });
    assert.equal(alertCount(s, ava), 2);
    assert.equal(alertCount(s, sue), 3);
  });

  it('settings as stored: made whole, malformed values take the defaults', () => {
    assert.deepEqual(normalizeSettings(null), DEFAULT_ALERT_SETTINGS);
    assert.deepEqual(normalizeSettings({ muted: true, quietHours: true, quietFrom: '23:15', quietTo: '6:00' }), {
      muted: true,
      quietHours: true,
      quietFrom: '23:15',
      quietTo: '07:00',
    });
    assert.deepEqual(normalizeSettings({ muted: 'yes' }), DEFAULT_ALERT_SETTINGS);
  });
});

describe('watched sessions', () => {
  const summary = (id: string, over: Partial<SessionSummary> = {}): SessionSummary => ({
    id,
    channel: 'voice',
    direction: 'inbound',
    agentId: 'a1',
    agentName: 'Clinic',
    callerNumber: '+15550111',
    state: 'ai_active',
    startedAt: '2026-01-01T10:00:00.000Z',
    endedAt: null,
    endReason: null,
    currentNode: null,
    lastLine: null,
    seq: 1,
    ...over,
  });

  it("the drawer's session, and those I hold or listen to; not ended ones, not other people's", () => {
    const list = [
      summary('open'),
      summary('mine', { state: 'human_active', takenOverBy: { id: 'u-sup', name: 'Sue' } }),
      summary('heard', {
        listeners: [
          { id: 'u-x', name: 'X' },
          { id: 'u-sup', name: 'Sue' },
        ],
      }),
      summary('theirs', {
        state: 'human_active',
        takenOverBy: { id: 'u-x', name: 'X' },
        listeners: [{ id: 'u-x', name: 'X' }],
      }),
      summary('gone', { state: 'ended', takenOverBy: { id: 'u-sup', name: 'Sue' } }),
      summary('crit', {
        callerName: 'Dana',
        takenOverBy: { id: 'u-sup', name: 'Sue' },
        health: {
          level: 'critical',
          reasons: [
            { code: 'slow_ai', level: 'warning', text: 'Slow AI' },
            { code: 'long_silence', level: 'critical', text: 'Silent 8 s' },
          ],
        },
      }),
    ];
    const w = watchedSessions(list, sue, 'open');
    assert.deepEqual(
      w.map((x) => x.id),
      ['open', 'mine', 'heard', 'crit'],
    );
    assert.deepEqual(w[3], {
      id: 'crit',
      channel: 'voice',
      caller: 'Dana',
      agentName: 'Clinic',
      level: 'critical',
      reason: 'Silent 8 s',
    });
    assert.equal(w[0]!.level, 'ok');
    assert.deepEqual(watchedSessions(list, null, 'open'), []);
  });

  it("the drawer's session by the address, on Live Calls, Scheduled Calls and Messages", () => {
    assert.equal(openSessionId('/sessions/ses_1'), 'ses_1');
    assert.equal(openSessionId('/callbacks/sessions/ses_2'), 'ses_2');
    assert.equal(openSessionId('/messages/sessions/ses_3'), 'ses_3');
    assert.equal(openSessionId('/history/sessions/ses_4'), null, 'History shows ended sessions');
    assert.equal(openSessionId('/agent'), null);
  });
});
