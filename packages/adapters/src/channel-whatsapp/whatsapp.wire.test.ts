/**
 * The messages webhook as Meta documents it: every payload in fixtures/ (see fixtures/README.md for
 * where each comes from) replayed through parseWebhook with its exact result, a delivery whose bad
 * parts are skipped while the rest is taken, customers known only by their user id, long texts.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { MAX_INBOUND_TEXT, customerId, parseWebhook, replyAddress, type WebhookResult } from './whatsapp.wire';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

/** The ids, names and times of Meta's examples. */
const WAMID = 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=';
const EARLIER = 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=';
const REACTED_TO = 'wamid.HBgLMTQxMjU1NTA4MjkVAgASGBQzQUNCNjk5RDUwNUZGMUZEM0VBRAA=';
const BSUID = 'US.13491208655302741918';
const AT = '2025-02-12T00:43:44.000Z'; // 1739321024
const OUR_NUMBER = { phoneNumberId: '106540352242922', displayNumber: '+15550783881' };
const SHEENA = { customer: { phone: '+16505551234' }, profileName: 'Sheena Nelson', ...OUR_NUMBER };

const only = (r: WebhookResult, part: { messages?: unknown[]; statuses?: unknown[] }) => {
  assert.deepEqual(r, { ok: true, messages: part.messages ?? [], statuses: part.statuses ?? [], skipped: [] });
};

describe("parseWebhook replays Meta's documented payloads", () => {
  test('a text message (messages webhook reference)', () => {
    only(parseWebhook(fixture('text.json')), {
      messages: [
        {
          kind: 'message',
          id: EARLIER,
          ...SHEENA,
          at: '2025-06-08T20:59:43.000Z',
          type: 'text',
          text: 'Does it come in another color?',
        },
      ],
    });
  });

  test('a text from a user who withholds their number: known by their business-scoped user id, named by the contact with that user_id', () => {
    only(parseWebhook(fixture('text-bsuid-only.json')), {
      messages: [
        {
          kind: 'message',
          id: WAMID,
          customer: { userId: BSUID },
          profileName: 'Sheena Nelson',
          ...OUR_NUMBER,
          at: AT,
          type: 'text',
          text: 'Hi, is my order ready?',
        },
      ],
    });
  });

  test('a text with both the number and the user id keeps both', () => {
    only(parseWebhook(fixture('text-bsuid-and-phone.json')), {
      messages: [
        {
          kind: 'message',
          id: WAMID,
          customer: { phone: '+16505551234', userId: BSUID },
          profileName: 'Sheena Nelson',
          ...OUR_NUMBER,
          at: AT,
          type: 'text',
          text: 'Hi, is my order ready?',
        },
      ],
    });
  });

  test('a sent status, and a delivered status that names the recipient only by user id', () => {
    const status = {
      id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3MTE5MjVBOTE3MDk5QUVFM0YA',
      phoneNumberId: OUR_NUMBER.phoneNumberId,
      at: AT,
      error: null,
    };
    only(parseWebhook(fixture('status-sent.json')), {
      statuses: [{ ...status, status: 'sent', recipient: { phone: '+16505551234' } }],
    });
    only(parseWebhook(fixture('status-bsuid-only.json')), {
      statuses: [{ ...status, status: 'delivered', recipient: { userId: BSUID } }],
    });
  });

  test('a reaction, and its removal (no emoji)', () => {
    only(parseWebhook(fixture('reaction.json')), {
      messages: [{ kind: 'reaction', id: WAMID, ...SHEENA, at: AT, targetId: REACTED_TO, emoji: '👍' }],
    });
    only(parseWebhook(fixture('reaction-removed.json')), {
      messages: [{ kind: 'reaction', id: WAMID, ...SHEENA, at: AT, targetId: REACTED_TO, emoji: null }],
    });
  });

  test('a changed number (system message, no contacts: no profile name)', () => {
    only(parseWebhook(fixture('system-user-changed-number.json')), {
      messages: [
        {
          kind: 'number_changed',
          id: WAMID,
          ...SHEENA,
          profileName: null,
          at: AT,
          oldId: { phone: '+16505551234' },
          newId: { phone: '+12195555358' },
        },
      ],
    });
  });

  test('an edit gives the message it changes and the new text; a revoke the message deleted', () => {
    only(parseWebhook(fixture('edit.json')), {
      messages: [
        {
          kind: 'edit',
          id: WAMID,
          ...SHEENA,
          at: AT,
          targetId: EARLIER,
          text: 'Does it come in another colour, say blue?',
        },
      ],
    });
    only(parseWebhook(fixture('revoke.json')), {
      messages: [{ kind: 'revoke', id: WAMID, ...SHEENA, at: AT, targetId: EARLIER }],
    });
  });

  test('a welcome request', () => {
    only(parseWebhook(fixture('request-welcome.json')), {
      messages: [{ kind: 'welcome_request', id: WAMID, ...SHEENA, at: AT }],
    });
  });

  test('an order: its items and note, and the lines the transcript shows', () => {
    only(parseWebhook(fixture('order.json')), {
      messages: [
        {
          kind: 'message',
          id: WAMID,
          ...SHEENA,
          at: AT,
          type: 'order',
          text: '[order]\n- 2 × di9ozbzfi4 at 7.99 USD\nNote: Love these!',
          content: {
            type: 'order',
            catalogId: '194836987003835',
            items: [{ productRetailerId: 'di9ozbzfi4', quantity: 2, itemPrice: 7.99, currency: 'USD' }],
            note: 'Love these!',
          },
        },
      ],
    });
  });

  test('shared contacts: names and phone numbers', () => {
    only(parseWebhook(fixture('contacts.json')), {
      messages: [
        {
          kind: 'message',
          id: WAMID,
          ...SHEENA,
          at: AT,
          type: 'contacts',
          text: '[contacts]\n- Barbara J. Johnson: +1 (940) 555-1234 (HOME), +1 (650) 555-1234 (WORK)',
          content: {
            type: 'contacts',
            contacts: [
              {
                name: 'Barbara J. Johnson',
                phones: [
                  { phone: '+1 (940) 555-1234', waId: '19405551234', type: 'HOME' },
                  { phone: '+1 (650) 555-1234', type: 'WORK' },
                ],
              },
            ],
          },
        },
      ],
    });
  });

  test('a Flow reply: its answers as "key: value" lines, without the flow token', () => {
    only(parseWebhook(fixture('flow-reply.json')), {
      messages: [
        {
          kind: 'message',
          id: WAMID,
          ...SHEENA,
          at: AT,
          type: 'interactive',
          text: '[form]\ndate: 2025-02-14\ntime: 09:30\nparty_size: 2\nnotes: Window seat please',
          content: {
            type: 'flow',
            name: 'flow',
            body: 'Sent',
            flowToken: 'booking-7f3a',
            response: { date: '2025-02-14', time: '09:30', party_size: 2, notes: 'Window seat please' },
          },
        },
      ],
    });
  });
});

describe('parseWebhook takes what it can of a delivery', () => {
  test('a mixed delivery: the garbage message, the sender-less one, the recipient-less status and the change without metadata are skipped; the rest is taken', () => {
    const r = parseWebhook(fixture('mixed-batch.json'));
    const msg = (id: string, at: string, text: string, who: object) => ({
      kind: 'message',
      id,
      ...OUR_NUMBER,
      ...who,
      at,
      type: 'text',
      text,
    });
    assert.deepEqual(r, {
      ok: true,
      messages: [
        msg('wamid.MIXED1', '2025-02-12T00:43:44.000Z', 'First', {
          customer: { phone: '+16505551234' },
          profileName: 'Sheena Nelson',
        }),
        msg('wamid.MIXED3', '2025-02-12T00:43:46.000Z', 'From a username', {
          customer: { userId: BSUID },
          profileName: 'Kai',
        }),
        msg('wamid.MIXED5', '2025-02-12T00:43:48.000Z', 'Last', {
          customer: { phone: '+447700900123' },
          profileName: 'Ann',
        }),
        // The app's second business number: the message keeps the number it came to.
        {
          ...msg('wamid.MIXED6', '2025-02-12T00:43:51.000Z', 'To the other number', {
            customer: { phone: '+16505551234' },
            profileName: 'Sheena Nelson',
          }),
          phoneNumberId: '106540352242923',
          displayNumber: '+15550783882',
        },
      ],
      statuses: [
        {
          id: 'wamid.OUT1',
          status: 'read',
          recipient: { phone: '+16505551234' },
          phoneNumberId: OUR_NUMBER.phoneNumberId,
          at: '2025-02-12T00:43:49.000Z',
          error: null,
        },
      ],
      skipped: [
        {
          where: 'entry[0].changes[0].value.messages[1]',
          reason: 'type order: order.product_items.0.quantity: Invalid input: expected number, received string',
        },
        { where: 'entry[0].changes[0].value.messages[3]', reason: 'no sender (neither from nor from_user_id)' },
        {
          where: 'entry[0].changes[0].value.statuses[1]',
          reason: 'no recipient (neither recipient_id nor recipient_user_id)',
        },
        { where: 'entry[0].changes[3]', reason: 'value.metadata: Invalid input: expected object, received undefined' },
      ],
    });
    // What is logged of the skipped parts never holds a message's text or a phone number.
    const logged = JSON.stringify(r.ok && r.skipped);
    for (const secret of ['16505551234', '447700900123', 'Nobody sent this', 'No metadata', 'wamid.'])
      assert.ok(!logged.includes(secret), secret);
  });

  test('only a body that is not a WhatsApp webhook at all is refused', () => {
    assert.deepEqual(parseWebhook({ object: 'page', entry: [] }), {
      ok: false,
      reason: 'not a WhatsApp webhook (object: Invalid input: expected "whatsapp_business_account")',
    });
    assert.equal(parseWebhook({ object: 'whatsapp_business_account', entry: 'nope' }).ok, false);
    assert.deepEqual(parseWebhook({ object: 'whatsapp_business_account', entry: [42, { changes: 'x' }] }), {
      ok: true,
      messages: [],
      statuses: [],
      skipped: [
        { where: 'entry[0]', reason: 'root: Invalid input: expected object, received number' },
        { where: 'entry[1]', reason: 'changes: Invalid input: expected array, received string' },
      ],
    });
  });

  test('a text longer than 4,096 characters is taken; beyond 64 KiB it is cut there (never inside an emoji) and marked clipped', () => {
    const text = (body: string) => ({
      object: 'whatsapp_business_account',
      entry: [
        {
          changes: [
            {
              field: 'messages',
              value: {
                metadata: { display_phone_number: '15550783881', phone_number_id: '1' },
                messages: [
                  { from: '16505551234', id: 'wamid.L', timestamp: '1739321024', type: 'text', text: { body } },
                ],
              },
            },
          ],
        },
      ],
    });
    const first = (r: WebhookResult) =>
      r.ok && r.messages[0]?.kind === 'message' ? r.messages[0] : assert.fail('no message');
    const long = 'a'.repeat(10_000);
    assert.equal(first(parseWebhook(text(long))).text, long);
    assert.equal('clipped' in first(parseWebhook(text(long))), false);
    const huge = first(parseWebhook(text('b'.repeat(70_000))));
    assert.equal(huge.text, 'b'.repeat(MAX_INBOUND_TEXT));
    assert.equal(huge.clipped, true);
    const emoji = first(parseWebhook(text(`${'c'.repeat(MAX_INBOUND_TEXT - 1)}😀 and more`)));
    assert.equal(emoji.text, 'c'.repeat(MAX_INBOUND_TEXT - 1), 'the emoji that would be cut in two is left out whole');
    assert.equal(emoji.clipped, true);
  });

  test('other kinds: an emptied reaction, a user id change, an unknown system message, a Flow reply that is not JSON', () => {
    const value = (messages: unknown[]) => ({
      object: 'whatsapp_business_account',
      entry: [
        {
          changes: [
            {
              field: 'messages',
              value: { metadata: { display_phone_number: '15550783881', phone_number_id: '1' }, messages },
            },
          ],
        },
      ],
    });
    const base = { from_user_id: BSUID, id: 'wamid.K', timestamp: '1739321024' };
    const r = parseWebhook(
      value([
        { ...base, type: 'reaction', reaction: { message_id: 'wamid.T', emoji: '' } },
        {
          ...base,
          type: 'system',
          system: { body: 'User changed', type: 'user_changed_user_id', user_id: 'US.99999999999999999999' },
        },
        { ...base, type: 'system', system: { body: 'Security code changed', type: 'customer_identity_changed' } },
        {
          ...base,
          type: 'interactive',
          interactive: { type: 'nfm_reply', nfm_reply: { name: 'flow', body: 'Sent', response_json: '{not json' } },
        },
        { ...base, type: 'reaction', reaction: {} },
      ]),
    );
    const common = {
      id: 'wamid.K',
      customer: { userId: BSUID },
      profileName: null,
      phoneNumberId: '1',
      displayNumber: '+15550783881',
      at: AT,
    };
    assert.deepEqual(r, {
      ok: true,
      statuses: [],
      messages: [
        { ...common, kind: 'reaction', targetId: 'wamid.T', emoji: null },
        { ...common, kind: 'number_changed', oldId: { userId: BSUID }, newId: { userId: 'US.99999999999999999999' } },
      ],
      skipped: [
        {
          where: 'entry[0].changes[0].value.messages[2]',
          reason: 'type system: system: type "customer_identity_changed" is not one Live Space acts on',
        },
        {
          where: 'entry[0].changes[0].value.messages[3]',
          reason: 'type interactive: interactive.nfm_reply.response_json: not JSON',
        },
        {
          where: 'entry[0].changes[0].value.messages[4]',
          reason: 'type reaction: reaction.message_id: Invalid input: expected string, received undefined',
        },
      ],
    });
  });

  test('a delivery with many bad parts lists 50 of them and says how many more', () => {
    const bad = Array.from({ length: 60 }, () => ({ id: 'w', timestamp: '1', type: 'text' }));
    const r = parseWebhook({
      object: 'whatsapp_business_account',
      entry: [
        {
          changes: [
            {
              field: 'messages',
              value: { metadata: { display_phone_number: '15550783881', phone_number_id: '1' }, messages: bad },
            },
          ],
        },
      ],
    });
    assert.ok(r.ok, 'r.ok');
    assert.equal(r.skipped.length, 51);
    assert.deepEqual(r.skipped.at(-1), { where: '…', reason: '10 more parts skipped' });
  });
});

describe('customerId and replyAddress', () => {
  test('a customer is named by their number when Meta gave one, else by their user id; a reply goes to the number (`to`), else to the user id (`recipient`)', () => {
    assert.equal(customerId({ phone: '+16505551234', userId: BSUID }), '+16505551234');
    assert.equal(customerId({ userId: BSUID }), BSUID);
    assert.throws(() => customerId({}), /neither a phone number nor a user id/);
    assert.deepEqual(replyAddress('+16505551234'), { to: '16505551234' });
    assert.deepEqual(replyAddress('16505551234'), { to: '16505551234' });
    assert.deepEqual(replyAddress(BSUID), { recipient: BSUID });
    assert.deepEqual(replyAddress('US.ENT.11815799212886844830'), { recipient: 'US.ENT.11815799212886844830' });
    assert.throws(() => replyAddress('call me'), /not a phone number in E.164 form or a WhatsApp user id/);
    assert.throws(() => replyAddress('+12'), /not a phone number/);
  });
});
