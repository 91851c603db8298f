/**
 * Twilio's messaging webhook: SMS, WhatsApp, MMS, WhatsApp locations, short codes and alphanumeric senders
 * parsed; status callbacks told apart from messages and parsed; malformed parameters refused; reply addresses.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  describeFailure,
  isTwilioStatusCallback,
  parseTwilioMessage,
  parseTwilioStatus,
  twilioAddress,
} from './twilio-messaging.wire';

const SM = `SM${'a1'.repeat(16)}`;
const MM = `MM${'0f'.repeat(16)}`;
const AC = `AC${'9c'.repeat(16)}`;

/**
 * Parameters as Twilio posts them for an inbound SMS (https://www.twilio.com/docs/messaging/guides/webhook-request).
 */
const sms = (over: Record<string, string> = {}): Record<string, string> => ({
  ToCountry: 'US',
  ToState: 'CA',
  SmsMessageSid: SM,
  NumMedia: '0',
  ToCity: '',
  FromZip: '',
  SmsSid: SM,
  FromState: 'NY',
  SmsStatus: 'received',
  FromCity: '',
  Body: 'Can I move my appointment?',
  FromCountry: 'US',
  To: '+15550783881',
  MessagingServiceSid: `MG${'11'.repeat(16)}`,
  ToZip: '',
  NumSegments: '1',
  MessageSid: SM,
  AccountSid: AC,
  From: '+16505551234',
  ApiVersion: '2010-04-01',
  ...over,
});

const refused = (params: Record<string, string>, pattern: RegExp) => {
  const r = parseTwilioMessage(params);
  assert.equal(r.ok, false, JSON.stringify(params).slice(0, 200));
  if (!r.ok) assert.match(r.reason, pattern);
};

test('an SMS', () => {
  assert.deepEqual(parseTwilioMessage(sms()), {
    ok: true,
    message: {
      kind: 'message',
      sid: SM,
      accountSid: AC,
      channel: 'sms',
      from: '+16505551234',
      fromKind: 'e164',
      to: '+15550783881',
      toKind: 'e164',
      text: 'Can I move my appointment?',
      profileName: null,
      media: [],
      location: null,
    },
  });
});

test('a WhatsApp message: prefix stripped, profile name kept', () => {
  const r = parseTwilioMessage(
    sms({
      From: 'whatsapp:+447700900123',
      To: 'whatsapp:+14155238886',
      ProfileName: ' Ann Smith ',
      WaId: '447700900123',
      Body: 'Hi 👋',
    }),
  );
  assert.deepEqual(r, {
    ok: true,
    message: {
      kind: 'message',
      sid: SM,
      accountSid: AC,
      channel: 'whatsapp',
      from: '+447700900123',
      fromKind: 'e164',
      to: '+14155238886',
      toKind: 'e164',
      text: 'Hi 👋',
      profileName: 'Ann Smith',
      media: [],
      location: null,
    },
  });
});

test('an MMS shows each media item as a "[type] <url>" line, after the body when there is one', () => {
  const mms = sms({
    MessageSid: MM,
    Body: '',
    NumMedia: '3',
    MediaUrl0: `https://api.twilio.com/2010-04-01/Accounts/${AC}/Messages/${MM}/Media/ME1`,
    MediaContentType0: 'image/jpeg',
    MediaUrl1: `https://api.twilio.com/2010-04-01/Accounts/${AC}/Messages/${MM}/Media/ME2`,
    MediaContentType1: 'audio/ogg; codecs=opus',
    MediaUrl2: `https://api.twilio.com/2010-04-01/Accounts/${AC}/Messages/${MM}/Media/ME3`,
    MediaContentType2: 'application/pdf',
  });
  const r = parseTwilioMessage(mms);
  assert.ok(r.ok, 'r.ok');
  assert.equal(r.message.sid, MM);
  assert.equal(
    r.message.text,
    [`[image/jpeg] ${mms.MediaUrl0}`, `[audio/ogg] ${mms.MediaUrl1}`, `[application/pdf] ${mms.MediaUrl2}`].join('\n'),
  );
  assert.deepEqual(r.message.media, [
    { url: mms.MediaUrl0, contentType: 'image/jpeg' },
    { url: mms.MediaUrl1, contentType: 'audio/ogg; codecs=opus' },
    { url: mms.MediaUrl2, contentType: 'application/pdf' },
  ]);
  const captioned = parseTwilioMessage({ ...mms, Body: 'My receipt' });
  assert.ok(captioned.ok, 'captioned.ok');
  assert.equal(
    captioned.message.text,
    `My receipt\n[image/jpeg] ${mms.MediaUrl0}\n[audio/ogg] ${mms.MediaUrl1}\n[application/pdf] ${mms.MediaUrl2}`,
  );
  assert.equal(captioned.message.media.length, 3);
  const vcard = parseTwilioMessage(
    sms({ Body: '', NumMedia: '1', MediaUrl0: 'https://api.twilio.com/m/1', MediaContentType0: 'text/vcard' }),
  );
  assert.ok(vcard.ok, 'vcard.ok');
  assert.equal(vcard.message.text, '[text/vcard] https://api.twilio.com/m/1');
});

// An inbound MMS as Twilio documents it: NumMedia, MediaUrl{N}, MediaContentType{N} (MessageSid MM…).
// https://www.twilio.com/docs/messaging/guides/webhook-request (media parameters)
const MMS_FIXTURE = {
  ToCountry: 'US',
  ToState: 'CA',
  SmsMessageSid: MM,
  NumMedia: '2',
  ToCity: 'SAN FRANCISCO',
  FromZip: '94105',
  SmsSid: MM,
  FromState: 'CA',
  SmsStatus: 'received',
  FromCity: 'SAN FRANCISCO',
  Body: 'Here is the rash, and the label of the cream',
  FromCountry: 'US',
  To: '+14155550100',
  ToZip: '94105',
  NumSegments: '1',
  MessageSid: MM,
  AccountSid: AC,
  From: '+14155550111',
  ApiVersion: '2010-04-01',
  MediaContentType0: 'image/jpeg',
  MediaUrl0: `https://api.twilio.com/2010-04-01/Accounts/${AC}/Messages/${MM}/Media/ME${'12'.repeat(16)}`,
  MediaContentType1: 'image/png',
  MediaUrl1: `https://api.twilio.com/2010-04-01/Accounts/${AC}/Messages/${MM}/Media/ME${'34'.repeat(16)}`,
};

test('the documented MMS fixture: body, then one "[type] <url>" line per media item', () => {
  const r = parseTwilioMessage(MMS_FIXTURE);
  assert.ok(r.ok, 'r.ok');
  assert.equal(
    r.message.text,
    [
      'Here is the rash, and the label of the cream',
      `[image/jpeg] ${MMS_FIXTURE.MediaUrl0}`,
      `[image/png] ${MMS_FIXTURE.MediaUrl1}`,
    ].join('\n'),
  );
});

// A WhatsApp location message through Twilio: Latitude, Longitude, and Address and Label when a place was picked.
// https://www.twilio.com/docs/messaging/guides/webhook-request (WhatsApp-specific parameters: Latitude, Longitude,
// Address, Label)
const WA_LOCATION_FIXTURE = {
  SmsMessageSid: SM,
  NumMedia: '0',
  ProfileName: 'Ann Smith',
  MessageType: 'location',
  SmsSid: SM,
  WaId: '447700900123',
  SmsStatus: 'received',
  Body: '',
  To: 'whatsapp:+14155238886',
  NumSegments: '1',
  ReferralNumMedia: '0',
  MessageSid: SM,
  AccountSid: AC,
  From: 'whatsapp:+447700900123',
  ApiVersion: '2010-04-01',
  Latitude: '52.3752',
  Longitude: '4.8840',
  Address: 'Prinsengracht 263-267, 1016 GV Amsterdam',
  Label: 'Anne Frank House',
};

test('a WhatsApp location keeps its coordinates, label and address, rendered on one readable line', () => {
  const r = parseTwilioMessage(WA_LOCATION_FIXTURE);
  assert.ok(r.ok, 'r.ok');
  assert.deepEqual(r.message.location, {
    latitude: '52.3752',
    longitude: '4.8840',
    label: 'Anne Frank House',
    address: 'Prinsengracht 263-267, 1016 GV Amsterdam',
  });
  assert.equal(
    r.message.text,
    '[location] Anne Frank House, Prinsengracht 263-267, 1016 GV Amsterdam (52.3752, 4.8840)',
  );
  // A dropped pin has coordinates only; a caption comes first.
  const pin = parseTwilioMessage({ ...WA_LOCATION_FIXTURE, Address: '', Label: '', Body: 'I am here' });
  assert.ok(pin.ok, 'pin.ok');
  assert.equal(pin.message.text, 'I am here\n[location] (52.3752, 4.8840)');
  const { Label: _l, Address: _a, ...bare } = WA_LOCATION_FIXTURE;
  const bareR = parseTwilioMessage(bare);
  assert.ok(bareR.ok, 'bare.ok');
  assert.deepEqual(bareR.message.location, { latitude: '52.3752', longitude: '4.8840', label: null, address: null });
  refused({ ...WA_LOCATION_FIXTURE, Latitude: '91' }, /Latitude and Longitude/);
  refused({ ...WA_LOCATION_FIXTURE, Longitude: 'east' }, /Latitude and Longitude/);
  refused({ ...WA_LOCATION_FIXTURE, Longitude: undefined as unknown as string }, /Latitude and Longitude/);
});

// Short codes come as Twilio sends them, 5–6 digits without + or country code; alphanumeric sender IDs as the brand
// name. https://support.twilio.com/hc/en-us/articles/360013980754-Formatting-Short-Code-Numbers
// https://www.twilio.com/docs/glossary/what-alphanumeric-sender-id ("Limit length to 11 characters")
// https://www.twilio.com/docs/messaging/api/message-resource ("from": "phone number (in E.164 format), alphanumeric
// sender ID…")
test('short codes and alphanumeric sender IDs are taken as they are', () => {
  const toShortCode = parseTwilioMessage(sms({ To: '894546', ToCountry: 'US', Body: 'JOIN' }));
  assert.ok(toShortCode.ok, 'to a short code');
  assert.equal(toShortCode.message.to, '894546');
  assert.equal(toShortCode.message.toKind, 'short_code');
  const fromShortCode = parseTwilioMessage(sms({ From: '72975', Body: 'Your code is 1234' }));
  assert.ok(fromShortCode.ok, 'from a short code');
  assert.equal(fromShortCode.message.from, '72975');
  assert.equal(fromShortCode.message.fromKind, 'short_code');
  const both = parseTwilioMessage(sms({ From: '72975', To: '894546' }));
  assert.ok(both.ok, 'short code to short code');
  assert.deepEqual([both.message.from, both.message.to], ['72975', '894546']);
  const brand = parseTwilioMessage(sms({ From: 'MyBrand', Body: 'Your parcel is on its way' }));
  assert.ok(brand.ok, 'from an alphanumeric sender');
  assert.equal(brand.message.from, 'MyBrand');
  assert.equal(brand.message.fromKind, 'alphanumeric');
  assert.equal(parseTwilioMessage(sms({ From: 'Acme Travel' })).ok, true, 'a space and 11 characters');
  refused(sms({ From: 'MyBrandIsTooLong' }), /^From/);
  refused(sms({ From: '12345678901' }), /^From/); // digits only: neither a short code nor a sender ID
  refused(sms({ From: '1234' }), /^From/);
  refused(sms({ From: '1234567' }), /^From/);
  refused(sms({ To: 'MyBrand' }), /^To/); // nobody writes to a sender ID
  refused(sms({ From: 'whatsapp:72975', To: 'whatsapp:+14155238886' }), /^From/); // WhatsApp is phone numbers only
  refused(sms({ From: 'whatsapp:+447700900123', To: '894546' }), /same channel/);
});

// Status callbacks for messages we sent, as Twilio documents them: a subset of the inbound parameters plus
// MessageStatus and, for undelivered and failed messages, ErrorCode.
// https://www.twilio.com/docs/messaging/guides/track-outbound-message-status
// https://www.twilio.com/docs/messaging/guides/outbound-message-status-in-status-callbacks (queued, sent, delivered,
// read, undelivered, failed)
const statusCallback = (over: Record<string, string> = {}): Record<string, string> => ({
  AccountSid: AC,
  ApiVersion: '2010-04-01',
  From: '+15550783881',
  MessageSid: SM,
  MessageStatus: 'undelivered',
  SmsSid: SM,
  SmsStatus: 'undelivered',
  To: '+16505551234',
  ErrorCode: '30003',
  ...over,
});

test('status callbacks are told apart from messages and parsed as statuses', () => {
  for (const status of ['queued', 'sent', 'delivered', 'read', 'undelivered', 'failed']) {
    const params = statusCallback({
      MessageStatus: status,
      SmsStatus: status,
      ...(status === 'undelivered' || status === 'failed' ? {} : { ErrorCode: '' }),
    });
    assert.equal(isTwilioStatusCallback(params), true, status);
    const r = parseTwilioStatus(params);
    assert.ok(r.ok, status);
    assert.equal(r.status.status, status);
    assert.equal(r.status.failed, status === 'undelivered' || status === 'failed');
  }
  assert.equal(isTwilioStatusCallback(sms()), false, 'an inbound SMS is received');
  assert.equal(isTwilioStatusCallback(WA_LOCATION_FIXTURE), false);
  assert.deepEqual(parseTwilioStatus(statusCallback()), {
    ok: true,
    status: {
      kind: 'status',
      sid: SM,
      accountSid: AC,
      channel: 'sms',
      status: 'undelivered',
      failed: true,
      from: '+15550783881',
      to: '+16505551234',
      errorCode: '30003',
      errorMessage: null,
    },
  });
  const wa = parseTwilioStatus(
    statusCallback({
      From: 'whatsapp:+14155238886',
      To: 'whatsapp:+447700900123',
      MessageStatus: 'failed',
      ErrorCode: '63016',
      ChannelPrefix: 'whatsapp',
      ChannelToAddress: '+447700900123',
    }),
  );
  assert.ok(wa.ok, 'wa.ok');
  assert.deepEqual([wa.status.channel, wa.status.to, wa.status.errorCode], ['whatsapp', '+447700900123', '63016']);
  // Replies from a short code or a sender ID; to a customer's short code.
  const short = parseTwilioStatus(statusCallback({ From: '894546', To: '72975' }));
  assert.ok(short.ok, 'short.ok');
  assert.deepEqual([short.status.from, short.status.to], ['894546', '72975']);
  assert.equal(parseTwilioStatus(statusCallback({ From: 'MyBrand' })).ok, true);
  const refusedStatus = (params: Record<string, string>, pattern: RegExp) => {
    const r = parseTwilioStatus(params);
    assert.equal(r.ok, false, JSON.stringify(params).slice(0, 200));
    if (!r.ok) assert.match(r.reason, pattern);
  };
  refusedStatus(statusCallback({ MessageSid: 'SM1' }), /MessageSid/);
  refusedStatus(statusCallback({ AccountSid: 'AC1' }), /AccountSid/);
  refusedStatus(statusCallback({ MessageStatus: 'not delivered!', SmsStatus: '' }), /MessageStatus/);
  refusedStatus(statusCallback({ ErrorCode: 'bad' }), /ErrorCode/);
  refusedStatus(statusCallback({ To: 'MyBrand' }), /^To/);
});

test('a failure reads as status, code and what the code means', () => {
  const r = parseTwilioStatus(statusCallback());
  assert.ok(r.ok, 'r.ok');
  assert.equal(describeFailure(r.status), 'undelivered, Twilio error 30003: unreachable destination handset');
  assert.equal(
    describeFailure({ status: 'failed', errorCode: '30999', errorMessage: null }),
    'failed, Twilio error 30999',
  );
  assert.equal(
    describeFailure({
      status: 'failed',
      errorCode: '21610',
      errorMessage: 'Attempt to send to unsubscribed recipient',
    }),
    'failed, Twilio error 21610: Attempt to send to unsubscribed recipient',
  );
  assert.equal(describeFailure({ status: 'failed', errorCode: null, errorMessage: null }), 'failed');
});

test('malformed sids are refused', () => {
  refused(sms({ MessageSid: `SM${'A1'.repeat(16)}` }), /MessageSid/);
  refused(sms({ MessageSid: `CA${'a1'.repeat(16)}` }), /MessageSid/);
  refused(sms({ MessageSid: `SM${'a1'.repeat(15)}` }), /MessageSid/);
  refused(sms({ AccountSid: 'AC123' }), /AccountSid/);
});

test('malformed or mismatched numbers are refused', () => {
  refused(sms({ From: '16505551234' }), /^From/);
  refused(sms({ From: '+16505551234; DROP' }), /^From/);
  refused(sms({ From: '+1650555' }), /^From/);
  refused(sms({ From: '+1234567890123456' }), /^From/);
  refused(sms({ From: '+0650555123' }), /^From/);
  refused(sms({ From: 'whatsapp:16505551234' }), /^From/);
  refused(sms({ To: 'messenger:+15550783881' }), /^To/);
  refused(sms({ From: 'whatsapp:+16505551234' }), /same channel/);
  // The shortest and longest E.164 numbers pass.
  assert.equal(parseTwilioMessage(sms({ From: '+12345678' })).ok, true);
  assert.equal(parseTwilioMessage(sms({ From: '+123456789012345' })).ok, true);
});

test('too many media, bad counts, bad media and long bodies are refused', () => {
  const withMedia = (n: number) => {
    const extra: Record<string, string> = { NumMedia: String(n), Body: '' };
    for (let i = 0; i < n; i++)
      Object.assign(extra, {
        [`MediaUrl${i}`]: `https://api.twilio.com/m/${i}`,
        [`MediaContentType${i}`]: 'image/png',
      });
    return sms(extra);
  };
  const ten = parseTwilioMessage(withMedia(10));
  assert.ok(ten.ok, 'ten.ok');
  assert.equal(ten.message.media.length, 10);
  refused(withMedia(11), /NumMedia/);
  refused(sms({ NumMedia: '-1' }), /NumMedia/);
  refused(sms({ NumMedia: 'two' }), /NumMedia/);
  refused(sms({ NumMedia: '1' }), /MediaUrl0/);
  refused(sms({ NumMedia: '1', MediaUrl0: 'javascript:alert(1)', MediaContentType0: 'image/png' }), /MediaUrl0/);
  refused(sms({ NumMedia: '1', MediaUrl0: 'https://api.twilio.com/m/0' }), /MediaContentType0/);
  assert.equal(parseTwilioMessage(sms({ Body: 'x'.repeat(1600) })).ok, true);
  refused(sms({ Body: 'x'.repeat(1601) }), /Body is longer than 1600/);
  // WhatsApp messages run to 4096 characters.
  const wa = { From: 'whatsapp:+447700900123', To: 'whatsapp:+14155238886' };
  assert.equal(parseTwilioMessage(sms({ ...wa, Body: 'x'.repeat(4096) })).ok, true);
  refused(sms({ ...wa, Body: 'x'.repeat(4097) }), /Body is longer than 4096/);
});

test('missing fields are refused; a missing Body or NumMedia means none', () => {
  for (const k of ['MessageSid', 'AccountSid', 'From', 'To']) {
    const p = sms();
    delete p[k];
    refused(p, new RegExp(`^${k}`));
  }
  const bare = sms();
  delete bare.Body;
  delete bare.NumMedia;
  const r = parseTwilioMessage(bare);
  assert.ok(r.ok, 'r.ok');
  assert.equal(r.message.text, '');
  assert.deepEqual(r.message.media, []);
});

test('twilioAddress gives the reply address for the channel', () => {
  assert.equal(twilioAddress('sms', '+16505551234'), '+16505551234');
  assert.equal(twilioAddress('whatsapp', '+447700900123'), 'whatsapp:+447700900123');
  assert.equal(twilioAddress('whatsapp', 'whatsapp:+447700900123'), 'whatsapp:+447700900123');
  assert.equal(twilioAddress('sms', 'whatsapp:+447700900123'), '+447700900123');
  assert.throws(() => twilioAddress('sms', '16505551234'), /not an E\.164 number/);
  // Short codes as they are, SMS only; a sender ID cannot be written to.
  assert.equal(twilioAddress('sms', '894546'), '894546');
  assert.equal(twilioAddress('sms', '72975'), '72975');
  assert.throws(() => twilioAddress('whatsapp', '72975'), /not an E\.164 number/);
  assert.throws(() => twilioAddress('sms', 'MyBrand'), /not an E\.164 number or a short code/);
});
