/**
 * Team accounts: list, create, change (name, role, queues, disabled), passwords (one's own, an admin's reset)
 * and sign-out. Every change that ends logins or changes what a user may see is told to every process over
 * the bus (`accounts`), which closes that user's WebSockets and listeners there within a second; a process that
 * missed the word (a bus outage) finds ended logins on its next recheck and trusts a checked login 5 s at most.
 */
import type { Role } from '@livespace/protocol';
import {
  channel,
  publish,
  subscribe,
  type Bus,
  type Clock,
  type Store,
  type UserPatch,
  type UserRecord,
} from '@livespace/app';
import type { AuthService } from './auth-service';
import { hashPassword, verifyPassword } from './passwords';
import { checkPassword } from './password-policy';

const ACCOUNTS_CHANNEL = channel<AccountChange>('accounts');

/**
 * What changed for a user, as every process acts on it: `ended` — every login of theirs (`all`) or those
 * listed by token hash; `changed` — they stay signed in but their role, queues, name or standing changed.
 */
export interface AccountChange {
  userId: string;
  ended: 'all' | string[];
  changed: boolean;
}

/** Why an account request was refused, in the accounts' own terms. */
export type AccountRefusal =
  | { refused: 'not_found' }
  | { refused: 'email_taken' }
  | { refused: 'own_account'; message: string }
  | { refused: 'last_admin'; message: string }
  | { refused: 'wrong_password'; message: string }
  | { refused: 'weak_password'; reason: string; message: string };

interface Actor {
  id: string;
  role: Role;
}

export class UserAccounts {
  private unsubscribe: (() => Promise<void>) | null = null;

  constructor(
    private readonly deps: {
      store: Store;
      bus: Bus;
      clock: Clock;
      auth: AuthService;
      /** Acts on a change on this process (close sockets and listeners, drop cached logins, presence). */
      apply: (change: AccountChange) => void;
      /** A human agent is about to be disabled (they go offline while they still have a presence to change). */
      disabling?: (userId: string) => Promise<void>;
    },
  ) {}

  async start(): Promise<void> {
    this.unsubscribe = await subscribe(this.deps.bus, ACCOUNTS_CHANNEL, (m) => this.deps.apply(m));
  }

  async close(): Promise<void> {
    await this.unsubscribe?.();
  }

  list(): Promise<UserRecord[]> {
    return this.deps.store.listUsers();
  }

  async create(input: {
    email: string;
    name: string;
    password: string;
    role: Role;
    queues: string[];
  }): Promise<UserRecord | AccountRefusal> {
    const weak = this.weak(input.password, input.email);
    if (weak) return weak;
    const user = await this.deps.auth.createUser(input);
    return user === 'exists' ? { refused: 'email_taken' } : user;
  }

  /** An admin changes a user. Nobody disables or demotes themselves, and the last enabled admin stays one. */
  async update(actor: Actor, id: string, patch: UserPatch): Promise<UserRecord | AccountRefusal> {
    const before = await this.deps.store.findUserById(id);
    if (!before) return { refused: 'not_found' };
    const demoted = patch.role !== undefined && before.role === 'admin' && patch.role !== 'admin';
    if (id === actor.id && (patch.disabled === true || demoted)) {
      return {
        refused: 'own_account',
        message: 'You cannot disable your own account or take away your own admin role; ask another admin',
      };
    }
    if (
      before.role === 'admin' &&
      !before.disabled &&
      (demoted || patch.disabled === true) &&
      (await this.deps.store.countActiveAdmins()) <= 1
    ) {
      return { refused: 'last_admin', message: 'This is the last enabled admin; make another user admin first' };
    }
    if (patch.disabled === true && !before.disabled && before.role === 'agent') await this.deps.disabling?.(id);
    const after = await this.deps.store.updateUser(id, patch, this.deps.clock.now());
    if (!after) return { refused: 'not_found' };
    const changed =
      after.role !== before.role ||
      after.name !== before.name ||
      after.disabled !== before.disabled ||
      JSON.stringify(after.queues) !== JSON.stringify(before.queues);
    if (after.disabled && !before.disabled) await this.tell({ userId: id, ended: 'all', changed: true });
    else if (changed) await this.tell({ userId: id, ended: [], changed: true });
    return after;
  }

  /** An admin sets a user's password: every login of theirs ends (they sign in again with the new one). */
  async resetPassword(id: string, password: string): Promise<true | AccountRefusal> {
    const user = await this.deps.store.findUserById(id);
    if (!user) return { refused: 'not_found' };
    const weak = this.weak(password, user.email);
    if (weak) return weak;
    await this.deps.store.setPasswordHash(id, await hashPassword(password), this.deps.clock.now());
    await this.deps.store.deleteTokensOfUser(id);
    await this.tell({ userId: id, ended: 'all', changed: false });
    return true;
  }

  /** One's own new password, given the current one: this login stays, every other one of theirs ends. */
  async changeOwnPassword(
    user: UserRecord,
    tokenHash: string,
    current: string,
    password: string,
  ): Promise<true | AccountRefusal> {
    const fresh = await this.deps.store.findUserById(user.id);
    if (!fresh || !(await verifyPassword(current, fresh.passwordHash)))
      return { refused: 'wrong_password', message: 'The current password is wrong' };
    const weak = this.weak(password, fresh.email);
    if (weak) return weak;
    await this.deps.store.setPasswordHash(user.id, await hashPassword(password), this.deps.clock.now());
    const ended = await this.deps.store.deleteTokensOfUser(user.id, tokenHash);
    if (ended.length > 0) await this.tell({ userId: user.id, ended, changed: false });
    return true;
  }

  /** An admin changed who works a queue: these users stay signed in; their screens and presence follow. */
  async queuesChanged(userIds: readonly string[]): Promise<void> {
    for (const userId of userIds) await this.tell({ userId, ended: [], changed: true });
  }

  /** A login signed out (revoked already): its WebSockets and listeners end on every process. */
  async signedOut(userId: string, tokenHash: string): Promise<void> {
    await this.tell({ userId, ended: [tokenHash], changed: false });
  }

  private weak(password: string, email: string): AccountRefusal | null {
    const v = checkPassword(password, { email });
    return v.ok ? null : { refused: 'weak_password', reason: v.code, message: v.message };
  }

  /** Acts here at once, then tells the others (a bus outage: they learn from the store within seconds). */
  private async tell(change: AccountChange): Promise<void> {
    this.deps.apply(change);
    await publish(this.deps.bus, ACCOUNTS_CHANNEL, change).catch(() => {});
  }
}
