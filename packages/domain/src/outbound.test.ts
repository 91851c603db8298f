import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attemptResult, isRetryable } from './outbound';

test('attemptResult: the carrier reason, else answered once a person picked up, else failed', () => {
  const at = '2026-11-24T10:00:00.000Z';
  assert.equal(attemptResult('no_answer', null), 'no_answer');
  assert.equal(attemptResult('busy', null), 'busy');
  assert.equal(attemptResult('failed', null), 'failed');
  assert.equal(attemptResult('voicemail', at), 'voicemail');
  assert.equal(attemptResult('agent_ended', at), 'answered');
  assert.equal(attemptResult('caller_hangup', at), 'answered');
  assert.equal(attemptResult('ended_by_supervisor', null), 'failed');
  assert.equal(attemptResult('server_shutdown', undefined), 'failed');
  assert.equal(attemptResult(null, null), 'failed');
});

test('isRetryable: everything but a conversation', () => {
  assert.equal(isRetryable('answered'), false);
  for (const r of ['no_answer', 'busy', 'voicemail', 'failed'] as const) assert.equal(isRetryable(r), true);
});
