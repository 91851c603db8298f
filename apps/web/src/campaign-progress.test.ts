/**
 * The progress bar's segments: shares of the contacts, what is left, the done share; never negative, never over 100%.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CampaignProgress } from '@livespace/protocol/campaign';
import { progressBar } from './campaign-progress';

const ZERO: CampaignProgress = {
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
const p = (x: Partial<CampaignProgress>): CampaignProgress => ({ ...ZERO, ...x });
const pct = (bar: ReturnType<typeof progressBar>) =>
  Object.fromEntries(bar.segments.map((s) => [s.key, Math.round(s.percent * 100) / 100]));
const sum = (bar: ReturnType<typeof progressBar>) => bar.segments.reduce((a, s) => a + s.percent, 0) + bar.restPercent;

describe('progressBar', () => {
  it('an empty campaign is an empty bar', () => {
    const bar = progressBar(ZERO);
    assert.ok(bar.segments.every((s) => s.count === 0 && s.percent === 0));
    assert.equal(bar.restPercent, 100);
    assert.equal(bar.donePercent, 0);
  });

  it('a fresh campaign is all rest', () => {
    const bar = progressBar(p({ total: 8, remaining: 8 }));
    assert.equal(bar.restPercent, 100);
    assert.equal(bar.donePercent, 0);
  });

  it('each result is its share of the contacts, in the bar order; the rest fills to 100', () => {
    const bar = progressBar(
      p({
        total: 10,
        answered: 2,
        noAnswer: 1,
        busy: 3,
        voicemail: 1,
        failed: 1,
        doNotCall: 1,
        remaining: 1,
        active: 1,
      }),
    );
    assert.deepEqual(
      bar.segments.map((s) => s.key),
      ['answered', 'no_answer', 'busy', 'voicemail', 'failed', 'do_not_call'],
    );
    assert.deepEqual(pct(bar), { answered: 20, no_answer: 10, busy: 30, voicemail: 10, failed: 10, do_not_call: 10 });
    assert.equal(Math.round(bar.restPercent), 10);
    assert.equal(bar.donePercent, 90);
    assert.equal(Math.round(sum(bar)), 100);
  });

  it('the segments open their outcome filter; do-not-call has no calls', () => {
    const bar = progressBar(p({ total: 1 }));
    assert.deepEqual(Object.fromEntries(bar.segments.map((s) => [s.key, s.outcome])), {
      answered: 'answered',
      no_answer: 'no_answer',
      busy: 'busy',
      voicemail: 'voicemail',
      failed: 'failed',
      do_not_call: null,
    });
  });

  it('a contact waiting for a retry counts as its last result and as remaining: not done', () => {
    const bar = progressBar(p({ total: 4, dialed: 4, noAnswer: 2, busy: 2, remaining: 2 }));
    assert.deepEqual(pct(bar), { answered: 0, no_answer: 50, busy: 50, voicemail: 0, failed: 0, do_not_call: 0 });
    assert.equal(bar.restPercent, 0);
    assert.equal(bar.donePercent, 50);
  });

  it('a completed campaign is done to 100%', () => {
    const bar = progressBar(
      p({ total: 7, dialed: 7, answered: 2, notInterested: 2, busy: 3, voicemail: 2, remaining: 0 }),
    );
    assert.equal(bar.donePercent, 100);
  });

  it('counts larger than the total (a race between two counts) are scaled to fit; bad numbers are zero', () => {
    const bar = progressBar(p({ total: 2, answered: 2, doNotCall: 2, busy: -1, failed: Number.NaN }));
    assert.deepEqual(pct(bar), { answered: 50, no_answer: 0, busy: 0, voicemail: 0, failed: 0, do_not_call: 50 });
    assert.equal(bar.restPercent, 0);
    assert.ok(bar.segments.every((s) => s.count >= 0));
    assert.ok(sum(bar) <= 100.0001);
  });
});
