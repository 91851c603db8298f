/**
 * The action bar's words for a call or for a message conversation (WhatsApp, SMS): a conversation is written,
 * not spoken, its customer reads rather than hears, and ending it closes the thread rather than hanging up.
 */
import type { Channel } from '@livespace/protocol/session';
// Types only: this module stays pure (supervisor-actions reaches the API and the signed-in user).
import type { BarAction } from './supervisor-actions';

export type ComposerMode = 'whisper' | 'barge' | 'say';

export interface ActionWords {
  /** "call" or "conversation". */
  noun: string;
  /** "caller" or "customer". */
  person: string;
  /** The composer's modes as their buttons name them: a caller is spoken to (Say), a customer is written to (Send). */
  modeLabel: Record<ComposerMode, string>;
  /** The composer's send button in each mode. */
  sendLabel: Record<ComposerMode, string>;
  placeholder: Record<ComposerMode, string>;
  /** What the status line says when an action succeeded; null: the calls' words (ACTION_DONE). */
  done: Record<BarAction, string> | null;
  takeoverBody: string;
  endBody: string;
}

const CALL: ActionWords = {
  noun: 'call',
  person: 'caller',
  modeLabel: { whisper: 'Whisper', barge: 'Barge', say: 'Say' },
  sendLabel: { whisper: 'Whisper', barge: 'Barge in', say: 'Say' },
  placeholder: {
    whisper: 'Whisper to the AI (the caller does not hear it)…',
    barge: 'Words the AI says to the caller now…',
    say: 'Speak to the caller yourself…',
  },
  done: null,
  takeoverBody:
    'The AI stops and you speak to the caller yourself, in Say mode. The caller is not told that someone else joined.',
  endBody: 'The caller is disconnected now. This cannot be undone.',
};

const CONVERSATION: ActionWords = {
  noun: 'conversation',
  person: 'customer',
  modeLabel: { whisper: 'Whisper', barge: 'Barge', say: 'Send' },
  sendLabel: { whisper: 'Whisper', barge: 'Barge in', say: 'Send' },
  placeholder: {
    whisper: 'Whisper to the AI (the customer does not see it)…',
    barge: 'A message sent to the customer now…',
    say: 'Write to the customer yourself…',
  },
  done: {
    whisper: 'Whisper sent (the customer does not see it)',
    barge: 'Barge sent: the customer gets it now',
    say: 'Sent to the customer',
    takeover: 'You took over: the AI is paused; type in Send mode to write to the customer',
    claim: 'You claimed it: type in Send mode to write to the customer',
    resume: 'The AI has the conversation again',
    end: 'Conversation ended',
  },
  takeoverBody:
    'The AI stops answering and you write to the customer yourself, in Send mode. The customer is not told that someone else joined.',
  endBody: 'The conversation is closed now; a later message from the customer starts a new one. This cannot be undone.',
};

export function actionWords(channel: Channel): ActionWords {
  return channel === 'voice' ? CALL : CONVERSATION;
}
