/** Sign-in and tokens, and the first admin on an empty database (warned about when its password breaks the policy). */
import type { Core } from '../core';
import { AuthService } from './auth-service';
import { checkPassword } from './password-policy';

export async function openAuth({ config, store, clock, log }: Core) {
  const auth = new AuthService(store, clock, config.LIVESPACE_TOKEN_TTL_HOURS);
  const admin = await auth.bootstrapAdmin(config.LIVESPACE_ADMIN_EMAIL, config.LIVESPACE_ADMIN_PASSWORD);
  if (admin.created) log.info({ email: config.LIVESPACE_ADMIN_EMAIL }, 'created the first admin');
  const adminVerdict =
    config.LIVESPACE_ADMIN_PASSWORD && admin.created
      ? checkPassword(config.LIVESPACE_ADMIN_PASSWORD, { email: config.LIVESPACE_ADMIN_EMAIL })
      : null;
  if (adminVerdict && !adminVerdict.ok)
    log.warn(
      { reason: adminVerdict.code },
      'LIVESPACE_ADMIN_PASSWORD breaks the password policy; change it after signing in',
    );
  return { auth, admin };
}
