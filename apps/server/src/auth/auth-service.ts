/** Logins, bearer tokens and the bootstrap admin. Tokens are random; only their SHA-256 is stored. */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { PublicUser, Role } from '@livespace/protocol';
import { StoreError, type Clock, type Store, type UserRecord } from '@livespace/app';
import { hashPassword, verifyPassword } from './passwords';

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export const publicUser = (u: UserRecord): PublicUser => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  queues: u.queues,
});

/** A live login: its user, its token's hash and when it expires. */
export interface Login {
  user: UserRecord;
  tokenHash: string;
  expiresAt: Date;
}

/**
 * How long a checked token is trusted without asking the database again (a logout on this process, or word of an
 * account change from another, forgets it at once). After that a request is still answered at once while the token is
 * checked again beside it, unless the last check is older than `TOKEN_STALE_MS`: then the request waits for the
 * check. So an agent's requests never wait for the database but after a quiet minute, and the checks of many agents
 * who signed in together do not all fall due in the same request burst (a claim race).
 */
const TOKEN_CACHE_MS = 5000;
const TOKEN_STALE_MS = 60_000;

export class AuthService {
  // A real hash to compare against when the email is unknown, so timing does not tell which emails exist.
  private dummyHash: Promise<string> | null = null;
  /** Recently checked tokens: an agent's burst of requests costs one lookup. */
  private readonly recent = new Map<string, { login: Login; until: number }>();
  /** Tokens being checked again in the background: one check each at a time. */
  private readonly rechecking = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ttlHours: number,
  ) {}

  /**
   * A new login, or why not: unknown email or wrong password (said alike), or a disabled account (said once the
   * password is right).
   */
  async login(email: string, password: string): Promise<{ token: string; user: UserRecord } | 'invalid' | 'disabled'> {
    const user = await this.store.findUserByEmail(email);
    const ok = await verifyPassword(
      password,
      user?.passwordHash ?? (await (this.dummyHash ??= hashPassword(randomBytes(9).toString('hex')))),
    );
    if (!user || !ok) return 'invalid';
    if (user.disabled) return 'disabled';
    const token = randomBytes(32).toString('base64url');
    const tokenHash = hashToken(token);
    const expiresAt = new Date(this.clock.now().getTime() + this.ttlHours * 3600_000);
    await this.store.createToken(tokenHash, user.id, expiresAt);
    this.trust({ user, tokenHash, expiresAt });
    return { token, user };
  }

  async userForToken(token: string): Promise<UserRecord | null> {
    return (await this.loginFor(token))?.user ?? null;
  }

  /**
   * The live login a token belongs to (trusted for a few seconds once checked, unless word of a change came meanwhile).
   */
  async loginFor(token: string): Promise<Login | null> {
    const tokenHash = hashToken(token);
    const now = this.clock.now().getTime();
    const hit = this.recent.get(tokenHash);
    if (hit && hit.login.expiresAt.getTime() > now) {
      if (hit.until > now) return hit.login;
      if (hit.until + TOKEN_STALE_MS > now) {
        this.recheck(tokenHash);
        return hit.login;
      }
    }
    return this.check(tokenHash);
  }

  /** Asks the database whether the login is live, and remembers the answer. */
  private async check(tokenHash: string): Promise<Login | null> {
    const found = await this.store.findLogin(tokenHash, this.clock.now());
    if (!found) {
      this.recent.delete(tokenHash);
      return null;
    }
    const login = { user: found.user, tokenHash, expiresAt: found.expiresAt };
    // A check that an account change overtook is not remembered: the next request asks again.
    if (this.recent.has(tokenHash) || !this.rechecking.has(tokenHash)) this.trust(login);
    return login;
  }

  private trust(login: Login): void {
    if (this.recent.size > 10_000) this.recent.clear();
    this.recent.set(login.tokenHash, { login, until: this.clock.now().getTime() + TOKEN_CACHE_MS });
  }

  /** Checks a token again beside the request it answered; a failed check leaves it to the next request's. */
  private recheck(tokenHash: string): void {
    if (this.rechecking.has(tokenHash)) return;
    this.rechecking.add(tokenHash);
    void this.check(tokenHash)
      .catch(() => {})
      .finally(() => this.rechecking.delete(tokenHash));
  }

  /** Whether a login (by its token's hash) is still live, asking the database. */
  async isLive(tokenHash: string): Promise<boolean> {
    return (await this.store.findLogin(tokenHash, this.clock.now())) !== null;
  }

  /** Word of an account change: what this process trusted about the user's logins is asked again. */
  forget(userId: string): void {
    for (const [hash, hit] of this.recent) if (hit.login.user.id === userId) this.recent.delete(hash);
  }

  /** Revokes one login; returns its token's hash. */
  async logout(token: string): Promise<string> {
    const hash = hashToken(token);
    this.recent.delete(hash);
    await this.store.deleteToken(hash);
    return hash;
  }

  async createUser(input: {
    email: string;
    name: string;
    password: string;
    role: Role;
    queues: string[];
  }): Promise<UserRecord | 'exists'> {
    if (await this.store.findUserByEmail(input.email)) return 'exists';
    try {
      return await this.store.createUser({
        id: `usr_${randomUUID()}`,
        email: input.email,
        name: input.name,
        role: input.role,
        queues: input.queues,
        passwordHash: await hashPassword(input.password),
      });
    } catch (err) {
      // Two requests for one email at once: the unique index settles it.
      if (err instanceof StoreError && err.reason === 'duplicate') return 'exists';
      throw err;
    }
  }

  /** On an empty database, creates the first admin; returns the generated password when none was configured. */
  async bootstrapAdmin(
    email: string,
    password: string | undefined,
  ): Promise<{ created: boolean; generatedPassword?: string }> {
    if ((await this.store.countUsers()) > 0) return { created: false };
    const pw = password ?? randomBytes(12).toString('base64url');
    await this.createUser({ email, name: 'Admin', password: pw, role: 'admin', queues: [] });
    return password ? { created: true } : { created: true, generatedPassword: pw };
  }
}
