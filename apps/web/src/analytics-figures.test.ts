/** Analytics' figures as shown: totals, breakdowns, durations, percentages, bucket labels, who may see them. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AnalyticsSummary } from '@livespace/protocol/analytics';
import type { PublicUser } from '@livespace/protocol/http';
import {
  breakdown,
  bucketLabel,
  callbackFigures,
  canSeeAnalytics,
  formatAxisSeconds,
  formatPercentFigure,
  formatSeconds,
  formatSpan,
  interventionColumns,
  followedText,
  sumFollowed,
  isEmptyPeriod,
  outcomesText,
  queueTotals,
  seriesTotal,
  topCounts,
} from './analytics-figures';

const user = (role: string) => ({ id: 'u', email: 'u@x', name: 'U', role }) as unknown as PublicUser;

const EMPTY: AnalyticsSummary = {
  period: { from: '2026-03-28T23:00:00.000Z', to: '2026-03-29T22:00:00.000Z', timeZone: 'Europe/Paris' },
  conversations: 0,
  byChannel: {},
  byDirection: {},
  ended: 0,
  contained: 0,
  containmentPercent: null,
  escalated: 0,
  escalationPercent: null,
  escalationReasons: [],
  averageHandleSeconds: null,
  byOutcome: [],
  byAgent: [],
  byCampaign: [],
  serviceLevelPercent: null,
  averageWaitSeconds: null,
  longestWaitSeconds: null,
  abandoned: 0,
  queues: [],
  callbacks: {},
  health: { warning: 0, critical: 0 },
  interventions: { byKind: {}, bySupervisor: [] },
};

describe('analytics figures', () => {
  it('admins and supervisors see them, human agents do not', () => {
    assert.equal(canSeeAnalytics(user('admin')), true);
    assert.equal(canSeeAnalytics(user('supervisor')), true);
    assert.equal(canSeeAnalytics(user('agent')), false);
    assert.equal(canSeeAnalytics(null), false);
  });

  it('totals a series, empty buckets as 0', () => {
    assert.equal(
      seriesTotal([
        { at: 'a', value: 2 },
        { at: 'b', value: null },
        { at: 'c', value: 0 },
        { at: 'd', value: 1 },
      ]),
      3,
    );
    assert.equal(seriesTotal([]), 0);
  });

  it('formats durations, spans and percentages', () => {
    assert.equal(formatSeconds(65.4), '01:05');
    assert.equal(formatSeconds(3725), '1:02:05');
    assert.equal(formatSeconds(null), '—');
    assert.equal(formatSpan(0), '0 min');
    assert.equal(formatSpan(40), '40 s');
    assert.equal(formatSpan(45 * 60), '45 min');
    assert.equal(formatSpan(3 * 3600 + 5 * 60), '3 h 05 min');
    assert.equal(formatPercentFigure(100), '100%');
    assert.equal(formatPercentFigure(66.666), '66.7%');
    assert.equal(formatPercentFigure(null), '—');
    assert.equal(formatAxisSeconds(0), '0 s');
    assert.equal(formatAxisSeconds(45), '45 s');
    assert.equal(formatAxisSeconds(90), '1:30');
  });

  it('breaks counts down in a fixed order, leaving zeros out unless all are', () => {
    const labels = { voice: 'Voice', sms: 'SMS', whatsapp: 'WhatsApp' };
    assert.deepEqual(
      breakdown({ sms: 1, voice: 2 }, labels).map((x) => `${x.label} ${x.count}`),
      ['Voice 2', 'SMS 1'],
    );
    assert.deepEqual(
      breakdown({}, labels).map((x) => `${x.label} ${x.count}`),
      ['Voice 0', 'SMS 0', 'WhatsApp 0'],
    );
    assert.deepEqual(
      breakdown({ fax: 1 }, labels).map((x) => x.label),
      ['fax'],
    );
  });

  it('top reasons and outcomes, the most frequent first', () => {
    const counts = [
      { key: 'b', count: 1 },
      { key: 'a', count: 1 },
      { key: 'no_answer', count: 5 },
      { key: 'z', count: 2 },
    ];
    assert.deepEqual(
      topCounts(counts).map((c) => c.key),
      ['no_answer', 'z', 'a'],
    );
    assert.equal(
      outcomesText([
        { key: 'interested', count: 1 },
        { key: 'no_answer', count: 3 },
      ]),
      'no answer 3, interested 1',
    );
    assert.equal(outcomesText([]), '—');
    assert.equal(outcomesText([{ key: 'none', count: 2 }]), 'no outcome 2', 'nothing recorded');
  });

  it('callbacks kept and missed of those due; queue totals; an empty period', () => {
    assert.deepEqual(callbackFigures({ completed: 3, missed: 1, scheduled: 2 }), { kept: 3, missed: 1, due: 6 });
    assert.deepEqual(callbackFigures({}), { kept: 0, missed: 0, due: 0 });
    const queue = (waited: number, answered: number, abandoned: number) => ({
      queue: 'q',
      waited,
      answered,
      abandoned,
      serviceLevelPercent: null,
      averageWaitSeconds: null,
      longestWaitSeconds: null,
    });
    assert.deepEqual(queueTotals({ queues: [queue(3, 2, 1), queue(1, 1, 0)] }), {
      waited: 4,
      answered: 3,
      abandoned: 1,
    });
    assert.equal(isEmptyPeriod(EMPTY), true);
    assert.equal(isEmptyPeriod({ ...EMPTY, conversations: 1 }), false);
    assert.equal(isEmptyPeriod({ ...EMPTY, callbacks: { missed: 1 } }), false);
  });

  it('intervention columns: those that happened, in the usual order', () => {
    assert.deepEqual(interventionColumns({ end: 1, whisper: 2, takeover: 0, poke: 1 }), ['whisper', 'end', 'poke']);
    const none = { ended: 0, transferred: 0, escalated: 0, held: 0, live: 0, aiFinished: 0 };
    assert.equal(followedText(none), '—');
    assert.equal(
      followedText({ ...none, live: 1, aiFinished: 2, escalated: 1 }),
      '2 AI finished · 1 escalated · 1 still live',
    );
    assert.deepEqual(
      sumFollowed([
        { ...none, held: 1 },
        { ...none, held: 2, ended: 1 },
      ]),
      { ...none, held: 3, ended: 1 },
    );
  });

  it('labels buckets in the viewer’s zone', () => {
    const plain = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');
    assert.equal(bucketLabel('2026-03-29T12:00:00.000Z', 'hour', 'Europe/Paris', false, 'de-DE'), '14:00');
    assert.equal(bucketLabel('2026-03-29T12:00:00.000Z', 'hour', 'Europe/Paris', true, 'de-DE'), '29. März, 14:00');
    assert.equal(bucketLabel('2026-03-28T23:00:00.000Z', 'day', 'Europe/Paris', false, 'de-DE'), 'So., 29. März');
    assert.equal(plain(bucketLabel('2026-03-29T12:00:00.000Z', 'hour', 'Europe/Paris', false, 'en-US')), '2:00 PM');
    assert.equal(
      plain(bucketLabel('2026-03-29T12:00:00.000Z', 'hour', 'Europe/Paris', true, 'en-US')),
      'Mar 29, 2:00 PM',
    );
    assert.equal(bucketLabel('2026-03-28T23:00:00.000Z', 'day', 'Europe/Paris', false, 'en-US'), 'Sun, Mar 29');
  });
});
