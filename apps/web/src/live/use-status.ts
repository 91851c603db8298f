/**
 * Small hooks the action forms share: whether the component is still mounted, and a status line whose successes fade.
 */
import { useEffect, useRef, useState, type Dispatch, type MutableRefObject, type SetStateAction } from 'react';

/** False once the component has unmounted: an answer arriving later must not set its state. */
export function useMounted(): MutableRefObject<boolean> {
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  return mounted;
}

/** A status line; an `ok` one clears itself after `okMs` (unless replaced meanwhile). */
export function useFadingStatus<S extends { kind: string }>(
  okMs: number,
): [S | null, Dispatch<SetStateAction<S | null>>] {
  const [status, setStatus] = useState<S | null>(null);
  useEffect(() => {
    if (status?.kind !== 'ok') return;
    const t = setTimeout(() => setStatus((s) => (s === status ? null : s)), okMs);
    return () => clearTimeout(t);
  }, [status, okMs]);
  return [status, setStatus];
}
