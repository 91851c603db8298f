/**
 * Desktop notifications for alerts, once the user allowed them (the browser asks only from a click: the alerts menu's
 * "Allow desktop notifications"). Each carries its alert's key as its tag, so the same alert from two tabs of the
 * same user shows once. A click brings this tab forward and opens what it is about.
 */
import { navigate } from '../router';
import type { Alert } from './alert-rules';

/** `unsupported`: no Notification API (an insecure origin, some mobile browsers). */
export type NotificationState = NotificationPermission | 'unsupported';

export function notificationState(): NotificationState {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** Asks the browser (it shows its own prompt, once: after a refusal it answers `denied` by itself). */
export async function askNotificationPermission(): Promise<NotificationState> {
  if (typeof Notification === 'undefined') return 'unsupported';
  try {
    return await Notification.requestPermission();
  } catch {
    return Notification.permission;
  }
}

/** Follows the permission as the browser's site settings change it, where the browser says (Permissions API). */
export function onNotificationStateChange(listener: (s: NotificationState) => void): () => void {
  let status: PermissionStatus | null = null;
  let stopped = false;
  const changed = () => listener(notificationState());
  navigator.permissions
    ?.query({ name: 'notifications' })
    .then((s) => {
      if (stopped) return;
      status = s;
      s.addEventListener('change', changed);
    })
    .catch(() => {});
  return () => {
    stopped = true;
    status?.removeEventListener('change', changed);
  };
}

/** Shows `alert` when allowed; returns whether it did. */
export function notify(alert: Alert): boolean {
  if (notificationState() !== 'granted') return false;
  try {
    const n = new Notification(alert.title, { body: alert.body, tag: alert.key, lang: 'en' });
    n.onclick = () => {
      window.focus();
      navigate(alert.href);
      n.close();
    };
    return true;
  } catch {
    // Some browsers (Android Chrome) allow notifications only from a service worker: the sound and the title still
    // tell.
    return false;
  }
}
