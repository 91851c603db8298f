/**
 * Post-call summaries: once a session ended, its summary is made — by the chat model when one is configured (within
 * a time limit), else or when the model fails, from what the flow recorded — and written as the session's last event
 * (`session.summarized`), so lists, the drawer, History and search all have it. Nothing here delays the call: the
 * session has ended and its actor is gone.
 */
import type { PostCallSummary, SessionDetail } from '@livespace/protocol';
import { applyToDetail } from '@livespace/protocol';
import { flowSummary, readSummaryAnswer, summaryRequest } from '@livespace/domain';
import type { Clock, EventWrite, Llm } from '../ports/index';
import { toSummary } from './session-actor';

/** Who makes summaries: the chat model (falling back to the flow's), or the flow's only. */
type SummaryMaker = 'llm' | 'flow';

export interface PostCallDeps {
  eventLog: { append(write: EventWrite): void };
  clock: Clock;
  llm: Llm | null;
  maker: SummaryMaker;
  /** Longest wait for the model's summary (default 30 s). */
  timeoutMs?: number;
  logger?: { warn(obj: object, msg: string): void };
}

export class PostCallSummaries {
  /** Summaries the model is writing, by session: close() writes the flow's instead. */
  private readonly pending = new Map<string, { detail: SessionDetail; abort: AbortController }>();
  private closed = false;

  constructor(private readonly deps: PostCallDeps) {}

  /**
   * Summarizes an ended session (its detail is read now: it no longer changes); `fields`: its agent's summaryFields.
   */
  summarize(detail: SessionDetail, fields: readonly string[] = []): void {
    if (detail.state !== 'ended' || detail.summary || this.closed) return;
    const facts = flowSummary(detail);
    if (this.deps.maker === 'flow' || !this.deps.llm) return this.write(detail, facts);
    const abort = new AbortController();
    this.pending.set(detail.id, { detail, abort });
    const timer = setTimeout(() => abort.abort(), this.deps.timeoutMs ?? 30_000);
    this.deps.llm
      .complete({ messages: summaryRequest(detail, facts.text, fields), temperature: 0, signal: abort.signal })
      .then(
        (answer) => {
          const read = readSummaryAnswer(answer.text, fields);
          if (!read)
            this.deps.logger?.warn(
              { sessionId: detail.id },
              "the chat model did not answer with a summary; the flow's is kept",
            );
          return read ?? facts;
        },
        (err: unknown) => {
          this.deps.logger?.warn(
            { sessionId: detail.id, err },
            "the chat model could not summarize; the flow's summary is kept",
          );
          return facts;
        },
      )
      .then((summary) => {
        clearTimeout(timer);
        if (this.pending.delete(detail.id)) this.write(detail, summary);
      });
  }

  /** Sessions whose summary is still being written. */
  get writing(): number {
    return this.pending.size;
  }

  /** Stops asking the model: sessions it was summarizing get the flow's summary now. */
  close(): void {
    this.closed = true;
    for (const { detail, abort } of this.pending.values()) {
      abort.abort();
      this.write(detail, flowSummary(detail));
    }
    this.pending.clear();
  }

  private write(detail: SessionDetail, summary: PostCallSummary): void {
    const event = {
      type: 'session.summarized' as const,
      seq: detail.seq + 1,
      at: this.deps.clock.now().toISOString(),
      summary,
    };
    const after = applyToDetail(structuredClone(detail), event);
    this.deps.eventLog.append({ sessionId: detail.id, event, summary: toSummary(after) });
  }
}
