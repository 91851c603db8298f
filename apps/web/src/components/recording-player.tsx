/**
 * The player of an ended call's recording, in the session drawer: an <audio> element fed from
 * GET /api/sessions/:id/recording (the browser's own Range requests when seeking), a waveform drawn on a canvas from
 * the decoded file (fetched once, decoded in the browser by the Web Audio API: peaks per pixel column, the caller on
 * top and the AI and people below), play/pause, the position, and a download link. The transcript seeks it and is
 * told which line is being heard.
 */
import { useCallback, useEffect, useRef, useState, type MutableRefObject } from 'react';
import type { RecordingInfo } from '@livespace/protocol/recording';
import type { TranscriptLine } from '@livespace/protocol/session';
import { getAuth } from '../auth';
import '../recording.css';

/** What the drawer can ask of the player. */
export interface RecordingPlayerHandle {
  /** Plays from where `at` (an ISO time of the call) is in the recording. */
  seekTo(at: string): void;
}

interface Props {
  sessionId: string;
  /** What the session's detail says (absent when the call ended while the drawer was open: read from the file). */
  recording: RecordingInfo | null | undefined;
  /** When the recording began: the recording's own start, else the session's. */
  startedAt: string;
  lines: readonly TranscriptLine[];
  handle: MutableRefObject<RecordingPlayerHandle | null>;
  /** The line being heard changed (null: none). */
  onHeard(lineId: string | null): void;
}

type Peaks = { top: Float32Array; bottom: Float32Array };

const TRIES = 20;

export function RecordingPlayer({ sessionId, recording, startedAt, lines, handle, onHeard }: Props) {
  const url = `/api/sessions/${encodeURIComponent(sessionId)}/recording`;
  const audio = useRef<HTMLAudioElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [decoded, setDecoded] = useState<AudioBuffer | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [playing, setPlaying] = useState(false);
  const [position, setPosition] = useState(0);
  const [duration, setDuration] = useState((recording?.durationMs ?? 0) / 1000);
  const peaks = useRef<Peaks | null>(null);
  const startMs = Date.parse(recording?.startedAt ?? startedAt);
  // A 404 is final unless the call was still being recorded when the drawer read it (its file is being finished).
  const beingFinished = useRef(recording?.status === 'recording');

  // Fetch and decode the file once (again a moment later while the call's file is being finished after its end).
  useEffect(() => {
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async (attempt: number): Promise<void> => {
      const { token } = getAuth();
      const res = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
      if (stop) return;
      if ((res.status === 409 || (res.status === 404 && beingFinished.current)) && attempt < TRIES) {
        timer = setTimeout(() => void load(attempt + 1).catch(fail), 1000);
        return;
      }
      if (!res.ok)
        throw new Error(
          res.status === 404
            ? 'No recording was kept for this call.'
            : res.status === 403
              ? 'You may not hear this call.'
              : `The recording could not be loaded (${res.status}).`,
        );
      const bytes = await res.arrayBuffer();
      const ctx = new OfflineAudioContext(2, 1, 8000);
      const buffer = await ctx.decodeAudioData(bytes);
      if (stop) return;
      setDecoded(buffer);
      setDuration(buffer.duration);
    };
    const fail = (err: unknown) => {
      if (!stop) setFailed(err instanceof Error ? err.message : String(err));
    };
    void load(1).catch(fail);
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [url]);

  const draw = useCallback(() => {
    const el = canvas.current;
    if (!el || !decoded) return;
    const width = el.clientWidth || 400;
    const height = el.clientHeight || 64;
    const ratio = window.devicePixelRatio || 1;
    if (el.width !== Math.round(width * ratio)) {
      el.width = Math.round(width * ratio);
      el.height = Math.round(height * ratio);
      peaks.current = null;
    }
    const cols = el.width;
    if (!peaks.current || peaks.current.top.length !== cols) peaks.current = computePeaks(decoded, cols);
    const g = el.getContext('2d');
    if (!g) return;
    const mid = el.height / 2;
    const played = duration > 0 ? (position / duration) * cols : 0;
    g.clearRect(0, 0, el.width, el.height);
    const { top, bottom } = peaks.current;
    for (let x = 0; x < cols; x++) {
      const heard = x <= played;
      const up = Math.max(1, top[x]! * (mid - 2));
      const down = Math.max(1, bottom[x]! * (mid - 2));
      g.fillStyle = heard ? '#7cc4ff' : '#3b5f80'; // the caller
      g.fillRect(x, mid - up, 1, up);
      g.fillStyle = heard ? '#34d399' : '#1e5a4d'; // the AI and people
      g.fillRect(x, mid, 1, down);
    }
  }, [decoded, position, duration]);

  useEffect(() => {
    draw();
  }, [draw]);
  useEffect(() => {
    const onResize = () => draw();
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, [draw]);

  // The line being heard: the last spoken line that began at or before the position.
  useEffect(() => {
    const now = startMs + position * 1000;
    let heard: string | null = null;
    if (position > 0 || playing) {
      for (const l of lines) {
        if (l.speaker === 'system' || l.hidden) continue;
        if (Date.parse(l.at) <= now) heard = l.lineId;
        else break;
      }
    }
    onHeard(heard);
  }, [lines, position, playing, startMs, onHeard]);

  const seekSeconds = useCallback(
    (s: number) => {
      const el = audio.current;
      if (!el) return;
      el.currentTime = Math.max(0, Math.min(s, duration || s));
      setPosition(el.currentTime);
    },
    [duration],
  );

  useEffect(() => {
    handle.current = {
      seekTo(at: string) {
        seekSeconds((Date.parse(at) - startMs) / 1000);
        void audio.current?.play().catch(() => {});
      },
    };
    return () => {
      handle.current = null;
    };
  }, [handle, seekSeconds, startMs]);

  const toggle = () => {
    const el = audio.current;
    if (!el) return;
    if (el.paused) void el.play().catch((err: unknown) => setFailed(err instanceof Error ? err.message : String(err)));
    else el.pause();
  };

  const onCanvasClick = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    if (duration > 0) seekSeconds(((e.clientX - r.left) / r.width) * duration);
  };

  return (
    <section className="recording-player" data-testid="recording-player" aria-label="Call recording">
      <audio
        ref={audio}
        src={decoded ? url : undefined}
        preload="metadata"
        data-testid="recording-audio"
        onPlay={() => setPlaying(true)}
        onPause={() => setPlaying(false)}
        onEnded={() => setPlaying(false)}
        onTimeUpdate={(e) => setPosition(e.currentTarget.currentTime)}
        onLoadedMetadata={(e) => {
          if (Number.isFinite(e.currentTarget.duration)) setDuration(e.currentTarget.duration);
        }}
      />
      <div className="recording-controls">
        <button
          type="button"
          className="ab-button recording-toggle"
          onClick={toggle}
          disabled={!decoded}
          data-testid="recording-play"
          aria-label={playing ? 'Pause' : 'Play'}
        >
          {playing ? '❚❚ Pause' : '▶ Play'}
        </button>
        <span className="recording-time" data-testid="recording-position">
          {clock(position)} / {clock(duration)}
        </span>
        <a className="recording-download" href={`${url}?download=1`} download data-testid="recording-download">
          Download
        </a>
      </div>
      {failed ? (
        <p className="recording-error" data-testid="recording-error">
          {failed}
        </p>
      ) : (
        <canvas
          ref={canvas}
          className="recording-wave"
          data-testid="recording-wave"
          data-ready={decoded ? 'true' : undefined}
          onClick={onCanvasClick}
          title="Caller above, AI and people below; click to play from there"
        />
      )}
      {!decoded && !failed && <p className="recording-loading">Loading the recording…</p>}
    </section>
  );
}

/** The loudest sample of each pixel column, per channel (0–1): the caller (left) and the AI and people (right). */
function computePeaks(buffer: AudioBuffer, cols: number): Peaks {
  const left = buffer.getChannelData(0);
  const right = buffer.numberOfChannels > 1 ? buffer.getChannelData(1) : left;
  const top = new Float32Array(cols);
  const bottom = new Float32Array(cols);
  const per = left.length / cols;
  for (let x = 0; x < cols; x++) {
    const from = Math.floor(x * per);
    const to = Math.min(left.length, Math.floor((x + 1) * per));
    let a = 0;
    let b = 0;
    for (let i = from; i < to; i++) {
      const l = Math.abs(left[i]!);
      const r = Math.abs(right[i]!);
      if (l > a) a = l;
      if (r > b) b = r;
    }
    top[x] = Math.min(1, a);
    bottom[x] = Math.min(1, b);
  }
  return { top, bottom };
}

function clock(s: number): string {
  if (!Number.isFinite(s) || s < 0) return '0:00';
  const m = Math.floor(s / 60);
  const sec = Math.floor(s % 60);
  return `${m}:${String(sec).padStart(2, '0')}`;
}
