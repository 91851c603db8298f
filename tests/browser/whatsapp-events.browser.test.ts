/**
 * A WhatsApp Cloud customer in real Chromium: Meta's documented payloads (the fixtures of
 * packages/adapters/src/channel-whatsapp/fixtures, ids changed to chain them) posted signed to the real
 * webhook; Messages shows the customer's profile name under their number, and the drawer shows their
 * edit (new text, "Edited", the first text on hover), their reaction on the AI's message and their
 * deletion (struck through, kept), then their number change moving the conversation.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { after, describe, it } from 'node:test';
import {
  GraphStandIn,
  chainedPayload,
  deliver,
  textPayload,
} from '@livespace/adapters/channel-whatsapp/testing/graph.stand-in';
import { browserSuite } from './browser-suite';
import { waitUntil } from './live-calls.page';
import { MessagesPage } from './messages.page';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const APP_SECRET = 'meta-app-secret';
const PHONE_ID = '106540352242922';
const OUR_NUMBER = '+14155550192';
const CUSTOMER = '+16505551234';
const wamid = () => `wamid.${randomBytes(24).toString('base64')}`;

const graph = new GraphStandIn({ accessToken: 'meta-access-token', phoneNumberId: PHONE_ID });
const graphApi = await graph.start();

const fixture = (name: string, o: { target?: string } = {}) =>
  chainedPayload(name, { ...o, from: CUSTOMER, to: { phoneNumberId: PHONE_ID, number: OUR_NUMBER } });

describe('WhatsApp customers in Chromium', () => {
  const suite = browserSuite({
    env: {
      LIVESPACE_TTS: 'none',
      WHATSAPP_VERIFY_TOKEN: 'verify',
      WHATSAPP_APP_SECRET: APP_SECRET,
      WHATSAPP_ACCESS_TOKEN: 'meta-access-token',
      WHATSAPP_PHONE_NUMBER_ID: PHONE_ID,
      WHATSAPP_API_BASE_URL: graphApi,
    },
  });
  after(async () => {
    await graph.stop();
  });

  const send = async (payload: unknown) => {
    const r = await deliver(`${suite.server.url}/webhooks/whatsapp`, APP_SECRET, payload);
    assert.equal(r.status, 200, r.body);
  };
  const sentTo = (digits: string) => graph.sent.filter((m) => m.to === digits);

  it('shows the profile name, an edit, a reaction and a deletion where the customer made them, and follows a number change', async () => {
    const agents = (
      (await (await suite.server.api('/api/agents')).json()) as { items: Array<{ id: string; name: string }> }
    ).items;
    await suite.post('/api/numbers', {
      number: OUR_NUMBER,
      agentId: agents.find((a) => /Clinic/.test(a.name))!.id,
      carrier: 'twilio',
      channels: ['whatsapp'],
    });
    const p = await suite.signedIn();
    const m = new MessagesPage(p);
    await m.openFromNav();
    await send(
      textPayload({
        from: CUSTOMER,
        text: 'Hi',
        phoneNumberId: PHONE_ID,
        displayNumber: OUR_NUMBER,
        profileName: 'Sheena Nelson',
      }),
    );
    await waitUntil('the AI greets', () => sentTo('16505551234')[0] ?? null);
    const first = wamid();
    await send(
      textPayload({
        from: CUSTOMER,
        text: 'I would like an appointment on Tuesday',
        phoneNumberId: PHONE_ID,
        displayNumber: OUR_NUMBER,
        profileName: 'Sheena Nelson',
        id: first,
      }),
    );
    const answer = await waitUntil('the AI answers', () => sentTo('16505551234')[1] ?? null);

    const row = p.page.locator('[data-testid=conversation-row]').first();
    await row.locator('[data-testid=customer-name]').waitFor();
    assert.equal(await row.locator('[data-testid=customer-name]').innerText(), 'Sheena Nelson');
    assert.equal(
      (await row.locator('[data-testid=customer-number]').innerText()).replace(/\s/g, ''),
      CUSTOMER,
      'the number stays as it was',
    );
    const sessionId = (await row.getAttribute('data-session-id'))!;
    await m.open(sessionId);
    assert.equal(await p.page.getByTestId('detail-caller-name').innerText(), 'Sheena Nelson');

    await send(fixture('edit', { target: first }));
    await send(fixture('reaction', { target: answer.id }));
    const edited = p.page.locator('[data-testid=transcript-line][data-edited=true]');
    await edited.waitFor();
    assert.equal(await edited.getByTestId('bubble-text').innerText(), 'Does it come in another colour, say blue?');
    assert.equal(
      await edited.locator('.tl-edited-tag').getAttribute('title'),
      'Before the edit: I would like an appointment on Tuesday',
    );
    const reacted = p.page.locator('[data-testid=transcript-line][data-reaction]');
    await reacted.waitFor();
    assert.equal(await reacted.getAttribute('data-speaker'), 'ai', 'the reaction sits on the AI message it names');
    assert.equal(await reacted.getByTestId('line-reaction').innerText(), '👍');

    await send(fixture('revoke', { target: first }));
    const deleted = p.page.locator('[data-testid=transcript-line][data-deleted=true]');
    await deleted.waitFor();
    assert.equal(await deleted.getAttribute('data-line-id'), await edited.getAttribute('data-line-id'));
    assert.equal(
      await deleted.getByTestId('bubble-text').evaluate((e) => getComputedStyle(e).textDecorationLine),
      'line-through',
    );

    const dirs = [`${ROOT}test-results`, ...(process.env.UPDATE_SCREENSHOTS === '1' ? [`${ROOT}docs`] : [])];
    for (const d of dirs) mkdirSync(d, { recursive: true });
    for (const d of dirs) await p.page.screenshot({ path: `${d}/whatsapp-events.png` });
    await p.page.setViewportSize({ width: 390, height: 844 });
    await p.page.waitForTimeout(200);
    await p.page.screenshot({ path: `${ROOT}test-results/whatsapp-events-phone.png` });
    await p.page.setViewportSize({ width: 1440, height: 900 });

    await send(fixture('system-user-changed-number'));
    await p.page.locator('[data-testid=transcript-line][data-kind=customer]').waitFor();
    await waitUntil(
      'the drawer shows the new number',
      async () => /\+1 219 555 5358/.test(await p.page.getByTestId('detail-caller').innerText()) || null,
    );
    await suite.server.api(`/api/sessions/${sessionId}/end`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
  });
});
