/**
 * Keys pressed on the phone, in real Chromium against the real server: a caller rings a number mapped to a keypad
 * agent through a local Twilio stand-in (the real webhook and Media Stream wire formats) and types an account
 * number; the transcript shows those keys as keys, apart from spoken words, and the agent reads them back.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { TwilioStandIn } from '@livespace/adapters/carrier-twilio/testing/twilio.stand-in';
import { keypadAgent } from '../support/keypad-agent';
import { freePort } from '../support/free-port';
import { browserSuite } from './browser-suite';
import { waitUntil } from './live-calls.page';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ACCOUNT = `AC${randomBytes(16).toString('hex')}`;
const TOKEN = randomBytes(16).toString('hex');
const KEYPAD_NUMBER = '+14155550160';

describe('Keys pressed in Chromium', () => {
  const tw = new TwilioStandIn({ accountSid: ACCOUNT, authToken: TOKEN, ringMs: 300 });
  let base = '';
  // Filled before the suite starts the server (this hook runs first): the server must know the stand-in and its own
  // public URL.
  const env: Record<string, string> = { LIVESPACE_TTS: 'none' };
  before(async () => {
    const api = await tw.start();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    Object.assign(env, {
      PORT: String(port),
      PUBLIC_URL: base,
      TWILIO_ACCOUNT_SID: ACCOUNT,
      TWILIO_AUTH_TOKEN: TOKEN,
      TWILIO_API_BASE_URL: api,
      LIVESPACE_CALLER_ID: '+14155550161',
    });
  });
  const suite = browserSuite({ env });
  after(() => tw.stop());

  before(async () => {
    const agent = (await (await suite.post('/api/agents', keypadAgent)).json()) as { id: string };
    await suite.post('/api/numbers', {
      number: KEYPAD_NUMBER,
      agentId: agent.id,
      carrier: 'twilio',
      channels: ['voice'],
    });
  });

  it('shows the keys as keys (not words), and the agent reads them back', async () => {
    const p = await suite.signedIn();
    const phone = await tw.call({ voiceUrl: `${base}/webhooks/twilio/voice`, from: '+14155550102', to: KEYPAD_NUMBER });
    const row = p.page.locator('[data-testid=session-row]', { hasText: 'Keypad desk' });
    await row.waitFor();
    const id = (await row.getAttribute('data-session-id'))!;
    await p.openByClick(id);
    await p.waitForLine('ai', 'account number');

    phone.press('12345#');
    const keys = await p.waitForLine('caller', '12345');
    const line = p.page.locator(`[data-testid=transcript-line][data-line-id="${keys.lineId}"]`);
    assert.equal(await line.getAttribute('data-dtmf'), 'true');
    assert.equal(keys.tag, 'Keys pressed', 'labelled as keys');
    assert.deepEqual(
      await line.locator('kbd.dtmf-key').allTextContents(),
      ['1', '2', '3', '4', '5'],
      'one key cap per key',
    );
    // Spoken lines carry no such mark.
    const spoken = (await p.lines()).filter((l) => l.speaker === 'ai');
    assert.ok(spoken.length > 0 && spoken.every((l) => l.tag === null));

    await p.waitForLine('ai', 'Account 12345 is on file');
    mkdirSync(`${ROOT}test-results`, { recursive: true });
    await p.page.screenshot({ path: `${ROOT}test-results/keys-pressed.png` });
    await waitUntil('the call ends', async () => (await p.page.getByTestId('detail-ended').count()) === 1, 20_000);
  });
});
