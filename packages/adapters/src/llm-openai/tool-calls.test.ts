import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LlmToolCall } from '@livespace/app';
import { ToolCallAssembler, type ToolCallPiece } from './tool-calls';

const assemble = (pieces: ToolCallPiece[]): LlmToolCall[] => {
  const a = new ToolCallAssembler();
  for (const p of pieces) a.push(p);
  return a.result();
};
const fn = (name?: string, args?: unknown) => ({
  function: { ...(name ? { name } : {}), ...(args !== undefined ? { arguments: args } : {}) },
});

// The dialects themselves are replayed from fixtures through the adapter (openai.llm.test.ts); these are the edges
// between them.
const cases: Array<[string, ToolCallPiece[], LlmToolCall[]]> = [
  [
    'a name repeated on every fragment of one call is only repeated',
    [
      { index: 0, id: 'a', ...fn('set_outcome', '') },
      { index: 0, ...fn('set_outcome', '{"outcome":') },
      { index: 0, ...fn('set_outcome', '"paid"}') },
    ],
    [{ id: 'a', name: 'set_outcome', arguments: '{"outcome":"paid"}' }],
  ],
  [
    'an id renewed on every argument fragment does not split the call',
    [
      { index: 0, id: 'a', ...fn('end_call', '') },
      { index: 0, id: 'b', ...fn(undefined, '{"reason":') },
      { index: 0, id: 'c', ...fn(undefined, '"bye"}') },
    ],
    [{ id: 'a', name: 'end_call', arguments: '{"reason":"bye"}' }],
  ],
  [
    "another function named at the same index, no id, is another call even before the first one's arguments are whole",
    [
      { index: 0, ...fn('set_outcome') },
      { index: 0, ...fn('end_call', '{}') },
    ],
    [
      { id: 'call_0', name: 'set_outcome', arguments: '' },
      { id: 'call_1', name: 'end_call', arguments: '{}' },
    ],
  ],
  [
    'the same function called twice without ids, at index 0, once the first is whole',
    [
      { index: 0, ...fn('set_outcome', '{"outcome":"a"}') },
      { index: 0, ...fn('set_outcome', '{"outcome":"b"}') },
    ],
    [
      { id: 'call_0', name: 'set_outcome', arguments: '{"outcome":"a"}' },
      { id: 'call_1', name: 'set_outcome', arguments: '{"outcome":"b"}' },
    ],
  ],
  [
    'arguments sent as an object (not a JSON string) are made JSON text',
    [{ id: 'a', ...fn('set_outcome', { outcome: 'paid' }) }],
    [{ id: 'a', name: 'set_outcome', arguments: '{"outcome":"paid"}' }],
  ],
  [
    'a fragment for an index never opened continues the current call (an index-less start, then indexes)',
    [
      { id: 'a', ...fn('end_call', '{"reason":') },
      { index: 0, ...fn(undefined, '"x"}') },
    ],
    [{ id: 'a', name: 'end_call', arguments: '{"reason":"x"}' }],
  ],
  ['a call that never gets a name is left out', [{ index: 3, ...fn(undefined, '{}') }], []],
];

test('ToolCallAssembler: the edges between the dialects', () => {
  for (const [name, pieces, expected] of cases) assert.deepEqual(assemble(pieces), expected, name);
});
