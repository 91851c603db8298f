/**
 * A live transcript: caller on the left, AI and people on the right, system events centered (errors in red);
 * keys the caller pressed on the phone show as keys, not as words. Times are the viewer's (the day too when not
 * today); instants in system lines, written by the server as ISO 8601, are shown the same way.
 * Follows new lines while the reader is at the bottom; otherwise offers a "New lines" marker.
 */
import { memo, useCallback, useLayoutEffect, useRef, useState } from 'react';
import type { Channel, TranscriptLine } from '@livespace/protocol/session';
import { humanize, SPEAKER_LABEL, speakerLabel } from '../format';
import { formatClock, formatInstantsIn, formatStamp } from '../locale-format';
import '../transcript.css';

/** Within this many pixels of the bottom counts as "at the bottom". */
const STICK_PX = 48;

interface Props {
  lines: readonly TranscriptLine[];
  /** Changes whenever a line was added or replaced (the array is updated in place). */
  version: number;
  /** False once the session ended: a line still partial then was cut off, not being spoken. */
  live: boolean;
  /** With a recording: clicking a spoken line plays it from there. */
  onSeek?: (line: TranscriptLine) => void;
  /** The line being heard in the recording (highlighted). */
  activeLineId?: string | null;
  /** A message conversation's caller is its customer. */
  channel?: Channel;
}

export function Transcript({ lines, version, live, onSeek, activeLineId, channel = 'voice' }: Props) {
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
      <div
        className="transcript"
        ref={scroller}
        onScroll={onScroll}
        data-testid="transcript"
        role="log"
        aria-live="polite"
      >
        {lines.length === 0 ? (
          <p className="transcript-empty">Nothing said yet.</p>
        ) : (
          lines.map((l) => (
            <Line
              key={l.lineId}
              line={l}
              live={live}
              channel={channel}
              active={l.lineId === activeLineId}
              onSeek={onSeek}
            />
          ))
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

const Line = memo(function Line({
  line,
  live,
  channel,
  active,
  onSeek,
}: {
  line: TranscriptLine;
  live: boolean;
  channel: Channel;
  active?: boolean;
  onSeek?: ((line: TranscriptLine) => void) | undefined;
}) {
  // Now, when the line renders: a line of another day says which (lines are memoized, so it is not re-read each
  // second).
  const stamp = formatStamp(line.at, Date.now());
  if (line.speaker === 'system') {
    return (
      <div
        className={`tl-system kind-${line.kind ?? 'note'}`}
        data-testid="transcript-line"
        data-speaker="system"
        data-kind={line.kind}
        data-source={typeof line.data?.source === 'string' ? line.data.source : undefined}
        data-line-id={line.lineId}
        data-by={line.by?.name}
      >
        {line.kind && <span className="tl-kind">{SYSTEM_KIND_LABEL[line.kind] ?? humanize(line.kind)}</span>}
        <span className="tl-system-text" title={line.text}>
          {formatInstantsIn(line.text)}
        </span>
        <time className="tl-time" dateTime={line.at}>
          {stamp}
        </time>
      </div>
    );
  }
  const side = line.speaker === 'caller' ? 'left' : 'right';
  const whisper = line.hidden === true;
  const keys = line.dtmf === true;
  // Whispers were never heard, so they are not in the recording: nothing to seek to.
  const seek = onSeek && !whisper ? () => onSeek(line) : undefined;
  const cls = [
    'tl-line',
    `side-${side}`,
    `speaker-${line.speaker}`,
    line.partial && 'is-partial',
    whisper && 'is-whisper',
    line.barge && 'is-barge',
    keys && 'is-dtmf',
    line.deleted && 'is-deleted',
    seek && 'is-seekable',
    active && 'is-heard',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div
      className={cls}
      data-testid="transcript-line"
      data-speaker={line.speaker}
      data-line-id={line.lineId}
      data-partial={line.partial ? 'true' : undefined}
      data-hidden={whisper ? 'true' : undefined}
      data-barge={line.barge ? 'true' : undefined}
      data-dtmf={keys ? 'true' : undefined}
      data-by={line.by?.name}
      data-edited={line.edited ? 'true' : undefined}
      data-deleted={line.deleted ? 'true' : undefined}
      data-reaction={line.reaction}
      data-heard={active ? 'true' : undefined}
      onClick={seek}
      title={seek ? 'Play the recording from here' : undefined}
    >
      <div className="tl-meta">
        <Label line={line} channel={channel} />
        <time className="tl-time" dateTime={line.at}>
          {stamp}
        </time>
      </div>
      <div className="bubble" data-testid="bubble-text">
        {keys ? <Keys digits={line.text} /> : line.text}
        {line.partial &&
          (live ? <span className="typing" aria-label="speaking" /> : <span className="cut-off"> (cut off)</span>)}
      </div>
      {line.reaction && (
        <span
          className="tl-reaction"
          data-testid="line-reaction"
          role="img"
          aria-label={`The customer reacted ${line.reaction}`}
          title="The customer's reaction"
        >
          {line.reaction}
        </span>
      )}
    </div>
  );
});

/**
 * What the customer did to their message after sending it: edited (the first text on hover), deleted (kept here, struck
 * through).
 */
function MessageMarks({ line }: { line: TranscriptLine }) {
  return (
    <>
      {line.edited && (
        <span
          className="tl-tag tl-edited-tag"
          data-testid="line-tag"
          title={`Before the edit: ${line.edited.original}`}
        >
          Edited
        </span>
      )}
      {line.deleted && (
        <span
          className="tl-tag tl-deleted-tag"
          data-testid="line-tag"
          title={`The customer deleted this message at ${formatClock(line.deleted.at)}; it is kept here for the record`}
        >
          Deleted
        </span>
      )}
    </>
  );
}

/**
 * Who speaks, and for supervisor lines how: "Whisper · hidden from caller · by Ann", "AI · Barge · by Ann", "Ann"; a
 * conversation has a customer.
 */
function Label({ line, channel }: { line: TranscriptLine; channel: Channel }) {
  const by = line.by?.name;
  if (line.hidden) {
    return (
      <span className="tl-speaker tl-whisper-label" data-testid="line-tag">
        <EyeOff />
        Whisper · hidden from {channel === 'voice' ? 'caller' : 'customer'}
        {by ? ` · by ${by}` : ''}
      </span>
    );
  }
  if (line.speaker === 'human') {
    return (
      <span className="tl-speaker" title="Took over the call">
        {by ?? SPEAKER_LABEL.human}
      </span>
    );
  }
  return (
    <>
      <span className="tl-speaker">
        {speakerLabel(line.speaker, channel)}
        {line.speaker === 'supervisor' && by ? ` · ${by}` : ''}
      </span>
      {line.dtmf && (
        <span className="tl-tag tl-dtmf-tag" data-testid="line-tag">
          <KeypadIcon />
          Keys pressed
        </span>
      )}
      {line.barge && (
        <span className="tl-tag tl-barge-tag" data-testid="line-tag">
          Barge{by ? ` · by ${by}` : ''}
        </span>
      )}
      <MessageMarks line={line} />
    </>
  );
}

/** "12345#" as five key caps and a pound key. */
function Keys({ digits }: { digits: string }) {
  return (
    <span className="dtmf-keys">
      {[...digits].map((k, i) => (
        <kbd key={i} className="dtmf-key">
          {k}
        </kbd>
      ))}
    </span>
  );
}

function KeypadIcon() {
  return (
    <svg className="tl-icon" width="12" height="12" viewBox="0 0 24 24" aria-hidden="true">
      <path
        fill="currentColor"
        d="M6 2.5a2 2 0 1 1 0 4 2 2 0 0 1 0-4zm6 0a2 2 0 1 1 0 4 2 2 0 0 1 0-4zm6 0a2 2 0 1 1 0 4 2 2 0 0 1 0-4zM6 8.5a2 2 0 1 1 0 4 2 2 0 0 1 0-4zm6 0a2 2 0 1 1 0 4 2 2 0 0 1 0-4zm6 0a2 2 0 1 1 0 4 2 2 0 0 1 0-4zM6 14.5a2 2 0 1 1 0 4 2 2 0 0 1 0-4zm6 0a2 2 0 1 1 0 4 2 2 0 0 1 0-4zm6 0a2 2 0 1 1 0 4 2 2 0 0 1 0-4zm-6 3.9a1.8 1.8 0 1 1 0 3.6 1.8 1.8 0 0 1 0-3.6z"
      />
    </svg>
  );
}

function EyeOff() {
  return (
    <svg className="tl-icon" width="12" height="12" viewBox="0 0 24 24" aria-hidden="true">
      <path
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
        d="M9.9 4.2A10.4 10.4 0 0 1 12 4c6.5 0 10 8 10 8a17.6 17.6 0 0 1-2.6 3.7M6.6 6.6C3.9 8.4 2 12 2 12s3.5 8 10 8a9.7 9.7 0 0 0 5.4-1.6M9.9 9.9a3 3 0 0 0 4.2 4.2M2 2l20 20"
      />
    </svg>
  );
}

/** Labels of system notes that are not just their kind, humanized. */
const SYSTEM_KIND_LABEL: Record<string, string> = {
  action: 'Supervisor',
  whisper_applied: 'Whisper used',
  listeners: 'Listen',
  no_match: 'No match',
  error: 'Error',
};
