/** Subscribes to `session:<id>`: the full session with its transcript, kept current by events. */
import { useEffect, useReducer, useRef, useState } from 'react';
import type { SessionDetail, SessionEvent } from '@livespace/protocol/session';
import { applyToDetail } from '@livespace/protocol/transcript';
import { api, ApiError } from '../api';
import { useLiveSocket } from './live-context';

type DetailStatus = 'loading' | 'ready' | 'not_found' | 'forbidden' | 'error';

export interface LiveSessionView {
  /** Mutated in place by applyToDetail; `version` changes with every applied event. */
  detail: SessionDetail | null;
  version: number;
  status: DetailStatus;
  error: string | null;
}

export function useLiveSession(id: string): LiveSessionView {
  const socket = useLiveSocket();
  const detailRef = useRef<SessionDetail | null>(null);
  const [version, bump] = useReducer((v: number) => v + 1, 0);
  const [status, setStatus] = useState<DetailStatus>('loading');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    detailRef.current = null;
    setStatus('loading');
    setError(null);
    bump();
    let active = true;

    // When the live topic refuses us (other than "not found"), show what HTTP has.
    const fallback = (message: string) => {
      api<SessionDetail>(`/api/sessions/${encodeURIComponent(id)}`)
        .then((d) => {
          if (!active || detailRef.current) return;
          detailRef.current = d;
          setStatus('ready');
          bump();
        })
        .catch((e: unknown) => {
          if (!active || detailRef.current) return;
          if (e instanceof ApiError && e.status === 404) setStatus('not_found');
          else if (e instanceof ApiError && e.status === 403) setStatus('forbidden');
          else {
            setStatus('error');
            setError(e instanceof Error ? e.message : message);
          }
        });
    };

    const unsubscribe = socket.subscribe(
      `session:${id}`,
      {
        snapshot: (data) => {
          detailRef.current = data as SessionDetail;
          setStatus('ready');
          bump();
        },
        event: (event) => {
          const d = detailRef.current;
          if (!d) return;
          applyToDetail(d, event as SessionEvent);
          bump();
        },
        reset: () => {
          detailRef.current = null;
          setStatus('loading');
          bump();
        },
        error: (code, message) => {
          if (code === 'not_found' || code === 'forbidden') {
            if (!detailRef.current) setStatus(code);
            return;
          }
          fallback(message);
        },
      },
      { resume: true, dedupeBySeq: true },
    );
    return () => {
      active = false;
      unsubscribe();
    };
  }, [socket, id]);

  // Right after the id changed, the effect has not run yet: never show the previous session.
  const detail = detailRef.current?.id === id ? detailRef.current : null;
  return { detail, version, status: detail || status !== 'ready' ? status : 'loading', error };
}
