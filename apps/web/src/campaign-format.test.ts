/**
 * Campaign labels and rules of the views: outcome filters as the server applies them, commands per status, settings in
 * words.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Campaign, CampaignSettings } from '@livespace/protocol/campaign';
import {
  callOutcomeOf,
  callResultLabel,
  campaignFieldOf,
  canAddContacts,
  commandsFor,
  compareCampaigns,
  formatMinutes,
  matchesOutcome,
  settingsSummary,
  windowEndToSend,
  withoutFieldPrefix,
} from './campaign-format';

const SETTINGS: CampaignSettings = {
  maxConcurrentCalls: 2,
  callsPerMinute: 600,
  callingWindow: { start: '00:00', end: '24:00' },
  defaultTimeZone: 'Europe/Paris',
  maxAttempts: 1,
  retryDelayMinutes: { noAnswer: 60, busy: 10 },
  onVoicemail: 'hangup',
  callerId: '+15550000000',
};

describe('campaign format', () => {
  it('filters calls by outcome as the server does: answered is any call a person picked up, not a voicemail', () => {
    const at = '2026-01-01T00:00:00.000Z';
    assert.equal(matchesOutcome({ answeredAt: at, outcome: 'interested' }, 'answered'), true);
    assert.equal(matchesOutcome({ answeredAt: at, outcome: null }, 'answered'), true);
    assert.equal(matchesOutcome({ answeredAt: at, outcome: 'voicemail' }, 'answered'), false);
    assert.equal(matchesOutcome({ answeredAt: null, outcome: 'busy' }, 'answered'), false);
    assert.equal(matchesOutcome({ answeredAt: null, outcome: 'busy' }, 'busy'), true);
    assert.equal(matchesOutcome({ answeredAt: null, outcome: null }, 'busy'), false);
    assert.equal(matchesOutcome({ answeredAt: null, outcome: null }, null), true);
    assert.equal(callOutcomeOf('not_interested'), 'not_interested');
    assert.equal(callOutcomeOf('dialed'), null);
    assert.equal(callOutcomeOf(null), null);
  });

  it('says what a call came to', () => {
    const base = { state: 'ended' as const, answeredAt: null, outcome: null, endReason: null };
    assert.equal(callResultLabel({ ...base, outcome: 'not_interested' }), 'Not interested');
    assert.equal(callResultLabel({ ...base, outcome: 'callback_booked' }), 'Callback booked');
    assert.equal(callResultLabel({ ...base, answeredAt: '2026-01-01T00:00:00Z' }), 'Answered');
    assert.equal(callResultLabel({ ...base, endReason: 'caller_hangup' }), 'Caller hangup');
    assert.equal(callResultLabel({ ...base, state: 'ringing' }), null, 'still going');
  });

  it('offers the commands the status allows; contacts until it is over', () => {
    assert.deepEqual(commandsFor('draft'), ['start']);
    assert.deepEqual(commandsFor('running'), ['pause', 'stop']);
    assert.deepEqual(commandsFor('paused'), ['resume', 'stop']);
    assert.deepEqual(commandsFor('completed'), []);
    assert.deepEqual(commandsFor('stopped'), []);
    assert.deepEqual((['draft', 'running', 'paused', 'completed', 'stopped'] as const).filter(canAddContacts), [
      'draft',
      'running',
      'paused',
    ]);
  });

  it('lists running campaigns first, then paused, drafts, finished; newest first within', () => {
    const c = (id: string, status: Campaign['status'], createdAt: string) => ({ id, status, createdAt }) as Campaign;
    const list = [
      c('old-draft', 'draft', '2026-01-01T00:00:00Z'),
      c('done', 'completed', '2026-01-05T00:00:00Z'),
      c('run-old', 'running', '2026-01-01T00:00:00Z'),
      c('new-draft', 'draft', '2026-01-03T00:00:00Z'),
      c('stopped', 'stopped', '2026-01-06T00:00:00Z'),
      c('paused', 'paused', '2026-01-01T00:00:00Z'),
      c('run-new', 'running', '2026-01-02T00:00:00Z'),
    ];
    assert.deepEqual(
      list.sort(compareCampaigns).map((x) => x.id),
      ['run-new', 'run-old', 'paused', 'new-draft', 'old-draft', 'done', 'stopped'],
    );
  });

  it('says the settings in short phrases', () => {
    assert.deepEqual(settingsSummary(SETTINGS), [
      '2 at once',
      '600 calls/min',
      '00:00–24:00 (Europe/Paris)',
      '1 attempt',
      'voicemail: hang up',
    ]);
    assert.deepEqual(
      settingsSummary({
        ...SETTINGS,
        maxAttempts: 3,
        callsPerMinute: 0.5,
        onVoicemail: 'leave_message',
        voicemailMessage: 'Hi',
      }),
      [
        '2 at once',
        '0.5 calls/min',
        '00:00–24:00 (Europe/Paris)',
        '3 attempts',
        'retry no answer after 1 h, busy after 10 min',
        'voicemail: leave a message',
      ],
    );
    assert.equal(formatMinutes(0.01), '1 s');
    assert.equal(formatMinutes(0.5), '30 s');
    assert.equal(formatMinutes(90), '1 h 30 min');
    assert.equal(formatMinutes(2880), '2 d');
  });

  it('puts a server error next to the field it names', () => {
    assert.equal(campaignFieldOf('callingWindow'), 'callingWindow');
    assert.equal(campaignFieldOf('callingWindow.start'), 'callingWindow');
    assert.equal(campaignFieldOf('retryDelayMinutes.busy'), 'retryDelayMinutes');
    assert.equal(campaignFieldOf('voicemailMessage'), 'voicemailMessage');
    assert.equal(campaignFieldOf('callerId'), null);
    assert.equal(campaignFieldOf(undefined), null);
    assert.equal(withoutFieldPrefix('maxConcurrentCalls: Too small', 'maxConcurrentCalls'), 'Too small');
    assert.equal(withoutFieldPrefix('agentId: no such AI agent', 'agentId'), 'no such AI agent');
    assert.equal(withoutFieldPrefix('Something else', 'name'), 'Something else');
  });

  it("sends a window's end of 00:00 as 24:00, midnight at the end of the day, and other ends as typed", () => {
    assert.equal(windowEndToSend('00:00'), '24:00');
    assert.equal(windowEndToSend('20:00'), '20:00');
    assert.equal(windowEndToSend('23:59'), '23:59');
  });
});
