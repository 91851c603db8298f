/** Twilio's messaging webhook: SMS, WhatsApp, MMS parsed; malformed parameters refused; reply addresses. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTwilioMessage, twilioAddress } from './twilio-messaging.wire';

const SM = `SM${'a1'.repeat(16)}`;
const MM = `MM${'0f'.repeat(16)}`;
const AC = `AC${'9c'.repeat(16)}`;

/** Parameters as Twilio posts them for an inbound SMS. */
const sms = (over: Record<string, string> = {}): Record<string, string> => ({
  ToCountry: 'US', ToState: 'CA', SmsMessageSid: SM, NumMedia: '0', ToCity: '', FromZip: '', SmsSid: SM, FromState: 'NY',
  SmsStatus: 'received', FromCity: '', Body: 'Can I move my appointment?', FromCountry: 'US', To: '+15550783881',
  MessagingServiceSid: `MG${'11'.repeat(16)}`, ToZip: '', NumSegments: '1', MessageSid: SM, AccountSid: AC, From: '+16505551234', ApiVersion: '2010-04-01',
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
    message: { sid: SM, accountSid: AC, channel: 'sms', from: '+16505551234', to: '+15550783881', text: 'Can I move my appointment?', profileName: null, media: [] },
  });
});

test('a WhatsApp message: prefix stripped, profile name kept', () => {
  const r = parseTwilioMessage(sms({ From: 'whatsapp:+447700900123', To: 'whatsapp:+14155238886', ProfileName: ' Ann Smith ', WaId: '447700900123', Body: 'Hi 👋' }));
  assert.deepEqual(r, {
    ok: true,
    message: { sid: SM, accountSid: AC, channel: 'whatsapp', from: '+447700900123', to: '+14155238886', text: 'Hi 👋', profileName: 'Ann Smith', media: [] },
  });
});

test('an MMS with media and no body gets placeholders; a body wins over them', () => {
  const mms = sms({
    MessageSid: MM, Body: '', NumMedia: '3',
    MediaUrl0: `https://api.twilio.com/2010-04-01/Accounts/${AC}/Messages/${MM}/Media/ME1`, MediaContentType0: 'image/jpeg',
    MediaUrl1: `https://api.twilio.com/2010-04-01/Accounts/${AC}/Messages/${MM}/Media/ME2`, MediaContentType1: 'audio/ogg; codecs=opus',
    MediaUrl2: `https://api.twilio.com/2010-04-01/Accounts/${AC}/Messages/${MM}/Media/ME3`, MediaContentType2: 'application/pdf',
  });
  const r = parseTwilioMessage(mms);
  assert.ok(r.ok, 'r.ok');
  assert.equal(r.message.sid, MM);
  assert.equal(r.message.text, '[image] [audio] [document]');
  assert.deepEqual(r.message.media, [
    { url: mms.MediaUrl0, contentType: 'image/jpeg' },
    { url: mms.MediaUrl1, contentType: 'audio/ogg; codecs=opus' },
    { url: mms.MediaUrl2, contentType: 'application/pdf' },
  ]);
  const captioned = parseTwilioMessage({ ...mms, Body: 'My receipt' });
  assert.ok(captioned.ok, 'captioned.ok');
  assert.equal(captioned.message.text, 'My receipt');
  assert.equal(captioned.message.media.length, 3);
  const vcard = parseTwilioMessage(sms({ Body: '', NumMedia: '1', MediaUrl0: 'https://api.twilio.com/m/1', MediaContentType0: 'text/vcard' }));
  assert.ok(vcard.ok, 'vcard.ok');
  assert.equal(vcard.message.text, '[contact]');
  const location = parseTwilioMessage(sms({ From: 'whatsapp:+447700900123', To: 'whatsapp:+14155238886', Body: '', Latitude: '52.37', Longitude: '4.89' }));
  assert.ok(location.ok, 'location.ok');
  assert.equal(location.message.text, '[location]');
});

test('malformed sids are refused', () => {
  refused(sms({ MessageSid: `SM${'A1'.repeat(16)}` }), /MessageSid/);
  refused(sms({ MessageSid: `CA${'a1'.repeat(16)}` }), /MessageSid/);
  refused(sms({ MessageSid: `SM${'a1'.repeat(15)}` }), /MessageSid/);
  refused(sms({ AccountSid: 'AC123' }), /AccountSid/);
});

test('malformed or mismatched numbers are refused', () => {
  refused(sms({ From: '16505551234' }), /^From/);
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
    for (let i = 0; i < n; i++) Object.assign(extra, { [`MediaUrl${i}`]: `https://api.twilio.com/m/${i}`, [`MediaContentType${i}`]: 'image/png' });
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
});
