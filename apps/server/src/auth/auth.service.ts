/** Logins, bearer tokens and the bootstrap admin. Tokens are random; only their SHA-256 is stored. */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { PublicUser, Role } from '@livespace/protocol';
import type { Clock, Store, UserRecord } from '@livespace/app';
import { hashPassword, verifyPassword } from './passwords';

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export const publicUser = (u: UserRecord): PublicUser => ({ id: u.id, email: u.email, name: u.name, role: u.role, queues: u.queues });

/** How long a checked token is trusted without asking the database again (a logout on this process forgets it at once). */
export const TOKEN_CACHE_MS = 5000;

export class AuthService {
  // A real hash to compare against when the email is unknown, so timing does not tell which emails exist.
  private dummyHash: Promise<string> | null = null;
  /** Recently checked tokens: an agent's burst of requests costs one lookup. */
  private readonly recent = new Map<string, { user: UserRecord; until: number }>();

  constructor(private readonly store: Store, private readonly clock: Clock, private readonly ttlHours: number) {}

  async login(email: string, password: string): Promise<{ token: string; user: UserRecord } | null> {
    const user = await this.store.findUserByEmail(email);
    const ok = await verifyPassword(password, user?.passwordHash ?? (await (this.dummyHash ??= hashPassword(randomBytes(9).toString('hex')))));
    if (!user || !ok) return null;
    const token = randomBytes(32).toString('base64url');
    await this.store.createToken(hashToken(token), user.id, new Date(this.clock.now().getTime() + this.ttlHours * 3600_000));
    return { token, user };
  }

  async userForToken(token: string): Promise<UserRecord | null> {
    const hash = hashToken(token);
    const now = this.clock.now().getTime();
    const hit = this.recent.get(hash);
    if (hit && hit.until > now) return hit.user;
    const user = await this.store.findUserByToken(hash, this.clock.now());
    if (this.recent.size > 10_000) this.recent.clear();
    if (user) this.recent.set(hash, { user, until: now + TOKEN_CACHE_MS });
    else this.recent.delete(hash);
    return user;
  }

  logout(token: string): Promise<void> {
    const hash = hashToken(token);
    this.recent.delete(hash);
    return this.store.deleteToken(hash);
  }

  async createUser(input: { email: string; name: string; password: string; role: Role; queues: string[] }): Promise<UserRecord | 'exists'> {
    if (await this.store.findUserByEmail(input.email)) return 'exists';
    try {
      return await this.store.createUser({
        id: `usr_${randomUUID()}`, email: input.email, name: input.name, role: input.role, queues: input.queues,
        passwordHash: await hashPassword(input.password),
      });
    } catch (err) {
      // Two requests for one email at once: the unique index settles it.
      if ((err as { code?: string }).code === '23505') return 'exists';
      throw err;
    }
  }

  /** On an empty database, creates the first admin; returns the generated password when none was configured. */
  async bootstrapAdmin(email: string, password: string | undefined): Promise<{ created: boolean; generatedPassword?: string }> {
    if ((await this.store.countUsers()) > 0) return { created: false };
    const pw = password ?? randomBytes(12).toString('base64url');
    await this.createUser({ email, name: 'Admin', password: pw, role: 'admin', queues: [] });
    return password ? { created: true } : { created: true, generatedPassword: pw };
  }
}
