/** The campaigns' addresses: the calls path and its id, the outcome filter and the open session in the query. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  callSessionIdFromPath,
  campaignCallPath,
  campaignCallsPath,
  campaignIdFromCallsPath,
  isCampaignsPath,
  outcomeFromQuery,
  withOutcome,
} from './campaign-paths';

describe('campaign paths', () => {
  it('knows the list and the calls of one campaign', () => {
    assert.equal(isCampaignsPath('/campaigns'), true);
    assert.equal(isCampaignsPath('/campaigns/'), true);
    assert.equal(isCampaignsPath('/campaigns/cmp_1/calls'), false);
    assert.equal(campaignIdFromCallsPath('/campaigns/cmp_1/calls'), 'cmp_1');
    assert.equal(campaignIdFromCallsPath('/campaigns/cmp%201/calls/'), 'cmp 1');
    assert.equal(campaignIdFromCallsPath('/campaigns/cmp_1'), null);
    assert.equal(campaignIdFromCallsPath('/campaigns'), null);
    assert.equal(campaignIdFromCallsPath('/campaigns/%E0%A4%A/calls'), null, 'a broken escape is no id');
    assert.equal(campaignIdFromCallsPath('/campaigns/cmp_1/calls/sessions/ses_9'), 'cmp_1');
    assert.equal(callSessionIdFromPath('/campaigns/cmp_1/calls/sessions/ses_9'), 'ses_9');
    assert.equal(callSessionIdFromPath('/campaigns/cmp_1/calls'), null);
    assert.equal(callSessionIdFromPath('/sessions/ses_9'), null);
  });

  it('builds the calls path, with or without an outcome', () => {
    assert.equal(campaignCallsPath('cmp_1'), '/campaigns/cmp_1/calls');
    assert.equal(campaignCallsPath('cmp_1', 'busy'), '/campaigns/cmp_1/calls?outcome=busy');
    assert.equal(campaignCallsPath('a/b', 'not_interested'), '/campaigns/a%2Fb/calls?outcome=not_interested');
    assert.equal(campaignIdFromCallsPath(campaignCallsPath('a/b').split('?')[0]!), 'a/b');
    assert.equal(campaignCallPath('cmp_1', 'ses 9'), '/campaigns/cmp_1/calls/sessions/ses%209');
    assert.equal(callSessionIdFromPath(campaignCallPath('a/b', 'ses/9')), 'ses/9');
    assert.equal(campaignIdFromCallsPath(campaignCallPath('a/b', 'ses/9')), 'a/b');
  });

  it('reads the outcome from the query (unknown: every call) and sets it keeping the rest', () => {
    assert.equal(outcomeFromQuery(new URLSearchParams('outcome=voicemail')), 'voicemail');
    assert.equal(outcomeFromQuery(new URLSearchParams('outcome=nope')), null);
    assert.equal(outcomeFromQuery(new URLSearchParams('')), null);
    const q = new URLSearchParams('outcome=busy&x=1');
    assert.equal(withOutcome(q, 'answered').toString(), 'outcome=answered&x=1');
    assert.equal(withOutcome(q, null).toString(), 'x=1');
    assert.equal(q.toString(), 'outcome=busy&x=1', 'the given query is not changed');
  });
});
