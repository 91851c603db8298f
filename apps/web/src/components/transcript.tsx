/**
 * A live transcript: caller on the left, AI and people on the right, system events centered.
 * Follows new lines while the reader is at the bottom; otherwise offers a "New lines" marker.
 */
import { memo, useCallback, useLayoutEffect, useRef, useState } from 'react';
import type { TranscriptLine } from '@livespace/protocol/session';
import { formatClock, humanize, SPEAKER_LABEL } from '../format';

/** Within this many pixels of the bottom counts as "at the bottom". */
const STICK_PX = 48;

interface Props {
  lines: readonly TranscriptLine[];
  /** Changes whenever a line was added or replaced (the array is updated in place). */
  version: number;
  /** False once the session ended: a line still partial then was cut off, not being spoken. */
  live: boolean;
}

export function Transcript({ lines, version, live }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const seen = useRef({ count: 0, lastKey: '' });
  const [unseen, setUnseen] = useState(false);

  const onScroll = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight <= STICK_PX;
    if (atBottom.current) setUnseen(false);
  }, []);

  const scrollToBottom = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    el.scrollTop = el.scrollHeight;
    atBottom.current = true;
    setUnseen(false);
  }, []);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const last = lines[lines.length - 1];
    const lastKey = last ? `${last.lineId}:${last.text.length}:${last.partial ? 1 : 0}` : '';
    const grew = lines.length !== seen.current.count || lastKey !== seen.current.lastKey;
    seen.current = { count: lines.length, lastKey };
    if (!grew) return;
    if (atBottom.current) el.scrollTop = el.scrollHeight;
    else setUnseen(true);
  }, [lines, version]);

  return (
    <div className="transcript-wrap">
      <div className="transcript" ref={scroller} onScroll={onScroll} data-testid="transcript" role="log" aria-live="polite">
        {lines.length === 0 ? (
          <p className="transcript-empty">Nothing said yet.</p>
        ) : (
          lines.map((l) => <Line key={l.lineId} line={l} live={live} />)
        )}
      </div>
      {unseen && (
        <button type="button" className="new-lines" data-testid="new-lines-marker" onClick={scrollToBottom}>
          New lines ↓
        </button>
      )}
    </div>
  );
}

const Line = memo(function Line({ line, live }: { line: TranscriptLine; live: boolean }) {
  if (line.speaker === 'system') {
    return (
      <div className={`tl-system kind-${line.kind ?? 'note'}`} data-testid="transcript-line" data-speaker="system" data-kind={line.kind} data-line-id={line.lineId}>
        {line.kind && <span className="tl-kind">{humanize(line.kind)}</span>}
        <span className="tl-system-text">{line.text}</span>
        <time className="tl-time">{formatClock(line.at)}</time>
      </div>
    );
  }
  const side = line.speaker === 'caller' ? 'left' : 'right';
  return (
    <div
      className={`tl-line side-${side} speaker-${line.speaker}${line.partial ? ' is-partial' : ''}`}
      data-testid="transcript-line"
      data-speaker={line.speaker}
      data-line-id={line.lineId}
      data-partial={line.partial ? 'true' : undefined}
    >
      <div className="tl-meta">
        <span className="tl-speaker">{SPEAKER_LABEL[line.speaker]}</span>
        <time className="tl-time">{formatClock(line.at)}</time>
      </div>
      <div className="bubble" data-testid="bubble-text">
        {line.text}
        {line.partial && (live ? <span className="typing" aria-label="speaking" /> : <span className="cut-off"> (cut off)</span>)}
      </div>
    </div>
  );
});
