import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SessionDetail, TranscriptLine } from '@livespace/protocol';
import { capturedVariables, flowSummary, spokenDuration } from './post-call-summary';
import { readSummaryAnswer, summaryRequest } from './post-call-llm';

const line = (
  speaker: TranscriptLine['speaker'],
  text: string,
  extra: Partial<TranscriptLine> = {},
): TranscriptLine => ({
  seq: 0,
  lineId: `l-${Math.random()}`,
  speaker,
  text,
  at: '2026-12-06T10:00:00.000Z',
  ...extra,
});

const session = (over: Partial<SessionDetail> = {}): SessionDetail => ({
  id: 's1',
  channel: 'voice',
  direction: 'inbound',
  agentId: 'a1',
  agentName: 'Collections',
  callerNumber: '+14155550100',
  state: 'ended',
  startedAt: '2026-12-06T10:00:00.000Z',
  endedAt: '2026-12-06T10:02:05.000Z',
  endReason: 'caller_hangup',
  currentNode: null,
  lastLine: null,
  seq: 12,
  transcript: [],
  variables: {},
  outcome: null,
  ...over,
});

describe("the flow's post-call summary", () => {
  it('says only what was recorded, in order: the call, the escalation and who handled it, the outcome, what was captured, how it ended', () => {
    const d = session({
      outcome: 'promise_to_pay',
      escalation: {
        id: 'x1',
        queue: 'billing',
        priority: 'normal',
        reason: 'asked_for_person',
        status: 'resolved',
        waitingSince: '2026-12-06T10:00:30.000Z',
        claimedBy: { id: 'u1', name: 'Ava' },
        claimedAt: null,
        endedAt: null,
        resolution: 'follow_up',
        notes: 'Call back Friday',
      } as SessionDetail['escalation'],
      transcript: [
        line('system', 'Variable amount = 100', { kind: 'variable', data: { name: 'amount', value: '100' } }),
        line('system', 'Variable date = Friday', { kind: 'variable', data: { name: 'date', value: 'Friday' } }),
        line('system', 'Variable amount = 120', { kind: 'variable', data: { name: 'amount', value: '120' } }),
      ],
    });
    const s = flowSummary(d);
    assert.equal(s.source, 'flow');
    assert.equal(s.sentiment, undefined, 'the flow never guesses a sentiment');
    assert.equal(
      s.text,
      'Inbound call with Collections, 2 min 05 s. Escalated to billing (asked for person); Ava answered: follow up. ' +
        'Notes: Call back Friday. Outcome: promise to pay. Captured: date = Friday, amount = 120. Ended: the customer hung up.',
    );
  });

  it("an unanswered outbound call, a conversation nobody answered in the queue, a supervisor's takeover, an unknown end reason", () => {
    assert.match(
      flowSummary(session({ direction: 'outbound', endReason: 'no_answer', answeredAt: null })).text,
      /^Outbound call with Collections, 2 min 05 s\. The call was not answered\..*Ended: nobody answered\.$/,
    );
    const waiting = session({
      channel: 'whatsapp',
      escalation: {
        id: 'x',
        queue: 'sales',
        priority: 'high',
        reason: 'supervisor',
        status: 'abandoned',
        waitingSince: '2026-12-06T10:00:00.000Z',
      } as SessionDetail['escalation'],
      endReason: 'abandoned',
    });
    assert.match(
      flowSummary(waiting).text,
      /^Inbound WhatsApp conversation .* Escalated to sales \(supervisor\); the customer left before anyone answered\. Ended: the customer left while waiting for a person\.$/,
    );
    const taken = session({
      transcript: [
        line('system', 'State: human active by Sue', {
          kind: 'state',
          data: { state: 'human_active' },
          by: { id: 'u2', name: 'Sue' },
        }),
      ],
      endReason: 'line_dropped_twice',
    });
    assert.match(flowSummary(taken).text, /Sue took over from the AI\. Ended: line dropped twice\.$/);
  });

  it('durations and captured variables', () => {
    assert.deepEqual([0, 42_400, 65_000, 3_725_000].map(spokenDuration), ['0 s', '42 s', '1 min 05 s', '1 h 02 min']);
    assert.deepEqual(
      capturedVariables({
        transcript: [line('caller', 'hi'), line('system', 'x', { kind: 'variable', data: { name: 'n', value: 3 } })],
      }),
      [['n', '3']],
    );
  });
});

describe("the chat model's post-call summary", () => {
  const d = session({
    transcript: [
      line('ai', 'Hello, Acme billing.'),
      line('caller', 'My invoice 4471 is wrong'),
      line('supervisor', 'offer the discount', { hidden: true }),
      line('human', 'I fixed it', { by: { id: 'u1', name: 'Ava' } }),
      line('caller', 'partial', { partial: true }),
    ],
  });

  it('is told the recorded facts and what was said — never whispers or partial lines — and the fields to find', () => {
    const [system, user] = summaryRequest(d, 'Inbound call with Collections.', ['invoice number']);
    assert.match(system!.content, /"fields": \{"invoice number": string or null\}/);
    assert.equal(
      user!.content,
      'Facts recorded by the system: Inbound call with Collections.\n\nConversation:\nAI agent: Hello, Acme billing.\nCustomer: My invoice 4471 is wrong\nHuman agent (Ava): I fixed it',
    );
    assert.doesNotMatch(summaryRequest(d, 'x', [])[0]!.content, /fields/);
  });

  it('reads the JSON it asked for (fenced or not), keeps declared fields only, and refuses anything else', () => {
    const answer =
      '```json\n{"summary": "  The customer disputed invoice 4471;\\n Ava fixed it. ", "sentiment": "positive", "fields": {"invoice number": "4471", "made up": "x"}}\n```';
    assert.deepEqual(readSummaryAnswer(answer, ['invoice number', 'date']), {
      text: 'The customer disputed invoice 4471; Ava fixed it.',
      source: 'llm',
      sentiment: 'positive',
      fields: { 'invoice number': '4471' },
    });
    assert.deepEqual(
      readSummaryAnswer('{"summary": "ok", "sentiment": "furious", "fields": {"date": null}}', ['date']),
      { text: 'ok', source: 'llm' },
    );
    for (const bad of ['', 'Sure! Here is a summary.', '{"summary": ""}', '{"summary": 3}', '{not json}', '[1]'])
      assert.equal(readSummaryAnswer(bad, []), null, bad);
  });
});
