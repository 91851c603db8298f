/**
 * A Live Calls row's health mark: nothing for an ok session; for one that needs attention a small coloured
 * mark ("Critical", "Attention") whose reasons open in a popover on hover or keyboard focus. The popover is
 * fixed to the viewport, so the table's clipped cells do not cut it.
 */
import { useEffect, useId, useState, type FocusEvent, type MouseEvent } from 'react';
import { createPortal } from 'react-dom';
import type { SessionHealth } from '@livespace/protocol/session';
import { describeHealth, HEALTH_LABEL, reasonsWorstFirst } from '../live/attention';
import { HealthIcon } from './health-icon';
import '../health.css';

/** The word on the mark itself (the row is narrow); the accessible name and the popover say it in full. */
const SHORT_LABEL = { critical: 'Critical', warning: 'Attention' } as const;

export function HealthMark({ health }: { health: SessionHealth | undefined }) {
  const [anchor, setAnchor] = useState<DOMRect | null>(null);
  const popId = useId();
  const open = anchor !== null;
  const current = health?.level ?? 'ok';

  // Closed when the session is ok again, and on any scroll (the row moves away from the popover).
  useEffect(() => {
    if (current === 'ok') setAnchor(null);
  }, [current]);
  useEffect(() => {
    if (!open) return;
    const close = () => setAnchor(null);
    window.addEventListener('scroll', close, true);
    return () => window.removeEventListener('scroll', close, true);
  }, [open]);

  if (!health || health.level === 'ok') return null;
  const level = health.level;
  const show = (e: MouseEvent<HTMLElement> | FocusEvent<HTMLElement>) =>
    setAnchor(e.currentTarget.getBoundingClientRect());
  const hide = () => setAnchor(null);
  return (
    <>
      <span
        className={`health-mark health-${level}`}
        data-testid="health-mark"
        data-level={level}
        role="img"
        tabIndex={0}
        aria-label={describeHealth(health)}
        aria-describedby={anchor ? popId : undefined}
        onMouseEnter={show}
        onMouseLeave={hide}
        onFocus={show}
        onBlur={hide}
      >
        <HealthIcon level={level} />
        <span aria-hidden="true">{SHORT_LABEL[level]}</span>
      </span>
      {anchor &&
        createPortal(
          <div
            id={popId}
            role="tooltip"
            className={`health-pop health-${level}`}
            data-testid="health-popover"
            style={{ top: anchor.bottom + 6, left: Math.max(8, Math.min(anchor.left, window.innerWidth - 328)) }}
          >
            <strong className="health-pop-title">
              <HealthIcon level={level} /> {HEALTH_LABEL[level]}
            </strong>
            <ul>
              {reasonsWorstFirst(health).map((r) => (
                <li
                  key={r.code}
                  className={`health-${r.level}`}
                  data-testid="health-reason"
                  data-code={r.code}
                  data-level={r.level}
                >
                  {r.text}
                </li>
              ))}
            </ul>
          </div>,
          document.body,
        )}
    </>
  );
}
