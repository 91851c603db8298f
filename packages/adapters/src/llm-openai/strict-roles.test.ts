import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LlmMessage } from '@livespace/app';
import {
  CONVERSATION_START,
  parseStrictRoles,
  strictMessages,
  strictnessForError,
  type RoleStrictness,
} from './strict-roles';

const sys = (content: string): LlmMessage => ({ role: 'system', content });
const user = (content: string): LlmMessage => ({ role: 'user', content });
const ai = (content: string, ...calls: Array<[string, string]>): LlmMessage => ({
  role: 'assistant',
  content,
  ...(calls.length ? { toolCalls: calls.map(([id, name]) => ({ id, name, arguments: '{}' })) } : {}),
});
const tool = (toolCallId: string, content = 'ok'): LlmMessage => ({ role: 'tool', content, toolCallId });
const NOTES = 'Notes from during the conversation, oldest first (from our side, never said by the user):';

const cases: Array<[string, LlmMessage[], Exclude<RoleStrictness, 'none'>, LlmMessage[]]> = [
  [
    'an alternating conversation is left as it is',
    [sys('P'), user('hi'), ai('hello'), user('bye')],
    'alternate',
    [sys('P'), user('hi'), ai('hello'), user('bye')],
  ],
  [
    'consecutive turns of one role are merged, a newline between their texts',
    [sys('P'), user('hi'), user('are you there?'), ai('Yes.'), ai('How can I help?')],
    'alternate',
    [sys('P'), user('hi\nare you there?'), ai('Yes.\nHow can I help?')],
  ],
  [
    'a conversation the model opens (its greeting) starts with a user turn',
    [sys('P'), ai('Hello.'), ai('This is Acme.'), user('hi')],
    'alternate',
    [sys('P'), user(CONVERSATION_START), ai('Hello.\nThis is Acme.'), user('hi')],
  ],
  [
    'without any message but the prompt, the user turn is still there',
    [sys('P')],
    'alternate',
    [sys('P'), user(CONVERSATION_START)],
  ],
  [
    "system notes go into the leading prompt, in order, each told where it happened by the model's own words",
    [
      sys('P'),
      sys('N0'),
      ai('Hello, this is a long greeting that goes on and on and on and on until it is clipped.'),
      user('hi'),
      sys('N1'),
      ai('Sure.'),
      sys('N2'),
    ],
    'alternate',
    [
      sys(
        `P\n\n${NOTES}\n- (at the start) N0\n- (after you said "…that goes on and on and on and on until it is clipped." and the user replied) N1\n- (after you said "Sure.") N2`,
      ),
      user(CONVERSATION_START),
      ai('Hello, this is a long greeting that goes on and on and on and on until it is clipped.'),
      user('hi'),
      ai('Sure.'),
    ],
  ],
  [
    'a note before the model said anything, after the user spoke',
    [sys('P'), user('hi'), sys('N')],
    'alternate',
    [sys(`P\n\n${NOTES}\n- (after the user spoke, before you said anything) N`), user('hi')],
  ],
  [
    "the model's words and its tool calls become one assistant turn, its tool results right after",
    [
      sys('P'),
      user('pay'),
      ai('One moment.'),
      ai('', ['c1', 'set_outcome'], ['c2', 'end_call']),
      tool('c1', 'r1'),
      tool('c2', 'r2'),
    ],
    'alternate',
    [
      sys('P'),
      user('pay'),
      {
        role: 'assistant',
        content: 'One moment.',
        toolCalls: [
          { id: 'c1', name: 'set_outcome', arguments: '{}' },
          { id: 'c2', name: 'end_call', arguments: '{}' },
        ],
      },
      tool('c1', 'r1'),
      tool('c2', 'r2'),
    ],
  ],
  [
    'a tool result is moved up to its call, a missing one is said to be missing, one for no call is left out',
    [
      user('x'),
      ai('', ['c1', 'set_outcome'], ['c2', 'end_call']),
      sys('N'),
      user('hello?'),
      tool('c1', 'r1'),
      tool('zz', 'stray'),
    ],
    'alternate',
    [
      sys(`${NOTES}\n- (after the user spoke, before you said anything) N`),
      user('x'),
      ai('', ['c1', 'set_outcome'], ['c2', 'end_call']),
      tool('c1', 'r1'),
      tool('c2', 'no result'),
      user('hello?'),
    ],
  ],
  [
    'turns after tool results are not merged into the turn before them',
    [user('x'), ai('', ['c1', 'set_outcome']), tool('c1'), ai('Done.'), ai('Bye.')],
    'alternate',
    [user('x'), ai('', ['c1', 'set_outcome']), tool('c1'), ai('Done.\nBye.')],
  ],
  ['empty turns are dropped', [sys('P'), user(' '), ai(''), user('hi')], 'alternate', [sys('P'), user('hi')]],
  [
    'no system role: the prompt and notes open the first user turn',
    [sys('P'), user('hi'), sys('N'), ai('Hello.')],
    'no-system',
    [user(`P\n\n${NOTES}\n- (after the user spoke, before you said anything) N\n\nhi`), ai('Hello.')],
  ],
  [
    'no system role, the model speaking first: the prompt is the first user turn',
    [sys('P'), ai('Hello.'), user('hi')],
    'no-system',
    [user('P'), ai('Hello.'), user('hi')],
  ],
];

test('strictMessages: merged turns, folded notes, a user turn first, tool results kept with their calls', () => {
  for (const [name, input, level, expected] of cases) {
    const before = structuredClone(input);
    assert.deepEqual(strictMessages(input, level), expected, name);
    assert.deepEqual(input, before, `${name}: the input is left as it was`);
  }
});

test('strictnessForError: which refusals call for strict roles', () => {
  const table: Array<[number | undefined, string, RoleStrictness | null]> = [
    [400, 'Conversation roles must alternate user/assistant/user/assistant/...', 'alternate'],
    [
      400,
      'After the optional system message, conversation roles must alternate user/assistant/user/assistant/...',
      'alternate',
    ],
    [
      500,
      'While executing CallExpression ... Error: Jinja Exception: After the optional system message, conversation roles must alternate user and assistant roles except for tool calls and results.',
      'alternate',
    ],
    [500, "raise_exception('System message must be at the beginning.')", 'alternate'],
    [400, 'jinja2.exceptions.TemplateError: System role not supported', 'no-system'],
    [500, 'Error: Jinja Exception: System role not supported', 'no-system'],
    [422, 'Conversation roles must alternate', 'alternate'],
    [400, "This model's maximum context length is 8192 tokens.", null],
    [503, 'Conversation roles must alternate', null],
    [401, 'System role not supported', null],
    [undefined, 'Conversation roles must alternate', null],
  ];
  for (const [status, message, expected] of table)
    assert.equal(strictnessForError(status, message), expected, `${status} ${message}`);
});

test('parseStrictRoles: a mode, and modes per model', () => {
  assert.deepEqual(parseStrictRoles(undefined), { mode: 'auto', models: {} });
  assert.deepEqual(parseStrictRoles(''), { mode: 'auto', models: {} });
  assert.deepEqual(parseStrictRoles('ON'), { mode: 'on', models: {} });
  assert.deepEqual(parseStrictRoles('off, gemma2:9b=on ,meta-llama/Llama-2-7b-chat-hf=auto'), {
    mode: 'off',
    models: { 'gemma2:9b': 'on', 'meta-llama/Llama-2-7b-chat-hf': 'auto' },
  });
  assert.throws(() => parseStrictRoles('yes'), /"yes" is not auto, on, off/);
  assert.throws(() => parseStrictRoles('=on'), /"=on"/);
});
