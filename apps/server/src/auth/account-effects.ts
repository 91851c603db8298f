/**
 * What an account change does on this process: cached logins forgotten, WebSockets closed, listeners hung up, presence
 * read again.
 */
import type { Logger } from 'pino';
import type { SupervisorActions } from '@livespace/app';
import type { LiveGateway } from '../live/gateway';
import type { AuthService } from './auth-service';
import type { AccountChange } from './user-accounts';

export function accountEffects(deps: {
  auth: AuthService;
  gateway: LiveGateway;
  actions: SupervisorActions;
  log: Logger;
}): (change: AccountChange) => void {
  const { auth, gateway, log } = deps;
  return ({ userId, ended, changed }) => {
    auth.forget(userId);
    if (ended === 'all') gateway.closeUser(userId, 'signed_out');
    else gateway.closeLogins(ended);
    if (changed) gateway.closeUser(userId, 'changed');
    // Every listener of theirs hangs up when all their logins ended or their role may have changed; else those of the
    // ended logins.
    const everyListener = ended === 'all' || changed;
    if (everyListener || ended.length > 0) {
      deps.actions
        .closeListenersOf(userId, everyListener ? undefined : ended)
        .catch((err: unknown) => log.error({ err }, "closing a user's listeners failed"));
    }
    if (changed)
      gateway
        .accountChanged(userId)
        .catch((err: unknown) => log.error({ err }, "reading a changed user's presence failed"));
  };
}
