/**
 * WhatsApp and SMS conversations end to end: Twilio's messaging webhook (SMS and `whatsapp:` numbers,
 * signed) and Meta's WhatsApp Cloud API (verify token, `X-Hub-Signature-256`), against stand-ins that
 * speak their real wire formats and record what the AI sends. Message sessions are live sessions:
 * supervisors whisper, barge, take over and end them; those that need a person are listed apart.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { TwilioStandIn } from '@livespace/adapters/carrier-twilio/testing/twilio.stand-in';
import {
  GraphStandIn,
  deliver,
  textPayload,
  statusPayload,
  verifySubscription,
} from '@livespace/adapters/channel-whatsapp/testing/graph.stand-in';
import { startPeer, startServer, type StartedServer } from '../support/start-server';
import { freePort } from '../support/free-port';
import { TestLiveClient } from '../support/live-client';
import { waitUntil } from '../support/wait';

type Line = { speaker: string; text: string; kind?: string; partial?: boolean; hidden?: boolean; barge?: boolean };
type Detail = {
  id: string;
  state: string;
  channel: string;
  callerNumber: string;
  endReason: string | null;
  transcript: Line[];
  health?: { level: string; reasons: Array<{ code: string; level: string; text: string }> };
};
type Conversation = { summary: { id: string; state: string; channel: string }; attention: string[] };

const ACCOUNT = `AC${randomBytes(16).toString('hex')}`;
const TOKEN = randomBytes(16).toString('hex');
const SMS_NUMBER = '+14155550170';
const WA_NUMBER = '+14155550171';
const CLOUD_NUMBER = '+14155550172';
const PHONE_ID = '1098765432';
const APP_SECRET = 'meta-app-secret';
const VERIFY = 'meta-verify-token';
const sid = () => `SM${randomBytes(16).toString('hex')}`;

describe('WhatsApp and SMS conversations', () => {
  let s: StartedServer;
  let tw: TwilioStandIn;
  let graph: GraphStandIn;
  let base: string;
  const detail = async (id: string) => (await (await s.api(`/api/sessions/${id}`)).json()) as Detail;
  const sessions = async () => ((await (await s.api('/api/sessions?state=all')).json()) as { items: Detail[] }).items;
  const sessionWith = (number: string, channel: string, not: string[] = []) =>
    waitUntil(`the ${channel} session of ${number}`, async () =>
      (await sessions()).find((x) => x.callerNumber === number && x.channel === channel && !not.includes(x.id)),
    );
  const smsSent = (to: string) =>
    tw.requests.filter((r) => r.path.endsWith('/Messages.json') && r.params.To === to).map((r) => r.params.Body);
  const twilioText = (from: string, to: string, body: string, messageSid = sid()) =>
    tw.webhook(`${base}/webhooks/twilio/messaging`, {
      MessageSid: messageSid,
      SmsSid: messageSid,
      AccountSid: ACCOUNT,
      From: from,
      To: to,
      Body: body,
      NumMedia: '0',
      ...(from.startsWith('whatsapp:') ? { ProfileName: 'Dana' } : {}),
    });
  const cloudText = (from: string, text: string, id?: string) =>
    deliver(
      `${base}/webhooks/whatsapp`,
      APP_SECRET,
      textPayload({
        from,
        text,
        phoneNumberId: PHONE_ID,
        displayNumber: CLOUD_NUMBER,
        profileName: 'Eli',
        ...(id ? { id } : {}),
      }),
    );
  const conversations = async (attention: boolean) =>
    ((await (await s.api(`/api/conversations?attention=${attention}`)).json()) as { items: Conversation[] }).items;
  const aiSaid = (d: Detail, re: RegExp) => d.transcript.some((l) => l.speaker === 'ai' && re.test(l.text));

  before(async () => {
    tw = new TwilioStandIn({ accountSid: ACCOUNT, authToken: TOKEN });
    const twilioApi = await tw.start();
    graph = new GraphStandIn({ accessToken: 'meta-access-token', phoneNumberId: PHONE_ID });
    const graphApi = await graph.start();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    s = await startServer({
      env: {
        PORT: String(port),
        PUBLIC_URL: base,
        TWILIO_ACCOUNT_SID: ACCOUNT,
        TWILIO_AUTH_TOKEN: TOKEN,
        TWILIO_API_BASE_URL: twilioApi,
        WHATSAPP_VERIFY_TOKEN: VERIFY,
        WHATSAPP_APP_SECRET: APP_SECRET,
        WHATSAPP_ACCESS_TOKEN: 'meta-access-token',
        WHATSAPP_PHONE_NUMBER_ID: PHONE_ID,
        WHATSAPP_API_BASE_URL: graphApi,
        LIVESPACE_TTS: 'none',
        LIVESPACE_UNANSWERED_SECONDS: '2',
      },
    });
    const agents = ((await (await s.api('/api/agents')).json()) as { items: Array<{ id: string; name: string }> })
      .items;
    const clinic = agents.find((a) => /Clinic/.test(a.name))!.id;
    for (const [number, channels] of [
      [SMS_NUMBER, ['sms']],
      [WA_NUMBER, ['whatsapp']],
      [CLOUD_NUMBER, ['whatsapp']],
    ] as const) {
      assert.equal(
        (
          await s.api('/api/numbers', {
            method: 'POST',
            json: { number, agentId: clinic, carrier: 'twilio', channels },
          })
        ).status,
        201,
      );
    }
  });
  after(async () => {
    await s?.stop();
    await tw?.stop();
    await graph?.stop();
  });

  it('runs an SMS conversation through Twilio: the AI answers with the REST API, a repeated delivery is taken once', async () => {
    const first = sid();
    const r = await twilioText('+14155550180', SMS_NUMBER, 'Hello there', first);
    assert.equal(r.status, 200);
    assert.match(r.body, /<Response\/>/);
    const session = await sessionWith('+14155550180', 'sms');
    await waitUntil(
      'the AI greets by SMS',
      () => smsSent('+14155550180').find((b) => /How can I help/.test(b ?? '')) ?? null,
    );
    const greeting = tw.requests.find((x) => x.path.endsWith('/Messages.json') && x.params.To === '+14155550180')!;
    assert.equal(greeting.params.From, SMS_NUMBER, 'sent from the number the customer wrote to');
    assert.equal(
      (await twilioText('+14155550180', SMS_NUMBER, 'Hello there', first)).status,
      200,
      'Twilio retried the same message',
    );
    await twilioText('+14155550180', SMS_NUMBER, 'I would like to book an appointment');
    await waitUntil(
      'the AI answers the request',
      () => smsSent('+14155550180').find((b) => /What day and time/.test(b ?? '')) ?? null,
    );
    const d = await detail(session.id);
    assert.deepEqual(
      d.transcript.filter((l) => l.speaker === 'caller').map((l) => l.text),
      ['Hello there', 'I would like to book an appointment'],
      'the retried delivery is in once',
    );
    assert.equal(d.state, 'ai_active');
  });

  it('an SMS and a WhatsApp Cloud message holding a NUL or a lone surrogate are taken as valid text; the conversations go on', async () => {
    assert.equal((await twilioText('+14155550185', SMS_NUMBER, 'Hello\u0000 there \ud83d')).status, 200);
    const sms = await sessionWith('+14155550185', 'sms');
    await waitUntil('the AI greets by SMS', () => smsSent('+14155550185')[0] ?? null);
    assert.deepEqual(
      (await detail(sms.id)).transcript.filter((l) => l.speaker === 'caller').map((l) => l.text),
      ['Hello there \uFFFD'],
    );
    assert.equal((await cloudText('+14155550186', 'Hi\u0000 clinic')).status, 200);
    const wa = await sessionWith('+14155550186', 'whatsapp');
    await waitUntil('the AI answers through Graph', () => graph.sent.find((m) => m.to === '14155550186') ?? null);
    assert.deepEqual(
      (await detail(wa.id)).transcript.filter((l) => l.speaker === 'caller').map((l) => l.text),
      ['Hi clinic'],
    );
  });

  it('runs WhatsApp through Twilio with whatsapp: addresses', async () => {
    await twilioText('whatsapp:+14155550181', `whatsapp:${WA_NUMBER}`, 'Hi');
    const session = await sessionWith('+14155550181', 'whatsapp');
    await waitUntil('the AI answers on WhatsApp', () => smsSent('whatsapp:+14155550181')[0] ?? null);
    const sent = tw.requests.find((x) => x.params.To === 'whatsapp:+14155550181')!;
    assert.equal(sent.params.From, `whatsapp:${WA_NUMBER}`);
    assert.equal((await detail(session.id)).channel, 'whatsapp');
  });

  it('runs WhatsApp Cloud API conversations: subscription check, signed events, replies through Graph, failed deliveries shown', async () => {
    const ok = await verifySubscription(`${base}/webhooks/whatsapp`, VERIFY);
    assert.deepEqual([ok.status, ok.body], [200, ok.challenge]);
    assert.equal((await verifySubscription(`${base}/webhooks/whatsapp`, 'wrong')).status, 403);
    const r = await cloudText('+14155550182', 'Hello, I need the clinic');
    assert.equal(r.status, 200);
    const session = await sessionWith('+14155550182', 'whatsapp');
    const reply = await waitUntil(
      'the AI answers through Graph',
      () => graph.sent.find((m) => m.to === '14155550182') ?? null,
    );
    assert.match(reply.body, /How can I help/);
    await deliver(
      `${base}/webhooks/whatsapp`,
      APP_SECRET,
      statusPayload({
        id: reply.id,
        status: 'failed',
        recipient: '14155550182',
        phoneNumberId: PHONE_ID,
        displayNumber: CLOUD_NUMBER,
        errorTitle: 'Message undeliverable',
      }),
    );
    const d = await waitUntil('the failure shows on the session', async () => {
      const x = await detail(session.id);
      return x.transcript.some((l) => l.kind === 'error' && /not delivered \(Message undeliverable\)/.test(l.text))
        ? x
        : null;
    });
    assert.equal(d.state, 'ai_active', 'the conversation goes on');
  });

  it('refuses WhatsApp events that Meta did not sign and malformed ones, changing nothing', async () => {
    const before = (await sessions()).length;
    const payload = textPayload({
      from: '+14155550183',
      text: 'forged',
      phoneNumberId: PHONE_ID,
      displayNumber: CLOUD_NUMBER,
    });
    assert.equal((await deliver(`${base}/webhooks/whatsapp`, 'not-the-secret', payload)).status, 403);
    assert.equal(
      (await deliver(`${base}/webhooks/whatsapp`, APP_SECRET, payload, { signature: 'sha256=00' })).status,
      403,
    );
    const noSig = await fetch(`${base}/webhooks/whatsapp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
    assert.equal(noSig.status, 403);
    assert.equal(
      (await deliver(`${base}/webhooks/whatsapp`, APP_SECRET, { object: 'page', entry: 'nope' })).status,
      400,
    );
    const forgedSms = await tw.webhook(
      `${base}/webhooks/twilio/messaging`,
      { MessageSid: sid(), AccountSid: ACCOUNT, From: '+14155550183', To: SMS_NUMBER, Body: 'forged', NumMedia: '0' },
      'AAAA',
    );
    assert.equal(forgedSms.status, 403);
    assert.equal((await twilioText('not-a-number', SMS_NUMBER, 'x')).status, 400);
    assert.equal((await twilioText('+14155550183', SMS_NUMBER, '   ')).status, 200, 'a blank SMS is taken');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await sessions()).length, before, 'no session was opened');
    assert.equal(
      graph.sent.some((m) => m.to === '14155550183'),
      false,
    );
  });

  // Inbound SMS to our short code and from a short code, as Twilio sends them: 5–6 digits, no + (no E.164
  // normalisation). https://www.twilio.com/docs/messaging/guides/webhook-request
  // https://support.twilio.com/hc/en-us/articles/360013980754-Formatting-Short-Code-Numbers
  it('takes SMS to and from short codes as they are, and replies through the same short code, with a StatusCallback', async () => {
    // Our short code maps to an agent like a number does (SMS on Twilio only).
    const agents = ((await (await s.api('/api/agents')).json()) as { items: Array<{ id: string; name: string }> })
      .items;
    const other = agents.find((a) => !/Clinic/.test(a.name))!.id;
    assert.equal(
      (
        await s.api('/api/numbers', {
          method: 'POST',
          json: { number: '894546', agentId: other, carrier: 'twilio', channels: ['voice'] },
        })
      ).status,
      422,
    );
    const mapped = await s.api('/api/numbers', {
      method: 'POST',
      json: { number: '894546', agentId: other, carrier: 'twilio', channels: ['sms'] },
    });
    assert.equal(mapped.status, 201);
    assert.equal(((await mapped.json()) as { number: string }).number, '894546');
    const toShort = sid();
    const r = await tw.webhook(`${base}/webhooks/twilio/messaging`, {
      ToCountry: 'US',
      ToState: '',
      SmsMessageSid: toShort,
      NumMedia: '0',
      ToCity: '',
      FromZip: '',
      SmsSid: toShort,
      FromState: 'CA',
      SmsStatus: 'received',
      FromCity: '',
      Body: 'JOIN',
      FromCountry: 'US',
      To: '894546',
      ToZip: '',
      NumSegments: '1',
      MessageSid: toShort,
      AccountSid: ACCOUNT,
      From: '+14155550190',
      ApiVersion: '2010-04-01',
    });
    assert.equal(r.status, 200, r.body);
    const s1 = await sessionWith('+14155550190', 'sms');
    assert.equal(
      (s1 as unknown as { agentId: string }).agentId,
      other,
      'answered by the agent the short code is mapped to',
    );
    const reply = await waitUntil(
      'the AI answers from the short code',
      () => tw.requests.find((x) => x.path.endsWith('/Messages.json') && x.params.To === '+14155550190') ?? null,
    );
    assert.equal(reply.params.From, '894546', 'sent from the short code the customer wrote to, as it is');
    assert.equal(
      reply.params.StatusCallback,
      `${base}/webhooks/twilio/messaging/status`,
      'every reply names the status callback',
    );
    assert.equal((await detail(s1.id)).transcript.find((l) => l.speaker === 'caller')?.text, 'JOIN');

    assert.equal((await twilioText('72975', SMS_NUMBER, 'Hello from a short code')).status, 200);
    const s2 = await sessionWith('72975', 'sms');
    const back = await waitUntil(
      'the AI answers the short code',
      () => tw.requests.find((x) => x.path.endsWith('/Messages.json') && x.params.To === '72975') ?? null,
    );
    assert.equal(back.params.From, SMS_NUMBER);
    assert.equal((await detail(s2.id)).callerNumber, '72975');
  });

  // An alphanumeric sender ID (https://www.twilio.com/docs/glossary/what-alphanumeric-sender-id) cannot be replied to.
  it('shows an SMS from an alphanumeric sender ID as a conversation that is not answerable, and sends nothing', async () => {
    assert.equal((await twilioText('MyBrand', SMS_NUMBER, 'Your parcel is on its way')).status, 200);
    const session = await sessionWith('MyBrand', 'sms');
    const d = await waitUntil('ended as not answerable', async () => {
      const x = await detail(session.id);
      return x.state === 'ended' ? x : null;
    });
    assert.equal(d.endReason, 'unanswerable');
    assert.deepEqual(
      d.transcript.filter((l) => l.speaker === 'caller').map((l) => l.text),
      ['Your parcel is on its way'],
    );
    assert.ok(
      d.transcript.some(
        (l) => l.kind === 'error' && /MyBrand is an alphanumeric sender ID, which cannot be replied to/.test(l.text),
      ),
      JSON.stringify(d.transcript),
    );
    assert.equal(
      d.transcript.some((l) => l.speaker === 'ai'),
      false,
      'the AI did not answer',
    );
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(
      tw.requests.some((x) => x.params.To === 'MyBrand'),
      false,
      'nothing sent to the sender ID',
    );
  });

  // Status callbacks for our replies, as Twilio documents them: MessageStatus, and ErrorCode when undelivered or
  // failed. https://www.twilio.com/docs/messaging/guides/track-outbound-message-status
  // https://www.twilio.com/docs/messaging/guides/outbound-message-status-in-status-callbacks
  it('takes status callbacks as statuses: an undelivered reply shows in the transcript and the session health; the others change nothing', async () => {
    const customer = '+14155550191';
    await twilioText(customer, SMS_NUMBER, 'Hello there');
    const session = await sessionWith(customer, 'sms');
    await waitUntil('greeted', () => smsSent(customer)[0] ?? null);
    const reply = tw.requests.find((x) => x.path.endsWith('/Messages.json') && x.params.To === customer)!;
    const statusUrl = reply.params.StatusCallback!;
    assert.equal(statusUrl, `${base}/webhooks/twilio/messaging/status`);
    const replySid = sid();
    const status = (st: string, extra: Record<string, string> = {}, url = statusUrl) =>
      tw.webhook(url, {
        AccountSid: ACCOUNT,
        ApiVersion: '2010-04-01',
        From: SMS_NUMBER,
        MessageSid: replySid,
        MessageStatus: st,
        SmsSid: replySid,
        SmsStatus: st,
        To: customer,
        ...extra,
      });
    const callerLines = async () => (await detail(session.id)).transcript.filter((l) => l.speaker === 'caller').length;
    const before = await callerLines();
    for (const st of ['queued', 'sent', 'delivered', 'read']) assert.equal((await status(st)).status, 204, st);
    // A number whose status callback points at the messaging webhook: still a status, never a blank message.
    assert.equal((await status('delivered', {}, `${base}/webhooks/twilio/messaging`)).status, 204);
    const forged = await tw.webhook(
      statusUrl,
      {
        MessageSid: replySid,
        AccountSid: ACCOUNT,
        MessageStatus: 'undelivered',
        ErrorCode: '30003',
        From: SMS_NUMBER,
        To: customer,
      },
      'AAAA',
    );
    assert.equal(forged.status, 403, 'signed like every Twilio webhook');
    assert.equal((await status('delivered', { MessageSid: 'SM1' })).status, 400);
    assert.equal(await callerLines(), before, 'no status became a message');
    assert.equal(
      (await detail(session.id)).transcript.some((l) => l.kind === 'error'),
      false,
    );

    assert.equal((await status('undelivered', { ErrorCode: '30003' })).status, 204);
    const d = await waitUntil('the failure shows on the session', async () => {
      const x = await detail(session.id);
      return x.transcript.some(
        (l) =>
          l.kind === 'error' &&
          /Twilio SMS: a message was not delivered \(undelivered, Twilio error 30003: unreachable destination handset\)/.test(
            l.text,
          ),
      )
        ? x
        : null;
    });
    assert.equal(d.state, 'ai_active', 'the conversation goes on');
    const health = await waitUntil('the health shows it', async () => {
      const h = (await detail(session.id)).health;
      return h?.reasons.some((x) => x.code === 'provider_error') ? h : null;
    });
    assert.notEqual(health.level, 'ok');
    // Through the messaging webhook too, and failed like undelivered.
    assert.equal((await status('failed', { ErrorCode: '30007' }, `${base}/webhooks/twilio/messaging`)).status, 204);
    await waitUntil(
      'the second failure shows',
      async () =>
        (await detail(session.id)).transcript.some(
          (l) => l.kind === 'error' && /failed, Twilio error 30007/.test(l.text),
        ) || null,
    );
    assert.equal(await callerLines(), before);
  });

  // A WhatsApp location and an MMS through Twilio, as documented: Latitude, Longitude, Address, Label; NumMedia,
  // MediaUrlN, MediaContentTypeN. https://www.twilio.com/docs/messaging/guides/webhook-request
  it('keeps a WhatsApp location (coordinates, label, address) and shows MMS media links in the transcript', async () => {
    const loc = sid();
    const r = await tw.webhook(`${base}/webhooks/twilio/messaging`, {
      SmsMessageSid: loc,
      NumMedia: '0',
      ProfileName: 'Dana',
      MessageType: 'location',
      SmsSid: loc,
      WaId: '14155550192',
      SmsStatus: 'received',
      Body: '',
      To: `whatsapp:${WA_NUMBER}`,
      NumSegments: '1',
      ReferralNumMedia: '0',
      MessageSid: loc,
      AccountSid: ACCOUNT,
      From: 'whatsapp:+14155550192',
      ApiVersion: '2010-04-01',
      Latitude: '37.7879277',
      Longitude: '-122.4074307',
      Address: '375 Beale St, San Francisco, CA 94105',
      Label: 'Twilio HQ',
    });
    assert.equal(r.status, 200, r.body);
    const wa = await sessionWith('+14155550192', 'whatsapp');
    const line = await waitUntil(
      'the location is in the transcript',
      async () => (await detail(wa.id)).transcript.find((l) => l.speaker === 'caller') ?? null,
    );
    assert.equal(line.text, '[location] Twilio HQ, 375 Beale St, San Francisco, CA 94105 (37.7879277, -122.4074307)');

    const mm = `MM${randomBytes(16).toString('hex')}`;
    const mediaUrl = `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Messages/${mm}/Media/ME${randomBytes(16).toString('hex')}`;
    const m = await tw.webhook(`${base}/webhooks/twilio/messaging`, {
      ToCountry: 'US',
      SmsMessageSid: mm,
      NumMedia: '1',
      SmsSid: mm,
      SmsStatus: 'received',
      Body: 'My insurance card',
      FromCountry: 'US',
      To: SMS_NUMBER,
      NumSegments: '1',
      MessageSid: mm,
      AccountSid: ACCOUNT,
      From: '+14155550193',
      ApiVersion: '2010-04-01',
      MediaContentType0: 'image/jpeg',
      MediaUrl0: mediaUrl,
    });
    assert.equal(m.status, 200, m.body);
    const mms = await sessionWith('+14155550193', 'sms');
    const mmsLine = await waitUntil(
      'the MMS is in the transcript',
      async () => (await detail(mms.id)).transcript.find((l) => l.speaker === 'caller') ?? null,
    );
    assert.equal(mmsLine.text, `My insurance card\n[image/jpeg] ${mediaUrl}`);
  });

  it('lets supervisors whisper, barge (a message sent now), take over and type, resume and end; the Messages list shows who needs a person', async () => {
    const live = await TestLiveClient.connect(s.url, await s.token());
    live.send({ type: 'subscribe', topic: 'conversations' });
    await live.waitFor((m) => m.find((x) => x.type === 'snapshot' && x.topic === 'conversations'));
    await cloudText('+14155550184', 'Good morning');
    const session = await sessionWith('+14155550184', 'whatsapp');
    const sentTo = () => graph.sent.filter((m) => m.to === '14155550184').map((m) => m.body);
    await waitUntil('greeted', () => sentTo().length >= 1 || null);
    const act = (action: string, json: unknown = {}) =>
      s.api(`/api/sessions/${session.id}/${action}`, { method: 'POST', json });
    assert.equal((await act('whisper', { text: 'She is a returning patient' })).status, 200);
    assert.equal((await act('barge', { text: 'A person from the clinic here: we have your file.' })).status, 200);
    await waitUntil(
      'the barge is sent at once',
      () => sentTo().includes('A person from the clinic here: we have your file.') || null,
    );
    assert.equal(
      sentTo().some((b) => /returning patient/.test(b)),
      false,
      'a whisper never reaches the customer',
    );
    assert.equal((await act('takeover')).status, 200);
    await waitUntil(
      'the conversation needs a person: the AI is paused',
      async () =>
        (await conversations(true)).find((c) => c.summary.id === session.id && c.attention.includes('ai_paused')) ??
        null,
    );
    assert.equal((await act('say', { text: 'Hi, this is Sam at the front desk.' })).status, 200);
    await waitUntil(
      "the person's message is sent",
      () => sentTo().includes('Hi, this is Sam at the front desk.') || null,
    );
    // The customer writes and nobody answers: after LIVESPACE_UNANSWERED_SECONDS it is flagged as unanswered.
    await cloudText('+14155550184', 'Are you still there?');
    const waiting = await waitUntil(
      'flagged unanswered',
      async () =>
        (await conversations(true)).find((c) => c.summary.id === session.id && c.attention.includes('unanswered')) ??
        null,
      10_000,
    );
    assert.deepEqual(waiting.attention, ['ai_paused', 'unanswered']);
    await live.waitFor((m) =>
      m.find(
        (x) =>
          x.topic === 'conversations' &&
          x.type === 'event' &&
          x.event.type === 'upsert' &&
          x.event.conversation.summary.id === session.id &&
          x.event.conversation.attention.includes('unanswered'),
      ),
    );
    assert.equal((await act('resume')).status, 200);
    assert.equal((await act('end')).status, 200);
    const ended = await waitUntil('ended', async () => {
      const d = await detail(session.id);
      return d.state === 'ended' ? d : null;
    });
    assert.equal(ended.endReason, 'ended_by_supervisor');
    await live.waitFor((m) =>
      m.find(
        (x) =>
          x.topic === 'conversations' && x.type === 'event' && x.event.type === 'remove' && x.event.id === session.id,
      ),
    );
    // The customer writes again: a new conversation.
    await cloudText('+14155550184', 'One more thing');
    const again = await sessionWith('+14155550184', 'whatsapp', [session.id]);
    assert.notEqual(again.id, session.id);
    live.close();
  });

  it('lists a conversation escalated to a person', async () => {
    await twilioText('+14155550185', SMS_NUMBER, 'Hello');
    const session = await sessionWith('+14155550185', 'sms');
    await waitUntil('greeted', () => smsSent('+14155550185').length >= 1 || null);
    await twilioText('+14155550185', SMS_NUMBER, 'I want to talk to a real person');
    const c = await waitUntil(
      'escalated',
      async () =>
        (await conversations(true)).find((x) => x.summary.id === session.id && x.attention.includes('escalated')) ??
        null,
    );
    assert.equal(c.summary.state, 'queued');
    assert.ok(
      (await conversations(false)).length >= (await conversations(true)).length,
      'every conversation is listed without the filter',
    );
    assert.equal((await s.api('/api/conversations?attention=maybe')).status, 422);
    await waitUntil(
      'the customer is told',
      () => smsSent('+14155550185').find((b) => /putting you through/.test(b ?? '')) ?? null,
    );
    assert.ok(aiSaid(await detail(session.id), /putting you through/), 'the hand-off line is in the transcript');
  });
});

describe('WhatsApp without its settings', () => {
  let s: StartedServer;
  before(async () => {
    s = await startServer({ env: { LIVESPACE_TTS: 'none' } });
  });
  after(async () => {
    await s?.stop();
  });

  it('answers 503 naming what is missing', async () => {
    const get = await fetch(`${s.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=x&hub.challenge=1`);
    assert.equal(get.status, 503);
    const post = await fetch(`${s.url}/webhooks/whatsapp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(post.status, 503);
    const body = (await post.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'whatsapp_not_configured');
    assert.match(
      body.error.message,
      /WHATSAPP_VERIFY_TOKEN, WHATSAPP_APP_SECRET, WHATSAPP_ACCESS_TOKEN, WHATSAPP_PHONE_NUMBER_ID/,
    );
    const sms = await fetch(`${s.url}/webhooks/twilio/messaging`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'MessageSid=SM1',
    });
    assert.equal(sms.status, 503);
    const status = await fetch(`${s.url}/webhooks/twilio/messaging/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'MessageSid=SM1&MessageStatus=failed',
    });
    assert.equal(status.status, 503);
  });
});

const shared = process.env.DATABASE_URL && process.env.REDIS_URL;

describe('a conversation across two processes (DATABASE_URL and REDIS_URL)', {
  skip: shared ? false : 'needs DATABASE_URL and REDIS_URL',
}, () => {
  let a: StartedServer;
  let b: StartedServer;
  let tw: TwilioStandIn;
  let baseA: string;
  let baseB: string;

  before(async () => {
    tw = new TwilioStandIn({ accountSid: ACCOUNT, authToken: TOKEN });
    const twilioApi = await tw.start();
    const [portA, portB] = [await freePort(), await freePort()];
    baseA = `http://127.0.0.1:${portA}`;
    baseB = `http://127.0.0.1:${portB}`;
    // Each process has its own public address: Twilio reaches whichever a load balancer picks.
    const env = {
      TWILIO_ACCOUNT_SID: ACCOUNT,
      TWILIO_AUTH_TOKEN: TOKEN,
      TWILIO_API_BASE_URL: twilioApi,
      LIVESPACE_TTS: 'none',
    };
    a = await startServer({ env: { ...env, PORT: String(portA), PUBLIC_URL: baseA } });
    b = await startPeer(a, { ...env, PORT: String(portB), PUBLIC_URL: baseB });
    const agents = ((await (await a.api('/api/agents')).json()) as { items: Array<{ id: string; name: string }> })
      .items;
    const clinic = agents.find((x) => /Clinic/.test(x.name))!.id;
    assert.equal(
      (
        await a.api('/api/numbers', {
          method: 'POST',
          json: { number: SMS_NUMBER, agentId: clinic, carrier: 'twilio', channels: ['sms'] },
        })
      ).status,
      201,
    );
  });
  after(async () => {
    await b?.stop();
    await a?.stop();
    await tw?.stop();
  });

  it("carries a customer's next message to the process that owns the conversation", async () => {
    const text = (base: string, body: string) => {
      const id = sid();
      return tw.webhook(`${base}/webhooks/twilio/messaging`, {
        MessageSid: id,
        AccountSid: ACCOUNT,
        From: '+14155550186',
        To: SMS_NUMBER,
        Body: body,
        NumMedia: '0',
      });
    };
    assert.equal((await text(baseA, 'Hello')).status, 200);
    const sent = () =>
      tw.requests
        .filter((r) => r.path.endsWith('/Messages.json') && r.params.To === '+14155550186')
        .map((r) => r.params.Body ?? '');
    await waitUntil('greeted', () => sent().length >= 1 || null);
    const all = async () =>
      ((await (await a.api('/api/sessions?state=all')).json()) as { items: Detail[] }).items.filter(
        (x) => x.callerNumber === '+14155550186',
      );
    const [session] = await waitUntil('the conversation is stored', async () => {
      const x = await all();
      return x.length === 1 ? x : null;
    });
    assert.equal(
      (await text(baseB, 'I would like to book an appointment')).status,
      200,
      'the next message reaches the other process',
    );
    await waitUntil('the owner answers it', () => sent().find((m) => /What day and time/.test(m)) ?? null);
    assert.equal((await all()).length, 1, 'still one conversation');
    const d = (await (await b.api(`/api/sessions/${session!.id}`)).json()) as Detail;
    assert.deepEqual(
      d.transcript.filter((l) => l.speaker === 'caller').map((l) => l.text),
      ['Hello', 'I would like to book an appointment'],
    );

    // A reply that never arrived, reported to the process that does not own the conversation, shows on it too.
    const replySid = sid();
    const status = await tw.webhook(`${baseB}/webhooks/twilio/messaging/status`, {
      AccountSid: ACCOUNT,
      ApiVersion: '2010-04-01',
      From: SMS_NUMBER,
      MessageSid: replySid,
      MessageStatus: 'undelivered',
      SmsSid: replySid,
      SmsStatus: 'undelivered',
      To: '+14155550186',
      ErrorCode: '30003',
    });
    assert.equal(status.status, 204);
    await waitUntil('the failure shows on the conversation', async () => {
      const x = (await (await a.api(`/api/sessions/${session!.id}`)).json()) as Detail;
      return (
        x.transcript.some(
          (l) => l.kind === 'error' && /not delivered \(undelivered, Twilio error 30003/.test(l.text),
        ) || null
      );
    });
  });
});
