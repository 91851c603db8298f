/** The action bar speaks of calls and callers on voice, of conversations and customers on WhatsApp and SMS. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { actionWords } from './action-words';

describe('actionWords', () => {
  it('keeps the call words on voice', () => {
    const w = actionWords('voice');
    assert.equal(w.noun, 'call');
    assert.equal(w.placeholder.say, 'Speak to the caller yourself…');
    assert.equal(w.done, null, "the calls' own status words");
    assert.equal(w.modeLabel.say, 'Say');
    assert.equal(w.sendLabel.say, 'Say');
  });

  it('writes to the customer on WhatsApp and SMS', () => {
    for (const channel of ['whatsapp', 'sms'] as const) {
      const w = actionWords(channel);
      assert.equal(w.noun, 'conversation');
      assert.equal(w.placeholder.say, 'Write to the customer yourself…');
      assert.equal(w.done?.end, 'Conversation ended');
      assert.equal(w.modeLabel.say, 'Send', 'a customer is written to, not spoken to');
      assert.equal(w.sendLabel.say, 'Send');
      assert.doesNotMatch(w.takeoverBody + Object.values(w.done ?? {}).join(' '), /\bSay\b/);
      assert.doesNotMatch(
        Object.values(w.done ?? {}).join(' ') + Object.values(w.placeholder).join(' '),
        /\bcall(er)?\b/,
        'no call words',
      );
    }
  });
});
