/** WhatsApp Cloud API: subscription check, signatures, webhook parsing, and the client against the Graph stand-in. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  checkSignature,
  checkSubscription,
  parseWebhook,
  type WebhookResult,
  type WhatsAppMessage,
} from './whatsapp.wire';
import { splitMessage, WhatsAppClient, WhatsAppError } from './whatsapp-client';
import { deliver, GraphStandIn, statusPayload, textPayload, verifySubscription } from './testing/graph.stand-in';

const SECRET = 'app-secret-123';
const TOKEN = 'EAAG-secret-access-token-xyz';
const sign = (body: string | Buffer, secret = SECRET) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** A message webhook with the value's metadata filled in, as Meta shapes it. */
function change(value: Record<string, unknown>) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
              ...value,
            },
          },
        ],
      },
    ],
  };
}
const contact = (name: string, waId: string) => ({ profile: { name }, wa_id: waId });
/** The customers' messages of a parsed delivery (the kind the tests below send). */
const texts = (r: WebhookResult): WhatsAppMessage[] =>
  r.ok ? r.messages.filter((m): m is WhatsAppMessage => m.kind === 'message') : [];

describe('checkSubscription', () => {
  const q = (over: Record<string, unknown> = {}) => ({
    'hub.mode': 'subscribe',
    'hub.verify_token': 'verify-me',
    'hub.challenge': '1158201444',
    ...over,
  });
  test('the right token answers the challenge', () => {
    assert.deepEqual(checkSubscription(q(), 'verify-me'), { ok: true, challenge: '1158201444' });
  });
  test('wrong token, wrong mode, missing challenge, or no token configured are refused', () => {
    assert.deepEqual(checkSubscription(q({ 'hub.verify_token': 'verify-mf' }), 'verify-me'), { ok: false });
    assert.deepEqual(checkSubscription(q({ 'hub.verify_token': 'verify-me-too' }), 'verify-me'), { ok: false });
    assert.deepEqual(checkSubscription(q({ 'hub.mode': 'unsubscribe' }), 'verify-me'), { ok: false });
    assert.deepEqual(checkSubscription(q({ 'hub.challenge': undefined }), 'verify-me'), { ok: false });
    assert.deepEqual(checkSubscription(q({ 'hub.challenge': '' }), 'verify-me'), { ok: false });
    assert.deepEqual(checkSubscription(q({ 'hub.verify_token': ['verify-me'] }), 'verify-me'), { ok: false });
    assert.deepEqual(checkSubscription(q({ 'hub.verify_token': '' }), ''), { ok: false });
  });
});

describe('checkSignature', () => {
  const body = JSON.stringify(
    textPayload({
      from: '+16505551234',
      text: 'Hi there',
      phoneNumberId: '106540352242922',
      displayNumber: '+15550783881',
    }),
  );
  test('a signature over the raw bytes is valid, as a string or a Buffer', () => {
    assert.equal(checkSignature(SECRET, body, sign(body)), true);
    assert.equal(checkSignature(SECRET, Buffer.from(body), sign(body)), true);
    assert.equal(checkSignature(SECRET, body, `sha256=${sign(body).slice(7).toUpperCase()}`), true, 'upper-case hex');
  });
  test('a body changed by one byte fails', () => {
    const changed = body.replace('Hi there', 'Hi therf');
    assert.notEqual(changed, body);
    assert.equal(checkSignature(SECRET, changed, sign(body)), false);
  });
  test('re-serialized JSON with different spacing fails', () => {
    const spaced = JSON.stringify(JSON.parse(body), null, 2);
    assert.deepEqual(JSON.parse(spaced), JSON.parse(body));
    assert.equal(checkSignature(SECRET, spaced, sign(body)), false);
  });
  test('malformed headers, another secret and an empty secret fail', () => {
    const hex = sign(body).slice('sha256='.length);
    assert.equal(checkSignature(SECRET, body, hex), false, 'no sha256= prefix');
    assert.equal(checkSignature(SECRET, body, `sha1=${hex}`), false);
    assert.equal(checkSignature(SECRET, body, `sha256=${hex.slice(0, 62)}`), false, 'too short');
    assert.equal(checkSignature(SECRET, body, `sha256=${hex}00`), false, 'too long');
    assert.equal(checkSignature(SECRET, body, `sha256=${hex.slice(0, 63)}g`), false, 'not hex');
    assert.equal(checkSignature(SECRET, body, undefined), false);
    assert.equal(checkSignature(SECRET, body, ''), false);
    assert.equal(checkSignature('another-secret', body, sign(body)), false);
    assert.equal(checkSignature('', body, sign(body, '')), false, 'an empty secret never validates');
  });
});

describe('parseWebhook', () => {
  test('a real-shaped text message', () => {
    const r = parseWebhook(
      change({
        contacts: [contact('Sheena Nelson', '16505551234')],
        messages: [
          {
            from: '16505551234',
            id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
            timestamp: '1749416383',
            type: 'text',
            text: { body: 'Does it come in another color?' },
            unknown_field: 1,
          },
        ],
      }),
    );
    assert.deepEqual(r, {
      ok: true,
      statuses: [],
      skipped: [],
      messages: [
        {
          kind: 'message',
          id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
          customer: { phone: '+16505551234' },
          profileName: 'Sheena Nelson',
          phoneNumberId: '106540352242922',
          displayNumber: '+15550783881',
          text: 'Does it come in another color?',
          type: 'text',
          at: '2025-06-08T20:59:43.000Z',
        },
      ],
    });
  });

  test('the stand-in builder produces what the parser reads', () => {
    const r = parseWebhook(
      textPayload({
        from: '+447700900123',
        text: 'Hello',
        profileName: 'Ann',
        phoneNumberId: '42',
        displayNumber: '+1 555 078 3881',
        id: 'wamid.A',
        at: new Date('2025-01-02T03:04:05Z'),
      }),
    );
    assert.ok(r.ok, 'r.ok');
    assert.deepEqual(r.messages, [
      {
        kind: 'message',
        id: 'wamid.A',
        customer: { phone: '+447700900123' },
        profileName: 'Ann',
        phoneNumberId: '42',
        displayNumber: '+15550783881',
        text: 'Hello',
        type: 'text',
        at: '2025-01-02T03:04:05.000Z',
      },
    ]);
  });

  test('several messages and contacts in one delivery keep their order and names', () => {
    const r = parseWebhook(
      change({
        contacts: [contact('Bob', '4915112345678'), contact('Ann', '16505551234')],
        messages: [
          { from: '16505551234', id: 'wamid.1', timestamp: '1749416383', type: 'text', text: { body: 'first' } },
          { from: '4915112345678', id: 'wamid.2', timestamp: '1749416384', type: 'text', text: { body: 'second' } },
          { from: '33612345678', id: 'wamid.3', timestamp: '1749416385', type: 'text', text: { body: 'third' } },
        ],
      }),
    );
    assert.ok(r.ok, 'r.ok');
    assert.deepEqual(
      texts(r).map((m) => [m.id, m.customer.phone, m.profileName, m.text]),
      [
        ['wamid.1', '+16505551234', 'Ann', 'first'],
        ['wamid.2', '+4915112345678', 'Bob', 'second'],
        ['wamid.3', '+33612345678', null, 'third'],
      ],
    );
  });

  test('status updates, including a failure with its error title; unknown kinds are skipped', () => {
    const sent = parseWebhook(
      statusPayload({
        id: 'wamid.S',
        status: 'delivered',
        recipient: '+16505551234',
        phoneNumberId: '106540352242922',
        displayNumber: '15550783881',
        at: new Date('2025-06-08T21:00:00Z'),
      }),
    );
    assert.deepEqual(sent, {
      ok: true,
      messages: [],
      skipped: [],
      statuses: [
        {
          id: 'wamid.S',
          status: 'delivered',
          recipient: { phone: '+16505551234' },
          phoneNumberId: '106540352242922',
          at: '2025-06-08T21:00:00.000Z',
          error: null,
        },
      ],
    });
    const failed = parseWebhook(
      statusPayload({
        id: 'wamid.F',
        status: 'failed',
        recipient: '16505551234',
        phoneNumberId: '1',
        displayNumber: '15550783881',
        errorTitle: 'Re-engagement message',
      }),
    );
    assert.ok(failed.ok, 'failed.ok');
    assert.equal(failed.statuses[0]!.status, 'failed');
    assert.equal(failed.statuses[0]!.error, 'Re-engagement message');
    const played = parseWebhook(
      change({ statuses: [{ id: 'wamid.P', status: 'played', recipient_id: '16505551234', timestamp: '1749416383' }] }),
    );
    assert.deepEqual(played, { ok: true, messages: [], statuses: [], skipped: [] });
  });

  test('a button reply, a template quick reply and a list reply give their titles', () => {
    const r = parseWebhook(
      change({
        contacts: [contact('Ann', '16505551234')],
        messages: [
          {
            context: { from: '15550783881', id: 'wamid.ctx' },
            from: '16505551234',
            id: 'wamid.b',
            timestamp: '1749416383',
            type: 'interactive',
            interactive: { type: 'button_reply', button_reply: { id: 'change-button', title: 'Change' } },
          },
          {
            from: '16505551234',
            id: 'wamid.q',
            timestamp: '1749416383',
            type: 'button',
            button: { payload: 'STOP', text: 'Stop promotions' },
          },
          {
            from: '16505551234',
            id: 'wamid.l',
            timestamp: '1749416383',
            type: 'interactive',
            interactive: { type: 'list_reply', list_reply: { id: 'r1', title: 'Tomorrow 9:00', description: 'x' } },
          },
        ],
      }),
    );
    assert.ok(r.ok, 'r.ok');
    assert.deepEqual(
      texts(r).map((m) => [m.type, m.text]),
      [
        ['interactive', 'Change'],
        ['button', 'Stop promotions'],
        ['interactive', 'Tomorrow 9:00'],
      ],
    );
  });

  test('media, location and unknown types become placeholders and keep their type', () => {
    const m = (id: string, type: string, extra: Record<string, unknown>) => ({
      from: '16505551234',
      id,
      timestamp: '1749416383',
      type,
      ...extra,
    });
    const r = parseWebhook(
      change({
        messages: [
          m('i1', 'image', { image: { mime_type: 'image/jpeg', sha256: 'abc', id: '1003383421387256' } }),
          m('i2', 'image', { image: { caption: 'My receipt', mime_type: 'image/jpeg', sha256: 'abc', id: '1' } }),
          m('a', 'audio', { audio: { mime_type: 'audio/ogg; codecs=opus', sha256: 'x', id: '2', voice: true } }),
          m('d', 'document', {
            document: { filename: 'invoice.pdf', mime_type: 'application/pdf', sha256: 'x', id: '3' },
          }),
          m('s', 'sticker', { sticker: { mime_type: 'image/webp', sha256: 'x', id: '4', animated: false } }),
          m('loc', 'location', {
            location: { latitude: 52.37, longitude: 4.89, name: 'Dam Square', address: 'Amsterdam' },
          }),
          m('u', 'unsupported', { errors: [{ code: 131051, title: 'Message type unknown' }] }),
        ],
      }),
    );
    assert.ok(r.ok, 'r.ok');
    assert.deepEqual(
      texts(r).map((x) => [x.type, x.text]),
      [
        ['image', '[image]'],
        ['image', '[image] My receipt'],
        ['audio', '[audio]'],
        ['document', '[document] invoice.pdf'],
        ['sticker', '[sticker]'],
        ['location', '[location] Dam Square, Amsterdam (52.37, 4.89)'],
        ['unsupported', '[unsupported]'],
      ],
    );
  });

  test('changes of other fields are ignored', () => {
    const r = parseWebhook({
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'message_template_status_update', value: { event: 'APPROVED' } }] }],
    });
    assert.deepEqual(r, { ok: true, messages: [], statuses: [], skipped: [] });
  });

  test('a body that is not a WhatsApp webhook is refused with a one-sentence reason', () => {
    const good = change({
      messages: [{ from: '16505551234', id: 'w', timestamp: '1', type: 'text', text: { body: 'x' } }],
    });
    const refused = (json: unknown, pattern: RegExp) => {
      const r = parseWebhook(json);
      assert.equal(r.ok, false, JSON.stringify(json).slice(0, 120));
      if (!r.ok) {
        assert.match(r.reason, pattern);
        assert.ok(!r.reason.includes('\n') && r.reason.length < 300, r.reason);
      }
    };
    assert.equal(parseWebhook(good).ok, true);
    refused({ ...good, object: 'page' }, /object/);
    refused({ object: 'whatsapp_business_account' }, /entry/);
    refused({ object: 'whatsapp_business_account', entry: [] }, /entry/);
    refused(null, /not a WhatsApp webhook/);
    refused('{"object":"whatsapp_business_account"}', /not a WhatsApp webhook/);
  });

  test('a part that cannot be read is skipped with its place and a reason; long texts and many messages are taken', () => {
    const skippedOf = (json: unknown) => {
      const r = parseWebhook(json);
      assert.ok(r.ok, 'r.ok');
      return r.skipped;
    };
    assert.deepEqual(skippedOf(change({ messages: { from: '16505551234' } })), [
      { where: 'entry[0].changes[0].value.messages', reason: 'messages: expected an array' },
    ]);
    assert.deepEqual(
      skippedOf(change({ messages: [{ from: '16505551234', id: 'w', timestamp: '1', type: 'text' }] })),
      [{ where: 'entry[0].changes[0].value.messages[0]', reason: 'type text: text: the message has no text.body' }],
    );
    const [notANumber] = skippedOf(
      change({ messages: [{ from: 'not-a-number', id: 'w', timestamp: '1', type: 'text', text: { body: 'x' } }] }),
    );
    assert.match(notANumber!.reason, /^from: /);
    const [noMetadata] = skippedOf({
      ...change({}),
      entry: [{ changes: [{ field: 'messages', value: { messages: [] } }] }],
    });
    assert.match(noMetadata!.reason, /^value\.metadata: /);
    const long = parseWebhook(
      change({
        messages: [{ from: '16505551234', id: 'w', timestamp: '1', type: 'text', text: { body: 'x'.repeat(4097) } }],
      }),
    );
    assert.equal(texts(long)[0]!.text.length, 4097);
    const many = parseWebhook(
      change({
        messages: Array.from({ length: 101 }, (_, i) => ({
          from: '16505551234',
          id: `w${i}`,
          timestamp: '1',
          type: 'text',
          text: { body: 'x' },
        })),
      }),
    );
    assert.equal(texts(many).length, 101);
  });
});

describe('splitMessage', () => {
  test('short texts stay whole; long ones split at sentences, then words, never over the limit', () => {
    assert.deepEqual(splitMessage('Hello there.'), ['Hello there.']);
    assert.deepEqual(splitMessage('   '), []);
    assert.deepEqual(splitMessage('Hello there friend. How are you today', 20), [
      'Hello there friend.',
      'How are you today',
    ]);
    // A sentence end in the first half would make a tiny piece: the last space wins instead.
    assert.deepEqual(splitMessage('One two. Three four five. Six', 20), ['One two. Three four', 'five. Six']);
    assert.deepEqual(splitMessage('alpha beta gamma delta epsilon', 12), ['alpha beta', 'gamma delta', 'epsilon']);
    assert.deepEqual(splitMessage('x'.repeat(25), 10), ['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
    const emoji = '😀'.repeat(6); // 12 UTF-16 units
    const parts = splitMessage(emoji, 5);
    assert.equal(parts.join(''), emoji);
    assert.ok(
      parts.every((p) => p.length <= 5 && !/[\uD800-\uDBFF]$/.test(p)),
      'every piece within 5 units, no emoji cut in two',
    );
  });
});

describe('WhatsAppClient against the Graph stand-in', () => {
  const graph = new GraphStandIn({ accessToken: TOKEN, phoneNumberId: '106540352242922' });
  let baseUrl = '';
  before(async () => {
    baseUrl = await graph.start();
  });
  after(() => graph.stop());
  const client = (over: Partial<ConstructorParameters<typeof WhatsAppClient>[0]> = {}) =>
    new WhatsAppClient({ accessToken: TOKEN, phoneNumberId: '106540352242922', baseUrl, timeoutMs: 2000, ...over });

  test('sends the Cloud API request shape with the bearer token and answers the wamid', async () => {
    const before = graph.sent.length;
    const r = await client().sendText('+16505551234', 'Your order has shipped.');
    assert.match(r.id, /^wamid\./);
    assert.equal(graph.sent.length, before + 1);
    const sent = graph.sent.at(-1)!;
    assert.equal(sent.id, r.id);
    assert.equal(sent.to, '16505551234');
    assert.deepEqual(sent.payload, {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '16505551234',
      type: 'text',
      text: { body: 'Your order has shipped.', preview_url: false },
    });
    const req = graph.requests.at(-1)!;
    assert.equal(req.method, 'POST');
    assert.equal(req.path, '/v21.0/106540352242922/messages');
    assert.equal(req.authorization, `Bearer ${TOKEN}`);
    assert.match(req.contentType ?? '', /application\/json/);
    await client({ apiVersion: 'v22.0' }).sendText('16505551234', 'again');
    assert.equal(graph.requests.at(-1)!.path, '/v22.0/106540352242922/messages');
  });

  test('a wrong token is a clear 401 error that does not contain the token', async () => {
    const bad = 'EAAG-wrong-token-456';
    await assert.rejects(client({ accessToken: bad }).sendText('+16505551234', 'hi'), (e: unknown) => {
      assert.ok(e instanceof WhatsAppError, 'e instanceof WhatsAppError');
      assert.equal(e.status, 401);
      assert.equal(e.code, 190);
      assert.match(e.message, /HTTP 401, code 190\): Invalid OAuth access token/);
      assert.ok(!e.message.includes(bad) && !e.message.includes(TOKEN), 'no token in the message');
      return true;
    });
  });

  test('a Graph error that quotes the token is redacted', async () => {
    const echo: Server = createServer((req, res) =>
      res
        .writeHead(400, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { message: `bad header ${req.headers.authorization}`, code: 100 } })),
    );
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
      await assert.rejects(client({ baseUrl: url }).sendText('+16505551234', 'hi'), (e: Error) => {
        assert.match(e.message, /bad header Bearer \[redacted\]/);
        assert.ok(!e.message.includes(TOKEN), 'no token in the message');
        return true;
      });
    } finally {
      await new Promise<void>((r) => echo.close(() => r()));
    }
  });

  test('failures, timeouts and unreachable servers reject with one sentence', async () => {
    graph.failNext(503);
    await assert.rejects(
      client().sendText('+16505551234', 'hi'),
      (e: unknown) =>
        e instanceof WhatsAppError &&
        e.status === 503 &&
        /^WhatsApp refused the message \(HTTP 503, code 1\)/.test(e.message),
    );
    graph.delayMs = 800;
    const t0 = Date.now();
    try {
      await assert.rejects(
        client({ timeoutMs: 200 }).sendText('+16505551234', 'hi'),
        (e: Error) => e.message === 'WhatsApp did not answer within 200 ms.',
      );
    } finally {
      graph.delayMs = 0;
    }
    assert.ok(Date.now() - t0 < 700, 'the timeout cut the wait');
    await assert.rejects(
      client({ baseUrl: 'http://127.0.0.1:1' }).sendText('+16505551234', 'hi'),
      (e: Error) => /^Could not reach WhatsApp at 127\.0\.0\.1:1 \(/.test(e.message) && !e.message.includes(TOKEN),
    );
    await assert.rejects(client().sendText('call me', 'hi'), /not a phone number/);
    await assert.rejects(client().sendText('+16505551234', '  '), /empty/);
  });

  test('a long text goes as several messages, in order, each within 4096 characters', async () => {
    const sentence = (i: number) => `Sentence number ${i} says something useful about the order.`;
    const long = Array.from({ length: 200 }, (_, i) => sentence(i)).join(' ');
    assert.ok(long.length > 8192, 'long.length > 8192');
    const before = graph.sent.length;
    const r = await client().sendText('+16505551234', long);
    const parts = graph.sent.slice(before);
    assert.equal(parts.length, 3);
    assert.equal(r.id, parts.at(-1)!.id);
    assert.ok(
      parts.every((p) => p.body.length <= 4096 && p.body.endsWith('.') && p.to === '16505551234'),
      'every part within 4096 characters, ending a sentence, to the digits',
    );
    assert.equal(parts.map((p) => p.body).join(' '), long);
  });

  test('a failure on a later part says which part, after the earlier parts went', async () => {
    const long = `${'word '.repeat(500)}end. ${'more '.repeat(500)}`;
    const before = graph.sent.length;
    const arrived = graph.requests.length;
    graph.delayMs = 100;
    try {
      const p = client().sendText('+16505551234', long);
      while (graph.requests.length === arrived) await new Promise((r) => setTimeout(r, 5));
      graph.failNext(429); // the first part is already in: the second one gets it
      await assert.rejects(
        p,
        (e: unknown) =>
          e instanceof WhatsAppError &&
          e.status === 429 &&
          /^Part 2 of 2: WhatsApp refused the message \(HTTP 429, code 130429\)/.test(e.message),
      );
    } finally {
      graph.delayMs = 0;
    }
    assert.equal(graph.sent.length, before + 1);
    assert.equal(graph.sent.at(-1)!.body, `${'word '.repeat(500)}end.`);
  });
});

describe('acting as Meta toward our server', () => {
  let server: Server;
  let url = '';
  const received: Array<{ valid: boolean; parsed: ReturnType<typeof parseWebhook> | null }> = [];
  before(async () => {
    server = createServer((req, res) => {
      if (req.method === 'GET') {
        const r = checkSubscription(Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams), 'verify-me');
        return r.ok ? res.writeHead(200).end(r.challenge) : res.writeHead(403).end();
      }
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        const valid = checkSignature(SECRET, raw, req.headers['x-hub-signature-256'] as string | undefined);
        received.push({ valid, parsed: valid ? parseWebhook(JSON.parse(raw.toString('utf8'))) : null });
        res.writeHead(valid ? 200 : 401).end(valid ? 'EVENT_RECEIVED' : 'bad signature');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/whatsapp`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  test('deliver signs the exact bytes it sends; a payload string is sent verbatim', async () => {
    const payload = textPayload({
      from: '+16505551234',
      text: 'Héllo 👋',
      phoneNumberId: '1',
      displayNumber: '+15550783881',
    });
    assert.deepEqual(await deliver(url, SECRET, payload), { status: 200, body: 'EVENT_RECEIVED' });
    const got = received.at(-1)!;
    assert.ok(got.valid && got.parsed?.ok, 'got.valid && got.parsed?.ok');
    assert.equal(texts(got.parsed)[0]!.text, 'Héllo 👋');
    assert.equal((await deliver(url, SECRET, JSON.stringify(payload, null, 1))).status, 200);
    assert.equal((await deliver(url, 'wrong-secret', payload)).status, 401);
    assert.equal((await deliver(url, SECRET, payload, { signature: 'sha256=00' })).status, 401);
  });

  test('verifySubscription plays the GET check', async () => {
    const ok = await verifySubscription(url, 'verify-me', '424242');
    assert.deepEqual(ok, { status: 200, body: '424242', challenge: '424242' });
    assert.equal((await verifySubscription(url, 'nope')).status, 403);
  });
});
