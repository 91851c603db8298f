/**
 * An agent for tests of keys pressed on the phone: asks for an account number on the keypad, reads it back, and ends.
 */
export const keypadAgent = {
  name: 'Keypad desk',
  description: 'Reads an account number from the keypad',
  voice: 'en-us+f3',
  flow: {
    start: 'ask',
    nodes: {
      ask: {
        type: 'ask',
        prompt: 'Please enter your account number, then press pound.',
        intents: [{ name: 'account', when: { digits: { min: 4, max: 8 } }, capture: 'account', next: 'thanks' }],
      },
      thanks: { type: 'say', text: 'Thank you. Account {{account}} is on file.', next: 'bye' },
      bye: { type: 'end', say: 'Goodbye.' },
    },
  },
};
