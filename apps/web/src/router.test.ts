/** Which section a path opens (the top bar's entries). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { historySessionIdFromPath, homeFor, messagesSessionIdFromPath, sectionOf } from './router';

describe('sectionOf', () => {
  it('maps each section path, and everything else to Live Calls', () => {
    assert.equal(sectionOf('/numbers'), 'numbers');
    assert.equal(sectionOf('/numbers/'), 'numbers');
    assert.equal(sectionOf('/numbers/x'), 'live');
    assert.equal(sectionOf('/queues'), 'queues');
    assert.equal(sectionOf('/callbacks/sessions/s1'), 'callbacks');
    assert.equal(sectionOf('/campaigns/c1/calls'), 'campaigns');
    assert.equal(sectionOf('/agent'), 'agent');
    assert.equal(sectionOf('/sessions/s1'), 'live');
    assert.equal(sectionOf('/'), 'live');
    assert.equal(sectionOf('/messages'), 'messages');
    assert.equal(sectionOf('/messages/sessions/s1'), 'messages');
    assert.equal(sectionOf('/messagesx'), 'live');
    assert.equal(sectionOf('/history'), 'history');
    assert.equal(sectionOf('/history/sessions/s1'), 'history');
    assert.equal(sectionOf('/historyx'), 'live');
  });

  it('opens Team at /team only', () => {
    assert.equal(sectionOf('/team'), 'team');
    assert.equal(sectionOf('/team/'), 'team');
    assert.equal(sectionOf('/team/x'), 'live');
    assert.equal(sectionOf('/teams'), 'live');
  });

  it('opens Analytics at /analytics only (the period is in the query)', () => {
    assert.equal(sectionOf('/analytics'), 'analytics');
    assert.equal(sectionOf('/analytics/'), 'analytics');
    assert.equal(sectionOf('/analytics/x'), 'live');
    assert.equal(sectionOf('/analyticsx'), 'live');
  });

  it('reads the session open in History from its path', () => {
    assert.equal(historySessionIdFromPath('/history/sessions/s%201'), 's 1');
    assert.equal(historySessionIdFromPath('/history/sessions/s1/'), 's1');
    assert.equal(historySessionIdFromPath('/history'), null);
    assert.equal(historySessionIdFromPath('/messages/sessions/s1'), null);
  });

  it('reads the conversation open in Messages from its path', () => {
    assert.equal(messagesSessionIdFromPath('/messages/sessions/s%201'), 's 1');
    assert.equal(messagesSessionIdFromPath('/messages/sessions/s1/'), 's1');
    assert.equal(messagesSessionIdFromPath('/messages'), null);
    assert.equal(messagesSessionIdFromPath('/sessions/s1'), null);
  });

  it('starts human agents in their workspace, others on Live Calls', () => {
    assert.equal(homeFor('agent'), '/agent');
    assert.equal(homeFor('supervisor'), '/');
  });
});
