import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Matcher } from '@livespace/protocol';
import {
  classifyYesNo, extractDigits, formatSpokenDateTime, matchIntent, parseDateTime, timeZoneOffsetMinutes,
} from './intent.matcher';

// Wednesday 2025-03-12, 11:00 in New York (EDT, UTC-4).
const NOW = new Date('2025-03-12T15:00:00.000Z');
const NY = 'America/New_York';

const YESNO: Array<[string, 'yes' | 'no' | null]> = [
  ['yes', 'yes'], ['Yes.', 'yes'], ['yeah', 'yes'], ['Yep!', 'yes'], ['sure', 'yes'], ['Of course', 'yes'],
  ["that's right", 'yes'], ['That’s right', 'yes'], ['okay', 'yes'], ['OK', 'yes'], ['please do', 'yes'],
  ['absolutely', 'yes'], ['sounds good', 'yes'], ['yes, no problem', 'yes'], ['why not', 'yes'],
  ["I don't mind", 'yes'], ['that works for me', 'yes'], ["I'm interested", 'yes'],
  ['no', 'no'], ['No.', 'no'], ['nope', 'no'], ['nah', 'no'], ['not really', 'no'], ['not interested', 'no'],
  ["don't", 'no'], ["I can't pay it all today", 'no'], ['I can’t', 'no'], ['no thanks', 'no'], ['never', 'no'],
  // Decision: negation wins over yes.
  ["yes I'm not interested", 'no'], ['yeah no', 'no'], ['sure, but not today', 'no'],
  ['', null], ['hello?', null], ["I'm not sure", null], ["I don't know", null], ['maybe', null],
  // Word boundaries: these contain "no"/"yes"-like letters but no such word.
  ['I know', null], ['nobody told me', null], ['yesterday', null], ['the phone number', null],
];

for (const [line, expected] of YESNO) {
  test(`yes/no: ${JSON.stringify(line)} → ${expected}`, () => {
    assert.equal(classifyYesNo(line), expected);
  });
}

const DIGITS: Array<[string, string]> = [
  ['1234', '1234'], ['my account is 12-34-56', '123456'], ['one two three', '123'], ['One, Two, 3 four', '1234'],
  ['five oh five', '505'], ["Oh, it's 42", '42'], ['double seven', '77'], ['triple 0 one', '0001'],
  ['nothing here', ''], ['phone is eight hundred', '8'],
];

for (const [line, expected] of DIGITS) {
  test(`digits: ${JSON.stringify(line)} → ${JSON.stringify(expected)}`, () => {
    assert.equal(extractDigits(line), expected);
  });
}

// [matcher, line, expected value or null for no match, timeZone?]
const MATCHES: Array<[Matcher, string, string | null, string?]> = [
  [{ keywords: ['appointment', 'book'] }, 'I want to BOOK a visit', 'I want to BOOK a visit'],
  [{ keywords: ['book'] }, 'my booking', null],
  [{ keywords: ['call me back'] }, 'Could you call   me back later?', 'Could you call   me back later?'],
  [{ keywords: ['real person'] }, 'a realperson', null],
  [{ keywords: ["don't"] }, 'I don’t want that', 'I don’t want that'],
  [{ keywords: ['agent'] }, 'agents', null],
  [{ regex: 'order (\\d+)' }, 'Order 5521 please', '5521'],
  [{ regex: 'refund' }, 'I want a REFUND', 'REFUND'],
  [{ regex: '^zip' }, 'no zip', null],
  [{ regex: '(' }, 'anything', null],
  [{ yesno: 'yes' }, 'yeah sure', 'yeah sure'],
  [{ yesno: 'yes' }, 'no', null],
  [{ yesno: 'no' }, ' nope ', 'nope'],
  [{ yesno: 'no' }, 'yes', null],
  [{ digits: { min: 4, max: 6 } }, 'it is 1 2 3 4', '1234'],
  [{ digits: { min: 4, max: 6 } }, 'one two three', null],
  [{ digits: { min: 1, max: 3 } }, '12345', null],
  [{ datetime: true }, 'tomorrow at 10am', '2025-03-13T14:00:00.000Z', NY],
  [{ datetime: true }, 'tomorrow at 10am', '2025-03-13T10:00:00.000Z'],
  [{ datetime: true }, 'Thursday at 2pm works', '2025-03-13T18:00:00.000Z', NY],
  // forwardDate: a weekday already past this week means next week.
  [{ datetime: true }, 'monday at 9', '2025-03-17T13:00:00.000Z', NY],
  [{ datetime: true }, 'in two hours', '2025-03-12T17:00:00.000Z', NY],
  [{ datetime: true }, 'whenever', null, NY],
  [{ any: true }, '  anything at all ', 'anything at all'],
  [{ any: true }, '   ', null],
];

for (const [matcher, line, expected, timeZone] of MATCHES) {
  test(`match ${JSON.stringify(matcher)} on ${JSON.stringify(line)}${timeZone ? ` (${timeZone})` : ''} → ${expected}`, () => {
    const r = matchIntent(matcher, line, NOW, timeZone ? { timeZone } : {});
    if (expected === null) assert.deepEqual(r, { matched: false });
    else assert.deepEqual(r, { matched: true, value: expected });
  });
}

test('datetime resolves "tomorrow" in the caller zone, not UTC: 23:00 in New York is already the next day in UTC', () => {
  const lateEvening = new Date('2025-03-13T03:00:00.000Z'); // Wed 23:00 EDT
  assert.equal(parseDateTime('tomorrow at 10am', lateEvening, NY), '2025-03-13T14:00:00.000Z');
  assert.equal(parseDateTime('tomorrow at 10am', lateEvening, 'UTC'), '2025-03-14T10:00:00.000Z');
});

test('datetime across a daylight-saving change uses the offset of the target day', () => {
  // Saturday 2025-03-08 12:00 EST (UTC-5); clocks go forward on Sunday the 9th.
  const saturday = new Date('2025-03-08T17:00:00.000Z');
  assert.equal(parseDateTime('tomorrow at 10am', saturday, NY), '2025-03-09T14:00:00.000Z');
});

const OFFSETS: Array<[string, string, number]> = [
  ['UTC', '2025-03-12T15:00:00.000Z', 0],
  [NY, '2025-03-12T15:00:00.000Z', -240],
  [NY, '2025-01-12T15:00:00.000Z', -300],
  ['Asia/Kolkata', '2025-03-12T15:00:00.000Z', 330],
  ['Not/AZone', '2025-03-12T15:00:00.000Z', 0],
];

for (const [zone, at, minutes] of OFFSETS) {
  test(`offset of ${zone} at ${at} is ${minutes}`, () => {
    assert.equal(timeZoneOffsetMinutes(zone, new Date(at)), minutes);
  });
}

test('formatSpokenDateTime speaks the time in the caller zone', () => {
  const spoken = formatSpokenDateTime('2025-03-13T14:00:00.000Z', NY);
  assert.match(spoken, /^Thursday, March 13 at 10:00 AM$/);
  assert.equal(formatSpokenDateTime('not a date', NY), 'not a date');
});
