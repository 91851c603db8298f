/**
 * The Listen row of the action bar: the Listen toggle (L), level meters for the call and for the
 * microphone, Talk for the person holding the takeover, and the <audio> element that plays the call.
 */
import { memo, useEffect, useRef, useState } from 'react';
import { meterFill, type ListenConnection } from '../live/listen';
import type { ListenControl } from '../live/use-listen';
import { HeadphonesIcon, MicIcon } from './icons';
import '../action-bar.css';

const LISTEN_LABEL = {
  idle: 'Listen',
  joining: 'Connecting…',
  connecting: 'Connecting…',
  listening: 'Listening…',
} as const;

export function ListenControls({ listen, canTalk }: { listen: ListenControl; canTalk: boolean }) {
  const on = listen.phase !== 'idle';
  const talking = listen.talk === 'on';
  return (
    <div
      className={`ab-listen${on ? ' is-listening' : ''}`}
      data-testid="listen-controls"
      data-phase={listen.phase}
      data-talk={listen.talk}
    >
      <div className="ab-row ab-listen-main">
        <button
          type="button"
          className={`ab-button listen-button${on ? ' is-on' : ''}${listen.phase === 'listening' ? ' is-live' : ''}`}
          data-testid="listen-button"
          aria-pressed={on}
          onClick={listen.toggle}
          title={on ? 'Stop listening (L)' : 'Listen to the call (L)'}
        >
          <HeadphonesIcon />
          <span>{LISTEN_LABEL[listen.phase]}</span>
        </button>
        {on && canTalk && (
          <button
            type="button"
            className={`ab-button talk-button${talking ? ' is-on' : ''}`}
            data-testid="talk-button"
            aria-pressed={talking}
            onClick={listen.toggleTalk}
            disabled={listen.talk === 'starting' || listen.phase !== 'listening'}
            title={talking ? 'Turn your microphone off' : 'Talk to the caller with your microphone'}
          >
            <MicIcon />
            <span>{talking ? 'Talking' : listen.talk === 'starting' ? 'Opening mic…' : 'Talk'}</span>
          </button>
        )}
        {on && (
          <div className="listen-meters">
            <LevelMeters conn={listen.conn} mic={canTalk} talking={talking} />
          </div>
        )}
      </div>
      {listen.notice && (
        <span
          className={`listen-notice is-${listen.notice.kind}`}
          data-testid="listen-status"
          data-kind={listen.notice.kind}
          role="status"
        >
          {listen.notice.text}
        </span>
      )}
      {listen.conn && <CallAudio stream={listen.conn.stream} />}
    </div>
  );
}

/**
 * Plays the call. Autoplay normally works (the Listen click is a gesture); if the browser blocks it, one click starts
 * it.
 */
function CallAudio({ stream }: { stream: MediaStream }) {
  const audio = useRef<HTMLAudioElement>(null);
  const [blocked, setBlocked] = useState(false);
  useEffect(() => {
    const el = audio.current;
    if (!el) return;
    el.srcObject = stream;
    el.play().then(
      () => setBlocked(false),
      (e: unknown) => {
        if ((e as { name?: string }).name === 'NotAllowedError') setBlocked(true);
      },
    );
    return () => {
      el.srcObject = null;
    };
  }, [stream]);
  return (
    <>
      <audio ref={audio} autoPlay data-testid="listen-audio" />
      {blocked && (
        <button
          type="button"
          className="link-button listen-unblock"
          onClick={() =>
            void audio.current?.play().then(
              () => setBlocked(false),
              () => {},
            )
          }
        >
          The browser blocked the sound: play it
        </button>
      )}
    </>
  );
}

const POLL_MS = 100;

/** "Call" and "You" meters from the connection's stats, polled ten times a second (only this re-renders). */
const LevelMeters = memo(function LevelMeters({
  conn,
  mic,
  talking,
}: {
  conn: ListenConnection | null;
  mic: boolean;
  talking: boolean;
}) {
  const [levels, setLevels] = useState({ call: 0, you: 0 });
  useEffect(() => {
    if (!conn) {
      setLevels({ call: 0, you: 0 });
      return;
    }
    let alive = true;
    const tick = async () => {
      const l = await conn.levels().catch(() => null);
      if (!alive || !l) return;
      // Fast attack, slow release: a meter that reads like speech instead of flickering.
      setLevels((p) => ({ call: Math.max(l.audioLevel, p.call * 0.7), you: Math.max(l.micLevel ?? 0, p.you * 0.7) }));
    };
    const t = setInterval(() => void tick(), POLL_MS);
    void tick();
    return () => {
      alive = false;
      clearInterval(t);
    };
  }, [conn]);
  return (
    <>
      <LevelMeter label="Call" level={levels.call} testId="meter-call" />
      {mic && <LevelMeter label="You" level={talking ? levels.you : 0} testId="meter-you" muted={!talking} />}
    </>
  );
});

function LevelMeter({
  label,
  level,
  testId,
  muted = false,
}: {
  label: string;
  level: number;
  testId: string;
  muted?: boolean;
}) {
  const fill = meterFill(level);
  return (
    <span
      className={`meter${muted ? ' is-muted' : ''}`}
      data-testid={testId}
      data-level={level.toFixed(3)}
      title={`${label} audio level`}
    >
      <span className="meter-label">{label}</span>
      <span
        className="meter-track"
        role="meter"
        aria-label={`${label} level`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(fill * 100)}
      >
        <span className="meter-fill" style={{ clipPath: `inset(0 ${(100 - fill * 100).toFixed(1)}% 0 0)` }} />
      </span>
    </span>
  );
}
