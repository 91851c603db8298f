/** The post-call summary at the top of an ended session: what happened, in short, and what it was made from. */
import '../post-call-summary.css';
import type { PostCallSummary as Summary, Sentiment } from '@livespace/protocol/session';
import { formatInstantsIn } from '../locale-format';

const SENTIMENT_WORDS: Record<Sentiment, string> = { positive: 'Positive', neutral: 'Neutral', negative: 'Negative' };

/** The customer's sentiment as the chat model read it: in the drawer's summary and in History rows. */
export function SentimentChip({ sentiment }: { sentiment: Sentiment }) {
  return (
    <span className={`sentiment sentiment-${sentiment}`} data-testid="summary-sentiment">
      {SENTIMENT_WORDS[sentiment]}
    </span>
  );
}

export function PostCallSummary({ summary }: { summary: Summary | null | undefined }) {
  if (!summary) return null;
  const fields = Object.entries(summary.fields ?? {});
  return (
    <section className="post-call-summary" data-testid="post-call-summary" aria-label="Summary">
      {/* The flow's summary quotes captured values as stored: instants among them are written for the reader. */}
      <p className="summary-text" data-testid="summary-text">
        {formatInstantsIn(summary.text)}
      </p>
      <p className="summary-meta">
        {summary.sentiment && <SentimentChip sentiment={summary.sentiment} />}
        <span
          className="summary-source"
          title={
            summary.source === 'llm'
              ? 'Written by the chat model from the conversation'
              : 'Made from what the flow recorded'
          }
        >
          {summary.source === 'llm' ? 'AI summary' : 'From the flow'}
        </span>
      </p>
      {fields.length > 0 && (
        <dl className="summary-fields" data-testid="summary-fields">
          {fields.map(([name, value]) => (
            <div key={name}>
              <dt>{name}</dt>
              <dd>{formatInstantsIn(value)}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
