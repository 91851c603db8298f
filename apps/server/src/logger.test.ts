import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { logFormat } from './logger';
import { startBanner } from './start-banner';

describe('log format: readable lines for a person at a terminal, JSON for everything else', () => {
  // [LOG_FORMAT, stdout is a terminal, NODE_ENV, format]
  const cases: Array<['auto' | 'json' | 'pretty', boolean, string | undefined, 'json' | 'pretty']> = [
    ['auto', true, undefined, 'pretty'],
    ['auto', true, 'development', 'pretty'],
    ['auto', true, 'production', 'json'],
    ['auto', false, undefined, 'json'],
    ['auto', false, 'production', 'json'],
    ['json', true, undefined, 'json'],
    ['pretty', false, 'production', 'pretty'],
  ];
  for (const [choice, isTTY, nodeEnv, want] of cases) {
    it(`${choice}, ${isTTY ? 'a terminal' : 'not a terminal'}, NODE_ENV=${nodeEnv ?? '(unset)'} → ${want}`, () => {
      assert.equal(logFormat(choice, { isTTY, nodeEnv }), want);
    });
  }
});

describe('the start banner', () => {
  const url = 'http://127.0.0.1:8080';

  it('shows a generated password once, with the address and email, as plain text', () => {
    const b = startBanner({
      url,
      demo: true,
      adminEmail: 'admin@example.com',
      generatedPassword: 'Xy12-generated',
      passwordConfigured: false,
      simulatedAgents: 6,
    });
    assert.match(b, /Open:\s+http:\/\/127\.0\.0\.1:8080/);
    assert.match(b, /Email:\s+admin@example\.com/);
    assert.match(b, /Password:\s+Xy12-generated/);
    assert.match(b, /6 simulated human agents/);
    assert.ok(!b.includes('{'), 'not a JSON log line');
  });

  it('never echoes a configured password', () => {
    const b = startBanner({ url, demo: true, adminEmail: 'admin@example.com', passwordConfigured: true });
    assert.match(b, /Password:\s+\(the one in LIVESPACE_ADMIN_PASSWORD\)/);
  });

  it('on a later demo start, says where the password was', () => {
    assert.match(
      startBanner({ url, demo: true, adminEmail: 'a@b.co', passwordConfigured: false }),
      /printed at the first start/,
    );
  });

  it('outside the demo with nothing new to say: the address only', () => {
    assert.equal(
      startBanner({ url, demo: false, adminEmail: 'a@b.co', passwordConfigured: true }),
      `  Live Space: ${url}\n`,
    );
  });

  it('always keeps the "Live Space: <url>" line scripts and tests read', () => {
    for (const demo of [true, false]) {
      assert.match(
        startBanner({ url, demo, adminEmail: 'a@b.co', generatedPassword: 'pw-123456789', passwordConfigured: false }),
        /^ {2}Live Space: http:\/\/127\.0\.0\.1:8080$/m,
      );
    }
  });
});
