/**
 * The top bar's Alerts button and its settings (mute, quiet hours, desktop notifications), and the page's one alerts
 * hook: mounted once per signed-in page, it also holds the screen readers' announcement of each alert.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { PublicUser } from '@livespace/protocol/http';
import { inQuietHours } from '../alerts/alert-rules';
import {
  askNotificationPermission,
  notificationState,
  onNotificationStateChange,
  type NotificationState,
} from '../alerts/desktop-notifications';
import { useAlerts } from '../alerts/use-alerts';
import '../alerts.css';

const BELL =
  'M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1z';
const SLASH = 'M3.3 2.3 2 3.6l18.4 18.4 1.3-1.3z';

function BellIcon({ off }: { off: boolean }) {
  return (
    <svg className="icon icon-bell" width={14} height={14} viewBox="0 0 24 24" aria-hidden="true">
      <path d={BELL} fill="currentColor" opacity={off ? 0.55 : 1} />
      {off && <path d={SLASH} fill="currentColor" />}
    </svg>
  );
}

/** Re-reads the clock every minute, for the "quiet now" word. */
function useMinute(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);
  return now;
}

/** The notification permission, kept current (the browser's site settings can change it any time). */
function useNotificationState(): [NotificationState, () => void] {
  const [state, setState] = useState<NotificationState>(notificationState);
  useEffect(() => onNotificationStateChange(setState), []);
  const ask = () => void askNotificationPermission().then(setState);
  return [state, ask];
}

const TIME_ZONE = (() => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return '';
  }
})();

export function AlertsMenu({ user }: { user: PublicUser | null }) {
  const { announcements, settings, changeSettings } = useAlerts(user);
  const [open, setOpen] = useState(false);
  const [permission, askPermission] = useNotificationState();
  const now = useMinute();
  const quietNow = inQuietHours(settings, new Date(now));
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const id = useId();

  // Escape or a click elsewhere closes it; Escape gives the focus back to the button.
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      setOpen(false);
      button.current?.focus();
    };
    const onPointer = (e: PointerEvent) => {
      const t = e.target as Node | null;
      if (t && (panel.current?.contains(t) || button.current?.contains(t))) return;
      setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('pointerdown', onPointer);
    panel.current?.querySelector<HTMLElement>('input, button')?.focus();
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);

  if (!user) return null;
  const state = settings.muted ? 'muted' : quietNow ? 'quiet' : 'on';
  const stateWord = state === 'muted' ? 'muted' : state === 'quiet' ? 'quiet hours' : null;

  return (
    <div className="alerts-menu">
      <button
        ref={button}
        type="button"
        className="ghost alerts-button"
        data-testid="alerts-button"
        data-state={state}
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        aria-label={stateWord ? `Alerts (${stateWord})` : 'Alerts'}
        title={stateWord ? `Alerts: ${stateWord}` : 'Alerts: sound and notifications'}
        onClick={() => setOpen((o) => !o)}
      >
        <BellIcon off={state !== 'on'} />
        <span className="alerts-button-label">Alerts</span>
        {stateWord && <span className="alerts-button-state">{state === 'muted' ? 'Muted' : 'Quiet'}</span>}
      </button>
      {open && (
        <div
          ref={panel}
          id={`${id}-panel`}
          className="alerts-panel"
          role="dialog"
          aria-labelledby={`${id}-title`}
          data-testid="alerts-panel"
        >
          <h2 id={`${id}-title`} className="alerts-title">
            Alerts
          </h2>
          <p className="alerts-intro">
            A chime and a desktop notification when a caller starts waiting in your queues, a session you watch turns
            critical
            {user.role !== 'agent' ? ', or a callback is missed' : ''}.
          </p>

          <label className="alerts-option">
            <input
              type="checkbox"
              data-testid="alerts-mute"
              checked={settings.muted}
              onChange={(e) => changeSettings({ muted: e.target.checked })}
            />
            <span>
              Mute
              <span className="alerts-hint">No sound, no notifications; the tab title still counts.</span>
            </span>
          </label>

          <fieldset className="alerts-quiet" data-testid="alerts-quiet-hours">
            <legend className="sr-only">Quiet hours</legend>
            <label className="alerts-option">
              <input
                type="checkbox"
                data-testid="alerts-quiet"
                checked={settings.quietHours}
                onChange={(e) => changeSettings({ quietHours: e.target.checked })}
              />
              <span>
                Quiet hours
                {quietNow && (
                  <span className="alerts-now" data-testid="alerts-quiet-now">
                    now
                  </span>
                )}
              </span>
            </label>
            <div className="alerts-times">
              <label>
                <span>From</span>
                <input
                  type="time"
                  data-testid="alerts-quiet-from"
                  value={settings.quietFrom}
                  disabled={!settings.quietHours}
                  required
                  onChange={(e) => e.target.value && changeSettings({ quietFrom: e.target.value })}
                />
              </label>
              <label>
                <span>To</span>
                <input
                  type="time"
                  data-testid="alerts-quiet-to"
                  value={settings.quietTo}
                  disabled={!settings.quietHours}
                  required
                  onChange={(e) => e.target.value && changeSettings({ quietTo: e.target.value })}
                />
              </label>
            </div>
            <p className="alerts-hint">
              In this browser&rsquo;s time{TIME_ZONE ? ` (${TIME_ZONE.replace(/_/g, ' ')})` : ''}. Across midnight
              works: 22:00 to 07:00.
            </p>
          </fieldset>

          <div className="alerts-desktop" data-testid="alerts-permission" data-permission={permission}>
            {permission === 'granted' ? (
              <p className="alerts-ok">Desktop notifications are allowed in this browser.</p>
            ) : permission === 'default' ? (
              <button type="button" className="alerts-allow" data-testid="alerts-allow" onClick={askPermission}>
                Allow desktop notifications
              </button>
            ) : permission === 'denied' ? (
              <p className="alerts-warn">
                Desktop notifications are blocked for this site. Allow them in the browser&rsquo;s site settings (the
                icon left of the address), then come back.
              </p>
            ) : (
              <p className="alerts-warn">
                This browser cannot show desktop notifications here; the chime and the tab title still tell.
              </p>
            )}
          </div>

          <p className="alerts-foot">
            Saved for you in this browser. The chime plays once you have clicked somewhere on the page.
          </p>
        </div>
      )}
      <div className="sr-only" aria-live="polite" data-testid="alerts-announcer">
        {announcements.map((a) => (
          <p key={a.id}>{a.text}</p>
        ))}
      </div>
    </div>
  );
}
