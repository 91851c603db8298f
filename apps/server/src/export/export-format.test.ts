/** The txt transcript and the CSV cells: headers, times, marks, RFC 4180 quoting and the formula guard. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import type { HistoryItem, SessionDetail } from '@livespace/protocol';
import { clock, exportFileName, sessionText } from './session-text';
import { CSV_COLUMNS, csvCell, csvHeader, sessionCsvRow } from './sessions-csv';

const detail: SessionDetail = {
  id: 'ses_1',
  channel: 'voice',
  direction: 'inbound',
  agentId: 'agt_1',
  agentName: 'Collections',
  callerNumber: '+14155550100',
  callerName: 'Zoë, "Z"',
  state: 'ended',
  startedAt: '2027-01-05T09:00:00.000Z',
  endedAt: '2027-01-05T10:02:03.500Z',
  endReason: 'caller_hangup',
  currentNode: null,
  lastLine: null,
  seq: 9,
  escalation: {
    id: 'e1',
    queue: 'collections',
    priority: 'normal',
    reason: 'wants_human',
    status: 'resolved',
    waitingSince: '2027-01-05T09:00:10.000Z',
    claimedBy: { id: 'u1', name: 'Ava' },
    claimedAt: null,
    endedAt: null,
    resolution: 'resolved',
    notes: null,
  },
  outcome: 'interested',
  variables: {},
  transcript: [
    { seq: 2, lineId: 'l1', speaker: 'ai', text: 'Hello!', at: '2027-01-05T09:00:01.000Z' },
    { seq: 3, lineId: 'l2', speaker: 'caller', text: 'Hi,\nit is me', at: '2027-01-05T09:00:05.000Z' },
    {
      seq: 4,
      lineId: 'l3',
      speaker: 'supervisor',
      text: 'offer the voucher',
      at: '2027-01-05T09:01:00.000Z',
      hidden: true,
      by: { id: 'u2', name: 'Sue' },
    },
    { seq: 5, lineId: 'l4', speaker: 'caller', text: 'still spea', at: '2027-01-05T09:01:01.000Z', partial: true },
    {
      seq: 6,
      lineId: 'l5',
      speaker: 'human',
      text: 'Ava here',
      at: '2027-01-05T10:00:00.000Z',
      by: { id: 'u1', name: 'Ava' },
    },
  ],
};

describe('txt export', () => {
  it('has a header with times in ISO UTC, then timed final lines with whispers marked', () => {
    const text = sessionText(detail);
    assert.match(text, /^Session: +ses_1$/m);
    assert.match(text, /^Caller: +\+14155550100 \(Zoë, "Z"\)$/m);
    assert.match(text, /^AI agent: +Collections \(agt_1\)$/m);
    assert.match(text, /^Channel: +voice$/m);
    assert.match(text, /^Direction: +inbound$/m);
    assert.match(text, /^Started: +2027-01-05T09:00:00.000Z$/m);
    assert.match(text, /^Ended: +2027-01-05T10:02:03.500Z$/m);
    assert.match(text, /^Duration: +01:02:03$/m);
    assert.match(text, /^Outcome: +interested$/m);
    assert.match(text, /^End reason: +caller_hangup$/m);
    assert.match(text, /^Escalation: +collections \(resolved, claimed by Ava, resolved\)$/m);
    assert.doesNotMatch(text, /^Summary:/m, 'none yet');
    const summarized = sessionText({
      ...detail,
      summary: {
        text: 'Zoë asked about her bill.',
        source: 'llm',
        sentiment: 'neutral',
        fields: { 'invoice number': '4471' },
      },
    });
    assert.match(summarized, /^Summary: +Zoë asked about her bill\. \(by the chat model; sentiment neutral\)$/m);
    assert.match(summarized, /^invoice number: +4471$/m);
    assert.match(text, /^\[00:00:01\] AI \(Collections\): Hello!$/m);
    assert.match(text, /^\[00:00:05\] Caller: Hi,\n {11}it is me$/m);
    assert.match(text, /^\[00:01:00\] Supervisor Sue \(whisper to AI, not heard by the caller\): offer the voucher$/m);
    assert.match(text, /^\[01:00:00\] Agent Ava: Ava here$/m);
    assert.doesNotMatch(text, /still spea/);
  });

  it('says when a session is still live', () => {
    const text = sessionText({
      ...detail,
      state: 'ai_active',
      endedAt: null,
      endReason: null,
      escalation: null,
      outcome: null,
      transcript: [],
    });
    assert.match(text, /^Ended: +not yet \(ai_active\)$/m);
    assert.match(text, /^Duration: +live$/m);
    assert.match(text, /^Escalation: +none$/m);
  });

  it('times and file names', () => {
    assert.equal(clock(0), '00:00:00');
    assert.equal(clock(100 * 3600_000 + 61_999), '100:01:01');
    assert.equal(exportFileName('ses_1', 'txt'), 'session-ses_1.txt');
    assert.equal(exportFileName('a/b"c', 'json'), 'session-a_b_c.json');
  });
});

describe('CSV export', () => {
  it('quotes cells as RFC 4180 says', () => {
    assert.equal(csvCell('plain'), 'plain');
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('two\nlines'), '"two\nlines"');
    assert.equal(csvCell(null), '');
    assert.equal(csvCell(42), '42');
  });

  it('guards formulas, but keeps phone numbers as they are', () => {
    assert.equal(csvCell('=HYPERLINK("http://x")'), '"\'=HYPERLINK(""http://x"")"');
    assert.equal(csvCell('+1+2'), "'+1+2");
    assert.equal(csvCell('-2+3'), "'-2+3");
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell('\tx'), "'\tx");
    assert.equal(csvCell('+14155550100'), '+14155550100');
    assert.equal(csvCell('+1 415 555'), "'+1 415 555", 'only a bare +digits number is a phone number');
  });

  it('rows parse back to their values', () => {
    const item: HistoryItem = {
      ...detail,
      callerName: '=cmd|"/c calc"!A1, and\r\nmore',
      durationMs: 3_723_500,
      match: null,
      outbound: { kind: 'campaign', campaignId: 'cmp_1', campaignName: 'Spring, "promo"' },
      summary: { text: 'Paid, by card.', source: 'llm', sentiment: 'positive' },
    };
    const rows = parse(csvHeader() + sessionCsvRow(item), { columns: true }) as Array<Record<string, string>>;
    assert.equal(rows.length, 1);
    assert.deepEqual(Object.keys(rows[0]!), [...CSV_COLUMNS]);
    const r = rows[0]!;
    assert.equal(r.caller_name, '\'=cmd|"/c calc"!A1, and\r\nmore');
    assert.equal(r.caller_number, '+14155550100');
    assert.equal(r.duration_seconds, '3724');
    assert.equal(r.escalated_queue, 'collections');
    assert.equal(r.handled_by, 'Ava');
    assert.equal(r.campaign_name, 'Spring, "promo"');
    assert.equal(r.outcome, 'interested');
    assert.equal(r.summary, 'Paid, by card.');
    assert.equal(r.sentiment, 'positive');
  });
});
