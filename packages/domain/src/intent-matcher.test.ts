import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Matcher } from '@livespace/protocol';
import {
  classifyYesNo,
  extractDigits,
  formatSpokenDateTime,
  matchIntent,
  parseDateTime,
  timeZoneOffsetMinutes,
} from './intent-matcher';

// Wednesday 2025-03-12, 11:00 in New York (EDT, UTC-4).
const NOW = new Date('2025-03-12T15:00:00.000Z');
const NY = 'America/New_York';

const YESNO: Array<[string, 'yes' | 'no' | null]> = [
  ['yes', 'yes'],
  ['Yes.', 'yes'],
  ['yeah', 'yes'],
  ['Yep!', 'yes'],
  ['sure', 'yes'],
  ['Of course', 'yes'],
  ["that's right", 'yes'],
  ['That’s right', 'yes'],
  ['okay', 'yes'],
  ['OK', 'yes'],
  ['please do', 'yes'],
  ['absolutely', 'yes'],
  ['sounds good', 'yes'],
  ['yes, no problem', 'yes'],
  ['why not', 'yes'],
  ["I don't mind", 'yes'],
  ['that works for me', 'yes'],
  ["I'm interested", 'yes'],
  ['no', 'no'],
  ['No.', 'no'],
  ['nope', 'no'],
  ['nah', 'no'],
  ['not really', 'no'],
  ['not interested', 'no'],
  ["don't", 'no'],
  ["I can't pay it all today", 'no'],
  ['I can’t', 'no'],
  ['no thanks', 'no'],
  ['never', 'no'],
  // Decision: negation wins over yes.
  ["yes I'm not interested", 'no'],
  ['yeah no', 'no'],
  ['sure, but not today', 'no'],
  ['', null],
  ['hello?', null],
  ["I'm not sure", null],
  ["I don't know", null],
  ['maybe', null],
  // Word boundaries: these contain "no"/"yes"-like letters but no such word.
  ['I know', null],
  ['nobody told me', null],
  ['yesterday', null],
  ['the phone number', null],
];

for (const [line, expected] of YESNO) {
  test(`yes/no: ${JSON.stringify(line)} → ${expected}`, () => {
    assert.equal(classifyYesNo(line), expected);
  });
}

const DIGITS: Array<[string, string]> = [
  ['1234', '1234'],
  ['my account is 12-34-56', '123456'],
  ['one two three', '123'],
  ['One, Two, 3 four', '1234'],
  ['five oh five', '505'],
  ["Oh, it's 42", '42'],
  ['double seven', '77'],
  ['triple 0 one', '0001'],
  // "eight hundred" is 800 (it used to read as a lone 8).
  ['nothing here', ''],
  ['phone is eight hundred', '800'],
];

// Number words: [line, digits]. Decisions are in the doc comment of extractDigits.
const NUMBER_WORDS: Array<[string, string]> = [
  // Units and teens.
  ['zero', '0'],
  ['seven', '7'],
  ['ten', '10'],
  ['eleven', '11'],
  ['fifteen', '15'],
  ['nineteen', '19'],
  // Tens, alone, with a unit, hyphenated, any case.
  ['forty', '40'],
  ['forty two', '42'],
  ['forty-two', '42'],
  ['Forty-Two', '42'],
  ['ninety nine', '99'],
  ['seventy seven', '77'],
  ['my age is forty two', '42'],
  ['twenty one', '21'],
  // Hundreds and thousands.
  ['one hundred', '100'],
  ['a hundred', '100'],
  ['one hundred and five', '105'],
  ['one hundred five', '105'],
  ['one hundred one', '101'],
  ['three hundred forty five', '345'],
  ['three hundred and forty-five', '345'],
  ['nineteen hundred', '1900'],
  ['twelve hundred', '1200'],
  ['twenty two hundred', '2200'],
  ['nineteen hundred eighty four', '1984'],
  ['five hundred', '500'],
  ['eight hundred', '800'],
  ['a thousand', '1000'],
  ['two thousand', '2000'],
  ['two thousand twenty six', '2026'],
  ['two thousand and five', '2005'],
  ['two thousand five hundred', '2500'],
  ['forty two thousand', '42000'],
  ['one thousand two hundred thirty four', '1234'],
  ['one million two hundred thousand', '1200000'],
  // Numbers said one after another are written one after another (years, phone numbers read in groups).
  ['twenty twenty six', '2026'],
  ['nineteen eighty four', '1984'],
  ['twenty oh five', '2005'],
  ['nineteen oh five', '1905'],
  ['four fifteen', '415'],
  ['ten ten', '1010'],
  ['nine eleven', '911'],
  // Digit by digit.
  ['four one five five five five', '415555'],
  ['nine one one', '911'],
  ['my zip is nine four one zero seven', '94107'],
  ['one two three four five six seven eight nine zero', '1234567890'],
  // A lone digit after a scale word followed by more digits: the number is being read digit by digit.
  ['one eight hundred five five five one two one two', '18005551212'],
  ['one hundred five five', '10055'],
  ['one hundred and five five', '1055'],
  // "oh", "o", "zero", "nought".
  ['oh seven seven', '077'],
  ['four o five', '405'],
  ['nought seven', '07'],
  ['zero zero seven', '007'],
  ['five oh', '50'],
  ['oh', ''],
  ['o', ''],
  ['Oh, one two three', '123'],
  ['oh well', ''],
  ["at five o'clock", '5'],
  // "double", "triple".
  ['double three', '33'],
  ['triple five', '555'],
  ['double oh seven', '007'],
  ['double 0', '00'],
  ['oh seven seven double oh', '07700'],
  ['four one five double five triple two', '41555222'],
  ['double', ''],
  ['double trouble', ''],
  // Mixed digits and words.
  ['4 one 5', '415'],
  ['4 1 5', '415'],
  ['2 thousand 26', '2026'],
  ['5 hundred', '500'],
  ['twenty 5', '205'],
  ['0 one', '01'],
  ['my number is 415 five five five 1212', '4155551212'],
  // Scales out of order start another number.
  ['one hundred two hundred', '100200'],
  ['two thousand three thousand', '20003000'],
  // Not numbers.
  ['constructor toString hundred', ''],
  ['an hour or so', ''],
  ['alone', ''],
];

for (const [line, expected] of NUMBER_WORDS) {
  test(`digits from number words: ${JSON.stringify(line)} → ${JSON.stringify(expected)}`, () => {
    assert.equal(extractDigits(line), expected);
  });
}

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
  [{ digits: { min: 2, max: 2 } }, 'forty two', '42'],
  [{ digits: { min: 3, max: 3 } }, 'one hundred and five', '105'],
  [{ digits: { min: 4, max: 4 } }, 'it was twenty twenty six', '2026'],
  [{ digits: { min: 10, max: 10 } }, 'four one five, double five five, one two one two', '4155551212'],
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

test('datetime: a time inside the spring-forward gap is the first instant after it; in the fall-back overlap, the first occurrence', () => {
  // Saturday 2026-03-07 12:00 EST; 02:30 on Sunday the 8th does not exist in New York (02:00 EST → 03:00 EDT at
  // 07:00Z).
  assert.equal(
    parseDateTime('tomorrow at 2:30am', new Date('2026-03-07T17:00:00.000Z'), NY),
    '2026-03-08T07:00:00.000Z',
  );
  // Saturday 2026-10-31 12:00 EDT; 01:30 on Sunday 1 November happens twice (EDT, then EST): the first.
  assert.equal(
    parseDateTime('tomorrow at 1:30am', new Date('2026-10-31T16:00:00.000Z'), NY),
    '2026-11-01T05:30:00.000Z',
  );
  // A span from now is an exact instant, DST or not; a stated zone is taken as said.
  assert.equal(parseDateTime('in 20 hours', new Date('2026-03-07T17:00:00.000Z'), NY), '2026-03-08T13:00:00.000Z');
  assert.equal(
    parseDateTime('tomorrow at 3pm EST', new Date('2026-03-07T17:00:00.000Z'), NY),
    '2026-03-08T20:00:00.000Z',
  );
});

const OFFSETS: Array<[string, string, number]> = [
  ['UTC', '2025-03-12T15:00:00.000Z', 0],
  [NY, '2025-03-12T15:00:00.000Z', -240],
  [NY, '2025-01-12T15:00:00.000Z', -300],
  ['Asia/Kolkata', '2025-03-12T15:00:00.000Z', 330],
  ['Australia/Lord_Howe', '2026-01-12T15:00:00.000Z', 660],
  ['Australia/Lord_Howe', '2026-07-12T15:00:00.000Z', 630],
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
