/**
 * The drawer's Listen toggle: joins the call's audio, leaves it on the toggle, when the drawer closes,
 * when the session ends, and when the page goes away. While the user holds the takeover, Talk sends
 * their microphone to the caller (re-joining with a sendrecv offer when the current connection only receives).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api';
import { ListenConnection, openMicrophone } from './listen';
import { actionErrorMessage } from './supervisor-actions';

/** idle → joining (offer, POST) → connecting (ICE/DTLS) → listening. */
type ListenPhase = 'idle' | 'joining' | 'connecting' | 'listening';
type TalkState = 'off' | 'starting' | 'on';

interface ListenNotice {
  kind: 'error' | 'info';
  text: string;
}

interface ListenState {
  phase: ListenPhase;
  /** The open connection (its stream plays; its stats feed the meters). */
  conn: ListenConnection | null;
  talk: TalkState;
  notice: ListenNotice | null;
}

export interface ListenControl extends ListenState {
  toggle(): void;
  stop(): void;
  toggleTalk(): void;
}

const TALK_UNAVAILABLE = 'Talking by microphone is not available';

const IDLE: ListenState = { phase: 'idle', conn: null, talk: 'off', notice: null };

export function useListen(sessionId: string, opts: { available: boolean; canTalk: boolean }): ListenControl {
  const [state, setState] = useState<ListenState>(IDLE);
  const patch = useCallback((p: Partial<ListenState>) => setState((s) => ({ ...s, ...p })), []);
  const conn = useRef<ListenConnection | null>(null);
  const mic = useRef<MediaStreamTrack | null>(null);
  /** Bumped by every start and stop: async steps of an older generation drop what they made. */
  const gen = useRef(0);
  const canTalk = useRef(opts.canTalk);
  canTalk.current = opts.canTalk;
  const busy = useRef(false);

  const stopMic = useCallback(() => {
    mic.current?.stop();
    mic.current = null;
  }, []);

  const stop = useCallback(() => {
    gen.current++;
    busy.current = false;
    const c = conn.current;
    conn.current = null;
    stopMic();
    setState(IDLE);
    void c?.leave();
  }, [stopMic]);

  /** Makes `c` the current connection and follows it until it is connected (or lost). */
  const adopt = useCallback(
    async (c: ListenConnection, g: number, talk: TalkState, notice: ListenNotice | null = null) => {
      conn.current = c;
      c.onEnded(() => {
        if (conn.current !== c) return;
        conn.current = null;
        gen.current++;
        stopMic();
        setState({ ...IDLE, notice: { kind: 'error', text: 'The call audio stopped (the connection was lost)' } });
      });
      setState({ phase: c.connectionState === 'connected' ? 'listening' : 'connecting', conn: c, talk, notice });
      await c.connected();
      if (g === gen.current && conn.current === c) patch({ phase: 'listening' });
    },
    [patch, stopMic],
  );

  const fail = useCallback(
    (g: number, text: string) => {
      if (g !== gen.current) return;
      const c = conn.current;
      conn.current = null;
      stopMic();
      busy.current = false;
      setState({ ...IDLE, notice: { kind: 'error', text } });
      void c?.leave();
    },
    [stopMic],
  );

  const start = useCallback(async () => {
    if (conn.current || busy.current) return;
    const g = ++gen.current;
    busy.current = true;
    setState({ ...IDLE, phase: 'joining' });
    try {
      // Holding the takeover: offer to send already, so Talk needs no second join.
      const c = await ListenConnection.join(sessionId, { offerToSend: canTalk.current });
      if (g !== gen.current) {
        void c.leave();
        return;
      }
      busy.current = false;
      await adopt(c, g, 'off');
    } catch (e) {
      fail(g, actionErrorMessage('listen', e));
    }
  }, [sessionId, adopt, fail]);

  const toggle = useCallback(() => {
    if (conn.current || busy.current) stop();
    else void start();
  }, [start, stop]);

  const talkOff = useCallback(
    (notice: ListenNotice | null = null) => {
      void conn.current?.setMic(null).catch(() => {});
      stopMic();
      patch({ talk: 'off', notice });
    },
    [patch, stopMic],
  );

  const talkOn = useCallback(async () => {
    const current = conn.current;
    if (!current || busy.current || !canTalk.current) return;
    const g = gen.current;
    busy.current = true;
    patch({ talk: 'starting', notice: null });
    let track: MediaStreamTrack;
    try {
      track = await openMicrophone();
    } catch (e) {
      if (g !== gen.current) return;
      busy.current = false;
      patch({ talk: 'off', notice: { kind: 'error', text: `Can't talk: ${(e as Error).message}` } });
      return;
    }
    if (g !== gen.current || !canTalk.current || conn.current !== current) {
      track.stop();
      if (g === gen.current) {
        busy.current = false;
        patch({ talk: 'off' });
      }
      return;
    }
    mic.current = track;
    if (current.canSend) {
      // This connection was negotiated both ways: the microphone just starts flowing.
      await current.setMic(track);
      if (g !== gen.current) return;
      busy.current = false;
      patch({ talk: 'on' });
      return;
    }
    // Listen-only so far: join again, this time offering the microphone, then leave the first connection
    // (in this order the audio never stops, and the others see no one leave and come back).
    let next: ListenConnection;
    try {
      next = await ListenConnection.join(sessionId, { mic: track });
    } catch (e) {
      if (g !== gen.current) return;
      track.stop();
      mic.current = null;
      busy.current = false;
      // Keep listening as before, and say why talking failed.
      const text =
        e instanceof ApiError
          ? actionErrorMessage('listen', e).replace(/^Can't listen/, "Can't talk")
          : `Can't talk: ${(e as Error).message}`;
      patch({ talk: 'off', notice: { kind: 'error', text } });
      return;
    }
    if (g !== gen.current || conn.current !== current) {
      void next.leave();
      return;
    }
    conn.current = null;
    await current.leave();
    busy.current = false;
    if (next.canSend) {
      await adopt(next, g, 'on');
    } else {
      // The server answered sendonly: it cannot take a microphone (yet). Keep listening.
      await next.setMic(null).catch(() => {});
      track.stop();
      mic.current = null;
      await adopt(next, g, 'off', { kind: 'info', text: TALK_UNAVAILABLE });
    }
  }, [sessionId, adopt, fail, patch]);

  const toggleTalk = useCallback(() => {
    if (state.talk === 'on') talkOff();
    else if (state.talk === 'off')
      void talkOn().catch((e: unknown) => fail(gen.current, actionErrorMessage('listen', e)));
  }, [state.talk, talkOff, talkOn, fail]);

  // Losing the takeover turns the microphone off (the server would drop it anyway).
  useEffect(() => {
    if (!opts.canTalk && mic.current)
      talkOff({ kind: 'info', text: 'Microphone off: you no longer hold the takeover' });
  }, [opts.canTalk, talkOff]);

  // No audio to listen to any more (the session is wrapping up): leave.
  useEffect(() => {
    if (!opts.available && (conn.current || busy.current)) stop();
  }, [opts.available, stop]);

  // Closing the drawer, opening another session, signing out: leave. Closing the tab: leave too.
  useEffect(() => {
    const onHide = (e: PageTransitionEvent) => {
      if (!e.persisted) stop();
    };
    window.addEventListener('pagehide', onHide);
    return () => {
      window.removeEventListener('pagehide', onHide);
      stop();
    };
  }, [sessionId, stop]);

  return { ...state, toggle, stop, toggleTalk };
}
