import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SessionDetail } from '@livespace/protocol';
import type { EventWrite, Llm } from '../ports/index';
import { PostCallSummaries } from './post-call';

const ended = (id = 's1'): SessionDetail => ({
  id,
  channel: 'sms',
  direction: 'inbound',
  agentId: 'a',
  agentName: 'Clinic',
  callerNumber: '+14155550100',
  state: 'ended',
  startedAt: '2026-12-06T10:00:00.000Z',
  endedAt: '2026-12-06T10:00:30.000Z',
  endReason: 'caller_hangup',
  currentNode: null,
  lastLine: null,
  seq: 7,
  transcript: [],
  variables: {},
  outcome: null,
});
const clock = { now: () => new Date('2026-12-06T10:00:31.000Z') };

describe('post-call summaries', () => {
  it("the flow's: written at once as the event after the end, with the summary in the row", () => {
    const writes: EventWrite[] = [];
    new PostCallSummaries({ eventLog: { append: (w) => writes.push(w) }, clock, llm: null, maker: 'llm' }).summarize(
      ended(),
    );
    assert.equal(writes.length, 1);
    const [w] = writes;
    assert.deepEqual(w!.event, {
      type: 'session.summarized',
      seq: 8,
      at: '2026-12-06T10:00:31.000Z',
      summary: w!.summary.summary,
    });
    assert.equal(w!.summary.seq, 8);
    assert.match(
      w!.summary.summary!.text,
      /^Inbound SMS conversation with Clinic, 30 s\. Ended: the customer hung up\.$/,
    );
  });

  it('a live session, or one summarized already, is not summarized again', () => {
    const writes: EventWrite[] = [];
    const p = new PostCallSummaries({ eventLog: { append: (w) => writes.push(w) }, clock, llm: null, maker: 'flow' });
    p.summarize({ ...ended(), state: 'ai_active' });
    p.summarize({ ...ended(), summary: { text: 'x', source: 'flow' } });
    assert.equal(writes.length, 0);
  });

  it("closing while the model writes gives those sessions the flow's summary now, and a late answer changes nothing", async () => {
    const writes: EventWrite[] = [];
    let answer!: (text: string) => void;
    const llm: Llm = {
      complete: (req) =>
        new Promise((resolve, reject) => {
          answer = (text) => resolve({ text, toolCalls: [] });
          req.signal?.addEventListener('abort', () => reject(new Error('aborted')));
        }),
    };
    const p = new PostCallSummaries({ eventLog: { append: (w) => writes.push(w) }, clock, llm, maker: 'llm' });
    p.summarize(ended());
    assert.equal(p.writing, 1);
    p.close();
    answer('{"summary": "too late"}');
    await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(
      writes.map((w) => w.summary.summary?.source),
      ['flow'],
    );
    p.summarize(ended('s2'));
    assert.equal(writes.length, 1, 'closed: nothing more');
  });

  it("a model slower than the time limit: the flow's summary", async () => {
    const writes: EventWrite[] = [];
    const llm: Llm = {
      complete: (req) =>
        new Promise((_resolve, reject) => req.signal?.addEventListener('abort', () => reject(new Error('aborted')))),
    };
    new PostCallSummaries({
      eventLog: { append: (w) => writes.push(w) },
      clock,
      llm,
      maker: 'llm',
      timeoutMs: 20,
    }).summarize(ended());
    await new Promise((r) => setTimeout(r, 60));
    assert.deepEqual(
      writes.map((w) => w.summary.summary?.source),
      ['flow'],
    );
  });
});
